package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;

/**
 * A secret pasted without a name: a word of exactly 40 characters of the base64 alphabet
 * ({@code [A-Za-z0-9+/]}) that reads as random, the shape of an AWS secret access key (and of other
 * providers' 40-character keys), as in "I used {@code wJalrXUtnFEMI/K7MDENG/bPxRfiCYzKEYwXVyq8aC} but
 * it returns 401". Random means: upper case, lower case and a digit; not hex (a commit id); at least
 * 4 bits of entropy a character (a random key has 4.1 and more); not text when decoded (a base64 of
 * words or JSON, a JWT's header: at least 24 of its 30 bytes printable); not mostly words (an
 * identifier such as {@code ABitOfEverythingServiceUpdateV2Forbidden}: under 70 % of it in runs of
 * three or more lower-case letters, or four capitals); no {@code EXAMPLE} and no placeholder. Over
 * 444 MB of this machine's Python, Go and C sources and documents this reads 12 words, half of them
 * real test keys; a random key passes 99.8 % of the time.
 *
 * <p>The word must stand alone: not inside a longer run of the alphabet, not after {@code _ - . \ $ @ %}
 * nor before {@code _ - = \ $ @ %} (a base64 blob's padding, an identifier's next part).
 *
 * <p>In a stream, any trailing word could be the start of such a key, so the hold is speculative
 * ({@link #speculativeHoldBack}): a trailing word is held once it is longer than {@value #SENT_FIRST}
 * characters and holds something a plain word does not (a digit, {@code +} or {@code /}, a capital
 * after its first letter) or is longer than {@value #PLAIN_WORD} letters. Shorter words and plain
 * words go at once, so the first characters of a key can leave before the rest shows what it is:
 * at most {@value #SENT_FIRST} (36 of its 240 bits), or up to {@value #PLAIN_WORD} where they read as
 * a word (4 keys in 100 000); the rest of it leaves only as the finding. Holding every word for that
 * would delay every number and every short token of every stream.
 */
public final class BareKeyDetector extends NamedDetector {

    static final int LENGTH = 40;
    /** A trailing word this short is never held: what of a key can leave before it is recognised. */
    static final int SENT_FIRST = 6;
    /** A trailing plain word longer than this is held too (few words are longer; a key's letters can be). */
    static final int PLAIN_WORD = 12;

    public BareKeyDetector() {
        super("bare-key");
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        int n = text.length();
        // every run of 40 holds one of the probed positions: probes are never more than 40 apart
        int probe = LENGTH - 1;
        while (probe < n) {
            if (!keyChar(text.charAt(probe))) {
                probe += LENGTH;
                continue;
            }
            int start = probe;
            while (start > 0 && probe - start <= LENGTH && keyChar(text.charAt(start - 1))) {
                start--;
            }
            int end = probe + 1;
            while (end < n && keyChar(text.charAt(end))) {
                end++;
            }
            if (end - start == LENGTH && standsAlone(text, start, end) && looksRandom(text, start)) {
                findings.add(FindingTypes.GENERIC_SECRET, start, end, 0.8, name());
            }
            probe = end + LENGTH;
        }
    }

    @Override
    public Hold speculativeHoldBack(String text) {
        int n = text.length();
        int start = n;
        while (start > 0 && n - start <= LENGTH && keyChar(text.charAt(start - 1))) {
            start--;
        }
        int run = n - start;
        if (run == 0 || run > LENGTH || (start > 0 && !allowedBefore(text.charAt(start - 1)))) {
            return Hold.NONE;
        }
        boolean held = run > SENT_FIRST && (run > PLAIN_WORD || !plainWord(text, start, n));
        return held ? new Hold(run, FindingTypes.GENERIC_SECRET) : Hold.NONE;
    }

    @Override
    public String speculativeHoldType() {
        return FindingTypes.GENERIC_SECRET;
    }

    static boolean keyChar(char c) {
        return Texts.isAsciiLetterOrDigit(c) || c == '+' || c == '/';
    }

    private static boolean allowedBefore(char c) {
        return c != '_' && c != '-' && c != '.' && c != '\\' && c != '$' && c != '@' && c != '%';
    }

    private static boolean allowedAfter(char c) {
        return c != '_' && c != '-' && c != '=' && c != '\\' && c != '$' && c != '@' && c != '%';
    }

    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || allowedBefore(text.charAt(start - 1))) && (end == text.length() || allowedAfter(text.charAt(end)));
    }

    /** Letters only, a capital at most first: what prose is made of. */
    private static boolean plainWord(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(i == from && c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** The checks of the class comment, cheapest first, on the 40 characters at {@code start}. */
    static boolean looksRandom(String text, int start) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean hex = true;
        for (int i = start; i < start + LENGTH; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            hex &= Character.digit(c, 16) >= 0;
        }
        if (!upper || !lower || !digit || hex) {
            return false;
        }
        String key = text.substring(start, start + LENGTH);
        return Texts.entropy(key) >= 4.0 && wordShare(key) * 10 < LENGTH * 7 && !decodesToText(key)
                && !key.contains("EXAMPLE") && !Texts.isPlaceholder(key);
    }

    /** Characters in runs of three or more lower-case letters (with a capital before them) or of four or more capitals. */
    static int wordShare(String key) {
        int share = 0;
        int i = 0;
        while (i < key.length()) {
            int j = i;
            if (key.charAt(j) >= 'A' && key.charAt(j) <= 'Z') {
                while (j < key.length() && key.charAt(j) >= 'A' && key.charAt(j) <= 'Z') {
                    j++;
                }
                if (j - i >= 4) {
                    share += j - i;
                    i = j;
                    continue;
                }
                j = i + 1; // one capital, then perhaps the lower-case rest of a word
            }
            int lowerFrom = j;
            while (j < key.length() && key.charAt(j) >= 'a' && key.charAt(j) <= 'z') {
                j++;
            }
            if (j - lowerFrom >= 3) {
                share += j - i;
            }
            i = Math.max(j, i + 1);
        }
        return share;
    }

    /** Whether the 40 characters decode (as base64) to mostly printable text: 24 or more of the 30 bytes. */
    static boolean decodesToText(String key) {
        int printable = 0;
        for (int group = 0; group < LENGTH; group += 4) {
            int bits = 0;
            for (int k = 0; k < 4; k++) {
                bits = bits << 6 | sextet(key.charAt(group + k));
            }
            for (int shift = 16; shift >= 0; shift -= 8) {
                int b = bits >> shift & 0xff;
                if ((b >= 32 && b < 127) || b == '\t' || b == '\n' || b == '\r') {
                    printable++;
                }
            }
        }
        return printable >= 24;
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : 63;
    }
}
