package io.tiergate.classify.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.FindingTypes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.validator.routines.EmailValidator;
import org.junit.jupiter.api.Test;

/** The shortcuts that spare the detectors work (issue 11's speed): each must answer what the long way answers. */
class ScanShortcutsTest {

    @Test
    void theRowRememberedIsTheRowAsked() {
        // two tables in one text: the second row's header is not the first's
        String text = "intro\nname,phone\nAda,0471 123456\n\nsku;tel;note\nA-1;699 956 915;x\n";
        FieldLabels.Rows rows = new FieldLabels.Rows();
        assertThat(FieldLabels.columnAt(text, text.indexOf("0471"), rows)).isEqualTo("phone");
        assertThat(FieldLabels.columnAt(text, text.indexOf("Ada"), rows)).isEqualTo("name");
        assertThat(FieldLabels.columnAt(text, text.indexOf("699"), rows)).isEqualTo("tel");
        assertThat(FieldLabels.columnAt(text, text.indexOf(";x") + 1, rows)).isEqualTo("note");
        assertThat(FieldLabels.columnAt(text, text.indexOf("0471"), rows)).isEqualTo("phone");
    }

    @Test
    void aRowIsReadFromItsStartSoEveryValueOfItGetsTheSameColumn() {
        // a row longer than FieldLabels.MAX_LINE: its third separator stands past the first MAX_LINE characters,
        // but within MAX_LINE of the second value; both values stand in the phone cell
        String start = "Ada,0471 123456,";
        String row = start + "x".repeat(FieldLabels.MAX_LINE + 7 - start.length()) + ",extra";
        String text = "name,phone,note\n" + row + "\n";
        int first = text.indexOf("0471");
        int second = text.indexOf("123456");
        assertThat(FieldLabels.columnAt(text, first)).isEqualTo("phone");
        assertThat(FieldLabels.columnAt(text, second)).isEqualTo(FieldLabels.columnAt(text, first));
        FieldLabels.Rows rows = new FieldLabels.Rows();
        assertThat(FieldLabels.columnAt(text, first, rows)).isEqualTo("phone");
        assertThat(FieldLabels.columnAt(text, second, rows)).isEqualTo("phone");
    }

    @Test
    void separatorsInsideQuotesDoNotCountAndTheFirstOfEqualsWins() {
        assertThat(FieldLabels.separatorOf("\"a,b\";c;d", 0, 9)).isEqualTo(';');
        assertThat(FieldLabels.separatorOf("a,b;c", 0, 5)).isEqualTo(',');
        assertThat(FieldLabels.separatorOf("a|b\tc|d", 0, 7)).isEqualTo('|');
        assertThat(FieldLabels.separatorOf("plain words", 0, 11)).isEqualTo((char) 0);
        String row = "\"x,y\",2,3";
        assertThat(FieldLabels.cell(row, 0, row.length(), ',', 0)).containsExactly(0, 5);
        assertThat(FieldLabels.cell(row, 0, row.length(), ',', 2)).containsExactly(8, 9);
        assertThat(FieldLabels.cell(row, 0, row.length(), ',', 3)).isNull();
        assertThat(FieldLabels.cells(row, 0, row.length(), ',')).isEqualTo(3);
    }

    @Test
    void aDottedQuadIsWhatThePatternMatches() {
        java.util.Random random = new java.util.Random(28);
        List<String> values = new java.util.ArrayList<>(List.of("203.0.113.42", "8.8.8.8", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "1..2.3",
                ".1.2.3", "1.2.3.", "", "١.2.3.4", "999.999.999.999"));
        for (int v = 0; v < 50_000; v++) {
            StringBuilder value = new StringBuilder();
            for (int chars = random.nextInt(17), i = 0; i < chars; i++) {
                value.append(random.nextInt(4) == 0 ? ".-( /a\u0661".charAt(random.nextInt(7)) : (char) ('0' + random.nextInt(10)));
            }
            values.add(value.toString());
        }
        for (String value : values) {
            assertThat(IpAddressDetector.dottedQuad(value)).as(value).isEqualTo(IpAddressDetector.V4.matcher(value).matches());
        }
    }

