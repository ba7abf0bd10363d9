package io.tiergate.classify.detect;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import io.tiergate.classify.Window;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One keyword-anchored pattern of a detector: which literals announce it, the RE2J pattern (its
 * group {@code group} is the finding), and a check on the matched value (entropy, placeholder
 * filters, a checksum). A detector made of rules runs each rule only in windows where one of its
 * keywords occurs.
 */
record Rule(String detector, String type, List<String> keywords, Pattern pattern, int group, double score,
        Predicate<String> accept) {

    Rule {
        keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    }

    static Rule of(String detector, String type, List<String> keywords, String regex, double score) {
        return new Rule(detector, type, keywords, Pattern.compile(regex), 1, score, v -> true);
    }

    Rule accepting(Predicate<String> check) {
        return new Rule(detector, type, keywords, pattern, group, score, check);
    }

    /** The keywords of all the rules: what the detector declares to the prefilter. */
    static Set<String> keywordsOf(List<Rule> rules) {
        Set<String> all = new LinkedHashSet<>();
        rules.forEach(r -> all.addAll(r.keywords()));
        return Set.copyOf(all);
    }

    /** Runs the rules in windows around the detector's keyword hits. */
    static void runAll(List<Rule> rules, Scan scan, Findings findings, int before, int after) {
        String text = scan.text();
        for (Window window : scan.windowsAroundHits(before, after)) {
            if (scan.outOfTime()) {
                return;
            }
            String slice = window.of(text);
            String lower = slice.toLowerCase(Locale.ROOT);
            for (Rule rule : rules) {
                if (rule.announcedIn(lower)) {
                    rule.report(slice, window.start(), findings);
                }
            }
        }
    }

    private boolean announcedIn(String lowerWindow) {
        for (String keyword : keywords) {
            if (lowerWindow.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    private void report(String slice, int offset, Findings findings) {
        Matcher m = pattern.matcher(slice);
        while (m.find()) {
            String value = m.group(group);
            if (value != null && accept.test(value)) {
                findings.add(type, offset + m.start(group), offset + m.end(group), score, detector);
            }
        }
    }
}
