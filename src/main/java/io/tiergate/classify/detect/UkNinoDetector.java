package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Set;

/**
 * UK National Insurance numbers ({@code QQ 12 34 56 C}): two prefix letters from the allowed
 * sets (never BG, GB, KN, NK, NT, TN, ZZ), six digits, a suffix A to D; spaced or compact.
 */
public final class UkNinoDetector extends NamedDetector {

    private static final Pattern CANDIDATE = Pattern.compile(
            "\\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])\\b");
    private static final Set<String> NEVER_ISSUED = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    public UkNinoDetector() {
        super("uk-nino");
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        Digits.scan(scan, run -> run.digits() == 6 && run.dots() == 0, 4, 4, CANDIDATE, (m, offset, slice) -> {
            if (!NEVER_ISSUED.contains(m.group(1))) {
                findings.add(FindingTypes.UK_NINO, offset + m.start(), offset + m.end(), 0.95, name());
            }
        });
    }
}
