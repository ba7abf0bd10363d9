package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import java.util.List;

/**
 * Addresses without a street: post office boxes in the languages' own words ({@code PO Box 123},
 * {@code GPO Box} and {@code Locked Bag} of Australia Post, {@code Postfach}, {@code Apartado de
 * correos}, {@code Casella postale}, {@code Caixa Postal}, {@code Skrytka pocztowa}, {@code Postbus},
 * {@code Boîte postale}, {@code Postilokero}, {@code 私書箱}) with the town and postcode after them, and
 * US military mail ({@code Unit 3639 Box 5619, DPO AP 84298}, {@code PSC 1234, Box 5678, APO AE 09012},
 * {@code USNS Rios, FPO AA 34032}; APO/FPO/DPO and the AA/AE/AP "states" of USPS Publication 28).
 */
public final class PostalBoxDetector extends RuleDetector {

    /** Town, state or region, postcode: after a box, on its line or the next. */
    private static final String TOWN = "(?:,?[ \\t]*\\n?[ \\t]*(?:\\d{4,5}(?:-\\d{3,4})?[ \\t]+)?\\p{Lu}[\\p{L}'\\-]*(?:[ \\t]+\\p{Lu}[\\p{L}'\\-]*){0,3}"
            + "(?:,?[ \\t]+(?:[A-Z]{2,3}[ \\t]+)?\\d{4,5}(?:-\\d{3,4})?)?)?";
    private static final String BOX_WORDS = "P\\.?[ \\t]?O\\.?[ \\t]?Box|Post Office Box|GPO Box|Locked Bag|Postfach|Apartado(?: de [Cc]orreos)?"
            + "|Apdo\\.|Casella [Pp]ostale|Caixa [Pp]ostal|Skrytka [Pp]ocztowa|Postbus|Boîte [Pp]ostale|Postilokero";

    public PostalBoxDetector() {
        super("postal-box", List.of(
                Rule.of("postal-box", FindingTypes.STREET_ADDRESS,
                        List.of("box", "locked bag", "postfach", "apartado", "apdo.", "casella postale", "caixa postal", "skrytka pocztowa",
                                "postbus", "boîte postale", "postilokero"),
                        "(?:^|[^\\p{L}])((?:" + BOX_WORDS + ")[ \\t]+\\d{1,6}(?:[ \\t]\\d{2,3}){0,3}" + TOWN + ")", 120, 0.7).reachingBack(24),
                Rule.of("postal-box", FindingTypes.STREET_ADDRESS, List.of("私書箱"), "(私書箱[ \\t]?第?\\d{1,6}号?)", 24, 0.7),
                Rule.of("military-address", FindingTypes.STREET_ADDRESS, List.of("apo a", "fpo a", "dpo a"),
                        "(?:^|[^\\p{L}\\d])((?:(?:Unit|PSC|CMR)[ \\t]+\\d{4},?[ \\t]+Box[ \\t]+\\d{4}|US[A-Z]{1,3}[ \\t]+\\p{Lu}[\\p{L}'\\-]*"
                                + "(?:[ \\t]+\\p{Lu}[\\p{L}'\\-]*)?)[ \\t]*(?:,[ \\t]*|\\n[ \\t]*)?[ADF]PO[ \\t]+A[AEP][ \\t]+\\d{5})(?:[^\\d]|$)",
                        16, 0.75).reachingBack(48)));
    }
}
