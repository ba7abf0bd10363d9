package io.tiergate.classify.detect;

import com.google.re2j.Pattern;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;

/**
 * Street addresses in the US and UK styles: a house number, one to four capitalised words and a
 * street suffix (USPS Publication 28's suffixes and their common abbreviations, read by hand), optionally an apartment or suite, and a city with
 * a state and ZIP code or a UK postcode. A pattern, not a gazetteer: it misses addresses written
 * without a number or suffix, and reports honestly how well it does in docs/CLASSIFICATION.md.
 */
public final class StreetAddressDetector extends NumberRunDetector {

    private static final String SUFFIXES = "Crossroads|Expressway|Extensions|Throughway|Trafficway|Boulevard|Crossroad|Extension|Junctions|Mount"
            + "ains|Stravenue|Underpass|Causeway|Crescent|Crossing|Junction|Motorway|Mountain|Overpass|Parkways|Tur"
            + "npike|Villages|Centers|Circles|Corners|Estates|Freeway|Gardens|Gateway|Harbors|Heights|Highway|Islan"
            + "ds|Landing|Meadows|Mission|Orchard|Parkway|Passage|Prairie|Springs|Squares|Station|Streets|Terrace|V"
            + "alleys|Viaduct|Village|Avenue|Branch|Bridge|Brooks|Bypass|Canyon|Center|Circle|Cliffs|Common|Corner|"
            + "Course|Courts|Divide|Drives|Estate|Fields|Forest|Forges|Garden|Greens|Groves|Harbor|Hollow|Island|Kn"
            + "olls|Lights|Manors|Meadow|Plains|Points|Radial|Rapids|Ridges|Shoals|Shores|Skyway|Spring|Square|Stre"
            + "am|Street|Summit|Tunnel|Unions|Valley|Alley|Brook|Burgs|Cliff|Close|Court|Coves|Creek|Crest|Curve|Dr"
            + "ive|Falls|Ferry|Field|Flats|Fords|Forge|Forks|Glens|Green|Grove|Haven|Hills|Inlet|Knoll|Lakes|Light|"
            + "Locks|Lodge|Manor|Mills|Mount|Parks|Pines|Place|Plain|Plaza|Point|Ports|Ranch|Rapid|Ridge|River|Road"
            + "s|Route|Shoal|Shore|Spurs|Trace|Track|Trail|Union|Views|Ville|Vista|Walks|Wells|Blvd|Burg|Camp|Cape|"
            + "Club|Cove|Cres|Dale|Fall|Flat|Ford|Fork|Fort|Glen|Hill|Isle|Keys|Lake|Land|Lane|Loaf|Lock|Loop|Mall|"
            + "Mews|Mill|Neck|Oval|Park|Pass|Path|Pike|Pine|Pkwy|Port|Ramp|Rest|Rise|Road|Spur|View|Walk|Wall|Ways|"
            + "Well|Xing|Ave|Cir|Dam|Hwy|Key|Row|Rue|Run|Ter|Trl|Via|Way|Ct|Dr|Ln|Pl|Rd|Sq|St";
    /** Street types of Australia Post's addressing standard that USPS Publication 28 lacks. */
    private static final String AU_TYPES = "Alleyway|Amble|Approach|Arcade|Bend|Boardwalk|Brace|Chase|Circuit|Concourse|Entrance|"
            + "Esplanade|Glade|Grange|Link|Outlook|Parade|Promenade|Quay|Retreat|Strip|Vale|Walkway|Wynd|Grove|Rise|Gardens";
    private static final java.util.Set<String> SUFFIX_WORDS = suffixWords();
    private static final String[] FLAT_PREFIXES = {"Flat ", "Apartment ", "Apt. ", "Apt ", "Unit ", "Suite ", "Studio "};
    private static final String WORD = "[A-Z][A-Za-z'\\-]*\\.?";
    /**
     * What may follow the street: a direction, an apartment, a city with a state and ZIP code or a UK
     * postcode. Read by hand ({@link StreetTail}); the pattern is its definition, which the hand reading is tested against.
     */
    static final Pattern TAIL = Pattern.compile(
            "(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?"
                    + "(?:,?[ \\t]+(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|#)[ \\t]*[A-Za-z0-9\\-]{1,6})?"
                    + "(?:,?[ \\t]*\\n?[ \\t]*(?:" + WORD + "[ \\t]+){0,3}" + WORD + ",?[ \\t\\n]+"
                    + "(?:[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?|[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]*\\d[A-Z]{2}))?");

    private static java.util.Set<String> suffixWords() {
        java.util.Set<String> words = new java.util.HashSet<>(java.util.List.of(SUFFIXES.split("\\|")));
        words.addAll(java.util.List.of(AU_TYPES.split("\\|")));
        return java.util.Set.copyOf(words);
    }

    public StreetAddressDetector() {
        super("street-address");
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.digits() <= 8 && run.dots() == 0;
    }

