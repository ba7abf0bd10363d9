package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.policy.Tier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.commons.validator.routines.InetAddressValidator;

/**
 * IPv4 and IPv6 addresses, validated by commons-validator. Version numbers and OIDs (more dotted
 * parts, a leading "v") are not addresses. Loopback, private, link-local, unique-local and
 * documentation addresses are Tier 1 when so configured: they identify no person.
 */
public final class IpAddressDetector extends NumberRunDetector {

    /** A dotted quad's definition; read by hand ({@link #dottedQuad}), which is tested against it. */
    static final Pattern V4 = Pattern.compile("(?:\\d{1,3}\\.){3}\\d{1,3}");
    private static final InetAddressValidator VALIDATOR = InetAddressValidator.getInstance();

    private final boolean privateNetworksTier1;

    public IpAddressDetector(boolean privateNetworksTier1) {
        super("ip-address");
        this.privateNetworksTier1 = privateNetworksTier1;
    }

    /** IPv4 from the number runs, then IPv6 from the colons. */
    @Override
    public void detect(Scan scan, Findings findings) {
        super.detect(scan, findings);
        detectV6(scan, findings);
    }

    /** A dotted quad is a run of exactly four groups of digits separated by dots. */
    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.dots() == 3 && run.digits() >= 4 && run.digits() <= 12;
    }

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        int start = Character.isDigit(text.charAt(run.start())) ? run.start() : run.start() + 1; // past a ( or +
        int end = text.charAt(run.end() - 1) == ')' ? run.end() - 1 : run.end();
        String value = text.substring(start, end);
        if (dottedQuad(value) && VALIDATOR.isValidInet4Address(value) && !versionLike(text, start, end)
                && !(start > 0 && Texts.isAlphabeticWordChar(text.charAt(start - 1)))) {
            report(findings, value, start, end);
        }
        return reportedUpTo;
    }

    /** IPv6 candidates grow from each colon over hex digits, colons and dots; most colons in prose give none. */
    private void detectV6(Scan scan, Findings findings) {
        String text = scan.text();
        int candidates = 0;
        for (int colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
            if ((++candidates & 255) == 0 && scan.outOfTime()) {
                return;
            }
            int start = Texts.runStart(text, colon, 45, IpAddressDetector::v6Char);
            int end = Texts.trimEnd(text, colon + 1, Texts.runEnd(text, colon + 1, start + 45, IpAddressDetector::v6Char), ".");
            if (start == colon && start + 1 < end && text.charAt(start + 1) != ':') {
                start++; // "mail:ae82:def5:..." — the colon of a label, not of the address
            }
            int colons = 0;
            boolean digit = false;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                colons += c == ':' ? 1 : 0;
                digit |= c >= '0' && c <= '9';
            }
            if (colons >= 2 && digit && end - start >= 3 && !wordCharAround(text, start, end)) {
                String value = text.substring(start, end);
                if (VALIDATOR.isValidInet6Address(value)) {
                    report(findings, value, start, end);
                }
            }
            colon = Math.max(colon, end - 1);
        }
    }

    /** Whether all of {@code value} is {@link #V4}: four groups of one to three ASCII digits, three dots between them. */
    static boolean dottedQuad(String value) {
        int dots = 0;
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9' && run < 3) {
                run++;
            } else if (c == '.' && run > 0 && dots < 3) {
                dots++;
                run = 0;
            } else {
                return false;
            }
        }
        return dots == 3 && run > 0;
    }

    private static boolean v6Char(char c) {
        return c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 128;
    }

    private void report(Findings findings, String value, int start, int end) {
        if (privateNetworksTier1 && isInternal(value)) {
            findings.add(FindingTypes.IP_ADDRESS, start, end, 0.95, name(), Tier.TIER_1);
        } else {
            findings.add(FindingTypes.IP_ADDRESS, start, end, 0.95, name());
        }
    }

    private static boolean wordCharAround(String s, int start, int end) {
        return (start > 0 && Texts.isAlphabeticWordChar(s.charAt(start - 1))) || (end < s.length() && Texts.isAlphabeticWordChar(s.charAt(end)));
    }

    /** {@code v1.2.3.4}, {@code 1.3.6.1.4.1}: a version or an OID, not an address. */
    private static boolean versionLike(String s, int start, int end) {
        boolean v = start > 0 && (s.charAt(start - 1) == 'v' || s.charAt(start - 1) == 'V');
        boolean moreBefore = start >= 2 && s.charAt(start - 1) == '.' && Character.isDigit(s.charAt(start - 2));
        boolean moreAfter = end + 1 < s.length() && s.charAt(end) == '.' && Character.isDigit(s.charAt(end + 1));
        String before = s.substring(Math.max(0, start - 9), start).toLowerCase(java.util.Locale.ROOT);
        return v || moreBefore || moreAfter || before.contains("version");
    }

    static boolean isInternal(String literal) {
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no name lookup
            byte[] b = address.getAddress();
            if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress()) {
                return true;
            }
            if (b.length == 4) {
                int a0 = b[0] & 0xff;
                int a1 = b[1] & 0xff;
                int a2 = b[2] & 0xff;
                return (a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                        || (a0 == 203 && a1 == 0 && a2 == 113) || (a0 == 100 && a1 >= 64 && a1 < 128);
            }
            return (b[0] & 0xfe) == 0xfc || ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
                    && (b[3] & 0xff) == 0xb8);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
