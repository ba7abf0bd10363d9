package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Set;

/**
 * Street addresses as most of Europe, Latin America and Japan write them, read around a number run
 * by hand (RE2J only reads the optional tail):
 * <ul>
 *   <li>the street before the number: a street-type word ({@code Calle}, {@code Via}, {@code Rua},
 *       {@code ul.}, {@code rue}) or a compound ending in one ({@code Hauptstraße}, {@code Kerkstraat},
 *       {@code Oravakatu}), name words, then the house number ({@code 12}, {@code 12a}, {@code 3-5}, {@code 28/93}),
 *       also after a comma ({@code Piazza Argento, 48});
 *   <li>the number before the street-type word ({@code 44, rue de Prévost});
 *   <li>a postcode line ({@code 48802 Briand}, {@code 6783 OR}, {@code 49-703 Stargard}, {@code 36083-778 Ferreira})
 *       under a street line without a number ({@code boulevard Petit});
 *   <li>Japanese block addresses ({@code 芝山町箪笥町2丁目17番8号}).
 * </ul>
 * then the optional unit ({@code Apt. 3}, {@code Puerta 2}, {@code Piso 4}) and postcode and city.
 * The street-type words are the languages' own (written here from the postal conventions of each
 * country), not a generator's lists.
 */
final class InternationalAddresses {

