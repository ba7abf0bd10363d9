package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import org.apache.commons.validator.routines.IBANValidator;

/**
 * IBANs, compact or in groups of four: a country code and check digits start a candidate, which
 * is read for exactly the length that country's IBANs have and checked with mod 97 and the
 * country's format (commons-validator).
 */
public final class IbanDetector extends NumberRunDetector {

    private static final IBANValidator VALIDATOR = IBANValidator.getInstance();

    public IbanDetector() {
        super("iban");
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.end() - run.start() >= 2;
    }

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        int start = run.start() - 2;
        if (start < 0 || !upper(text.charAt(start)) || !upper(text.charAt(start + 1))
                || (start > 0 && Texts.isWordChar(text.charAt(start - 1))) || !Character.isDigit(text.charAt(run.start() + 1))) {
            return reportedUpTo;
        }
        IBANValidator.Validator format = VALIDATOR.getValidator(text.substring(start, start + 2));
        if (format != null) {
            compact(text, start, format.getIbanLength(), findings);
        }
        return reportedUpTo;
    }

    /** Reads the candidate at {@code start} for exactly {@code length} letters and digits and reports it when it is an IBAN. */
    private void compact(String text, int start, int length, Findings findings) {
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

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
