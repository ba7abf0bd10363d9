package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Set;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, compact or in groups of four: a country code and check digits start a candidate, which
 * is read for exactly the length that country's IBANs have and checked with mod 97 and the
 * country's format (commons-validator).
 */
public final class IbanDetector implements Detector {

    private static final Pattern START = Pattern.compile("\\b[A-Z]{2}\\d{2}");
    private static final IBANValidator VALIDATOR = IBANValidator.getInstance();

    @Override
    public String name() {
        return "iban";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        Digits.scan(scan, run -> run.start() >= 2 && upper(text.charAt(run.start() - 1)) && upper(text.charAt(run.start() - 2)),
                4, 48, START, (m, offset, slice) -> {
            IBANValidator.Validator format = VALIDATOR.getValidator(slice.substring(m.start(), m.start() + 2));
            if (format == null) {
                return;
            }
            int length = format.getIbanLength();
            StringBuilder compact = new StringBuilder(length);
            int i = m.start();
            while (i < slice.length() && compact.length() < length) {
                char c = slice.charAt(i);
                if (Character.isLetterOrDigit(c) && c < 128) {
                    compact.append(Character.toUpperCase(c));
                } else if (!(c == ' ' && i + 1 < slice.length() && Character.isLetterOrDigit(slice.charAt(i + 1)))) {
                    break;
                }
                i++;
            }
            boolean ends = i >= slice.length() || !Character.isLetterOrDigit(slice.charAt(i));
            if (compact.length() == length && ends && VALIDATOR.isValid(compact.toString())) {
                findings.add(FindingTypes.IBAN, offset + m.start(), offset + i, 0.99, name());
            }
        });
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