    @Test
    void aNinoIsReadWhereThePatternFindsIt() {
        java.util.Random random = new java.util.Random(28);
        String pieces = "AB CE ZZ QQ DO OA TD  0123456789 12 34 56 C D E _ a \u00e9\n";
        for (int t = 0; t < 100_000; t++) {
            StringBuilder text = new StringBuilder();
            for (int chars = random.nextInt(40), i = 0; i < chars; i++) {
                text.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            if (random.nextBoolean()) {
                String space = random.nextBoolean() ? " " : "";
                String nino = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + space + "12" + space + "34" + space
                        + "56" + space + (char) ('A' + random.nextInt(5));
                text.insert(random.nextInt(text.length() + 1), nino);
            }
            String s = text.toString();
            int lo = random.nextInt(3) == 0 ? random.nextInt(s.length() + 1) : 0;
            int hi = random.nextInt(3) == 0 ? lo + random.nextInt(s.length() - lo + 1) : s.length();
            List<Integer> byPattern = new java.util.ArrayList<>();
            com.google.re2j.Matcher m = UkNinoDetector.CANDIDATE.matcher(s.substring(lo, hi));
            while (m.find()) {
                byPattern.add(lo + m.start());
                byPattern.add(lo + m.end());
            }
            List<Integer> byHand = new java.util.ArrayList<>();
            for (int at = lo, end; (end = UkNinoDetector.find(s, at, lo, hi)) >= 0; at = end) {
                byHand.add(UkNinoDetector.matchStart(s, end));
                byHand.add(end);
            }
            assertThat(byHand).as("[" + s.substring(lo, hi) + "]").isEqualTo(byPattern);
        }
    }

    @Test
    void distinctCharactersAreCountedAsTheStreamCountsThem() {
        java.util.Random random = new java.util.Random(28);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-?@\u00e9\u00fc\u4e2d\ud83d\ude00";
        for (int t = 0; t < 20_000; t++) {
            StringBuilder value = new StringBuilder();
            int span = 1 + random.nextInt(alphabet.length());
            for (int chars = random.nextInt(40), i = 0; i < chars; i++) {
                value.append(alphabet.charAt(random.nextInt(span)));
            }
            String v = value.toString();
            int limit = 1 + random.nextInt(14);
            assertThat(Texts.fewerDistinctThan(v, limit)).as(v + " < " + limit).isEqualTo(v.chars().distinct().count() < limit);
        }
    }

    @Test
    void aRegionsFewestDigitsAreThoseOfItsShortestValidNumber() {
        assertThat(PhoneDetector.fewestDigits("US")).isEqualTo(10); // NANP: ten digits, seven-digit local numbers are not valid
        assertThat(PhoneDetector.fewestDigits("GB")).isEqualTo(7); // 0800 1111 and other seven-digit numbers
        assertThat(PhoneDetector.fewestDigits("CA")).isZero(); // not the main region of +1: no shortcut
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (String region : util.getSupportedRegions()) {
            int fewest = PhoneDetector.fewestDigits(region);
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example != null && util.isValidNumberForRegion(example, region)) {
                    assertThat(util.getNationalSignificantNumber(example).length()).as(region + " " + type).isGreaterThanOrEqualTo(fewest);
                }
            }
        }
    }

    @Test
    void aCandidateParsesAsItsDigitsDo() throws Exception {
        // PhoneDetector parses a number run's digits (and its +): the same number, or the same refusal, in every region
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        java.util.Random random = new java.util.Random(24);
        List<String> candidates = new java.util.ArrayList<>(List.of("+44 20 7946 0958", "(650) 253-0000", "0772312268", "0005282462",
                "+49 (0)30 1234 5678", "030/1234-5678", "12 34 56", "+1 650.253.0000", "011 44 20 7946 0958", "(0) 1234--567"));
        for (int c = 0; c < 100; c++) {
            StringBuilder run = new StringBuilder(random.nextInt(4) == 0 ? "+" : random.nextInt(6) == 0 ? "(" : "");
            for (int digits = 6 + random.nextInt(10), i = 0; i < digits; i++) {
                run.append((char) ('0' + random.nextInt(10)));
                if (i + 1 < digits && random.nextInt(3) == 0) {
                    run.append(" -./()".charAt(random.nextInt(6)));
                }
            }
            candidates.add(run.toString());
        }
        List<String> regions = new java.util.ArrayList<>(util.getSupportedRegions());
        regions.add("ZZ");
        for (String candidate : candidates) {
            String digits = PhoneDetector.digitsOf(candidate);
            assertThat(digits).matches("\\+?[0-9]+");
            for (String region : regions) {
                assertThat(parsed(util, digits, region)).as(candidate + " in " + region).isEqualTo(parsed(util, candidate, region));
            }
        }
    }

    @Test
    void anInternationalNumberReadByHandIsTheOneLibphonenumberParses() {
        // every calling code: its regions' example numbers, with a national prefix and leading zeros before them, and random digits
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        java.util.Random random = new java.util.Random(26);
        List<String> dialables = new java.util.ArrayList<>(List.of("+442079460958", "+4903012345678", "+390612345678", "+12025550123",
                "+11234567890", "+0442079460958", "+8001234", "+9991234567", "+44", "+4412"));
        for (int code : util.getSupportedCallingCodes()) {
            List<String> nationals = new java.util.ArrayList<>();
            for (String region : util.getRegionCodesForCountryCode(code)) {
                for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                    PhoneNumber example = "001".equals(region) ? util.getExampleNumberForNonGeoEntity(code) : util.getExampleNumberForType(region, type);
                    if (example != null) {
                        nationals.add(util.getNationalSignificantNumber(example));
                    }
                }
            }
            for (int i = 0; i < 20; i++) {
                StringBuilder digits = new StringBuilder();
                for (int n = 2 + random.nextInt(13); digits.length() < n; ) {
                    digits.append((char) ('0' + random.nextInt(10)));
                }
                nationals.add(digits.toString());
            }
            for (String national : nationals) {
                for (String lead : List.of("", "0", "00", "1", "8", "9")) {
                    dialables.add("+" + code + lead + national);
                }
            }
        }
        int byHand = 0;
        for (String dialable : dialables) {
            String library = core(InternationalNumbers.parsedByLibrary(dialable));
            PhoneNumber hand = InternationalNumbers.byHand(dialable);
            if (hand != null) {
                byHand++;
                assertThat(core(hand)).as(dialable + " by hand").isEqualTo(library);
            }
            assertThat(core(InternationalNumbers.parse(dialable))).as(dialable).isEqualTo(library);
        }
        assertThat(byHand).as("numbers read by hand, of " + dialables.size()).isGreaterThan(dialables.size() / 2);
    }

    /** The fields of a parsed number that validity reads. */
    private static String core(PhoneNumber number) {
        return number == null ? "refused" : number.getCountryCode() + "/" + number.getNationalNumber() + "/" + number.isItalianLeadingZero() + "/"
                + number.getNumberOfLeadingZeros() + "/" + number.getExtension();
    }

    private static Object parsed(PhoneNumberUtil util, String text, String region) {
        try {
            return util.parse(text, region);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            return e.getErrorType();
        }
    }

    @Test
    void operatorsAreFoundWhereverTheyStartInTheLine() {
        for (String op : new String[] {"==", "!=", "=>", "->", "::", "&&", "||", "+=", "-=", ":=", "<=", ">=", "++", "();", "){", "[]"}) {
            String line = "some words " + op;
            int[] at = java.util.stream.IntStream.range(0, line.length()).filter(i -> SourceCodeDetector.operatorAt(line, i, line.length())).toArray();
            assertThat(at).as(op).containsExactly(line.length() - op.length());
        }
        assertThat(java.util.stream.IntStream.range(0, 3).anyMatch(i -> SourceCodeDetector.operatorAt("a(;", i, 3))).isFalse();
        assertThat(Arrays.asList("=", "-", "()", "x")).noneMatch(s -> SourceCodeDetector.operatorAt(s, 0, s.length()));
    }

    @Test
    void aLineThatReadsAsProseEndsTheCodeBlockBeforeIt() {
        String text = "int x = compute(1);\nint y = compute(2);\n"
                + "We keep pull requests small and explain why the change is needed at all.\n"
                + "int z = compute(3);\nint w = compute(4);\n";
        List<String> code = new Classifier().classify(text).findings().stream()
                .filter(f -> f.type().equals(FindingTypes.SOURCE_CODE)).map(f -> text.substring(f.start(), f.end())).toList();
        assertThat(code).containsExactly("int x = compute(1);\nint y = compute(2);", "int z = compute(3);\nint w = compute(4);");
    }

    @Test
    void aWordsRolesAreTheListsItIsIn() {
        Map<Set<String>, Integer> lists = PersonDetector.lists();
        Set<String> words = new HashSet<>(List.of("grace", "the", "smith", "dear", "zzyzx"));
        lists.keySet().forEach(words::addAll);
        for (String word : words) {
            int roles = PersonDetector.roles(word);
            lists.forEach((list, bit) -> assertThat((roles & bit) != 0).as(word + " " + bit).isEqualTo(list.contains(word)));
        }
    }

    @Test
    void aNameStartsOnlyWhereAWordStarts() {
        // the token pass jumps over lower-case letters: a capital inside a word must not start a token of its own
        Classifier classifier = new Classifier();
        for (String text : new String[] {"Ask macJohn Smith today.", "Ask éJohn Smith today.", "Ask macŁukasz Nowak today."}) {
            assertThat(names(classifier, text)).as(text).isEmpty();
        }
        assertThat(names(classifier, "Ask x9John Smith today.")).containsExactly("John Smith");
        assertThat(names(classifier, "Ask mac John Smith today, or Łukasz Nowak.")).containsExactly("John Smith", "Łukasz Nowak");
    }

    private static List<String> names(Classifier classifier, String text) {
        return classifier.classify(text).findings().stream().filter(f -> f.type().equals(FindingTypes.PERSON))
                .map(f -> text.substring(f.start(), f.end())).toList();
    }

    @Test
    void theTallyCountsEveryCharacterAsTheCharacterClassesDo() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String one = String.valueOf((char) c);
            Texts.Tally expected = new Texts.Tally(Character.isLetter(c) ? 1 : 0, !Character.isLetter(c) && Character.isDigit(c) ? 1 : 0, c == ' ' ? 1 : 0);
            assertThat(Texts.tally(one, 0, 1)).as("U+%04X", c).isEqualTo(expected);
        }
    }

    @Test
    void runsAroundAnAnchorStopAtTheirClassAndTheirBounds() {
        String text = "mail: a.b-c@ex-ample.org. end";
        int at = text.indexOf('@');
        assertThat(Texts.runStart(text, at, 64, c -> c != ' ')).isEqualTo(6);
        assertThat(Texts.runStart(text, at, 3, c -> c != ' ')).isEqualTo(at - 3);
        int end = Texts.runEnd(text, at + 1, at + 255, c -> c != ' ');
        assertThat(text.substring(at + 1, end)).isEqualTo("ex-ample.org.");
        assertThat(Texts.runEnd(text, at + 1, at + 3, c -> true)).isEqualTo(at + 3);
        assertThat(Texts.runEnd("ab", 0, 99, c -> true)).isEqualTo(2);
        assertThat(Texts.trimEnd(text, at + 1, end, ".-")).isEqualTo(end - 1);
        assertThat(Texts.trimEnd("a..", 1, 3, ".")).isEqualTo(1);
        assertThat(Texts.tally("Apt 4b, 2nd", 0, 11)).isEqualTo(new Texts.Tally(6, 2, 2));
        assertThat(Texts.containsAny("a{b", 0, 3, "{}")).isTrue();
        assertThat(Texts.containsAny("a{b", 2, 3, "{}")).isFalse();
    }

    @Test
    void aLinesSeparatorsAreCountedAsACharacterByCharacterReadingCountsThem() {
        // separatorCounts skips all but quotes and separators in a loop of its own, and cells() counts in one pass:
        // the counts must be those of the plain loop
        java.util.Random random = new java.util.Random(26);
        String alphabet = "abcXYZ 09.:;<=>{}|~\t,\"'éЖ電\r-_#!$&()*+/?@[\\]^`\u0001\u007f";
        for (int c = 0; c < 2_000; c++) {
            StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(120); i > 0; i--) {
                line.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) ('a' + random.nextInt(26)));
            }
            String text = line.toString();
            int start = random.nextInt(text.length() + 1);
            int end = start + random.nextInt(text.length() - start + 1);
            int[] plain = plainCounts(text, start, end);
            assertThat(FieldLabels.separatorCounts(text, start, end)).as("[%s] %d-%d", text, start, end).containsExactly(plain);
            for (int k = 0; k < plain.length; k++) {
                assertThat(FieldLabels.cells(text, start, end, ",;\t|".charAt(k))).as("[%s] %d-%d", text, start, end).isEqualTo(plain[k] + 1);
            }
        }
    }

    private static int[] plainCounts(String text, int start, int end) {
        int[] counts = new int[4];
        boolean quoted = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && ",;\t|".indexOf(c) >= 0) {
                counts[",;\t|".indexOf(c)]++;
            }
        }
        return counts;
    }

    @Test
    void noDigitCountSparesTheWordsBeforeANumber() throws Exception {
        // a run of as few digits as the phone detector reads (6) is a phone number after a phone word: possible in GB
        // (local-only lengths 4 to 6 there) and valid in AT, so its count alone never lets the words go unread
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        assertThat(util.isPossibleNumberWithReason(util.parse("123456", "GB"))).isEqualTo(PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY);
        assertThat(util.isValidNumber(util.parse("123456", "AT"))).isTrue();
        Classifier classifier = new Classifier();
        assertThat(classifier.classify("Phone: 12 34 56 please.").findings()).extracting(f -> f.type()).containsExactly(FindingTypes.PHONE);
        assertThat(classifier.classify("Tel. 12 34 56").findings()).extracting(f -> f.type()).containsExactly(FindingTypes.PHONE);
        assertThat(classifier.classify("Order 12 34 56 shipped.").findings()).isEmpty();
    }

    @Test
    void anAddressIsValidWhereCommonsValidatorSaysItIs() {
        // the detector reads a candidate of its characters by hand and checks it as EmailValidator(false, false)
        // does: both must answer alike, on candidates near every limit (lengths, dots, hyphens, top-level domains)
        EmailValidator validator = EmailValidator.getInstance(false, false);
        java.util.Random random = new java.util.Random(31);
        List<String> tlds = List.of("com", "org", "uk", "de", "io", "museum", "internal", "local", "localhost", "test", "example",
                "invalid", "xn--p1ai", "c0m", "1com", "co-", "-co", "x", "COM", "Org", "ab", "zz");
        int valid = 0;
        int tested = 0;
        for (int c = 0; c < 20_000; c++) {
            StringBuilder address = new StringBuilder();
            int local = random.nextInt(8) == 0 ? 60 + random.nextInt(8) : random.nextInt(12);
            for (int i = 0; i < local; i++) {
                address.append("aZ9._%+-".charAt(random.nextInt(random.nextInt(3) == 0 ? 8 : 3)));
            }
            int at = address.length();
            address.append('@');
            for (int label = random.nextInt(4); label >= 0; label--) {
                int length = random.nextInt(10) == 0 ? 61 + random.nextInt(5) : random.nextInt(9);
                for (int i = 0; i < length; i++) {
                    address.append("aZ09-".charAt(random.nextInt(random.nextInt(4) == 0 ? 5 : 3)));
                }
                address.append('.');
            }
            address.append(random.nextInt(6) == 0 ? "" : tlds.get(random.nextInt(tlds.size())));
            if (random.nextInt(12) == 0) {
                address.append('.');
            }
            if (random.nextInt(40) == 0) {
                address.insert(at + 1, "a".repeat(250));
            }
            String text = address.toString();
            if (at == 0 || text.length() == at + 1) {
                continue; // the detector reads no candidate without a local part or a domain
            }
            boolean expected = validator.isValid(text);
            assertThat(EmailDetector.isValidAddress(text, 0, at, text.length())).as(text).isEqualTo(expected);
            valid += expected ? 1 : 0;
            tested++;
        }
        assertThat(valid).as("valid among %d", tested).isBetween(tested / 20, tested - tested / 20);
    }
}
