package io.tiergate.proxy;

import io.tiergate.http.BadRequestProblem;
import java.util.regex.Pattern;

/**
 * The caller's episode ({@code X-Tiergate-Episode}): the calls of one episode meet the same variant
 * of a route. Only hashed, never stored; printable ASCII, at most 128 characters.
 */
public final class Episodes {

    public static final String HEADER = LlmProxy.EPISODE_HEADER;
    /** An episode as the OpenAPI document states it (surrounding blanks are trimmed). */
    public static final String PATTERN = "^[\\x21-\\x7e]{1,128}$";
    private static final Pattern EPISODE = Pattern.compile(PATTERN);

    private Episodes() {
    }

    /** The episode, null when none was named (the caller is then the episode); a malformed one is refused. */
    public static String parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String episode = header.trim();
        if (!EPISODE.matcher(episode).matches()) {
            throw new BadRequestProblem("invalid_episode", HEADER
                    + " must be 1 to 128 printable ASCII characters without spaces, e.g. a conversation id.");
        }
        return episode;
    }
}
