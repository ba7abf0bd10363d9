package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;

/**
 * US Social Security numbers: {@code AAA-GG-SSSS} (or with spaces), or nine bare digits right
 * after a word such as "SSN"; never area 000, 666 or 9xx, group 00 or serial 0000.
 */
public final class UsSsnDetector extends NumberRunDetector {

    private static final List<String> CONTEXT = List.of("ssn", "social security", "ss#", "ss #", "taxpayer");

    public UsSsnDetector() {
        super("us-ssn");
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.digits() == 9 && run.dots() == 0;
    }

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        if (text.charAt(run.start()) == '+' || text.charAt(run.start()) == '(') {
            return reportedUpTo;
        }
        String written = text.substring(run.start(), run.end());
        String separator = shape(written);
        if (separator == null || glued(text, run.start(), run.end())
                || (run.start() > 0 && Texts.isWordChar(text.charAt(run.start() - 1)))) {
            return reportedUpTo;
        }
        String digits = Digits.only(written);
        if (!valid(digits.substring(0, 3), digits.substring(3, 5), digits.substring(5))) {
            return reportedUpTo;
        }
        boolean context = scan.wordBefore(run.start(), 40, CONTEXT);
        if (separator.equals("-") || (!separator.isEmpty() && context)) {
            findings.add(FindingTypes.US_SSN, run.start(), run.end(), context ? 0.95 : 0.85, name());
        } else if (context) {
            findings.add(FindingTypes.US_SSN, run.start(), run.end(), 0.8, name());
        }
        return reportedUpTo;
    }

    /** The separator of {@code AAA?GG?SSSS} ("-", " " or "" for none), or null when the run has another shape. */
    static String shape(String written) {
        if (written.length() == 9) {
            return "";
        }
        if (written.length() == 11 && written.charAt(3) == written.charAt(6) && (written.charAt(3) == '-' || written.charAt(3) == ' ')) {
            return String.valueOf(written.charAt(3));
        }
        return null;
    }

    /** Part of a longer number: {@code 555-123-45-6789}, {@code 123-45-6789-0}. */
    private static boolean glued(String s, int start, int end) {
        boolean before = start >= 2 && (s.charAt(start - 1) == '-' || s.charAt(start - 1) == '.') && Character.isDigit(s.charAt(start - 2));
        boolean after = end + 1 < s.length() && (s.charAt(end) == '-' || s.charAt(end) == '.') && Character.isDigit(s.charAt(end + 1));
        return before || after;
    }

    static boolean valid(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !group.equals("00") && !serial.equals("0000");
    }
}
