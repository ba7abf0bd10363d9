package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import io.tiergate.classify.ClassifierSettings.CustomDetector;
import io.tiergate.classify.ClassifierSettings.Validator;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * A detector defined by configuration ({@code tiergate.classify.detectors.*}), typically the
 * organisation's customer identifiers: a pattern that runs near its keywords or context words,
 * an optional check digit, and context words that must stand shortly before a match.
 */
public final class CustomPatternDetector extends NamedDetector {

    private final CustomDetector spec;

    public CustomPatternDetector(CustomDetector spec) {
        super(spec.name(), keywordsOf(spec));
        this.spec = spec;
    }

    /** Its keywords and its context words: either announces a match. */
    private static Set<String> keywordsOf(CustomDetector spec) {
        Set<String> all = new HashSet<>(spec.keywords());
        all.addAll(spec.contextWords());
        return all;
    }

    @Override
    public void detect(Scan scan, Findings findings) {
        String text = scan.text();
        int reach = spec.contextDistance() + spec.maxLength();
        for (Window window : scan.windowsAroundHits(spec.maxLength(), reach)) {
            if (scan.outOfTime()) {
                return;
            }
            Matcher m = spec.pattern().matcher(window.of(text));
            while (m.find()) {
                int start = window.start() + m.start();
                boolean context = spec.contextWords().isEmpty() || scan.wordBefore(start, spec.contextDistance(), spec.contextWords());
                if (context && m.end() > m.start() && checks(m.group(), spec.validator())) {
                    if (spec.tier().isPresent()) {
                        findings.add(spec.type(), start, window.start() + m.end(), spec.score(), name(), spec.tier().get());
                    } else {
                        findings.add(spec.type(), start, window.start() + m.end(), spec.score(), name());
                    }
                }
            }
        }
    }

    static boolean checks(String value, Validator validator) {
        return switch (validator) {
            case NONE -> true;
            case LUHN -> {
                String digits = Digits.only(value);
                yield digits.length() >= 2 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits);
            }
            case MOD97 -> mod97(value);
            case MOD11 -> mod11(value);
        };
    }

    /** ISO 7064 mod 97-10 over the letters and digits (letters count 10 to 35): the remainder is 1. */
    static boolean mod97(String value) {
        int remainder = 0;
        int symbols = 0;
        for (int i = 0; i < value.length(); i++) {
            int v = Character.digit(value.charAt(i), 36);
            if (v < 0) {
                continue;
            }
            symbols++;
            remainder = (v < 10 ? remainder * 10 + v : remainder * 100 + v) % 97;
        }
        return symbols >= 3 && remainder == 1;
    }

    /** ISO 7064 mod 11-2 over the digits, the last character a digit or X. */
    static boolean mod11(String value) {
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = Character.toUpperCase(value.charAt(i));
            if (Character.isDigit(c) || c == 'X') {
                symbols.append(c);
            }
        }
        if (symbols.length() < 2 || symbols.indexOf("X") >= 0 && symbols.indexOf("X") != symbols.length() - 1) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < symbols.length() - 1; i++) {
            sum = (sum + (symbols.charAt(i) - '0')) * 2 % 11;
        }
        int check = (12 - sum % 11) % 11;
        char last = symbols.charAt(symbols.length() - 1);
        return check == 10 ? last == 'X' : last == (char) ('0' + check);
    }
}
