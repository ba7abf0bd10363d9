package io.tiergate.classify.detect;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Phone numbers in international ({@code +44 20 7946 0958}, {@code 0049 30 ...}) and national formats:
 * number runs of 7 to 15 digits, parsed and validated by libphonenumber. A number counts when it is
 * international and valid; when it is valid in a configured default region and written like a phone
 * number (or after a word such as "number"); or, for every region libphonenumber knows, after a
 * phone word in one of the supported languages ("phone", "Tel.", "Handy", "téléphone", "móvil",
 * "cellulare", "telefoon", "celular", "puhelin", "komórka", "電話", ...): valid in any region, or at
 * least of a possible length in a region of the word's language. Order numbers and ids without
 * such a word are not phone numbers.
 */
public final class PhoneDetector extends NumberRunDetector {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Words that make a nearby number a phone number, with the regions whose languages use them. */
    private static final Map<String, List<String>> PHONE_WORDS = phoneWords();
    private static final List<String> STRONG = List.copyOf(PHONE_WORDS.keySet());
    private static final List<String> WEAK = List.of("contact", "number", "ring", "nummer", "numéro", "número", "numero", "numer");
    /** The main region of every country calling code libphonenumber knows. */
    private static final List<String> MAIN_REGIONS = UTIL.getSupportedCallingCodes().stream().sorted()
            .map(UTIL::getRegionCodeForCountryCode).filter(r -> !"001".equals(r) && !"ZZ".equals(r)).toList();

    private final List<String> regions;
    /** The fewest digits a valid number of each of {@link #regions} has (its national significant number's shortest length). */
    private final int[] fewestDigits;

    public PhoneDetector(List<String> regions) {
        super("phone");
        this.regions = List.copyOf(regions);
        this.fewestDigits = this.regions.stream().mapToInt(PhoneDetector::fewestDigits).toArray();
    }

