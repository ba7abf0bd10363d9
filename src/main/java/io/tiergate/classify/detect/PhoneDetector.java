package io.tiergate.classify.detect;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers in international ({@code +44 20 7946 0958}) and national formats of the
 * configured regions, found and validated by libphonenumber in the windows around digits. A bare
 * run of digits counts only after a word such as "phone" or "call": order numbers and ids are
 * not phone numbers.
 */
public final class PhoneDetector implements Detector {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final List<String> CONTEXT = List.of("phone", "tel", "mobile", "cell", "call", "fax", "whatsapp",
            "sms", "text me", "contact", "number", "ring");

    private final List<String> regions;

    public PhoneDetector(List<String> regions) {
        this.regions = List.copyOf(regions);
    }

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        for (Window window : scan.digitWindows()) {
            if (scan.outOfTime()) {
                return;
            }
            String slice = window.of(text);
            int reportedUpTo = -1;
            for (String region : regions) {
                for (PhoneNumberMatch match : UTIL.findNumbers(slice, region, PhoneNumberUtil.Leniency.VALID, 64)) {
                    int start = window.start() + match.start();
                    int end = window.start() + match.end();
                    if (start < reportedUpTo) {
                        continue;
                    }
                    boolean formatted = isFormatted(match.rawString());
                    if (formatted || scan.wordBefore(start, 32, CONTEXT)) {
                        findings.add(FindingTypes.PHONE, start, end, formatted ? 0.9 : 0.8, name());
                        reportedUpTo = end;
                    }
                }
            }
        }
    }

    /** Written as a phone number: a leading +, brackets, or digits grouped by spaces, dots or dashes. */
    private static boolean isFormatted(String raw) {
        if (raw.startsWith("+") || raw.startsWith("(")) {
            return true;
        }
        int groups = 1;
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c == ' ' || c == '-' || c == '.') && Character.isDigit(raw.charAt(i - 1))) {
                groups++;
            }
        }
        return groups >= 2;
    }
}
