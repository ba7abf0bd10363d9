package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import io.tiergate.bench.BenchTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A rule's pattern read by hand ({@link TokenShape}) must find what RE2J finds, match for match. */
class TokenShapeTest {

    private static final List<Rule> RULES = Stream.of(new TokenDetector(), new ProviderTokenDetector(), new CloudKeyDetector(),
            new PostalBoxDetector()).flatMap(d -> d.rules().stream()).toList();
    /** Characters around and inside tokens that decide a match: boundaries, separators, non-ASCII, a surrogate pair. */
    private static final java.util.Map<Rule, String> BODIES = new java.util.IdentityHashMap<>();
    private static final String NOISE = " \n\t-_.=/+:\"'~%&aZ09xX\u00e9\u00df\ud83d\ude00\ud800";

    @Test
    void theTokenRulesPromptsHitMostAreReadByHand() {
        List<String> shaped = RULES.stream().filter(r -> r.shape() != null).map(Rule::detector).toList();
        assertThat(shaped).contains("github-token", "github-fine-grained-token", "gitlab-token", "slack-token", "npm-token",
                "aws-access-key-id", "gcp-api-key", "twilio-api-key", "huggingface-token", "digitalocean-token", "shopify-token",
                "mailgun-key", "new-relic-key", "flyio-token");
    }

    @Test
    void patternsOfAnyOtherShapeAreLeftToRe2j() {
        for (String regex : List.of("\\b(dapi[a-f0-9]{32}(?:-\\d)?)(?:[^A-Za-z0-9_\\-]|$)", "(?i:AccountKey)\\s*=\\s*([A-Za-z0-9+/]{86}==)",
                "\\b(glc_[A-Za-z0-9+/]+={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})", "(?:^|[^0-9])(\\d{8,10}:AA[A-Za-z0-9_\\-]{33})",
                "\\b(sk-ant-(?:api|admin|sid)\\d\\d-[A-Za-z0-9_\\-]{80,100}AA)", "\\b(a.b[x]{3})", "\\b(ab[^x]{3})", "\\b([a-z]{3})",
                "\\b(ab*[x]{3})", "\\b(ab[x]*)", "\\b(ab[\\w]{3})", "\\b(ab[x]{3})\\B", "\\b(ab[x]{3}\\b)", "\\b(ab[x]{3})x")) {
            assertThat(TokenShape.of(regex)).as(regex).isNull();
        }
    }

    @Test
    void aShapeFindsWhatRe2jFindsInRandomText() {
        Random random = new Random(28);
        for (Rule rule : RULES) {
            if (rule.shape() == null) {
                continue;
            }
            for (int t = 0; t < 2_000; t++) {
                String text = randomText(rule, random);
                int lo = random.nextInt(4) == 0 ? random.nextInt(text.length() + 1) : 0;
                int hi = random.nextInt(4) == 0 ? lo + random.nextInt(text.length() - lo + 1) : text.length();
                assertThat(byHand(rule, text, lo, hi)).as(rule.detector() + " in [" + text.substring(lo, hi) + "]")
                        .isEqualTo(byRe2j(rule, text, lo, hi));
            }
        }
    }

    @Test
    void aShapeFindsWhatRe2jFindsInTheBenchmarksText() {
        String text = BenchTexts.dense(64 * 1024) + " ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 AKIAIOSFODNN7EXAMPLEX key-0123456789abcdef0123456789abcdef";
        for (Rule rule : RULES) {
            if (rule.shape() != null) {
                assertThat(byHand(rule, text, 0, text.length())).as(rule.detector()).isEqualTo(byRe2j(rule, text, 0, text.length()));
            }
        }
    }

    /** Prefixes (some of them cut short or in the wrong case), runs of the body's characters of lengths around its count, and noise. */
    private static String randomText(Rule rule, Random random) {
        List<String> prefixes = rule.shape().prefixes();
        StringBuilder text = new StringBuilder();
        for (int pieces = 1 + random.nextInt(6), p = 0; p < pieces; p++) {
            String prefix = prefixes.get(random.nextInt(prefixes.size()));
            switch (random.nextInt(6)) {
                case 0 -> text.append(prefix, 0, random.nextInt(prefix.length() + 1));
                case 1 -> text.append(prefix.toUpperCase(java.util.Locale.ROOT)).append(bodyRun(rule, random));
                case 2 -> text.append(NOISE.charAt(random.nextInt(NOISE.length())));
                default -> text.append(prefix).append(bodyRun(rule, random));
            }
            if (random.nextBoolean()) {
                text.append(NOISE.charAt(random.nextInt(NOISE.length())));
            }
        }
        return text.toString();
    }

    /** Characters of the body (those RE2J takes after a prefix), as many as its count give or take one, or any number up to 110. */
    private static String bodyRun(Rule rule, Random random) {
        TokenShape shape = rule.shape();
        String allowed = BODIES.computeIfAbsent(rule, r -> {
            StringBuilder chars = new StringBuilder();
            for (char c = 0; c < 128; c++) {
                if (r.pattern().matcher(shape.prefixes().get(0) + String.valueOf(c).repeat(shape.min())).find()) {
                    chars.append(c);
                }
            }
            return chars.toString();
        });
        int max = (int) Math.min(shape.max(), shape.min() + 40L);
        int[] lengths = {shape.min() - 1, shape.min(), shape.min() + 1, max - 1, max, max + 1, random.nextInt(110)};
        int length = Math.max(0, lengths[random.nextInt(lengths.length)]);
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < length; i++) {
            run.append(random.nextInt(12) != 0 ? allowed.charAt(random.nextInt(allowed.length())) : NOISE.charAt(random.nextInt(NOISE.length())));
        }
        return run.toString();
    }

    /** Each match of the rule in {@code [lo, hi)} by RE2J's find(): group 1's bounds and the whole match's end. */
    private static List<List<Integer>> byRe2j(Rule rule, String text, int lo, int hi) {
        List<List<Integer>> matches = new ArrayList<>();
        Matcher m = rule.pattern().matcher(text.substring(lo, hi));
        while (m.find()) {
            matches.add(List.of(lo + m.start(1), lo + m.end(1), lo + m.end()));
        }
        return matches;
    }

    private static List<List<Integer>> byHand(Rule rule, String text, int lo, int hi) {
        List<List<Integer>> matches = new ArrayList<>();
        int[] found = new int[2];
        for (int at = lo, end; (end = rule.shape().find(text, at, lo, hi, found)) >= 0; at = end) {
            matches.add(List.of(found[0], found[1], end));
        }
        return matches;
    }
}