    /**
     * The shortest national significant number valid in {@code region}: a candidate with fewer digits
     * cannot be valid there (parsing only strips digits), so it is not parsed for it.
     */
    static int fewestDigits(String region) {
        int code = UTIL.getCountryCodeForRegion(region);
        if (code == 0 || !region.equals(UTIL.getRegionCodeForCountryCode(code))) {
            return 0; // libphonenumber answers lengths for a calling code's main region only
        }
        long nationalNumber = 0;
        for (int digits = 1; digits <= 17; digits++) {
            nationalNumber = nationalNumber * 10 + 1;
            PhoneNumber number = new PhoneNumber().setCountryCode(code).setNationalNumber(nationalNumber);
            PhoneNumberUtil.ValidationResult length = UTIL.isPossibleNumberForTypeWithReason(number, PhoneNumberUtil.PhoneNumberType.UNKNOWN);
            if (length != PhoneNumberUtil.ValidationResult.TOO_SHORT && length != PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY) {
                return digits; // the shortest of the general lengths, which validity requires (local-only lengths are never valid)
            }
        }
        return 0;
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.digits() >= 6 && run.digits() <= 15 && run.dots() < 3;
    }

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        if (run.start() > 0 && Texts.isAlphabeticWordChar(text.charAt(run.start() - 1))) {
            return reportedUpTo; // inside a word or an id: c9524665-316f (a Japanese particle before it is no word of its own)
        }
        if (run.end() + 1 < text.length() && text.charAt(run.end()) == ':' && Character.isDigit(text.charAt(run.end() + 1))) {
            return reportedUpTo; // a date and time: 2010-06-27 21:24
        }
        if (run.end() < text.length() && Character.isLetter(text.charAt(run.end())) && !extension(text, run.end())) {
            return reportedUpTo; // glued to a word: 12345678Z, 3km
        }
        int end = run.end();
        if (text.charAt(end - 1) == ')' && text.lastIndexOf('(', end) < run.start()) {
            end--; // a closing bracket after the number, not around an area code
        }
        String candidate = text.substring(run.start(), end);
        if (run.digits() == 9 && UsSsnDetector.shape(candidate) != null && !candidate.startsWith("+")) {
            return reportedUpTo; // AAA-GG-SSSS is how social security numbers are written, not phone numbers
        }
        double score = phone(scan, run, candidate);
        if (score > 0) {
            findings.add(FindingTypes.PHONE, run.start(), end, score, name());
        }
        return reportedUpTo;
    }

    /** The phone words in {@code text} (the 40 characters before a number, or the name of its column). */
    private static List<String> matchedWords(String text) {
        String before = text.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>(2);
        for (String word : STRONG) {
            int at = before.indexOf(word);
            while (at >= 0 && ((at > 0 && Character.isLetter(before.charAt(at - 1)))
                    || (word.length() == 3 && at + 3 < before.length() && Character.isLetter(before.charAt(at + 3))))) {
                at = before.indexOf(word, at + 1); // "hotel", "excellent" and "tell" hold no phone word
            }
            if (at >= 0) {
                found.add(word);
            }
        }
        return found;
    }

    /** The phone words before the number (40 characters), or else in the name of its table column. */
    private static List<String> strongWords(Scan scan, Scan.NumberRun run) {
        List<String> strong = matchedWords(scan.text().substring(Math.max(0, run.start() - 40), run.start()));
        if (strong.isEmpty()) {
            String column = FieldLabels.columnAt(scan, run.start()); // a cell under a "phone" column of a table
            strong = column == null ? strong : matchedWords(column);
        }
        return strong;
    }

    /**
     * The score of a phone number, or 0 when it is none. The words around are read only when the
     * answer depends on them: a valid international number is one without them.
     */
    private double phone(Scan scan, Scan.NumberRun run, String candidate) {
        int digits = run.digits();
        boolean international = candidate.startsWith("+") || (candidate.startsWith("00") && !candidate.startsWith("000"));
        if (international) {
            PhoneNumber number = InternationalNumbers.parse(digitsOf(candidate.startsWith("00") ? "+" + candidate.substring(2) : candidate));
            if (number == null) {
                return 0;
            }
            if (UTIL.isValidNumber(number)) {
                return 0.9;
            }
            return UTIL.isPossibleNumber(number) && !strongWords(scan, run).isEmpty() ? 0.75 : 0;
        }
        List<String> strong = strongWords(scan, run);
        String dialable = digitsOf(candidate);
        for (int r = 0; r < regions.size(); r++) {
            String region = regions.get(r);
            if (digits < fewestDigits[r]) {
                continue;
            }
            PhoneNumber number = parse(dialable, region);
            if (number != null && UTIL.isValidNumberForRegion(number, region)
                    && (isFormatted(candidate) || !strong.isEmpty() || scan.wordBefore(run.start(), 32, WEAK))) {
                return 0.85;
            }
        }
        if (strong.isEmpty()) {
            return 0;
        }
        List<String> near = new ArrayList<>();
        strong.forEach(w -> near.addAll(PHONE_WORDS.get(w)));
        boolean possible = false;
        for (String region : near) {
            PhoneNumber number = parse(dialable, region);
            if (number != null && UTIL.isValidNumberForRegion(number, region)) {
                return 0.85;
            }
            possible |= number != null && UTIL.isPossibleNumber(number);
        }
        if (possible) {
            return 0.7;
        }
        for (String region : MAIN_REGIONS) { // one region per country calling code: isValidNumber checks its other regions
            PhoneNumber number = parse(dialable, region);
            if (number != null && UTIL.isValidNumber(number)) {
                return 0.8;
            }
        }
        return 0;
    }

    /**
     * The candidate as libphonenumber reads it: its digits, after the {@code +} if it starts with one.
     * A number run holds nothing else but the separators ({@code space - . ( ) /}) that parsing drops
     * (none of them marks an extension or a second number), so the parse is the same; only its
     * patterns (the viability test, the extension search) run over a shorter string.
     */
    static String digitsOf(String candidate) {
        StringBuilder digits = new StringBuilder(candidate.length());
        if (candidate.startsWith("+")) {
            digits.append('+');
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }

    private static PhoneNumber parse(String candidate, String region) {
        try {
            return UTIL.parse(candidate, region);
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** {@code x9150}, {@code ext. 12}: an extension after the number. */
    private static boolean extension(String text, int at) {
        return text.startsWith("x", at) || text.startsWith("ext", at) || text.startsWith("Ext", at);
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

    private static Map<String, List<String>> phoneWords() {
        List<String> en = List.of("US", "GB", "AU", "CA", "IE", "NZ", "IN", "ZA", "SG");
        List<String> de = List.of("DE", "AT", "CH");
        List<String> fr = List.of("FR", "BE", "CH", "CA", "LU");
        List<String> es = List.of("ES", "MX", "AR", "CO", "CL", "PE");
        List<String> it = List.of("IT", "CH");
        List<String> nl = List.of("NL", "BE");
        List<String> pt = List.of("BR", "PT");
        List<String> fi = List.of("FI");
        List<String> pl = List.of("PL");
        List<String> ja = List.of("JP");
        List<String> many = new ArrayList<>();
        List.of(en, de, fr, es, it, nl, pt, fi, pl).forEach(many::addAll);
        Map<String, List<String>> words = new LinkedHashMap<>();
        for (String w : List.of("phone", "mobile", "cell", "call me", "call us", "call on", "fax", "whatsapp", "sms", "landline",
                "reach me", "reach us", "phoned", "text me")) {
            words.put(w, en);
        }
        words.put("tel", many); // Tel., tel:, tel in most of the languages (at the start of a word: not "hotel")
        words.put("tél", fr);
        for (String w : List.of("telefon", "handy", "mobil", "rufnummer", "rufen", "anruf", "erreichbar")) {
            words.put(w, w.equals("telefon") ? List.of("DE", "AT", "CH", "PL", "DK", "SE", "NO") : de);
        }
        for (String w : List.of("téléphone", "portable", "appelez", "appeler", "joindre")) {
            words.put(w, fr);
        }
        for (String w : List.of("teléfono", "telefono", "móvil", "movil", "llámame", "llamar", "llame")) {
            words.put(w, w.equals("telefono") ? it : es);
        }
        for (String w : List.of("cellulare", "chiamami", "chiamare", "chiama")) {
            words.put(w, it);
        }
        for (String w : List.of("telefoon", "mobiel", "bel me", "bel ons", "bellen")) {
            words.put(w, nl);
        }
        for (String w : List.of("telefone", "celular", "ligue", "ligar", "contato")) {
            words.put(w, pt);
        }
        for (String w : List.of("puhelin", "puh.", "soita", "matkapuhelin", "gsm")) {
            words.put(w, fi);
        }
        for (String w : List.of("komórka", "komorka", "dzwoń", "dzwonić", "zadzwoń", "numer telefonu")) {
            words.put(w, pl);
        }
        for (String w : List.of("電話", "携帯", "ファックス", "ファクス")) {
            words.put(w, ja);
        }
        return Map.copyOf(words);
    }
}
