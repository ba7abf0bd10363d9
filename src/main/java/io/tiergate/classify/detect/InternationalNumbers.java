package io.tiergate.classify.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libphonenumber's parse of a {@code +} and digits, done by hand where it is plain: the calling code
 * (the first one to three digits that are one, as libphonenumber reads them) and the rest as the
 * national number. libphonenumber's {@code parse} costs ~10 µs, most of it patterns (viability,
 * extensions) that digits after a {@code +} always pass; the one step that depends on the region,
 * stripping a national prefix ({@code +49 030 ...}), is left to libphonenumber: whenever the calling
 * code's prefix for parsing is a pattern other than digits (or alternatives of digits), or the
 * digits start with one of those, it parses.
 */
final class InternationalNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final Set<Integer> CALLING_CODES = UTIL.getSupportedCallingCodes();
    /**
     * A calling code's national prefixes for parsing when its pattern is digits or alternatives of
     * digits ({@code 0|180020}); none for none, {@link #PATTERN} for any other pattern. Read once
     * per code, when first asked.
     */
    private static final Map<Integer, List<String>> PLAIN_PREFIXES = new ConcurrentHashMap<>();
    private static final List<String> PATTERN = List.of("a pattern");

    private InternationalNumbers() {
    }

    /**
     * What {@code PhoneNumberUtil.parse(dialable, "ZZ")} answers for {@code dialable}, a {@code +}
     * and digits only, in the fields validity reads (calling code, national number, its leading
     * zeros), or null where it refuses.
     */
    static PhoneNumber parse(String dialable) {
        PhoneNumber number = byHand(dialable);
        return number != null ? number : parsedByLibrary(dialable);
    }

    /** The plain case read by hand, or null when libphonenumber has to decide. */
    static PhoneNumber byHand(String dialable) {
        int digits = dialable.length() - 1;
        if (digits <= 3 || dialable.charAt(1) == '0') {
            return null; // too short to read by hand, or no calling code (libphonenumber refuses both in its own ways)
        }
        int code = 0;
        int codeLength = 0;
        for (int i = 1; i <= 3; i++) {
            code = code * 10 + (dialable.charAt(i) - '0');
            if (CALLING_CODES.contains(code)) {
                codeLength = i;
                break;
            }
        }
        int nationalStart = 1 + codeLength;
        int nationalLength = dialable.length() - nationalStart;
        if (codeLength == 0 || nationalLength < 2 || nationalLength > 17) {
            return null; // no calling code, or a national number libphonenumber refuses
        }
        List<String> prefixes = PLAIN_PREFIXES.computeIfAbsent(code, InternationalNumbers::prefixesForParsing);
        if (prefixes == PATTERN || prefixes.stream().anyMatch(prefix -> dialable.startsWith(prefix, nationalStart))) {
            return null; // a national prefix libphonenumber might strip
        }
        PhoneNumber number = new PhoneNumber().setCountryCode(code);
        if (dialable.charAt(nationalStart) == '0') {
            number.setItalianLeadingZero(true);
            int zeros = 1;
            while (nationalStart + zeros < dialable.length() - 1 && dialable.charAt(nationalStart + zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                number.setNumberOfLeadingZeros(zeros);
            }
        }
        return number.setNationalNumber(Long.parseLong(dialable, nationalStart, dialable.length(), 10));
    }

    /** The calling code's national prefixes for parsing when its pattern is digits or alternatives of digits, else {@link #PATTERN}. */
    private static List<String> prefixesForParsing(int code) {
        String region = UTIL.getRegionCodeForCountryCode(code);
        PhoneMetadata metadata = "001".equals(region) ? METADATA.getMetadataForNonGeographicalRegion(code) : METADATA.getMetadataForRegion(region);
        if (metadata == null) {
            return PATTERN;
        }
        String pattern = metadata.getNationalPrefixForParsing();
        if (pattern.isEmpty()) {
            return List.of();
        }
        List<String> prefixes = List.of(pattern.split("\\|", -1));
        boolean digits = prefixes.stream().allMatch(p -> !p.isEmpty() && p.chars().allMatch(c -> c >= '0' && c <= '9'));
        return digits ? prefixes : PATTERN;
    }

    static PhoneNumber parsedByLibrary(String dialable) {
        try {
            return UTIL.parse(dialable, "ZZ");
        } catch (NumberParseException e) {
            return null;
        }
    }
}
