package io.tiergate.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tiergate.bench.BenchTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ahocorasick.trie.Trie;
import org.junit.jupiter.api.Test;

class KeywordAutomatonTest {

    private static List<String> occurrences(KeywordAutomaton automaton, String text) {
        List<String> found = new ArrayList<>();
        automaton.occurrences(text, (start, k) -> found.add(start + ":" + automaton.keyword(k)));
        return found;
    }

    @Test
    void findsOverlappingAndNestedKeywordsCaseInsensitively() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("he", "she", "his", "hers", "tel", "telefon", "住所"));
        assertThat(occurrences(automaton, "uSHErs")).containsExactly("1:she", "2:he", "2:hers");
        assertThat(occurrences(automaton, "Telefon: 0301234567, hotel, 住所は")).containsExactly(
                "0:tel", "0:telefon", "23:tel", "28:住所");
        assertThat(occurrences(automaton, "nothing to see")).isEmpty();
        assertThat(occurrences(automaton, "")).isEmpty();
    }

    @Test
    void foldsEachCharacterTheWayTheLibraryDid() {
        // İ (U+0130) folds to i, K (Kelvin sign) to k, ß stays ß: one UTF-16 unit at a time
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("ik", "straße"));
        assertThat(occurrences(automaton, "\u0130\u212A STRASSE Straße")).containsExactly("0:ik", "11:straße");
    }

    @Test
    void ignoresDuplicateAndEmptyKeywords() {
        KeywordAutomaton automaton = new KeywordAutomaton(List.of("key", "", "key", "api_key"));
        assertThat(occurrences(automaton, "API_KEY")).containsExactly("0:api_key", "4:key");
    }

    /** The same occurrences as org.ahocorasick (the library this replaces) on prose, findings and random text. */
    @Test
    void agreesWithTheAhoCorasickLibrary() {
        List<String> keywords = new ArrayList<>(List.of("a", "ab", "abc", "bca", "cab", "c", "tel", "phone", "password", "ghp_",
                "akia", "@", "://", "-----begin", "straße", "rue", "via", "住所", "私書箱", "box", "po box", "key", "api_key", "sk"));
        KeywordAutomaton automaton = new KeywordAutomaton(keywords);
        Trie trie = Trie.builder().ignoreCase().addKeywords(keywords).build();
        Random random = new Random(11);
        List<String> texts = new ArrayList<>(List.of(BenchTexts.prose(8192), BenchTexts.dense(8192)));
        String alphabet = "abcABC tTeElL@:/-_ßSsTRAẞ住所私書箱xyz";
        for (int t = 0; t < 200; t++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(300); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            List<String> expected = new ArrayList<>();
            trie.parseText(text, emit -> {
                expected.add(emit.getStart() + ":" + emit.getKeyword());
                return true;
            });
            List<String> actual = occurrences(automaton, text);
            assertThat(actual).as(text).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * A text of {@link KeywordAutomaton#INTERLEAVED_FROM} characters or more is read as two halves at
     * once: the same occurrences, in the same order, as one walk from the start finds; keywords
     * that straddle the middle, end just before it or just at it included.
     */
    @Test
    void aLongTextReadInTwoHalvesGivesWhatOneWalkGives() {
        String longKeyword = "-----begin openssh private key-----";
        List<String> keywords = List.of("a", "ab", "bca", "c", "tel", "telefon", "@", "://", longKeyword, "key", "sk", "住所");
        KeywordAutomaton automaton = new KeywordAutomaton(keywords);
        Random random = new Random(29);
        String alphabet = "abcABC tTeElLfFoOnN@:/-_kKyYsS住所";
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            int length = KeywordAutomaton.INTERLEAVED_FROM + random.nextInt(600) - (t % 4 == 0 ? 40 : 0);
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                text.append(random.nextInt(20) == 0 ? keywords.get(random.nextInt(keywords.size()))
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            texts.add(text.substring(0, length));
        }
        for (int length : new int[] {KeywordAutomaton.INTERLEAVED_FROM, KeywordAutomaton.INTERLEAVED_FROM + 1, 1001}) {
            for (int offset = -longKeyword.length(); offset <= 1; offset++) { // the long keyword across, before and at the middle
                StringBuilder text = new StringBuilder("x".repeat(length));
                int at = length / 2 + offset;
                text.replace(at, at + longKeyword.length(), longKeyword);
                texts.add(text.substring(0, length));
            }
        }
        for (String text : texts) {
            List<String> oneWalk = new ArrayList<>();
            automaton.walk(text, (start, k) -> oneWalk.add(start + ":" + automaton.keyword(k)));
            assertThat(occurrences(automaton, text)).as(text).containsExactlyElementsOf(oneWalk);
        }
        assertThat(occurrences(automaton, texts.get(texts.size() - 1))).contains((1001 / 2 + 1) + ":" + longKeyword);
    }
}
