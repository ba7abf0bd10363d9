package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Set;

/**
 * US Social Security numbers: {@code AAA-GG-SSSS} (or with spaces), or nine bare digits right
 * after a word such as "SSN"; never area 000, 666 or 9xx, group 00 or serial 0000.
 */
public final class UsSsnDetector implements Detector {

    private static final Pattern CANDIDATE = Pattern.compile("\\b(\\d{3})([\\- ]?)(\\d{2})([\\- ]?)(\\d{4})\\b");
    private static final List<String> CONTEXT = List.of("ssn", "social security", "ss#", "ss #", "taxpayer");

    @Override
    public String name() {
        return "us-ssn";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        Digits.scan(scan, run -> run.digits() >= 9, 2, 2, CANDIDATE, (m, offset, slice) -> {
            if (!m.group(2).equals(m.group(4)) || !valid(m.group(1), m.group(3), m.group(5))) {
                return;
            }
            if (glued(slice, m.start(), m.end())) {
                return;
            }
            int start = offset + m.start();
            boolean separated = !m.group(2).isEmpty();
            boolean context = scan.wordBefore(start, 40, CONTEXT);
            if (separated && (m.group(2).equals("-") || context)) {
                findings.add(FindingTypes.US_SSN, start, offset + m.end(), context ? 0.95 : 0.85, name());
            } else if (context) {
                findings.add(FindingTypes.US_SSN, start, offset + m.end(), 0.8, name());
            }
        });
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
