package io.tiergate.classify.detect;

import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;
import java.util.Set;

/**
 * National identity numbers whose check digits can be verified, read off the number runs:
 * <ul>
 *   <li>ES DNI ({@code 12345678Z}) and NIE ({@code X1234567L}): the letter is the number mod 23;
 *   <li>IT codice fiscale ({@code RSSMRA85T10A562S}): the shape and the check character;
 *   <li>FR INSEE / NIR (15 digits, spaced or not): sex, month, and the key 97 - (number mod 97);
 *   <li>BR CPF ({@code 123.456.789-09}): two mod-11 check digits;
 *   <li>PL PESEL (11 digits): a valid birth date and the weighted check digit;
 *   <li>NL BSN (9 digits): the eleven-test.
 * </ul>
 * The first four are specific enough on their own. A bare PESEL, CPF or BSN is a run of digits
 * that one random number in ten passes, so it counts only after a context word ("BSN", "PESEL",
 * "CPF", "ID number", ...).
 */
public final class NationalIdDetector extends NumberRunDetector {

    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final int[] CF_ODD = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    private static final String CF_MONTHS = "ABCDEHLMPRST";
    private static final List<String> CONTEXT = List.of("bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "pesel", "cpf",
            "id number", "id_number", "id-number", "idnumber", "id no", "identity", "identification", "national id", "citizen",
            "nif", "nie", "dni", "insee", "nir", "sécurité sociale", "securite sociale", "codice fiscale", "documento", "ausweis",
            "personal number", "personnummer", "henkilötunnus");

    /** Context words that are also ordinary words in lower case (Polish "nie", "dni"): only as the acronym. */
    private static final Set<String> UPPER_CASE_ONLY = Set.of("nie", "nif", "dni", "nir");

    public NationalIdDetector() {
        super("national-id");
    }

    @Override
    boolean wanted(Scan.NumberRun run) {
        return run.digits() >= 2 && run.digits() <= 15;
    }

    @Override
    int inspect(Scan scan, Scan.NumberRun run, int reportedUpTo, Findings findings) {
        String text = scan.text();
        int n = text.length();
        int start = run.start();
        int end = run.end();
        if (run.digits() == 2 && end - start == 2) {
            codiceFiscale(text, start, findings);
            return reportedUpTo;
        }
        if (start < n && !Character.isDigit(text.charAt(start))) {
            return reportedUpTo; // + or (: a phone number
        }
        if (run.digits() == 6 && end < n && (text.charAt(end) == 'A' || text.charAt(end) == 'B') && text.charAt(end - 1) == '2') {
            corsicanInsee(text, start, end, findings);
            return reportedUpTo;
        }
        String written = text.substring(start, end);
        String digits = Digits.only(written);
        boolean bare = digits.length() == written.length();
        boolean wordBefore = start > 0 && Texts.isWordChar(text.charAt(start - 1));
        char after = end < n ? text.charAt(end) : ' ';
        boolean letterAfter = after >= 'A' && after <= 'Z' && (end + 1 >= n || !Texts.isWordChar(text.charAt(end + 1)));
        if (bare && letterAfter && (digits.length() == 8 || digits.length() == 7)) {
            dniOrNie(text, start, end, digits, findings);
        } else if (!wordBefore && !(end < n && Texts.isWordChar(after))) {
            checkDigits(scan, start, end, written, digits, bare, findings);
        }
        return reportedUpTo;
    }

    /** FR INSEE and BR CPF by their shape; PESEL, CPF and BSN written bare only after a context word. */
    private static void checkDigits(Scan scan, int start, int end, String written, String digits, boolean bare, Findings findings) {
        if (digits.length() == 15 && (bare || spacedLikeInsee(written)) && insee(digits)) {
            findings.add(FindingTypes.NATIONAL_ID, start, end, 0.9, "fr-insee");
        } else if (digits.length() == 11 && written.matches("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}") && cpf(digits)) {
            findings.add(FindingTypes.NATIONAL_ID, start, end, 0.95, "br-cpf");
        } else if (bare && (digits.length() == 11 || digits.length() == 9)
                && (contextBefore(scan.text(), start) || contextColumn(scan, start))) {
            if (digits.length() == 11 && (pesel(digits) || cpf(digits))) {
                findings.add(FindingTypes.NATIONAL_ID, start, end, 0.9, pesel(digits) ? "pl-pesel" : "br-cpf");
            } else if (digits.length() == 9 && bsn(digits)) {
                findings.add(FindingTypes.NATIONAL_ID, start, end, 0.9, "nl-bsn");
            }
        }
    }

