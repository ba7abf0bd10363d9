package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Set;

/**
 * PEM, OpenSSH and PGP private key blocks. The span covers the whole block, or runs to the end of
 * the text when the END line is missing (a pasted, truncated key is still a key). Found with
 * {@code indexOf}, no pattern: a block may be long.
 */
public final class PrivateKeyDetector extends NamedDetector {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";

    public PrivateKeyDetector() {
        super("pem-private-key", Set.of("PRIVATE KEY"));
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        Hits.each(scan, at -> block(text, at, findings));
    }

    /** The block whose BEGIN line holds the "PRIVATE KEY" at {@code at}. */
    private int block(String text, int at, Findings findings) {
        if (!text.startsWith("PRIVATE KEY", at)) {
            return Hits.NOTHING;
        }
        int begin = text.lastIndexOf(BEGIN, at);
        if (begin < 0 || at - begin > 60 || !labelChars(text, begin + BEGIN.length(), at)) {
            return Hits.NOTHING;
        }
        int end = blockEnd(text, at);
        findings.add(FindingTypes.PRIVATE_KEY, begin, end, 0.99, name());
        return end;
    }

    /** From an open {@code -----BEGIN} with no END after it, or the end of the text that could start one. */
    @Override
    public Hold holdBack(String text) {
        int begin = text.lastIndexOf("-----BEGIN");
        if (begin >= 0 && text.indexOf(END, begin) < 0) {
            return new Hold(text.length() - begin, FindingTypes.PRIVATE_KEY);
        }
        for (int length = Math.min(BEGIN.length() - 1, text.length()); length > 0; length--) {
            if (BEGIN.startsWith(text.substring(text.length() - length))) {
                return new Hold(length, FindingTypes.PRIVATE_KEY);
            }
        }
        return Hold.NONE;
    }

    /** After the END line when there is one, else the end of the text. */
    private static int blockEnd(String text, int from) {
        int end = text.indexOf(END, from);
        if (end < 0) {
            return text.length();
        }
        int close = text.indexOf("-----", end + END.length());
        return close < 0 ? text.length() : close + 5;
    }

    private static boolean labelChars(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ')) {
                return false;
            }
        }
        return true;
    }
}
