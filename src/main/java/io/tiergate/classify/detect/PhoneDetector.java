package io.tiergate.classify.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers in international ({@code +44 20 7946 0958}) and national formats of the
 * configured regions: number runs of 7 to 15 digits, parsed and validated by libphonenumber. A bare
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
        int checked = 0;
        for (Scan.NumberRun run : scan.numberRuns()) {
            if (run.digits() < 7 || run.digits() > 15 || run.dots() >= 3) {
                continue; // too short or too long for a phone number; dotted quads are addresses
            }
            if ((++checked & 63) == 0 && scan.outOfTime()) {
                return;
            }
            if (run.start() > 0 && Character.isLetterOrDigit(text.charAt(run.start() - 1))) {
                continue; // inside a word or an id: c9524665-316f
            }
            if (run.end() + 1 < text.length() && text.charAt(run.end()) == ':' && Character.isDigit(text.charAt(run.end() + 1))) {
                continue; // a date and time: 2010-06-27 21:24
            }
            int end = run.end();
            if (text.charAt(end - 1) == ')' && text.lastIndexOf('(', end) < run.start()) {
                end--; // a closing bracket after the number, not around an area code
            }
            String candidate = text.substring(run.start(), end);
            if (run.digits() == 9 && UsSsnDetector.shape(candidate) != null && !candidate.startsWith("+")) {
                continue; // AAA-GG-SSSS is how social security numbers are written, not phone numbers
            }
            boolean formatted = isFormatted(candidate);
            if ((formatted || scan.wordBefore(run.start(), 32, CONTEXT)) && valid(candidate)) {
                findings.add(FindingTypes.PHONE, run.start(), end, formatted ? 0.9 : 0.8, name());
            }
        }
    }

    /** Valid in one of the configured regions, or internationally when it starts with +. */
    private boolean valid(String candidate) {
        for (String region : regions) {
            try {
                if (UTIL.isValidNumber(UTIL.parse(candidate, region))) {
                    return true;
                }
            } catch (NumberParseException e) {
                // not a number in this region
            }
            if (candidate.startsWith("+")) {
                return false; // the region does not matter for an international number
            }
        }
        return false;
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
