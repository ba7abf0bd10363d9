package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.classify.Classifier;
import io.tiergate.classify.Detector.Hold;
import io.tiergate.classify.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A secret pasted without a name (a bare 40-character key), and what must not read as one. */
class BareKeyDetectorTest {

    private static final Classifier CLASSIFIER = new Classifier();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String KEY = "r2A2VpqFPndqMJb4PlZQ9GS0BsDE2/tc9MtmkTlq";

    private static List<String> bare(String text) {
        return CLASSIFIER.classify(text).findings().stream().filter(f -> f.detector().equals("bare-key"))
                .map(f -> text.substring(f.start(), f.end())).toList();
    }

    private static String key(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < BareKeyDetector.LENGTH; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    @Test
    void findsAKeyPastedWithoutAName() {
        assertThat(bare("I used " + KEY + " but it returns 401")).containsExactly(KEY);
        assertThat(bare(KEY)).containsExactly(KEY);
        assertThat(bare("Here is my key: " + KEY + ".")).containsExactly(KEY);
        assertThat(bare("{\"k\": \"" + KEY + "\"}")).containsExactly(KEY);
        assertThat(bare("x=" + KEY + "\n")).containsExactly(KEY);
        assertThat(CLASSIFIER.classify("I used " + KEY).findings()).extracting(Finding::type).containsExactly("GENERIC_SECRET");
    }

    @Test
    void aRandomKeyIsFoundNearlyAlways() {
        Random random = new Random(30);
        int found = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String k = key(random);
            found += BareKeyDetector.looksRandom(k, 0) ? 1 : 0;
        }
        // measured 0.998 over 100 000 keys: the lost ones have no digit, or runs of letters like words
        assertThat(found / (double) n).isGreaterThan(0.995);
    }

    @Test
    void refusesWhatOnlyHasTheShape() {
        assertThat(bare("commit 6ab1f0e2c3d4a5b6c7d8e9f0a1b2c3d4e5f6a7b8 fixed it")).isEmpty(); // hex: a commit id
        assertThat(bare("func (o *ABitOfEverythingServiceUpdateV2Forbidden) Error()")).isEmpty(); // words
        assertThat(bare("\"text\": \"aW5wdXQucGF0aCA9IFsiZ2V0VXNlciIsIHVzZXJd\"")).isEmpty(); // base64 of text
        assertThat(bare("eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJuYmYiOjE0NDQ0Nzg0MDB9.c2ln")).isEmpty(); // a JWT's header
        assertThat(bare("the docs' key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).isEmpty();
        assertThat(bare("abcdefghijklmnopqrstuvwxyzabcdefghijklm1 and ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLm1")).isEmpty();
        assertThat(bare(KEY + "Q")).isEmpty(); // 41 characters
        assertThat(bare("Q" + KEY + "/x")).isEmpty();
        assertThat(bare(KEY + "==")).isEmpty(); // a base64 blob's padding
        assertThat(bare("var_" + KEY)).isEmpty();
        assertThat(bare("$2a$10$" + KEY)).isEmpty(); // a bcrypt hash
        assertThat(bare("-" + KEY + " and " + KEY + "-x")).isEmpty();
    }

    @Test
    void theSkippingWalkFindsWhatCheckingEveryPositionFinds() {
        Random random = new Random(31);
        String[] words = {"the", "key", "is", "Hello", "x", "42", "a/b", "path/to/file", "+", "=", "_", ".", "-", "\n", "\"", "@"};
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(30);
            for (int p = 0; p < parts; p++) {
                text.append(random.nextInt(6) == 0 ? key(random) : words[random.nextInt(words.length)]);
                if (random.nextBoolean()) {
                    text.append(' ');
                }
            }
            String t = text.toString();
            assertThat(bare(t)).as(t).isEqualTo(everyPosition(t));
        }
    }

    /** The bare keys of {@code text} found the long way: every maximal run, read from each start. */
    private static List<String> everyPosition(String text) {
        List<String> keys = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (!BareKeyDetector.keyChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < text.length() && BareKeyDetector.keyChar(text.charAt(end))) {
                end++;
            }
            boolean before = i == 0 || "_-.\\$@%".indexOf(text.charAt(i - 1)) < 0;
            boolean after = end == text.length() || "_-=\\$@%".indexOf(text.charAt(end)) < 0;
            if (end - i == BareKeyDetector.LENGTH && before && after && BareKeyDetector.looksRandom(text, i)) {
                keys.add(text.substring(i, end));
            }
            i = end;
        }
        return keys;
    }

    @Test
    void aStreamHoldsATrailingWordThatCouldStillBecomeAKey() {
        BareKeyDetector keys = new BareKeyDetector();
        assertThat(keys.holdBack("my key: r2A2Vpq")).isEqualTo(Hold.NONE); // never plainly: every word could be one
        assertThat(keys.speculativeHoldType()).isEqualTo("GENERIC_SECRET");
        assertThat(keys.speculativeHoldBack("my key: r2A2Vpq")).isEqualTo(new Hold(7, "GENERIC_SECRET"));
        assertThat(keys.speculativeHoldBack("my key: " + KEY.substring(0, 39))).isEqualTo(new Hold(39, "GENERIC_SECRET"));
        assertThat(keys.speculativeHoldBack("in 2026-12")).isEqualTo(Hold.NONE); // after '-' no key starts
        assertThat(keys.speculativeHoldBack("version 1234567")).isEqualTo(new Hold(7, "GENERIC_SECRET"));
        assertThat(keys.speculativeHoldBack("src/main")).isEqualTo(new Hold(8, "GENERIC_SECRET"));
        assertThat(keys.speculativeHoldBack("call getUserBy")).isEqualTo(new Hold(9, "GENERIC_SECRET"));
        assertThat(keys.speculativeHoldBack("x " + "a".repeat(13))).isEqualTo(new Hold(13, "GENERIC_SECRET"));
        // short words and plain words go: prose, numbers and short tokens are not held back
        assertThat(keys.speculativeHoldBack("in 2026")).isEqualTo(Hold.NONE);
        assertThat(keys.speculativeHoldBack("my key: r2A2Vp")).isEqualTo(Hold.NONE); // six characters may go first
        assertThat(keys.speculativeHoldBack("The answer is")).isEqualTo(Hold.NONE);
        assertThat(keys.speculativeHoldBack("Wonderful")).isEqualTo(Hold.NONE);
        assertThat(keys.speculativeHoldBack("done. ")).isEqualTo(Hold.NONE);
        // what cannot become a key: too long already, or after a character a key never follows
        assertThat(keys.speculativeHoldBack("x " + KEY + "Q")).isEqualTo(Hold.NONE);
        assertThat(keys.speculativeHoldBack("my_var9876543")).isEqualTo(Hold.NONE);
    }

    @Test
    void wordsAreCountedInRunsOfLetters() {
        assertThat(BareKeyDetector.wordShare("ABitOfEverythingServiceUpdateV2Forbidden")).isGreaterThan(28);
        assertThat(BareKeyDetector.wordShare(KEY)).isLessThan(10);
        assertThat(BareKeyDetector.wordShare("HTTPServerabc")).isEqualTo(4 + 9);
    }
}
