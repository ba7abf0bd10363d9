package io.tiergate.classify.detect;

import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Set;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, with an issuer
 * prefix and length that exist (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro; prefixes are
 * taken broadly, e.g. all of 35 for JCB, as issuers' ranges grow)
 * and a valid Luhn check digit.
 */
public final class PaymentCardDetector implements Detector {

    @Override
    public String name() {
        return "payment-card";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        for (Scan.NumberRun run : scan.numberRuns()) {
            if (run.digits() < 13 || run.digits() > 19 || run.dots() > 0) {
                continue;
            }
            int start = run.start();
            int end = run.end();
            while (start < end && !Character.isDigit(text.charAt(start))) {
                start++; // a leading + or (
            }
            while (end > start && !Character.isDigit(text.charAt(end - 1))) {
                end--;
            }
            String written = text.substring(start, end);
            String digits = Digits.only(written);
            if (groupedLikeACard(written) && issuerLength(digits) && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)
                    && !adjoinsDigits(text, start, end) && !(start > 0 && Texts.isWordChar(text.charAt(start - 1)))) {
                findings.add(FindingTypes.PAYMENT_CARD, start, end, 0.95, name());
            }
        }
    }

    /** Digits, with single spaces or single dashes between groups (one kind of separator). */
    static boolean groupedLikeACard(String written) {
        char separator = 0;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (Character.isDigit(c)) {
                continue;
            }
            if ((c != ' ' && c != '-') || (separator != 0 && c != separator) || !Character.isDigit(written.charAt(i - 1))) {
                return false;
            }
            separator = c;
        }
        return true;
    }

    /** A run glued to more digits by a dot or dash (versions, long ids) is not a card. */
    private static boolean adjoinsDigits(String s, int start, int end) {
        boolean before = start >= 2 && (s.charAt(start - 1) == '.' || s.charAt(start - 1) == '-') && Character.isDigit(s.charAt(start - 2));
        boolean after = end + 1 < s.length() && (s.charAt(end) == '.' || s.charAt(end) == '-') && Character.isDigit(s.charAt(end + 1));
        return before || after;
    }

    static boolean issuerLength(String d) {
        int n = d.length();
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return switch (d.charAt(0)) {
            case '4' -> n == 13 || n == 16 || n == 19;
            case '5' -> (two >= 51 && two <= 55 && n == 16) || ((two == 50 || two >= 56) && n >= 12 && n <= 19);
            case '2' -> four >= 2221 && four <= 2720 && n == 16;
            case '3' -> ((two == 34 || two == 37) && n == 15) || ((two == 36 || two == 38 || two == 30) && n == 14)
                    || (two == 35 && n >= 16 && n <= 19) || (two == 36 && n >= 14 && n <= 19);
            case '6' -> n >= 16 && n <= 19;
            default -> false;
        };
    }
}
