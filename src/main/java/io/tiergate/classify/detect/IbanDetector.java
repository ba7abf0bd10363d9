package io.tiergate.classify.detect;

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
        for (Scan.NumberRun run : scan.numberRuns()) {
            int start = run.start() - 2;
            if (start < 0 || !upper(text.charAt(start)) || !upper(text.charAt(start + 1))
                    || (start > 0 && Texts.isWordChar(text.charAt(start - 1))) || run.end() - run.start() < 2
                    || !Character.isDigit(text.charAt(run.start() + 1))) {
                continue;
            }
            IBANValidator.Validator format = VALIDATOR.getValidator(text.substring(start, start + 2));
            if (format == null) {
                continue;
            }
            int length = format.getIbanLength();
            StringBuilder compact = new StringBuilder(length);
            int i = start;
            while (i < text.length() && compact.length() < length) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c) && c < 128) {
                    compact.append(Character.toUpperCase(c));
                } else if (!(c == ' ' && i + 1 < text.length() && Character.isLetterOrDigit(text.charAt(i + 1)))) {
                    break;
                }
                i++;
            }
            boolean ends = i >= text.length() || !Character.isLetterOrDigit(text.charAt(i));
            if (compact.length() == length && ends && VALIDATOR.isValid(compact.toString())) {
                findings.add(FindingTypes.IBAN, start, i, 0.99, name());
            }
        }
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
