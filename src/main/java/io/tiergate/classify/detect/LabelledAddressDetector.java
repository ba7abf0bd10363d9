package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Street addresses that are labelled as such, whatever their shape: the value of a field named for
 * an address in one of the supported languages ({@code street: avenue Margot Maillot},
 * {@code "Adresse": "..."}, {@code indirizzo = ...}) and the cells under such a column of a table
 * ({@code name,street,phone} then its rows). The label says what a street without a type word or a
 * house number is. The field's name must be the whole key ({@code email address} and
 * {@code ip_address} are other things), and the value must read as words (letters, not only digits;
 * no {@code @}, no URL, no placeholder).
 */
public final class LabelledAddressDetector extends NamedDetector {

    /** The address words, lower case, as they occur in field names. */
    private static final List<String> WORDS = List.of("street", "address", "addr", "adresse", "anschrift", "straße", "strasse",
            "dirección", "direccion", "domicilio", "indirizzo", "endereço", "endereco", "logradouro", "adres", "osoite", "ulica",
            "住所", "所在地");
    /** Words of a field name that make it another kind of address. */
    private static final Set<String> OTHER = Set.of("email", "mail", "e", "ip", "ipv4", "ipv6", "mac", "url", "web", "wallet",
            "bitcoin", "btc", "eth", "memory", "mem", "host", "server", "net", "network", "remote", "local", "bind", "listen",
            "proxy", "contract", "base", "start", "end", "return", "reply", "hex", "pointer", "ptr", "offset", "bus", "node",
            "peer", "gateway", "dns", "smtp", "sender", "recipient", "from", "to", "cc", "bcc", "wifi", "bluetooth", "hardware",
            "physical", "virtual", "link", "site", "домен", "correo", "courriel", "posta", "sähköposti");
    /** Phrases after which an address follows in running text ("I live at ..."), in the supported languages. */
    private static final List<String> CUES = List.of("i live at", "we live at", "lives at", "live at", "my address is", "ship it to",
            "ship to", "deliver to", "moved to", "ich wohne in", "wohne in der", "wohnhaft in", "j'habite au", "j'habite à", "j'habite",
            "habite au", "vivo en", "vivo en la", "resido en", "abito in", "risiedo in", "moro na", "moro no", "moro em", "resido na",
            "ik woon aan", "ik woon op", "woonachtig aan", "asun osoitteessa", "osoitteeni on", "mieszkam przy", "mieszkam na",
            "mój adres to", "住所は");
    private static final int MAX_VALUE = 160;
    /** The longest address read after a cue in running text. */
    private static final int MAX_CUED = 100;
    /** Rows of a table read under one header. */
    private static final int MAX_ROWS = 256;

    public LabelledAddressDetector() {
        super("labelled-address", allKeywords());
    }

    private static Set<String> allKeywords() {
        Set<String> all = new java.util.HashSet<>(WORDS);
        all.addAll(CUES);
        return Set.copyOf(all);
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        Hits.each(scan, (int at, String keyword) -> {
            if (CUES.contains(keyword)) {
                return cued(text, at, at + keyword.length(), findings);
            }
            int[] key = key(text, at);
            if (key == null || !addressName(text.substring(key[0], key[1]))) {
                return Hits.NOTHING;
            }
            int end = field(text, key, findings);
            return end == Hits.NOTHING ? column(scan, key, findings) : end;
        });
    }

