package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.policy.Tier;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.validator.routines.DomainValidator;

/**
 * E-mail addresses: the candidate around each {@code @}, read by hand, and checked as
 * commons-validator's {@code EmailValidator.getInstance(false, false)} checks it (known top-level
 * domains, no local hosts; {@link #isValidAddress}). Addresses in the organisation's own domains
 * (the allow-list) are reported at Tier 1.
 */
public final class EmailDetector extends NamedDetector {

    /** The top-level domains commons-validator knows (no local ones), as its e-mail validator asks them. */
    private static final DomainValidator DOMAINS = DomainValidator.getInstance(false);
    /** The longest domain name and label (RFC 1035), as commons-validator counts them. */
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;

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
        if (!isValidAddress(text, start, at, end)) {
            return Hits.NOTHING;
        }
        String address = text.substring(start, end);
        if (isTier1(address)) {
            findings.add(FindingTypes.EMAIL, start, end, 0.99, name(), Tier.TIER_1);
        } else {
            findings.add(FindingTypes.EMAIL, start, end, 0.99, name());
        }
        return end;
    }

    /**
     * Whether {@code text[start, end)}, with its one {@code '@'} at {@code at} and read by hand (local
     * part of {@link #localChar}s, domain of {@link #domainChar}s), is an address commons-validator's
     * {@code EmailValidator.getInstance(false, false)} accepts; its regular expressions come down,
     * for these characters, to: a local part of at most {@value #MAX_LOCAL_PART} characters, dots
     * only between other characters; a domain of at most {@value #MAX_DOMAIN} characters and two or
     * more labels, each of 1 to {@value #MAX_LABEL} letters, digits and hyphens, with neither a hyphen
     * at its ends nor a dot at the end of the domain, the last label starting with a letter and
     * being a top-level domain it knows. {@code ScanShortcutsTest} compares the two readings.
     */
    static boolean isValidAddress(String text, int start, int at, int end) {
        if (at == start || at - start > MAX_LOCAL_PART || text.charAt(start) == '.' || text.charAt(at - 1) == '.') {
            return false;
        }
        for (int i = start + 1; i < at; i++) {
            if (text.charAt(i) == '.' && text.charAt(i - 1) == '.') {
                return false;
            }
        }
        if (end - (at + 1) > MAX_DOMAIN || end == at + 1 || text.charAt(end - 1) == '.') {
            return false;
        }
        int labels = 0;
        int label = at + 1;
        for (int i = at + 1; i <= end; i++) {
            if (i < end && text.charAt(i) != '.') {
                if (!Texts.isAsciiLetterOrDigit(text.charAt(i)) && text.charAt(i) != '-') {
                    return false;
                }
                continue;
            }
            if (i == label || i - label > MAX_LABEL || text.charAt(label) == '-' || text.charAt(i - 1) == '-') {
                return false;
            }
            labels++;
            if (i < end) {
                label = i + 1;
            }
        }
        return labels >= 2 && Texts.isAsciiLetter(text.charAt(label)) && DOMAINS.isValidTld(text.substring(label, end));
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
