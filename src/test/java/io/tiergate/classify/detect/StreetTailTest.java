package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import io.tiergate.bench.BenchTexts;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The street tail read by hand ({@link StreetTail}) ends where RE2J's {@code lookingAt} of {@link StreetAddressDetector#TAIL} ends. */
class StreetTailTest {

    /** Pieces addresses' tails are made of, and pieces that make them fail late. */
    private static final List<String> PIECES = List.of(" ", " ", "  ", "\t", "\n", ",", ".", "-", "'", "#", "N", "S", "NE", "SW", "NEW",
            "E", "Wx", "Apt", "Apt.", "Apartment", "Suite", "Ste", "Ste.", "Unit", "Flat", "Units", "4B", "12", "1234567", "London",
            "Springfield", "St. Louis", "O'Neil", "Stratford-upon-Avon", "new", "NW1", "6XE", "SW1A", "1AA", "M1", "1AE", "B33", "8TH",
            "A12AB", "EC1", "IL", "NY", "62704", "1001", "-1234", "-12", "9", "X", "é", "\ud83d\ude00");

    @Test
    void theTailEndsWhereThePatternEnds() {
        Random random = new Random(28);
        for (int t = 0; t < 200_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int pieces = random.nextInt(12), p = 0; p < pieces; p++) {
                text.append(PIECES.get(random.nextInt(PIECES.size())));
            }
            String s = text.toString();
            int hi = random.nextInt(5) == 0 ? random.nextInt(s.length() + 1) : s.length();
            assertThat(StreetTail.end(s, 0, hi)).as("[" + s.substring(0, hi) + "]").isEqualTo(byPattern(s, 0, hi));
        }
    }

    @Test
    void theTailEndsWhereThePatternEndsInWrittenAddresses() {
        List<String> texts = List.of(BenchTexts.dense(16 * 1024),
                "10 Downing Street, London SW1A 2AA", "221 Baker Street, London NW1 6XE.", "1600 Pennsylvania Avenue NW, Washington, DC 20500",
                "350 Fifth Avenue, Suite 3200\nNew York, NY 10118-0110", "12 High St., Apt. 4B, Bath BA1 1AA", "4 Elm Rd N, Salt Lake City UT 84101",
                "9 Rue Road, Flat 2, Stratford-upon-Avon CV37 6BB", "7 Oak Lane\n  Kent, ME14 1XX", "1 Mill Way,\tNew Port Richey, FL 34652-1234");
        for (String text : texts) {
            for (int from = 0; from < text.length(); from++) {
                int hi = Math.min(text.length(), from + 160);
                assertThat(StreetTail.end(text, from, hi)).as(text + " from " + from).isEqualTo(byPattern(text, from, hi));
            }
        }
    }

    private static int byPattern(String text, int from, int hi) {
        Matcher tail = StreetAddressDetector.TAIL.matcher(text.substring(from, hi));
        return from + (tail.lookingAt() ? tail.end() : 0);
    }
}
