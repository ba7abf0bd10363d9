package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Names of people, in-process and without a model: capitalised words looked up in the US Census
 * first-name and surname lists (see {@code classify/first-names.txt}). A first name followed by a
 * surname (with an optional middle name or initial) is a person; a lone name counts after a
 * title ({@code Mr}, {@code Dr}) or a context word ({@code Dear}, {@code customer}, "my name is").
 * Names outside those lists, and names in lower case, are missed; docs/CLASSIFICATION.md has the figures.
 */
public final class PersonDetector extends NamedDetector {

    private static final Set<String> FIRST = union(load("/classify/first-names.txt"), load("/classify/first-names-intl.txt"));
    private static final Set<String> LAST = load("/classify/last-names.txt");
    /** First names that are more often ordinary words at the start of a sentence. */
    private static final Set<String> NOT_FIRST = Set.of("will", "may", "june", "april", "august", "grant", "see", "in", "an", "so", "by", "do", "go", "ok", "hope",
            "joy", "faith", "chase", "page", "else", "major", "long", "young", "sunny", "my", "ha", "son", "ma", "pa",
            "ali", "lane", "king", "price", "love", "star", "case", "rich", "sale", "cash", "gay", "lucky", "did", "tom",
            "min", "max", "mon", "sun", "the", "jan", "dec", "nov", "oct", "sept", "lu",
            "mein", "meine", "mi", "mijn", "meu", "minha", "moja", "mój", "la", "le", "el", "il", "der", "die", "das",
            "den", "het", "een", "ein", "eine", "une", "un", "una", "uno", "per", "con", "para", "por", "sie", "ich", "wir",
            "bitte", "danke", "merci", "gracias", "grazie", "obrigado", "kiitos", "dank", "via", "ici", "hier", "met", "ist");
    /** Words after which a capitalised word is a name whatever the lists say ("Dear Priya", "my name is Okafor"). */
    private static final Set<String> GREETINGS = Set.of("dear", "hi", "hello", "named", "regards", "thanks",
            "hallo", "bonjour", "hola", "olá", "ola", "hei", "moi", "beste", "geachte", "gentile", "caro", "cara", "querido",
            "querida", "estimado", "estimada", "prezado", "prezada", "geehrte", "geehrter", "liebe", "lieber", "cher", "chère",
            "szanowny", "szanowna", "hyvä", "ciao", "buongiorno", "buenos", "bom", "dzień");
    /** Phrases and field names after which the capitalised words that follow are a name, keyed by their last word. */
    private static final java.util.Map<String, java.util.List<String>> CUES = cues(
            "my name is", "name is", "this is", "i am", "i'm", "contact person", "customer", "signed", "client", "patient",
            "mein name ist", "ich bin", "hier spricht", "hier ist", "kunde", "kundin", "ansprechpartner", "ansprechpartnerin",
            "je m'appelle", "je suis", "ici", "interlocuteur", "interlocutrice", "me llamo", "soy", "mi nombre es",
            "persona de contacto", "cliente", "mi chiamo", "sono", "referente", "mijn naam is", "ik ben", "klant",
            "contactpersoon", "meu nome é", "aqui é", "sou", "contato", "nimeni on", "olen", "täällä", "asiakas",
            "yhteyshenkilö", "nazywam się", "jestem", "tu", "met", "klient", "klientka", "osoba kontaktowa",
            // record fields
            "name", "full name", "full_name", "customer_name", "contact_name", "nombre", "nom", "naam", "nome", "nimi", "imię",
            "imie", "nachname", "vorname", "first_name", "last_name", "firstname", "lastname", "surname", "owner", "holder");
    /** Sign-off lines after which the next line starts with the writer's name. */
    private static final String[] SIGN_OFFS = {"regards", "sincerely", "best", "cheers", "thanks", "grüßen", "grüße", "gruß",
        "cordialement", "salutations", "saludos", "cordiales", "atentamente", "saluti", "distinti", "groet", "groeten",
        "atenciosamente", "abraços", "terveisin", "poważaniem", "pozdrawiam", "pozdrowienia", "yours"};
    private static final Set<String> NOT_NAMES = Set.of("team", "all", "there", "everyone", "world", "sir", "madam", "customer",
            "colleagues", "friends", "folks", "support", "again", "guys", "both", "you", "the", "a", "it", "this", "is");
    /** Capitalised words that follow a first name without being a surname ("Grace Period", "Will Power"). */
    private static final Set<String> NOT_SURNAMES = Set.of("the", "and", "or", "of", "in", "on", "at", "is", "was", "will", "has",
            "had", "street", "road", "avenue", "lane", "inc", "ltd", "llc", "group", "university", "college", "school", "bank",
            "day", "hospital", "park", "company", "corp", "foundation", "center", "centre", "institute", "said", "says", "told",
            "asked", "wrote", "from", "to", "for", "with", "about", "after", "before", "then", "also", "would", "could", "should",
            "can", "may", "might", "must", "did", "does", "do", "are", "were", "be", "been", "it", "this", "that", "there",
            "here", "when", "where", "who", "what", "why", "how", "not", "no", "yes", "all", "any", "some", "my", "your", "our",
            "their", "his", "her", "its", "we", "you", "they", "he", "she", "i", "a", "an", "as", "by", "if", "so", "but",
            "station", "vista", "village", "valley", "view", "way", "walk", "drive", "court", "place", "square", "gardens",
            "hill", "grove", "close", "crescent", "terrace", "royal", "back", "me", "us", "them");
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mx", "dame", "lady", "lord",
            "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "dott", "dhr", "mevr", "pan", "pani", "sig", "dra", "ing", "don",
            "doña", "dona", "univ", "dipl", "mag", "monsieur", "madame", "señor", "señora", "signor", "signora", "senhor", "senhora");
    /** Words after which a known first name alone is a person ("customer Maria"). */
    private static final Set<String> CONTEXT_WORDS = Set.of("name", "customer", "contact", "signed", "from", "to", "patient",
            "client", "employee", "user", "ask", "tell", "call", "email", "cc", "with", "by");

    private static final int FIRST_NAME = 1;
    private static final int SURNAME = 2;
    private static final int NOT_FIRST_NAME = 4;
    private static final int TITLE = 8;
    private static final int NOT_NAME = 16;
    private static final int GREETING = 32;
    private static final int CONTEXT_WORD = 64;
    /**
     * For every word of the lists above, the lists it is in (bits of {@link #FIRST_NAME}, {@link #SURNAME}, ...):
     * a word costs one lookup, not one per list.
     */
    private static final java.util.Map<String, Integer> ROLES = roles(lists());

    public PersonDetector() {
        super("person-name");
    }

    /** The word lists a word is looked up in, each with its bit. */
    static java.util.Map<Set<String>, Integer> lists() {
        return java.util.Map.of(FIRST, FIRST_NAME, LAST, SURNAME, NOT_FIRST, NOT_FIRST_NAME, TITLES, TITLE, NOT_NAMES, NOT_NAME,
                GREETINGS, GREETING, CONTEXT_WORDS, CONTEXT_WORD);
    }

    private static java.util.Map<String, Integer> roles(java.util.Map<Set<String>, Integer> lists) {
        java.util.Map<String, Integer> roles = new java.util.HashMap<>();
        lists.forEach((words, role) -> words.forEach(word -> roles.merge(word, role, (a, b) -> a | b)));
        return java.util.Map.copyOf(roles);
    }

    /** The lists {@code word} (lower case) is in, as bits; 0 when in none. */
    static int roles(String word) {
        Integer roles = ROLES.get(word);
        return roles == null ? 0 : roles;
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        int n = text.length();
        int[] starts = new int[64];
        int[] ends = new int[64];
        int count = 0;
        for (int i = 0; i < n; ) {
            while (i < n && asciiButCapital(text.charAt(i))) {
                i++; // a loop of its own, as in NumberRuns: compiled on its own, the skip costs a fraction of what a turn of the outer loop does
            }
            if (i == n) {
                break;
            }
            char c = text.charAt(i);
            if (!letter(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && letter(text.charAt(i))) {
                i++;
            }
            if (start > 0 && letter(text.charAt(start - 1))) {
                continue; // inside a word that started in lower case (iPhone, Straße): skipped to its end, as if read whole
            }
            if (!Character.isUpperCase(text.charAt(start))) {
                if (text.charAt(start) >= 0x3400) {
                    int end = japaneseName(text, start, i);
                    if (end > 0) {
                        int family = i;
                        while (family > start && i - family < 3 && Character.UnicodeScript.of(text.charAt(family - 1)) == Character.UnicodeScript.HAN) {
                            family--;
                        }
                        findings.add(FindingTypes.PERSON, family, end, 0.6, name());
                    }
                }
                continue; // only capitalised words can start or continue a name; the words before are read back when needed
            }
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count++] = i;
        }
        int reportedUpTo = 0;
        for (int t = 0; t < count; t++) {
            if ((t & 1023) == 0 && scan.outOfTime()) {
                return;
            }
            if (starts[t] < reportedUpTo || !titleCase(text, starts[t], ends[t])) {
                continue;
            }
            String word = nameKey(text, starts[t], ends[t]);
            int roles = roles(word);
            boolean title = (roles & TITLE) != 0;
            boolean notName = (roles & NOT_NAME) != 0;
            if (!title && !notName && (afterCue(text, starts[t]) || afterSignOff(text, starts[t]))) {
                int last = extend(text, starts, ends, count, t);
                findings.add(FindingTypes.PERSON, starts[t], ends[last], 0.75, name());
                reportedUpTo = ends[last];
                continue;
            }
            if (title && t + 1 < count && adjacent(text, ends[t], starts[t + 1], true)
                    && titleCase(text, starts[t + 1], ends[t + 1])) {
                int last = extend(text, starts, ends, count, t + 1);
                findings.add(FindingTypes.PERSON, starts[t + 1], ends[last], 0.9, name());
                reportedUpTo = ends[last];
                continue;
            }
            if ((roles & FIRST_NAME) == 0 || (roles & NOT_FIRST_NAME) != 0) {
                if (afterGreeting(text, starts[t]) && !notName) {
                    findings.add(FindingTypes.PERSON, starts[t], ends[t], 0.6, name());
                    reportedUpTo = ends[t];
                }
                continue;
            }
            int last = extend(text, starts, ends, count, t);
            while (last > t && (roles(nameKey(text, starts[last], ends[last])) & SURNAME) == 0) {
                last--;
            }
            if (last > t) {
                findings.add(FindingTypes.PERSON, starts[t], ends[last], 0.85, name());
                reportedUpTo = ends[last];
            } else if (t + 1 < count && adjacent(text, ends[t], starts[t + 1], false) && titleCase(text, starts[t + 1], ends[t + 1])
                    && !NOT_SURNAMES.contains(lower(text, starts[t + 1], ends[t + 1]))) {
                // a known first name and a capitalised word that is no common one: a surname the lists lack (Löchel)
                findings.add(FindingTypes.PERSON, starts[t], ends[t + 1], 0.7, name());
                reportedUpTo = ends[t + 1];
            } else if (afterGreeting(text, starts[t]) || (roles(wordBefore(text, starts[t])) & CONTEXT_WORD) != 0) {
                findings.add(FindingTypes.PERSON, starts[t], ends[t], 0.7, name());
                reportedUpTo = ends[t];
            }
        }
    }

    /**
     * A Japanese name as family and given name with a space between ({@code 三浦 明美}): one to three kanji,
     * a space, one to four kanji or kana, nothing of the same script around. The end, or -1.
     */
    private static int japaneseName(String text, int start, int end) {
        if (end >= text.length() - 1 || (text.charAt(end) != ' ' && text.charAt(end) != '\u3000')) {
            return -1;
        }
        int family = end;
        while (family > start && end - family < 3 && han(text, family - 1, family)) {
            family--; // Japanese runs words together: 私の名前は佐藤 — the family name is the kanji at the end
        }
        if (family == end || (family > 0 && han(text, family - 1, family))) {
            return -1;
        }
        int e = end + 1;
        while (e < text.length() && e - end <= 5 && Character.isLetter(text.charAt(e)) && text.charAt(e) >= 0x3040) {
            e++;
        }
        int given = e - end - 1;
        return given >= 1 && given <= 4 && (e == text.length() || !Character.isLetterOrDigit(text.charAt(e))) ? e : -1;
    }

    private static boolean han(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.UnicodeScript.of(text.charAt(i)) != Character.UnicodeScript.HAN) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text before {@code start} ends with a cue ("Mein Name ist", "Customer:", {@code "name": "}). */
    private static boolean afterCue(String text, int start) {
        int e = start;
        int skipped = 0;
        while (e > 0 && skipped < 4 && " :\"'=\t".indexOf(text.charAt(e - 1)) >= 0) {
            e--;
            skipped++;
        }
        if (skipped == 0) {
            return false;
        }
        int s = e;
        while (s > 0 && e - s < 16 && (letter(text.charAt(s - 1)) || text.charAt(s - 1) == '_' || text.charAt(s - 1) == '\'')) {
            s--;
        }
        if (s == e) {
            return false;
        }
        java.util.List<String> phrases = CUES.get(text.substring(s, e).toLowerCase(Locale.ROOT));
        if (phrases == null) {
            return false;
        }
        String before = text.substring(Math.max(0, e - 24), e).toLowerCase(Locale.ROOT);
        for (String phrase : phrases) {
            if (before.endsWith(phrase) && (before.length() == phrase.length()
                    || !letter(before.charAt(before.length() - phrase.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code start} begins a line after a sign-off line ("Kind regards,", "Mit freundlichen Grüßen,"). */
    private static boolean afterSignOff(String text, int start) {
        if (start < 2 || text.charAt(start - 1) != '\n') {
            return false;
        }
        int lineStart = text.lastIndexOf('\n', start - 2) + 1;
        if (start - 1 - lineStart > 40) {
            return false;
        }
        String line = text.substring(lineStart, start - 1).toLowerCase(Locale.ROOT);
        for (String signOff : SIGN_OFFS) {
            if (line.contains(signOff)) {
                return true;
            }
        }
        return false;
    }

    private static java.util.Map<String, java.util.List<String>> cues(String... phrases) {
        java.util.Map<String, java.util.List<String>> byLastWord = new java.util.HashMap<>();
        for (String phrase : phrases) {
            String last = phrase.substring(phrase.lastIndexOf(' ') + 1);
            byLastWord.computeIfAbsent(last, k -> new java.util.ArrayList<>()).add(phrase);
        }
        return java.util.Map.copyOf(byLastWord);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** The last token of a name starting at token {@code t}: up to two more capitalised words, or an initial and a word. */
    private static int extend(String text, int[] starts, int[] ends, int count, int t) {
        int last = t;
        int k = t + 1;
        while (k < count && last - t < 2) {
            if (!adjacent(text, ends[last], starts[k], false)) {
                break;
            }
            boolean initial = ends[k] - starts[k] == 1 && Character.isUpperCase(text.charAt(starts[k]))
                    && ends[k] < text.length() && text.charAt(ends[k]) == '.';
            if (initial) {
                if (k + 1 < count && adjacent(text, ends[k], starts[k + 1], true) && titleCase(text, starts[k + 1], ends[k + 1])) {
                    last = k + 1;
                    k += 2;
                    continue;
                }
                break;
            }
            if (!titleCase(text, starts[k], ends[k])) {
                break;
            }
            last = k++;
        }
        return last;
    }

    /** Only a single space (or a dot and a space after an initial or title) between two tokens. */
    private static boolean adjacent(String text, int end, int nextStart, boolean allowDot) {
        int gap = nextStart - end;
        if (gap == 1) {
            return text.charAt(end) == ' ';
        }
        return allowDot && gap == 2 && text.charAt(end) == '.' && text.charAt(end + 1) == ' ';
    }

    /** The word before {@code start} is a greeting ("Dear", "Regards,"), or the two before are "name is". */
    private static boolean afterGreeting(String text, int start) {
        String previous = wordBefore(text, start);
        if ((roles(previous) & GREETING) != 0) {
            // "Hallo, Meine Kartennummer ...": after a salutation and its comma a sentence starts, not a name
            boolean comma = start >= 2 && text.charAt(start - 2) == ',';
            return !comma || previous.equals("regards") || previous.equals("thanks");
        }
        return previous.equals("is") && wordBefore(text, start - 3).equals("name");
    }

    /** The word (at most 12 letters) ending just before {@code start}, past one space and an optional comma, lower-cased. */
    private static String wordBefore(String text, int start) {
        int e = start - 1;
        if (e < 0 || text.charAt(e) != ' ') {
            return "";
        }
        e--;
        if (e >= 0 && text.charAt(e) == ',') {
            e--;
        }
        int s = e + 1;
        while (s > 0 && letter(text.charAt(s - 1)) && e + 1 - s < 12) {
            s--;
        }
        return s <= e ? nameKey(text, s, e + 1) : "";
    }

    private static boolean titleCase(String text, int start, int end) {
        return end - start >= 2 && Character.isUpperCase(text.charAt(start)) && Character.isLowerCase(text.charAt(start + 1));
    }

    /** A lower-case letter or no letter: a word starting here (if any) is no name, and no other word starts here. */
    private static boolean asciiButCapital(char c) {
        return c < 0x80 && (c < 'A' || c > 'Z');
    }

    private static boolean letter(char c) {
        return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
    }

    /** The token lower-cased, in one allocation (the name lists are lower case). */
    private static String nameKey(String text, int start, int end) {
        char[] key = new char[end - start];
        for (int i = start; i < end; i++) {
            key[i - start] = Character.toLowerCase(text.charAt(i));
        }
        return new String(key);
    }

    private static String lower(String text, int start, int end) {
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static Set<String> load(String resource) {
        try (InputStream in = PersonDetector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Set<String> names = new HashSet<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.trim());
                    }
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