    /**
     * The address after a cue of running text ({@code I live at 3 Oak Hill}, {@code Moro na Favela Campos, 95}):
     * to the end of its sentence, when it starts with a capital, a digit or a street-type word and holds a number.
     */
    private static int cued(String text, int cueStart, int cueEnd, Findings findings) {
        int n = text.length();
        if (cueStart > 0 && Character.isLetter(text.charAt(cueStart - 1)) || cueEnd < n && Character.isLetter(text.charAt(cueEnd))
                && Character.UnicodeScript.of(text.charAt(cueEnd)) != Character.UnicodeScript.HAN) {
            return Hits.NOTHING;
        }
        int i = cueEnd;
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == ':' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n || !(Character.isUpperCase(text.charAt(i)) || Character.isDigit(text.charAt(i))
                || Character.UnicodeScript.of(text.charAt(i)) == Character.UnicodeScript.HAN || InternationalAddresses.leadingType(text, i))) {
            return Hits.NOTHING;
        }
        int start = i;
        int end = i;
        while (end < n && end - start < MAX_CUED) {
            char c = text.charAt(end);
            if (c == '\n' || c == '。' || c == '!' || c == '?' || c == '、') {
                break;
            }
            if (c == '.' && (end + 1 >= n || text.charAt(end + 1) == ' ' || text.charAt(end + 1) == '\n') && !abbreviation(text, start, end)) {
                break;
            }
            end++;
        }
        end = withoutLowerCaseTail(text, start, end);
        boolean number = false;
        for (int k = start; k < end && !number; k++) {
            number = Character.isDigit(text.charAt(k));
        }
        return number ? report(text, start, end, findings, "cued-address") : Hits.NOTHING;
    }

    /** Drops the sentence's lower-case words after the address ({@code ..., DC 20500 today}, {@code Via Roma 5, the order ...}). */
    private static int withoutLowerCaseTail(String text, int start, int end) {
        int e = end;
        while (e > start) {
            int w = e;
            while (w > start && text.charAt(w - 1) != ' ') {
                w--;
            }
            String word = text.substring(w, e);
            boolean lowerWord = !word.isEmpty() && Character.isLowerCase(word.charAt(0)) && word.chars().noneMatch(Character::isDigit)
                    && !InternationalAddresses.leadingType(text, w);
            if (!lowerWord || w == start) {
                break;
            }
            e = w;
            while (e > start && (text.charAt(e - 1) == ' ' || text.charAt(e - 1) == ',')) {
                e--;
            }
        }
        return e;
    }

    /** A full stop of an abbreviation ({@code St.}, {@code Av.}, {@code ul.}, {@code Apt.}), not the sentence's end. */
    private static boolean abbreviation(String text, int start, int dot) {
        int w = dot;
        while (w > start && Character.isLetter(text.charAt(w - 1))) {
            w--;
        }
        return dot - w >= 1 && dot - w <= 4;
    }

    /** The field name around a hit: the run of letters, digits, {@code _ - .} and inner spaces it stands in: {start, end}. */
    private static int[] key(String text, int at) {
        int start = at;
        while (start > 0 && at - start < 40 && keyChar(text.charAt(start - 1), text, start - 1)) {
            start--;
        }
        int end = at;
        while (end < text.length() && end - at < 40 && keyChar(text.charAt(end), text, end)) {
            end++;
        }
        while (start < end && text.charAt(start) == ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == ' ') {
            end--;
        }
        return end > start ? new int[] {start, end} : null;
    }

    private static boolean keyChar(char c, String text, int i) {
        if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.') {
            return true;
        }
        // a space between two words of the name (Street address, Adresse de livraison), not before a value
        return c == ' ' && i > 0 && i + 1 < text.length() && Character.isLetter(text.charAt(i - 1)) && Character.isLetter(text.charAt(i + 1));
    }

    /** Whether a field's name names a street address: one of its words is an address word, none names another kind of address. */
    static boolean addressName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean address = false;
        for (String part : lower.split("[ _\\-.]+|(?<=[a-z])(?=[A-Z])")) {
            if (OTHER.contains(part)) {
                return false;
            }
            for (String word : WORDS) {
                address |= part.startsWith(word) || part.endsWith(word);
            }
        }
        // camelCase: homeAddress, emailAddress
        for (String part : name.split("(?<=[a-z])(?=[A-Z])")) {
            if (OTHER.contains(part.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return address && lower.split(" ").length <= 4;
    }

    /**
     * {@code key: value}, {@code key = value}, {@code "key": "value"}: the value, to its closing quote
     * or the end of its line, reported when it reads as an address. Returns where it ends, or NOTHING.
     */
    private static int field(String text, int[] key, Findings findings) {
        int n = text.length();
        int i = key[1];
        boolean quotedKey = i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'');
        if (quotedKey) {
            i++;
        }
        if (key[0] > 0) {
            char before = text.charAt(key[0] - 1);
            boolean lineStart = before == '\n' || before == ' ' || before == '\t' || before == '{' || before == ','
                    || before == '"' || before == '\'' || before == '-';
            if (!lineStart) {
                return Hits.NOTHING;
            }
        }
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n || !(text.charAt(i) == ':' || text.charAt(i) == '=' || text.charAt(i) == '：')) {
            return Hits.NOTHING;
        }
        i++;
        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int start;
        int end;
        if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            char quote = text.charAt(i);
            start = i + 1;
            end = start;
            while (end < n && end - start <= MAX_VALUE && text.charAt(end) != quote && text.charAt(end) != '\n') {
                end += text.charAt(end) == '\\' ? 2 : 1;
            }
            if (end >= n || text.charAt(end) != quote) {
                return Hits.NOTHING;
            }
        } else {
            start = i;
            end = FieldLabels.lineEnd(text, i);
            if (end - start > MAX_VALUE) {
                return Hits.NOTHING;
            }
        }
        return report(text, start, Math.min(end, n), findings, "labelled-address");
    }

    /** A column named for addresses in a table's header line: each cell under it that reads as an address. */
    private static int column(Scan scan, int[] key, Findings findings) {
        String text = scan.text();
        int lineStart = text.lastIndexOf('\n', key[0] - 1) + 1;
        int lineEnd = FieldLabels.lineEnd(text, key[0]);
        int cellStart = key[0];
        while (cellStart > lineStart && (text.charAt(cellStart - 1) == '"' || text.charAt(cellStart - 1) == ' ')) {
            cellStart--;
        }
        int column = FieldLabels.headerColumn(text, lineStart, lineEnd, cellStart);
        if (column < 0) {
            return Hits.NOTHING;
        }
        char separator = FieldLabels.separatorOf(text, lineStart, lineEnd);
        int[] header = FieldLabels.cell(text, lineStart, lineEnd, separator, column);
        if (header == null || !text.substring(header[0], header[1]).replace("\"", "").trim().equals(text.substring(key[0], key[1]))) {
            return Hits.NOTHING; // the word is only part of a cell
        }
        int reported = Hits.NOTHING;
        int width = FieldLabels.cells(text, lineStart, lineEnd, separator);
        int row = lineEnd;
        for (int rows = 0; rows < MAX_ROWS && row < text.length() && !scan.outOfTime(); rows++) {
            int rowStart = row + (text.charAt(row) == '\r' ? 2 : 1);
            if (rowStart >= text.length()) {
                break;
            }
            int rowEnd = FieldLabels.lineEnd(text, rowStart);
            if (FieldLabels.cells(text, rowStart, rowEnd, separator) != width) {
                break;
            }
            int[] cell = FieldLabels.cell(text, rowStart, rowEnd, separator, column);
            int start = cell[0];
            int end = cell[1];
            if (end - start >= 2 && text.charAt(start) == '"' && text.charAt(end - 1) == '"') {
                start++;
                end--;
            }
            reported = Math.max(reported, report(text, start, end, findings, "labelled-address-column"));
            row = rowEnd;
        }
        return reported;
    }

    /** Reports {@code [start, end)} trimmed when it reads as an address; returns its end or NOTHING. */
    private static int report(String text, int start, int end, Findings findings, String detector) {
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && " \t,;.".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end - start < 4 || end - start > MAX_VALUE || !readsAsAddress(text, start, end)) {
            return Hits.NOTHING;
        }
        findings.add(FindingTypes.STREET_ADDRESS, start, end, 0.7, detector);
        return end;
    }

    /** Words, not a number, an e-mail address, a URL, a placeholder or code: at least three letters, and two words or a digit. */
    static boolean readsAsAddress(String text, int start, int end) {
        if (Texts.containsAny(text, start, end, "@<>{}[]$=|\\;`")) {
            return false;
        }
        Texts.Tally tally = Texts.tally(text, start, end);
        int letters = tally.letters();
        int digits = tally.digits();
        int words = tally.spaces() + 1;
        String value = text.substring(start, end).toLowerCase(Locale.ROOT);
        if (value.contains("://") || value.startsWith("www.") || value.startsWith("0x") || Texts.isPlaceholderToken(value)) {
            return false;
        }
        if (Set.of("n/a", "none", "null", "unknown", "tbd", "same as above", "not provided", "redacted").contains(value)) {
            return false;
        }
        boolean ideographs = Character.UnicodeScript.of(text.charAt(start)) == Character.UnicodeScript.HAN
                || Character.UnicodeScript.of(text.charAt(end - 1)) == Character.UnicodeScript.HAN;
        return letters >= 3 && (words >= 2 || digits > 0 || (ideographs && letters >= 4));
    }
}
