package io.tiergate.proxy;

import io.tiergate.http.BadRequestProblem;
import java.util.regex.Pattern;

/** The caller's stated purpose ({@code X-Tiergate-Purpose}): a short lower-case token, or none. */
public final class Purposes {

    public static final String HEADER = "X-Tiergate-Purpose";
    /** A purpose as the OpenAPI document states it (surrounding blanks are trimmed). */
    public static final String PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";
    private static final Pattern PURPOSE = Pattern.compile(PATTERN);

    private Purposes() {
    }

    /** The purpose, {@code ""} when none was stated; a malformed one is refused. */
    public static String parse(String header) {
        if (header == null || header.isBlank()) {
            return "";
        }
        String purpose = header.trim();
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new BadRequestProblem("invalid_purpose", HEADER
                    + " must be a lower-case token of letters, digits, '-' and '_' (at most 64), e.g. 'model-evaluation'.");
        }
        return purpose;
    }
}
