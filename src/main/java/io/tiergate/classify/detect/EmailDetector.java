package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Tier;
import io.tiergate.classify.Window;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: a linear-time candidate pattern around each {@code @}, confirmed by
 * commons-validator (known top-level domains). Addresses in the organisation's own domains
 * (the allow-list) are reported at Tier 1.
 */
public final class EmailDetector implements Detector {

    private static final Pattern CANDIDATE =
            Pattern.compile("[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}\\.)+[A-Za-z]{2,24}");
    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

    private final List<String> tier1Domains;

    public EmailDetector(List<String> tier1Domains) {
        this.tier1Domains = List.copyOf(tier1Domains);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public Set<String> keywords() {
        return Set.of("@");
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        for (Window window : scan.windowsAroundHits(64, 256)) {
            if (scan.outOfTime()) {
                return;
            }
            String slice = window.of(text);
            Matcher m = CANDIDATE.matcher(slice);
            while (m.find()) {
                String address = m.group();
                if (VALIDATOR.isValid(address)) {
                    int start = window.start() + m.start();
                    int end = window.start() + m.end();
                    if (isTier1(address)) {
                        findings.add(FindingTypes.EMAIL, start, end, 0.99, name(), Tier.TIER_1);
                    } else {
                        findings.add(FindingTypes.EMAIL, start, end, 0.99, name());
                    }
                }
            }
        }
    }

    private boolean isTier1(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        for (String allowed : tier1Domains) {
            if (domain.equals(allowed) || domain.endsWith("." + allowed)) {
                return true;
            }
        }
        return false;
    }
}