    /** A US or UK style address at a house number of up to six digits, else another country's style; runs inside an address are not read again. */
    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        if (run.end() - run.start() != run.digits() || run.digits() > 6 || !usStyle(text, run)) {
            int[] span = international(text, run);
            if (span != null && span[0] >= reportedUpTo) {
                findings.add(FindingTypes.STREET_ADDRESS, span[0], span[1], 0.7, name());
                return span[1];
            }
            return reportedUpTo;
        }
        int start = run.start() > 1 && text.charAt(run.start() - 1) == ' ' ? flatPrefix(text, run.start()) : run.start();
        boolean flat = start != run.start();
        if (!flat && (!beforeAWord(text, run.end()) || (start > 0 && Texts.isWordChar(text.charAt(start - 1))))) {
            return reportedUpTo;
        }
        int street = suffixAhead(text, run.end()) ? streetEnd(text, run.end(), flat) : -1;
        if (street < 0) {
            return reportedUpTo;
        }
        // the rest is optional and anchored: it is only read forward from the street's end
        int end = StreetTail.end(text, street, Math.min(text.length(), street + 160));
        findings.add(FindingTypes.STREET_ADDRESS, start, end, 0.75, name());
        return end;
    }

    /** Whether a US or UK style address may start at this run: a house number before a street with a suffix. */
    private static boolean usStyle(String text, Scan.NumberRun run) {
        int start = run.start() > 1 && text.charAt(run.start() - 1) == ' ' ? flatPrefix(text, run.start()) : run.start();
        boolean flat = start != run.start();
        if (!flat && (!beforeAWord(text, run.end()) || (start > 0 && Texts.isWordChar(text.charAt(start - 1))))) {
            return false;
        }
        return suffixAhead(text, run.end()) && streetEnd(text, run.end(), flat) >= 0;
    }

    /** The street of another country's style around this run (house number, postcode or Japanese block number), or null. */
    private static int[] international(String text, Scan.NumberRun run) {
        int start = run.start();
        int end = run.end();
        if (start < text.length() && !Character.isDigit(text.charAt(start))) {
            return null; // + or (: a phone number
        }
        int[] span = InternationalAddresses.japanese(text, start, end);
        if (span == null && run.digits() <= 6) {
            span = InternationalAddresses.around(text, start, end);
        }
        if (span == null && run.digits() >= 4) {
            span = InternationalAddresses.postcodeLine(text, start, end);
        }
        return span;
    }

    /**
     * The end of the street after a house number ending at {@code from} (and its letter, {@code 221B}):
     * one to four capitalised words, the last suffix among them ending the street, which needs at
     * least one word before it. -1 when there is none. A flat's number may be followed by a comma,
     * a line break and the house number.
     */
    static int streetEnd(String text, int from, boolean flat) {
        int n = text.length();
        int i = from;
        if (i < n && Character.isLetter(text.charAt(i)) && (i + 1 >= n || !Character.isLetter(text.charAt(i + 1)))) {
            i++;
        }
        if (flat) {
            while (i < n && (text.charAt(i) == ',' || text.charAt(i) == ' ' || text.charAt(i) == '\n' || text.charAt(i) == '\t')) {
                i++;
            }
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        int end = -1;
        for (int word = 0; word < 4; word++) {
            int ws = i;
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (word > 0 && i == ws || i >= n || !Character.isUpperCase(text.charAt(i))) {
                break;
            }
            int start = i;
            while (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '\'' || text.charAt(i) == '-')) {
                i++;
            }
            String w = text.substring(start, i);
            boolean dot = i < n && text.charAt(i) == '.';
            if (word > 0 && SUFFIX_WORDS.contains(w)) {
                end = dot ? i + 1 : i;
            }
            if (dot) {
                i++;
            }
        }
        return end;
    }

    /** Whether one of the next four words, read by hand, is a street suffix: most numbers before a capital are no address. */
    private static boolean suffixAhead(String text, int from) {
        int i = from;
        for (int words = 0; words < 4 && i < text.length(); words++) {
            while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\n' || text.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            if (i > start && SUFFIX_WORDS.contains(text.substring(start, i))) {
                return true;
            }
            while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ',') {
                i++;
            }
        }
        return false;
    }

    /** Where a flat or unit number's address starts ({@code Flat 7, Alice Path}), or {@code at} when there is no such prefix. */
    private static int flatPrefix(String text, int at) {
        for (String prefix : FLAT_PREFIXES) {
            if (at >= prefix.length() && text.startsWith(prefix, at - prefix.length())) {
                return at - prefix.length();
            }
        }
        return at;
    }

    /** A house number is followed by a capitalised word ({@code 10 Downing}) or a letter ({@code 221B}). */
    private static boolean beforeAWord(String text, int end) {
        if (end + 1 >= text.length()) {
            return false;
        }
        char next = text.charAt(end);
        return Character.isLetter(next) || (next == ' ' || next == '\t') && Character.isUpperCase(text.charAt(end + 1));
    }
}
