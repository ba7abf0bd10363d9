package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * High-entropy values assigned to secret-like names ({@code api_key}, {@code client_secret},
 * {@code auth_token}, ...), with the false-positive filters detect-secrets and gitleaks use:
 * UUIDs, hashes and integrity strings (lock files), placeholders, templated and referenced
 * values, low entropy, identifiers. Also bearer tokens in {@code Authorization} headers.
 */
public final class GenericSecretDetector extends NamedDetector {

    private static final String[] SECRET_NAMES = {"secret", "token", "apikey", "api_key", "api-key", "access_key",
            "accesskey", "auth_key", "authkey", "private_key", "privatekey", "signing_key", "encryption_key", "master_key",
            "credential", "session_key"};
    private static final Assignments ASSIGNED = new Assignments(GenericSecretDetector::secretName,
            FindingTypes.GENERIC_SECRET, "generic-secret", 0.8, GenericSecretDetector::looksSecret);
    private static final List<Rule> BEARER = List.of(
            Rule.of("bearer-token", FindingTypes.TOKEN, List.of("bearer"),
                    "(?i:authorization:?\\s{0,4}[\"']?\\s{0,4}bearer)\\s{1,4}([A-Za-z0-9_\\-.~+/]{20,}=*)", 1030, 0.9)
                    .reachingBack(24)
                    .accepting(v -> Texts.entropy(v) > 3.5 && !Texts.isPlaceholder(v)));
    private static final String[] NOT_SECRET_NAMES = {"hash", "checksum", "sha", "digest", "integrity", "etag", "commit",
            "revision", "resolved", "_url", "_uri", "endpoint", "_type", "_name", "_id", "_path", "_file", "_header",
            "_length", "_count", "_expires", "_ttl", "public", "tokenizer", "_field"};

    public GenericSecretDetector() {
        super("generic-secret", Set.of("secret", "token", "key", "credential", "bearer"));
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        ASSIGNED.run(scan, findings);
        Rule.runAll(BEARER, scan, findings);
    }

    static boolean secretName(String lowerName) {
        for (String stem : SECRET_NAMES) {
            if (lowerName.contains(stem)) {
                return true;
            }
        }
        return lowerName.endsWith("_key") || lowerName.endsWith("-key") || lowerName.endsWith(".key");
    }

    static boolean looksSecret(String name, String value) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        for (String notSecret : NOT_SECRET_NAMES) {
            if (lowerName.contains(notSecret)) {
                return false;
            }
        }
        if (value.length() < 16 || value.length() > 256 || Texts.isPlaceholder(value) || Texts.isUuid(value)) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sha1-") || lower.startsWith("sha256-") || lower.startsWith("sha384-") || lower.startsWith("sha512-")
                || lower.startsWith("md5-") || lower.startsWith("http") || lower.startsWith("/") || lower.startsWith("./")
                || lower.contains("(")) {
            return false;
        }
        if (Texts.isHex(value)) {
            // hex secrets exist, but so do digests; require the entropy of a random hex string
            return Texts.entropy(value) >= 3.0;
        }
        return Texts.characterClasses(value) >= 2 && hasDigit(value) && Texts.entropy(value) >= 3.3;
    }

    private static boolean hasDigit(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
