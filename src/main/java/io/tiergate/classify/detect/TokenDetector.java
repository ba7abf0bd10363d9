package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * API tokens with a recognisable prefix: GitHub, GitLab, Slack, Stripe, OpenAI and Anthropic,
 * npm and PyPI, and JSON Web Tokens (whose header must decode to JSON naming an algorithm).
 */
public final class TokenDetector extends RuleDetector {

    private static final String T = FindingTypes.TOKEN;
    private static final List<Rule> RULES = List.of(
            Rule.of("github-token", T, List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                    "\\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\\b", 42, 0.99),
            Rule.of("github-fine-grained-token", T, List.of("github_pat_"), "\\b(github_pat_[A-Za-z0-9_]{82})\\b", 95, 0.99),
            Rule.of("gitlab-token", T, List.of("glpat-", "gldt-", "glrt-", "glptt-"),
                    "\\b(gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\\-]{20,64})(?:[^A-Za-z0-9_\\-]|$)", 72, 0.99),
            Rule.of("slack-token", T, List.of("xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-"),
                    "\\b(xox[bpares]-[0-9A-Za-z\\-]{10,})", 260, 0.99),
            Rule.of("slack-webhook", T, List.of("hooks.slack.com"),
                    "(https://hooks\\.slack\\.com/services/T[A-Z0-9]{1,20}/B[A-Z0-9]{1,20}/[A-Za-z0-9]{20,64})", 140, 0.99).reachingBack(9),
            Rule.of("stripe-key", T, List.of("sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"),
                    "\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,}|whsec_[A-Za-z0-9]{32,})\\b", 260, 0.99),
            Rule.of("openai-key", T, List.of("sk-"),
                    "\\b(sk-(?:proj-|svcacct-|admin-|ant-api\\d\\d-|ant-admin\\d\\d-)?[A-Za-z0-9_\\-]{20,})(?:[^A-Za-z0-9_\\-]|$)", 230, 0.95)
                    .accepting(TokenDetector::looksLikeSkKey),
            Rule.of("npm-token", T, List.of("npm_"), "\\b(npm_[A-Za-z0-9]{36})\\b", 42, 0.95),
            Rule.of("pypi-token", T, List.of("pypi-AgEI"), "\\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,})", 330, 0.99),
            Rule.of("jwt", T, List.of("eyJ"),
                    "\\b(eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]*)", 3010, 0.95)
                    .accepting(TokenDetector::isJwt));

    public TokenDetector() {
        super("token", RULES);
    }

    /** OpenAI-style keys mix cases and digits (and legacy ones carry "T3BlbkFJ"); {@code sk-learn-...} does not. */
    static boolean looksLikeSkKey(String value) {
        String body = value.substring(value.lastIndexOf('-') + 1);
        return value.contains("T3BlbkFJ") || (value.length() >= 40 && Texts.characterClasses(value) == 3
                && Texts.entropy(body.isEmpty() ? value : value) > 3.5);
    }

    /** A JWT's header is base64url JSON naming its algorithm. */
    static boolean isJwt(String value) {
        String header = value.substring(0, value.indexOf('.'));
        try {
            String json = new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8);
            return json.startsWith("{") && json.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