    /** Street-type words that stand before the street's name. */
    private static final Set<String> LEADING_TYPES = Set.of(
            // es
            "calle", "c/", "avenida", "avda.", "avda", "av.", "paseo", "plaza", "pza.", "ronda", "pasaje", "camino", "carrera",
            "travesía", "travesia", "glorieta", "urbanización", "urbanizacion", "callejón", "callejon", "cuesta", "rambla", "vía",
            "carretera", "alameda", "bulevar", "acceso", "partida", "barrio", "polígono", "poligono", "plazuela", "cañada", "senda", "vial", "pasadizo", "c.", "cl.", "pje.", "pº", "praia", "área", "area",
            // it
            "via", "viale", "piazza", "piazzale", "corso", "largo", "vicolo", "strada", "contrada", "borgo", "rotonda", "vico",
            "lungomare", "salita", "traversa", "stradone", "piazzetta", "canale", "incrocio", "stretto", "circonvallazione",
            "rampa", "riva", "fondamenta", "passaggio", "discesa", "campo", "galleria", "località", "localita", "loc.", "frazione",
            "fraz.", "lungolago", "lungotevere", "lungarno", "lungofiume", "vicoletto", "salizada", "sestiere", "molo",
            "villaggio", "belvedere", "scalinata", "calata", "sottoportico", "baluardo", "bastioni", "circumvallazione",
            // pt
            "rua", "travessa", "praça", "praca", "rodovia", "estrada", "fazenda", "vila", "ladeira", "viela",
            "conjunto", "quadra", "setor", "sítio", "sitio", "chácara", "chacara", "condomínio", "condominio", "loteamento",
            "núcleo", "nucleo", "lagoa", "parque", "passarela", "residencial", "morro", "vereda", "trecho", "colônia", "colonia",
            "aeroporto", "esplanada", "distrito", "jardim", "recanto", "beco", "estação", "estacao", "favela", "feira", "lago",
            "pátio", "patio", "trevo", "vale", "viaduto", // fr
            "rue", "avenue", "boulevard", "bd", "bd.", "chemin", "allée", "allee", "place", "impasse", "route", "quai", "cours",
            "voie", "rond-point", "square", "passage", "sentier", "faubourg", "esplanade", "parvis", "montée", "montee", "chaussée",
            // pl
            "ul.", "ulica", "al.", "aleja", "pl.", "plac", "os.", "osiedle", "rondo", "skwer", "bulwar", "wybrzeże", "droga",
            "pasaż", "trakt", "szosa", "wał",
            // nl, de standalone
            "laan", "straat", "weg", "plein", "kade");
    /** Endings of compound street names (Germanic and Finnish languages write the type into the name). */
    private static final String[] COMPOUND_TYPES = {
        // de
        "straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "chaussee", "steig", "pfad",
        "stieg", "markt", "graben", "wall", "brücke", "hof", "berg", "garten", "park", "feld", "grund", "winkel", "zeile",
        // nl
        "straat", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad", "baan", "steeg", "dreef", "plantsoen", "kanaal",
        "erf", "veld", "poort", "haven", "hof", "wal", "markt", "park", "brink", "weide", "hoek", "akker", "boulevard",
        // fi
        "katu", "tie", "kuja", "polku", "väylä", "tori", "raitti", "rinne", "aukio", "puisto", "kaari", "ranta", "piha",
        "mäki", "niitty", "vainio", "ahde", "tanhua", "portti", "kallio", "tanner", "mutka", "reitti", "kierto", "porras",
        "silta", "kulma", "linja", "bulevardi", "esplanadi", "kaarre", "lenkki", "harju", "laakso", "lehto", "kumpu", "pelto",
        // sv, da, no
        "gatan", "gata", "vägen", "väg", "gade", "vej", "veien", "gaten"};
    /** Lower-case words that may stand inside a street's name. */
    private static final Set<String> CONNECTORS = Set.of("de", "del", "la", "las", "los", "el", "di", "da", "do", "dos", "das",
            "van", "der", "den", "het", "du", "des", "le", "les", "l'", "d'", "von", "y", "e", "i", "st.", "san", "santa", "dei",
            "della", "delle", "degli", "al", "am", "an", "im", "zum", "zur", "auf", "bei", "'t", "s-");
    /** Unit, then postcode and city, after the house number. */
    private static final Pattern TAIL = Pattern.compile(
            "(?:[ \\t]?[a-zA-Z](?:[^\\p{L}\\p{N}]|$))?"
                    + "(?:,?[ \\t]+(?:Apt\\.?|Apto\\.?|Puerta|Piso|Esc\\.?|Portal|Bajo|Interno|Int\\.|Scala|Casa|Bloco|Bl\\.|Lok\\.|m\\.|"
                    + "Suite|Unit|Flat|Wohnung|Whg\\.?|bus|Etage|Sala|Apartamento|Andar|Lote|Lt\\.)[ \\t]*\\d{1,4}[A-Za-z]?)?"
                    + "(?:,?[ \\t]*(?:\\n[ \\t]*)?(?:\\d{5}(?:-\\d{3})?|\\d{4}[ \\t]?[A-Z]{2}|\\d{2}-\\d{3}|\\d{4}),?[ \\t]*(?:\\n[ \\t]*)?"
                    + "\\p{Lu}[\\p{L}'’.\\-]*(?:[ \\t]+(?:\\p{Lu}[\\p{L}'’.\\-]*|/[ \\t]*[A-Z]{2}|\\([A-Z]{2}\\)|[a-zà-ü]{1,3}))" + "{0,3})?"
                    + "(?:,?[ \\t]*\\n?[ \\t]*\\p{Lu}[\\p{L}'’.\\-]*(?:[ \\t]+\\p{Lu}[\\p{L}'’.\\-]*){0,2},[ \\t]*\\d{5})?");
    /** Street-type words that are also English words: they count only capitalised ({@code Via Roma 5}, not "via port 80"). */
    private static final Set<String> ENGLISH_TOO = Set.of("via", "place", "route", "square", "passage", "campo", "largo", "corso",
            "al.", "pl.", "os.", "parque", "residencial", "conjunto", "setor", "distrito", "esplanade", "cours", "vila", "acceso",
            "partida", "barrio", "galleria", "borgo", "strada", "voie", "quadra", "trecho", "weg", "laan", "straat", "plein", "kade",
            "bd", "bd.", "av.", "sector", "area", "área", "praia", "c.", "morro", "colonia", "jardim", "lagoa", "vereda", "senda", "cañada",
            "feira", "lago", "vale", "patio", "pátio", "molo", "loc.", "belvedere", "trevo", "favela", "calata");
    private static final int BACK = 64;

    private InternationalAddresses() {
    }

    /** The span {start, end} of an address whose house number is the run [numberStart, numberEnd), or null. */
    static int[] around(String text, int numberStart, int numberEnd) {
        int[] street = streetBefore(text, numberStart);
        if (street != null && !houseNumber(text, numberStart, numberEnd)) {
            street = null;
        }
        if (street == null) {
            street = streetAfter(text, numberStart, numberEnd);
            if (street == null) {
                return null;
            }
            return new int[] {numberStart, tail(text, street[1])};
        }
        return new int[] {street[0], tail(text, numberEnd)};
    }

