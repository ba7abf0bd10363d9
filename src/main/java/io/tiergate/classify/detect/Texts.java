package io.tiergate.classify.detect;

import java.util.Locale;
import java.util.Set;

/** Small checks on candidate values shared by the detectors: entropy, placeholders, character mix. */
final class Texts {

    private static final Set<String> PLACEHOLDER_VALUES = Set.of("password", "passwd", "pass", "secret", "token",
            "changeme", "change_me", "example", "placeholder", "redacted", "none", "null", "nil", "true", "false",
            "undefined", "empty", "dummy", "sample", "test", "xxx", "todo", "tbd", "default", "string", "value", "key");
    private static final String[] PLACEHOLDER_PARTS = {"xxx", "***", "your_", "your-", "yourpass", "yoursecret", "yourtoken",
            "<", ">", "${", "{{", "}}", "%(", "%s", "example", "placeholder", "redacted", "dummy", "changeme", "sample",
            "...", "replace_me", "replace-me", "insert_", "fake", "notreal", "not_a_real", "process.env", "os.environ",
            "getenv", "env[", "env(", "secrets.", "vault:", "$("};

    private Texts() {
    }

    /** A class of characters a candidate is made of. */
    @FunctionalInterface
    interface CharClass {
        boolean has(char c);
    }

    /** Where the run of {@code part} characters that ends at {@code at} starts, at most {@code max} characters back. */
    static int runStart(String text, int at, int max, CharClass part) {
        int start = at;
        while (start > 0 && at - start < max && part.has(text.charAt(start - 1))) {
            start--;
        }
        return start;
    }

    /** Where the run of {@code part} characters from {@code from} ends, before {@code limit} at the latest. */
    static int runEnd(String text, int from, int limit, CharClass part) {
        int end = from;
        int stop = Math.min(text.length(), limit);
        while (end < stop && part.has(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /** {@code end} moved back over the characters of {@code trailing} (sentence punctuation after a candidate), not below {@code floor}. */
    static int trimEnd(String text, int floor, int end, String trailing) {
        while (end > floor && trailing.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return end;
    }

    /** How many letters, digits and spaces {@code [from, to)} holds. */
    record Tally(int letters, int digits, int spaces) {
    }

    static Tally tally(String text, int from, int to) {
        int letters = 0;
        int digits = 0;
        int spaces = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 128) { // ASCII, most of any text: the answers of Character.isLetter and isDigit without their tables
                if ((char) ((c | 0x20) - 'a') < 26) {
                    letters++;
                } else if ((char) (c - '0') < 10) {
                    digits++;
                } else if (c == ' ') {
                    spaces++;
                }
            } else if (Character.isLetter(c)) {
                letters++;
            } else if (Character.isDigit(c)) {
                digits++;
            }
        }
        return new Tally(letters, digits, spaces);
    }

    /** Whether {@code [from, to)} holds one of {@code chars}. */
    static boolean containsAny(String text, int from, int to, String chars) {
        for (int i = from; i < to; i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double n = value.length();
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * Math.log(p) / Math.log(2);
        }
        return h;
    }

    /** A value that stands for a secret rather than being one: a placeholder, a template, a reference. */
    static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (PLACEHOLDER_VALUES.contains(lower) || lower.startsWith("$") || lower.startsWith("@")) {
            return true;
        }
        for (String part : PLACEHOLDER_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return allSameCharacter(value) || isSequence(lower);
    }

    /**
     * A token that stands for one: runs of {@code x}, {@code X}, {@code *} or {@code 0} ({@code sk_live_xxxxxxxx}),
     * angle brackets or templates ({@code ghp_<token>}, {@code ${TOKEN}}), {@code YOUR_...}, an ellipsis, or too few
     * distinct characters for a random value.
     */
    static boolean isPlaceholderToken(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.contains("xxxx") || lower.contains("****") || lower.contains("0000000") || lower.contains("<") || lower.contains(">")
                || lower.contains("your_") || lower.contains("your-") || lower.contains("yourkey") || lower.contains("...")
                || lower.contains("${") || lower.contains("{{") || lower.contains("redacted") || lower.contains("placeholder")) {
            return true;
        }
        return value.length() >= 24 && fewerDistinctThan(value, 10);
    }

    /** Whether {@code value} holds fewer than {@code limit} distinct UTF-16 units; as {@code chars().distinct().count() < limit}, without boxing each one. */
    static boolean fewerDistinctThan(String value, int limit) {
        long low = 0;
        long high = 0;
        java.util.Set<Character> other = null;
        int distinct = 0;
        for (int i = 0; i < value.length() && distinct < limit; i++) {
            char c = value.charAt(i);
            boolean fresh;
            if (c < 64) {
                fresh = (low & (1L << c)) == 0;
                low |= 1L << c;
            } else if (c < 128) {
                fresh = (high & (1L << (c - 64))) == 0;
                high |= 1L << (c - 64);
            } else {
                other = other == null ? new java.util.HashSet<>() : other;
                fresh = other.add(c);
            }
            distinct += fresh ? 1 : 0;
        }
        return distinct < limit;
    }

    static boolean allSameCharacter(String value) {
        return value.chars().distinct().count() <= 1;
    }

    /** {@code abcdef...}, {@code 123456...} and the like. */
    static boolean isSequence(String lower) {
        return "abcdefghijklmnopqrstuvwxyz".contains(lower) || "0123456789012345678901234567890".contains(lower)
                || "qwertyuiopasdfghjklzxcvbnm".contains(lower);
    }

    static boolean isUuid(String value) {
        if (value.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** How many of lower case, upper case and digits the value mixes. */
    static int characterClasses(String value) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            lower |= c >= 'a' && c <= 'z';
            upper |= c >= 'A' && c <= 'Z';
            digit |= c >= '0' && c <= '9';
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** An ASCII letter ({@code c | 0x20} folds only {@code A-Z} onto {@code a-z}). */
    static boolean isAsciiLetter(char c) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }

    /** An ASCII letter or digit ({@code \p{Alnum}} of {@code java.util.regex}). */
    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || isAsciiLetter(c);
    }

    /** RE2J's {@code \b} word character: an ASCII letter, digit or {@code _}. */
    static boolean isAsciiWordChar(char c) {
        return c == '_' || isAsciiLetterOrDigit(c);
    }

    /**
     * A character that would make a number part of a word in an alphabetic script: letters and digits
     * below the CJK ranges. Japanese and Chinese write no spaces, so a number right after a kana or
     * kanji is a number of its own ({@code 電話番号は070-1912-1024}).
     */
    static boolean isAlphabeticWordChar(char c) {
        return (Character.isLetterOrDigit(c) || c == '_') && c < 0x2E80;
    }
}
