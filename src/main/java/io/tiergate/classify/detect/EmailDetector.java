package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.policy.Tier;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * E-mail addresses: the candidate around each {@code @}, read by hand, confirmed by
 * commons-validator (known top-level domains). Addresses in the organisation's own domains
 * (the allow-list) are reported at Tier 1.
 */
public final class EmailDetector extends NamedDetector {

    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, false);

    private final List<String> tier1Domains;

    public EmailDetector(List<String> tier1Domains) {
        super("email", Set.of("@"));
        this.tier1Domains = List.copyOf(tier1Domains);
    }

    /** The longest local part read before an {@code '@'} (RFC 5321's limit). */
    private static final int MAX_LOCAL_PART = 64;

    /**
     * A trailing address-like word holding an {@code '@'}: its domain may still grow. (The local part
     * of an address whose {@code '@'} has not arrived yet is held only speculatively: every word could be one.)
     */
    @Override
    public Hold holdBack(String text) {
        int start = text.length();
        boolean at = false;
        while (start > 0 && text.length() - start < 64 + 255) {
            char c = text.charAt(start - 1);
            if (c == '@') {
                at = true;
            } else if (!localChar(c) && !domainChar(c)) {
                break;
            }
            start--;
        }
        return at ? new Hold(text.length() - start, FindingTypes.EMAIL) : Hold.NONE;
    }

    /**
     * Also a trailing word that could still be the local part of an address whose {@code '@'} has
     * not arrived (its last {@value #MAX_LOCAL_PART} characters, all the detector reads before an
     * {@code '@'}), so that an address leaves only as its placeholder, never its local part first.
     */
    @Override
    public Hold speculativeHoldBack(String text) {
        Hold hold = holdBack(text);
        if (hold.chars() > 0) {
            return hold;
        }
        int local = text.length();
        while (local > 0 && text.length() - local < MAX_LOCAL_PART && localChar(text.charAt(local - 1))) {
            local--;
        }
        return local < text.length() ? new Hold(text.length() - local, FindingTypes.EMAIL) : Hold.NONE;
    }

    @Override
    public String speculativeHoldType() {
        return FindingTypes.EMAIL;
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        Hits.each(scan, at -> address(text, at, findings));
    }

    /** The address around the '@' at {@code at}, read by hand; the validator then checks just that candidate. */
    private int address(String text, int at, Findings findings) {
        int start = Texts.runStart(text, at, 64, EmailDetector::localChar);
        int end = Texts.trimEnd(text, at + 1, Texts.runEnd(text, at + 1, at + 255, EmailDetector::domainChar), ".-");
        while (start < at && text.charAt(start) == '.') {
            start++;
        }
        if (start == at || end == at + 1) {
            return Hits.NOTHING;
        }
        String address = text.substring(start, end);
        if (!VALIDATOR.isValid(address)) {
            return Hits.NOTHING;
        }
        if (isTier1(address)) {
            findings.add(FindingTypes.EMAIL, start, end, 0.99, name(), Tier.TIER_1);
        } else {
            findings.add(FindingTypes.EMAIL, start, end, 0.99, name());
        }
        return end;
    }

    private static boolean localChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0);
    }

    private static boolean domainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
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
