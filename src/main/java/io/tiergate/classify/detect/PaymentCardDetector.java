package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
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

    private static final Pattern CANDIDATE = Pattern.compile("\\b\\d(?:[ \\-]?\\d){12,18}\\b");

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
        Digits.scan(scan, run -> run.digits() >= 13, 2, 2, CANDIDATE, (m, offset, slice) -> {
            String digits = Digits.only(m.group());
            if (issuerLength(digits) && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits) && !adjoinsDigits(slice, m.start(), m.end())) {
                findings.add(FindingTypes.PAYMENT_CARD, offset + m.start(), offset + m.end(), 0.95, name());
            }
        });
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