    /** A context word, as a word of its own (and "NIE" in capitals: Polish "nie" is no NIE), in the 48 characters before {@code at}. */
    private static boolean contextBefore(String text, int at) {
        String original = text.substring(Math.max(0, at - 48), at);
        String before = original.toLowerCase(java.util.Locale.ROOT);
        for (String word : CONTEXT) {
            boolean acronym = UPPER_CASE_ONLY.contains(word);
            for (int i = before.indexOf(word); i >= 0; i = before.indexOf(word, i + 1)) {
                int end = i + word.length();
                if ((i == 0 || !Character.isLetter(before.charAt(i - 1))) && (end == before.length() || !Character.isLetter(before.charAt(end)))
                        && (!acronym || original.startsWith(word.toUpperCase(java.util.Locale.ROOT), i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A cell under a column named by a context word ({@code id_number}, {@code pesel}, {@code bsn}) in a table. */
    private static boolean contextColumn(Scan scan, int at) {
        String column = FieldLabels.columnAt(scan, at); // the scan's memo: the ids of one row share its header, as phone numbers do
        return column != null && contextBefore(column.toUpperCase(java.util.Locale.ROOT), column.length());
    }

    /** {@code 12345678Z} or {@code X1234567L}: the digits end at {@code end}, the letter follows. */
    private static void dniOrNie(String text, int start, int end, String digits, Findings findings) {
        char letter = text.charAt(end);
        if (digits.length() == 8) {
            if (start > 0 && Texts.isWordChar(text.charAt(start - 1))) {
                return;
            }
            if (DNI_LETTERS.charAt((int) (Long.parseLong(digits) % 23)) == letter) {
                findings.add(FindingTypes.NATIONAL_ID, start, end + 1, 0.95, "es-dni");
            }
            return;
        }
        if (start == 0 || "XYZ".indexOf(text.charAt(start - 1)) < 0 || (start > 1 && Texts.isWordChar(text.charAt(start - 2)))) {
            return;
        }
        long number = Long.parseLong("XYZ".indexOf(text.charAt(start - 1)) + digits);
        if (DNI_LETTERS.charAt((int) (number % 23)) == letter) {
            findings.add(FindingTypes.NATIONAL_ID, start - 1, end + 1, 0.95, "es-nie");
        }
    }

    /** A codice fiscale around its year digits at {@code at}: six letters, 2 digits, a month letter, 2 digits, a letter, 3 digits, the check letter. */
    private static void codiceFiscale(String text, int at, Findings findings) {
        int start = at - 6;
        int end = start + 16;
        if (start < 0 || end > text.length() || (start > 0 && Texts.isWordChar(text.charAt(start - 1)))
                || (end < text.length() && Texts.isWordChar(text.charAt(end)))) {
            return;
        }
        String cf = text.substring(start, end);
        for (int i = 0; i < 16; i++) {
            char c = cf.charAt(i);
            boolean digit = i == 6 || i == 7 || i == 9 || i == 10 || (i >= 12 && i <= 14);
            if (digit ? !Character.isDigit(c) : (c < 'A' || c > 'Z')) {
                return;
            }
        }
        if (CF_MONTHS.indexOf(cf.charAt(8)) < 0) {
            return;
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = cf.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? CF_ODD[v] : v;
        }
        if (cf.charAt(15) == (char) ('A' + sum % 26)) {
            findings.add(FindingTypes.NATIONAL_ID, start, end, 0.95, "it-codice-fiscale");
        }
    }

    /**
     * A NIR born in Corsica: département {@code 2A} or {@code 2B} where the others have two digits
     * ({@code 191112A00424032}, {@code 1 91 11 2A 004 240 32}); the key is computed with 2A read as 19
     * and 2B as 18. {@code letterAt} is where the A or B stands.
     */
    private static void corsicanInsee(String text, int start, int letterAt, Findings findings) {
        if (start > 0 && Texts.isWordChar(text.charAt(start - 1))) {
            return;
        }
        StringBuilder compact = new StringBuilder(15);
        int i = start;
        int n = text.length();
        while (i < n && compact.length() < 15 && i - start < 24) {
            char c = text.charAt(i);
            if (Character.isDigit(c) || (i == letterAt)) {
                compact.append(c);
            } else if (c != ' ' || i + 1 >= n || !(Character.isDigit(text.charAt(i + 1)) || i + 1 == letterAt)) {
                break;
            }
            i++;
        }
        if (compact.length() != 15 || (i < n && Texts.isWordChar(text.charAt(i)))) {
            return;
        }
        compact.replace(5, 7, compact.charAt(6) == 'A' ? "19" : "18");
        String digits = compact.toString();
        if (digits.chars().allMatch(Character::isDigit) && insee(digits)) {
            findings.add(FindingTypes.NATIONAL_ID, start, i, 0.9, "fr-insee");
        }
    }

    /** {@code 2 63 09 29 232 354 15}: the NIR's groups. */
    private static boolean spacedLikeInsee(String written) {
        return written.matches("\\d [0-9]{2} [0-9]{2} [0-9]{2} [0-9]{3} [0-9]{3} [0-9]{2}");
    }

    static boolean insee(String d) {
        char sex = d.charAt(0);
        int month = Integer.parseInt(d.substring(3, 5));
        if ((sex != '1' && sex != '2' && sex != '7' && sex != '8') || !((month >= 1 && month <= 12) || month >= 20)) {
            return false;
        }
        long number = Long.parseLong(d.substring(0, 13));
        return 97 - number % 97 == Integer.parseInt(d.substring(13));
    }

    static boolean cpf(String d) {
        if (d.chars().distinct().count() == 1) {
            return false;
        }
        for (int check = 9; check <= 10; check++) {
            int sum = 0;
            for (int i = 0; i < check; i++) {
                sum += (d.charAt(i) - '0') * (check + 1 - i);
            }
            int digit = sum * 10 % 11 % 10;
            if (digit != d.charAt(check) - '0') {
                return false;
            }
        }
        return true;
    }

    static boolean pesel(String d) {
        int[] weights = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += (d.charAt(i) - '0') * weights[i];
        }
        int month = Integer.parseInt(d.substring(2, 4)) % 20;
        int day = Integer.parseInt(d.substring(4, 6));
        return (10 - sum % 10) % 10 == d.charAt(10) - '0' && month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    static boolean bsn(String d) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (d.charAt(i) - '0') * (9 - i);
        }
        sum -= d.charAt(8) - '0';
        return sum % 11 == 0 && sum != 0;
    }
}
