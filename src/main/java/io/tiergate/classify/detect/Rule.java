package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.FindingTypes;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One keyword-anchored pattern of a detector: which literals announce it, the RE2J pattern (its
 * group 1 is the finding), and a check on the matched value (entropy, placeholder filters, a
 * checksum; credentials that are placeholders, {@code sk_live_xxxx...}, {@code ghp_<token>}, are always
 * refused). The pattern runs only in a small slice around each occurrence of one of its
 * keywords: from {@code before} characters before it to {@code after} characters after it. A pattern
 * of the shape most token rules have is read by hand ({@link TokenShape}, null for any other).
 */
record Rule(String detector, String type, List<String> keywords, Pattern pattern, TokenShape shape, int before, int after, double score,
        Predicate<String> accept) {

    Rule {
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    }

    /** A rule whose match starts at its keyword and is at most {@code length} long. */
    static Rule of(String detector, String type, List<String> keywords, String regex, int length, double score) {
        return new Rule(detector, type, keywords, Pattern.compile(regex), TokenShape.of(regex), 1, length, score, v -> true);
    }

    /** The same rule, for matches that may start up to {@code before} characters ahead of the keyword. */
    Rule reachingBack(int chars) {
        return new Rule(detector, type, keywords, pattern, shape, chars, after, score, accept);
    }

    Rule accepting(Predicate<String> check) {
        return new Rule(detector, type, keywords, pattern, shape, before, after, score, check);
    }

    /** The keywords of all the rules: what the detector declares to the prefilter. */
    static Set<String> keywordsOf(List<Rule> rules) {
        Set<String> all = new LinkedHashSet<>();
        rules.forEach(r -> all.addAll(r.keywords()));
        return Set.copyOf(all);
    }

    /** Runs each rule around each occurrence of its keywords. */
    static void runAll(List<Rule> rules, Scan scan, Findings findings) {
        String text = scan.text();
        int[] reported = new int[rules.size()];
        for (Scan.Hit hit : scan.hits()) {
            if (scan.outOfTime()) {
                return;
            }
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                if (rule.keywords.contains(hit.keyword())) {
                    reported[r] = rule.report(text, hit.position(), reported[r], findings);
                }
            }
        }
    }

    /** Reports matches in the slice around {@code at} that end after {@code reportedUpTo}; returns the new high mark. */
    private int report(String text, int at, int reportedUpTo, Findings findings) {
        int from = Math.max(Math.max(0, at - before), reportedUpTo);
        int to = Math.min(text.length(), at + after);
        if (from >= to) {
            return reportedUpTo;
        }
        // one character of context on each side, so that \b and (?:^|...) mean what they mean in the whole text
        int sliceStart = Math.max(0, from - 1);
        int sliceEnd = Math.min(text.length(), to + 1);
        if (shape != null) {
            return reportShaped(text, sliceStart, sliceEnd, reportedUpTo, findings);
        }
        String slice = text.substring(sliceStart, sliceEnd);
        Matcher m = pattern.matcher(slice);
        int high = reportedUpTo;
        boolean credential = FindingTypes.CREDENTIALS.contains(type);
        while (m.find()) {
            if (m.group(1) == null) {
                continue;
            }
            high = offer(m.group(1), sliceStart + m.start(1), sliceStart + m.end(1), reportedUpTo, high, credential, findings);
        }
        return high;
    }

    /** {@link #report} with the pattern read by hand: the same matches, in the same order, as RE2J's {@code find()} in the slice. */
    private int reportShaped(String text, int sliceStart, int sliceEnd, int reportedUpTo, Findings findings) {
        int high = reportedUpTo;
        boolean credential = FindingTypes.CREDENTIALS.contains(type);
        int[] found = new int[2];
        int at = sliceStart;
        while (at <= sliceEnd) {
            int matchEnd = shape.find(text, at, sliceStart, sliceEnd, found);
            if (matchEnd < 0) {
                break;
            }
            high = offer(text.substring(found[0], found[1]), found[0], found[1], reportedUpTo, high, credential, findings);
            at = matchEnd; // a match is never empty: it holds a literal
        }
        return high;
    }

    /** Reports {@code value} at {@code [start, end)} unless it starts before {@code reportedUpTo} or is refused; returns the new high mark. */
    private int offer(String value, int start, int end, int reportedUpTo, int high, boolean credential, Findings findings) {
        if (start >= reportedUpTo && accept.test(value) && !(credential && Texts.isPlaceholderToken(value))) {
            findings.add(type, start, end, score, detector);
            return Math.max(high, end);
        }
        return high;
    }
}