    /** A postcode line ({@code 48802 Briand}) under a street line without a number: the span of both, or null. */
    static int[] postcodeLine(String text, int start, int end) {
        if (start == 0 || text.charAt(start - 1) != '\n') {
            return null;
        }
        int lineEnd = text.indexOf('\n', end);
        lineEnd = lineEnd < 0 ? text.length() : lineEnd;
        if (lineEnd - end > 48 || end + 1 >= text.length() || !(text.charAt(end) == ' ' || text.charAt(end) == ',')) {
            return null;
        }
        int prevEnd = start - 1;
        for (int lines = 0; lines < 2; lines++) {
            int prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
            if (prevEnd - prevStart < 3 || prevEnd - prevStart > 64) {
                return null;
            }
            String first = firstWord(text, prevStart, prevEnd);
            if (LEADING_TYPES.contains(first.toLowerCase(Locale.ROOT)) || compoundType(first)) {
                return new int[] {prevStart, lineEnd};
            }
            prevEnd = prevStart - 1;
            if (prevEnd <= 0) {
                return null;
            }
        }
        return null;
    }

    /** Whether a street-type word that stands before the name ({@code rue}, {@code Via}, {@code ul.}) starts at {@code at}. */
    static boolean leadingType(String text, int at) {
        int e = at;
        while (e < text.length() && e - at < 24 && !Character.isWhitespace(text.charAt(e))) {
            e++;
        }
        String word = text.substring(at, e);
        String lower = word.toLowerCase(Locale.ROOT);
        return LEADING_TYPES.contains(lower) && (Character.isUpperCase(word.charAt(0)) || !ENGLISH_TOO.contains(lower));
    }

    /** A Japanese block address ending in n丁目 (then n番 n号) at {@code numberEnd}: its span, or null. */
    static int[] japanese(String text, int numberStart, int numberEnd) {
        if (!text.startsWith("丁目", numberEnd) && !(text.startsWith("番", numberEnd) && !text.startsWith("番号", numberEnd))) {
            return null;
        }
        int start = numberStart;
        while (start > 0 && numberStart - start < 24 && kanjiOrKatakana(text.charAt(start - 1))) {
            start--;
        }
        if (numberStart - start < 2) {
            return null;
        }
        int end = numberEnd;
        while (end < text.length() && end - numberEnd < 24 && (Character.isDigit(text.charAt(end)) || "丁目番地号-".indexOf(text.charAt(end)) >= 0)) {
            end++;
        }
        return new int[] {start, end};
    }

    private static boolean kanjiOrKatakana(char c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.KATAKANA || c == 'ー' || c == 'ヶ';
    }

    /** The street name before a house number at {@code at}: its span {start, end}, or null. */
    private static int[] streetBefore(String text, int at) {
        int i = at;
        if (i > 0 && text.charAt(i - 1) == ' ') {
            i--;
        } else if (i > 0 && text.charAt(i - 1) == '\t') {
            i--;
        } else {
            return null;
        }
        if (i > 0 && text.charAt(i - 1) == ',') {
            i--; // Piazza Argento, 48
        }
        int limit = Math.max(0, at - BACK);
        int start = -1;
        boolean typed = false;
        int words = 0;
        while (i > limit && words < 6) {
            int wordEnd = i;
            while (i > limit && !Character.isWhitespace(text.charAt(i - 1)) && text.charAt(i - 1) != '"' && text.charAt(i - 1) != ':') {
                i--;
            }
            if (i == wordEnd) {
                break;
            }
            String word = text.substring(i, wordEnd);
            String lower = word.toLowerCase(Locale.ROOT);
            boolean capital = Character.isUpperCase(word.charAt(0));
            boolean leadingType = LEADING_TYPES.contains(lower) && (capital || !ENGLISH_TOO.contains(lower));
            if (!(capital || leadingType || CONNECTORS.contains(lower)) || word.length() > 40 || !namey(word)) {
                break;
            }
            words++;
            if (leadingType || compoundType(word)) {
                typed = true;
                start = i;
            } else if (capital) {
                start = typed ? start : i;
            }
            if (leadingType) {
                break; // the type word begins the street
            }
            if (i > limit && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
                i--;
            } else {
                break;
            }
        }
        return typed && start >= 0 ? new int[] {start, at} : null;
    }

