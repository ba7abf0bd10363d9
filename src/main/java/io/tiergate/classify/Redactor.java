package io.tiergate.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replaces findings with placeholders, consistently within one request: one Redactor per request,
 * and the same value of a type gets the same placeholder ({@code <EMAIL_1>}) in every text it
 * redacts. Values are held only in memory for the request's lifetime and never leave it.
 */
public final class Redactor {

    private final Map<String, Map<String, Integer>> numbers = new HashMap<>();

    /** {@code text} with each chosen finding (its span in {@code text}) replaced; a finding inside another chosen one goes with it. */
    public String redact(String text, List<Finding> findings, Predicate<Finding> chosen) {
        List<Finding> spans = new ArrayList<>();
        for (Finding f : findings) {
            if (chosen.test(f)) {
                spans.add(f);
            }
        }
        if (spans.isEmpty()) {
            return text;
        }
        spans.sort(Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(Finding::end).reversed()));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : spans) {
            if (f.start() < at) {
                continue;
            }
            out.append(text, at, f.start()).append(placeholder(f.type(), text.substring(f.start(), f.end())));
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    private String placeholder(String type, String value) {
        Map<String, Integer> ofType = numbers.computeIfAbsent(type, t -> new HashMap<>());
        int n = ofType.computeIfAbsent(normalized(type, value), v -> ofType.size() + 1);
        return "<" + type + "_" + n + ">";
    }

    /** The same e-mail address in another case, the same card with other spacing: one placeholder. */
    private static String normalized(String type, String value) {
        return switch (type) {
            case FindingTypes.EMAIL -> value.toLowerCase(Locale.ROOT);
            case FindingTypes.PAYMENT_CARD, FindingTypes.PHONE, FindingTypes.IBAN, FindingTypes.US_SSN, FindingTypes.UK_NINO -> {
                StringBuilder compact = new StringBuilder(value.length());
                value.chars().filter(Character::isLetterOrDigit).map(Character::toUpperCase).forEach(c -> compact.append((char) c));
                yield compact.toString();
            }
            default -> value;
        };
    }
}
