package io.tiergate.classify.detect;

import io.tiergate.classify.Findings;
import io.tiergate.classify.Scan;
import java.util.List;

/** A detector that is a list of keyword-anchored {@link Rule}s: its keywords are theirs, and each runs around its own keywords. */
abstract class RuleDetector extends NamedDetector {

    private final List<Rule> rules;

    RuleDetector(String name, List<Rule> rules) {
        super(name, Rule.keywordsOf(rules));
        this.rules = List.copyOf(rules);
    }

    List<Rule> rules() {
        return rules;
    }

    @Override
    public final void detect(Scan scan, Findings findings) {
        Rule.runAll(rules, scan, findings);
    }
}