    /** The street after a house number ({@code 44, rue de Prévost}): its span {start, end}, or null. */
    private static int[] streetAfter(String text, int numberStart, int numberEnd) {
        if (numberStart > 0 && Texts.isWordChar(text.charAt(numberStart - 1))) {
            return null;
        }
        int i = numberEnd;
        int n = text.length();
        for (String addition : new String[] {" bis", " ter", "bis", "ter"}) {
            if (text.startsWith(addition, i)) {
                i += addition.length();
                break;
            }
        }
        if (i < n && text.charAt(i) == ',') {
            i++;
        }
        if (i >= n || text.charAt(i) != ' ') {
            return null;
        }
        i++;
        int typeEnd = i;
        while (typeEnd < n && !Character.isWhitespace(text.charAt(typeEnd))) {
            typeEnd++;
        }
        String written = text.substring(i, typeEnd);
        String type = written.toLowerCase(Locale.ROOT);
        if (!LEADING_TYPES.contains(type) || (ENGLISH_TOO.contains(type) && !Character.isUpperCase(written.charAt(0)))) {
            return null;
        }
        int end = typeEnd;
        int j = typeEnd;
        for (int words = 0; words < 5 && j < n && text.charAt(j) == ' '; words++) {
            int ws = j + 1;
            int we = ws;
            while (we < n && (Character.isLetter(text.charAt(we)) || text.charAt(we) == '\'' || text.charAt(we) == '-' || text.charAt(we) == '’')) {
                we++;
            }
            if (we == ws) {
                break;
            }
            String word = text.substring(ws, we);
            boolean connector = CONNECTORS.contains(word.toLowerCase(Locale.ROOT)) || word.startsWith("l'") || word.startsWith("d'");
            if (!(Character.isUpperCase(word.charAt(0)) || connector)) {
                break;
            }
            if (!connector || Character.isUpperCase(word.charAt(0))) {
                end = we;
            }
            j = we;
        }
        return end > typeEnd ? new int[] {numberStart, end} : null;
    }

    /**
     * A house number, not a count or a year: "Monitoring 3 services" and "During 2024, we" have a
     * capitalised word before a number too. Not followed by a lower-case word; a year only with a postcode after it.
     */
    private static boolean houseNumber(String text, int start, int end) {
        int n = text.length();
        int i = end;
        if (i < n && Character.isLetter(text.charAt(i)) && (i + 1 >= n || !Character.isLetter(text.charAt(i + 1)))) {
            i++; // 12a
        }
        if (i + 1 < n && text.charAt(i) == ' ' && Character.isLowerCase(text.charAt(i + 1))) {
            return false;
        }
        String digits = text.substring(start, end);
        if (digits.length() == 4 && (digits.startsWith("19") || digits.startsWith("20"))) {
            return tail(text, end) > end + 4;
        }
        return true;
    }

    private static int tail(String text, int from) {
        Matcher m = TAIL.matcher(text.substring(from, Math.min(text.length(), from + 120)));
        int end = from + (m.lookingAt() ? m.end() : 0);
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == ',' || text.charAt(end - 1) == ' ')) {
            end--; // the sentence's full stop is not part of the city
        }
        return end;
    }

    private static String firstWord(String text, int from, int to) {
        int e = from;
        while (e < to && !Character.isWhitespace(text.charAt(e)) && text.charAt(e) != ',') {
            e++;
        }
        return text.substring(from, e);
    }

    /** A word ending in a street type of a compounding language: {@code Hauptstraße}, {@code Kerkstraat}, {@code Oravakatu}. */
    static boolean compoundType(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.endsWith(",")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        for (String type : COMPOUND_TYPES) {
            if (lower.endsWith(type) && (lower.length() > type.length() + 2 || lower.equals(type))) {
                return true;
            }
        }
        return false;
    }

    /** Letters, hyphens, apostrophes and dots only (a street's name, not a number or a URL). */
    private static boolean namey(String word) {
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (!(Character.isLetter(c) || c == '-' || c == '\'' || c == '’' || c == '.' || c == '/' || (c == ',' && k == word.length() - 1))) {
                return false;
            }
        }
        return true;
    }
}
