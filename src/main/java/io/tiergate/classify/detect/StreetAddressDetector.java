package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Detector;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.Set;

/**
 * Street addresses in the US and UK styles: a house number, one to four capitalised words and a
 * street suffix (the USPS list's common ones), optionally an apartment or suite, and a city with
 * a state and ZIP code or a UK postcode. A pattern, not a gazetteer: it misses addresses written
 * without a number or suffix, and reports honestly how well it does in docs/CLASSIFICATION.md.
 */
public final class StreetAddressDetector implements Detector {

    private static final String SUFFIXES = "Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl"
            + "|Terrace|Ter|Way|Close|Crescent|Cres|Square|Sq|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Trl|Alley|Row"
            + "|Gardens|Grove|Hill|Hills|Heights|Park|Mews|Walk|Green|Rise|Crossing|Xing|Loop|Pike|Plaza|Point|Points"
            + "|Port|Ports|Ridge|Run|Spring|Springs|Station|Summit|Valley|Valleys|View|Views|Village|Villages|Ville"
            + "|Vista|Wells|Lake|Lakes|Land|Landing|Light|Lights|Manor|Meadow|Meadows|Mill|Mills|Mission|Motorway"
            + "|Mount|Mountain|Mountains|Neck|Orchard|Oval|Overpass|Pass|Passage|Path|Pine|Pines|Prairie|Radial"
            + "|Ramp|Ranch|Rapid|Rapids|Rest|Route|Shoal|Shoals|Shore|Shores|Skyway|Spur|Stravenue|Stream|Track"
            + "|Trafficway|Tunnel|Turnpike|Underpass|Union|Unions|Via|Wall|Ways|Well|Wells|Bypass|Burg|Burgs|Branch"
            + "|Bridge|Brook|Brooks|Camp|Canyon|Cape|Causeway|Center|Centers|Cliff|Cliffs|Club|Common|Commons"
            + "|Corner|Corners|Course|Courts|Cove|Coves|Creek|Crest|Curve|Dale|Dam|Divide|Drives|Estate|Estates"
            + "|Expressway|Extension|Extensions|Fall|Falls|Ferry|Field|Fields|Flat|Flats|Ford|Fords|Forest|Forge"
            + "|Forges|Fork|Forks|Fort|Freeway|Garden|Gateway|Glen|Glens|Greens|Harbor|Harbors|Haven|Hollow|Inlet"
            + "|Island|Islands|Isle|Junction|Junctions|Key|Keys|Knoll|Knolls|Lock|Locks|Lodge|Mall|Ports|Plains"
            + "|Plain|Radial|Roads|Routes|Squares|Streets|Throughway|Unit|Viaduct|Bluff|Bluffs|Bottom|Bend|Beach";
    private static final String WORD = "[A-Z][A-Za-z'\\-]*\\.?";
    private static final Pattern ADDRESS = Pattern.compile(
            "\\d{1,6}[A-Za-z]?(?:[ \\t]+" + WORD + "){1,3}[ \\t]+(?:" + SUFFIXES + ")\\b\\.?(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?"
                    + "(?:,?[ \\t]+(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|#)[ \\t]*[A-Za-z0-9\\-]{1,6})?"
                    + "(?:,?[ \\t]*\\n?[ \\t]*(?:" + WORD + "[ \\t]+){0,3}" + WORD + ",?[ \\t]+"
                    + "(?:[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?|[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]*\\d[A-Z]{2}))?");

    @Override
    public String name() {
        return "street-address";
    }

    @Override
    public Set<String> keywords() {
        return Set.of();
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        int reported = 0;
        int checked = 0;
        for (Scan.NumberRun run : scan.numberRuns()) {
            if (run.start() < reported || run.digits() > 6 || run.end() - run.start() != run.digits()
                    || !beforeAWord(text, run.end()) || (run.start() > 0 && Texts.isWordChar(text.charAt(run.start() - 1)))) {
                continue;
            }
            if ((++checked & 63) == 0 && scan.outOfTime()) {
                return;
            }
            // anchored at the house number: the pattern never searches, it only reads forward
            Matcher m = ADDRESS.matcher(text.substring(run.start(), Math.min(text.length(), run.start() + 200)));
            if (m.lookingAt()) {
                findings.add(FindingTypes.STREET_ADDRESS, run.start(), run.start() + m.end(), 0.75, name());
                reported = run.start() + m.end();
            }
        }
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
