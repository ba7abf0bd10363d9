package io.tiergate.classify.detect;

import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords: the password part of credentials in connection strings and URLs
 * ({@code postgres://app:s3cr3t@db/...}), and values assigned to password-like names, minus
 * placeholders and references ({@code ${DB_PASSWORD}}, {@code <password>}, {@code os.environ[...]}).
 */
public final class PasswordDetector implements Detector {

    private static final List<Rule> URL_CREDENTIALS = List.of(
            Rule.of("url-credentials", FindingTypes.PASSWORD, List.of("://"),
                    "\\b[A-Za-z][A-Za-z0-9+.\\-]{1,30}://[^\\s:/@'\"]+:([^\\s@/'\"]+)@[A-Za-z0-9.\\-_\\[]", 270, 0.95)
                    .reachingBack(32)
                    .accepting(PasswordDetector::plausiblePassword));
    private static final Assignments ASSIGNED = new Assignments(PasswordDetector::passwordName,
            FindingTypes.PASSWORD, "password-assignment", 0.9, (name, value) -> plausiblePassword(value));
    private static final String[] NOT_PASSWORD_NAMES = {"hash", "policy", "length", "field", "label", "prompt", "type",
            "_url", "placeholder", "hint", "reset", "expir", "min", "max", "rule", "strength", "bypass", "compass", "passage",
            "passenger", "passport"};

    @Override
    public String name() {
        return "password";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("://", "pass", "pwd");
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        Rule.runAll(URL_CREDENTIALS, scan, findings);
        ASSIGNED.run(scan, findings);
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
