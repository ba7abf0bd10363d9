package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Payment card numbers: 12 to 19 digits, optionally grouped by spaces or dashes, with an issuer
 * identification number (IIN) range and a length that the brand issues (Visa 13/16/19, Mastercard
 * 51-55 and 2221-2720, Amex, Discover, JCB 15 and 16-19, Diners, Maestro 12-19, UnionPay, RuPay, Mir)
 * and a valid Luhn check digit.
 */
public final class PaymentCardDetector extends NumberRunDetector {

    public PaymentCardDetector() {
        super("payment-card");
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.digits() >= 12 && run.digits() <= 19 && run.dots() == 0;
    }

    /** A trailing run of digits (with the spaces and dashes cards are written with) that could still grow into a card number. */
    @Override
    public Hold holdBack(String text) {
        int start = text.length();
        int digits = 0;
        while (start > 0 && text.length() - start < MAX_WRITTEN_LENGTH) {
            char c = text.charAt(start - 1);
            if (Character.isDigit(c)) {
                digits++;
            } else if (c != ' ' && c != '-') {
                break;
            }
            start--;
        }
        while (start < text.length() && !Character.isDigit(text.charAt(start))) {
            start++; // separators before the first digit are not part of a number
        }
        boolean glued = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)); // "word0" is no card's start
        return digits == 0 || digits > 19 || glued ? Hold.NONE : new Hold(text.length() - start, FindingTypes.PAYMENT_CARD);
    }

    /** 19 digits and a separator between each group of four, at most. */
    private static final int MAX_WRITTEN_LENGTH = 19 + 6;

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        if (text.charAt(run.start()) == '+') {
            return reportedUpTo; // +56 9 ... is a phone number
        }
        int start = run.start();
        int end = run.end();
        while (start < end && !Character.isDigit(text.charAt(start))) {
            start++; // a leading (
        }
        while (end > start && !Character.isDigit(text.charAt(end - 1))) {
            end--;
        }
        String written = text.substring(start, end);
        String digits = Digits.only(written);
        if (groupedLikeACard(written) && issuerLength(digits) && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)
                && !adjoinsDigits(text, start, end) && !(start > 0 && Texts.isAlphabeticWordChar(text.charAt(start - 1)))) {
            findings.add(FindingTypes.PAYMENT_CARD, start, end, 0.95, name());
        }
        return reportedUpTo;
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

    /** Whether the number's IIN range issues numbers of its length (ranges as the brands publish them). */
    static boolean issuerLength(String d) {
        int n = d.length();
        int two = Integer.parseInt(d.substring(0, 2));
        int three = Integer.parseInt(d.substring(0, 3));
        int four = Integer.parseInt(d.substring(0, 4));
        boolean maestro = (two == 50 || (two >= 56 && two <= 58) || four == 6304 || four == 6759 || (four >= 6761 && four <= 6763)
                || four == 6390 || four == 6799) && n >= 12 && n <= 19;
        if (maestro) {
            return true;
        }
        return switch (d.charAt(0)) {
            case '4' -> n == 13 || n == 16 || n == 19;
            case '5' -> two >= 51 && two <= 55 && n == 16;
            case '2' -> (four >= 2221 && four <= 2720 && n == 16) || (four == 2131 && n == 15) // Mastercard 2-series, JCB
                    || (four >= 2200 && four <= 2204 && n >= 16 && n <= 19); // Mir
            case '1' -> four == 1800 && n == 15; // JCB
            case '3' -> ((two == 34 || two == 37) && n == 15) // Amex
                    || (((three >= 300 && three <= 305) || three == 309 || two == 36 || two == 38 || two == 39) && n >= 14 && n <= 19) // Diners
                    || (two == 35 && n >= 16 && n <= 19); // JCB 3528-3589, taken as all of 35: its ranges grow
            case '6' -> ((four == 6011 || (three >= 644 && three <= 649) || two == 65) && n >= 16 && n <= 19) // Discover, RuPay 65
                    || (two == 62 && n >= 16 && n <= 19) // UnionPay
                    || (two == 60 && n == 16); // RuPay
            case '8' -> (two == 81 || two == 82) && n == 16; // RuPay
            default -> false;
        };
    }
}
