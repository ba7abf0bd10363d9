package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords: the password part of credentials in connection strings and URLs
 * ({@code postgres://app:s3cr3t@db/...}), and values assigned to password-like names, minus
 * placeholders and references ({@code ${DB_PASSWORD}}, {@code <password>}, {@code os.environ[...]}).
 */
public final class PasswordDetector extends NamedDetector {

    private static final Assignments ASSIGNED = new Assignments(PasswordDetector::passwordName,
            FindingTypes.PASSWORD, "password-assignment", 0.9, (name, value) -> plausiblePassword(value));
    private static final String[] NOT_PASSWORD_NAMES = {"hash", "policy", "length", "field", "label", "prompt", "type",
            "_url", "placeholder", "hint", "reset", "expir", "min", "max", "rule", "strength", "bypass", "compass", "passage",
            "passenger", "passport"};

    public PasswordDetector() {
        super("password", Set.of("://", "pass", "pwd"));
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        urlCredentials(scan, findings);
        ASSIGNED.run(scan, findings);
    }

    /** {@code scheme://user:password@host}: the password, read by hand after each "://". */
    private void urlCredentials(Scan scan, Findings findings) {
        String text = scan.text();
        for (Scan.Hit hit : scan.hits()) {
            if (!hit.keyword().equals("://")) {
                continue;
            }
            if (scan.outOfTime()) {
                return;
            }
            int schemeStart = hit.position();
            while (schemeStart > 0 && hit.position() - schemeStart < 32 && schemeChar(text.charAt(schemeStart - 1))) {
                schemeStart--;
            }
            if (schemeStart == hit.position() || !Character.isLetter(text.charAt(schemeStart))) {
                continue;
            }
            int userStart = hit.position() + 3;
            int colon = -1;
            int at = -1;
            for (int i = userStart; i < text.length() && i - userStart < 256; i++) {
                char c = text.charAt(i);
                if (c == '@') {
                    at = i;
                    break;
                }
                if (c == '/' || c == '"' || c == '\'' || Character.isWhitespace(c)) {
                    break;
                }
                if (c == ':' && colon < 0) {
                    colon = i;
                }
            }
            if (colon > userStart && at > colon + 1 && at + 1 < text.length() && Character.isLetterOrDigit(text.charAt(at + 1))
                    && plausiblePassword(text.substring(colon + 1, at))) {
                findings.add(FindingTypes.PASSWORD, colon + 1, at, 0.95, "url-credentials");
            }
        }
    }

    private static boolean schemeChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
    }

    static boolean passwordName(String lowerName) {
        if (!(lowerName.contains("password") || lowerName.contains("passwd") || lowerName.contains("passphrase")
                || lowerName.contains("pwd") || lowerName.endsWith("pass"))) {
            return false;
        }
        for (String not : NOT_PASSWORD_NAMES) {
            if (lowerName.contains(not)) {
                return false;
            }
        }
        return true;
    }

    static boolean plausiblePassword(String value) {
        if (value.length() < 4 || value.length() > 128 || Texts.isPlaceholder(value)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        // a call, an attribute or a variable rather than a literal
        return !(value.contains("(") || lower.startsWith("self.") || lower.startsWith("this.")
                || lower.startsWith("config.") || lower.startsWith("settings.") || lower.startsWith("args.")
                || lower.equals("required") || lower.equals("optional") || lower.equals("str") || lower.equals("string"));
    }
}
