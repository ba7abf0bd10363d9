package io.tiergate.proxy.payload;

import io.tiergate.classify.Classification;
import io.tiergate.classify.Classifier;
import io.tiergate.classify.Finding;
import io.tiergate.classify.Redactor;
import io.tiergate.policy.Tier;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Classifies one piece of a payload (a JSON string, a chunk of text) within the time left to its
 * record, reports its findings, and returns it with the Tier 2 findings of the obliged types
 * replaced by placeholders. Placeholders are consistent within a record.
 */
final class TextScanner {

    private final Classifier classifier;
    private final Set<String> redact;
    private final long budgetNanos;
    private final WalkReport report;
    private long deadline;
    private Redactor redactor = new Redactor();

    TextScanner(Classifier classifier, Set<String> redact, WalkReport report) {
        this.classifier = classifier;
        this.redact = redact;
        this.budgetNanos = classifier.settings().timeBudget().toNanos();
        this.report = report;
        startRecord();
    }

    /** A new record (or chunk of text) begins: a fresh time budget, fresh placeholder numbering. */
    void startRecord() {
        deadline = System.nanoTime() + budgetNanos;
        redactor = new Redactor();
        report.record();
    }

    /** {@code text} as it may be forwarded; {@code pointer} says where it sits (for the report). */
    String scan(String text, Supplier<String> pointer) {
        Classification classification = classifier.classify(text, Math.max(1, deadline - System.nanoTime()));
        if (classification.findings().isEmpty()) {
            return text;
        }
        String where = pointer.get();
        for (Finding f : classification.findings()) {
            report.undeclared(where, f.type(), f.tier().level());
            if (f.tier() == Tier.TIER_2 && redact.contains(f.type())) {
                report.redacted(f.type());
            }
        }
        return redactor.redact(text, classification.findings(), f -> f.tier() == Tier.TIER_2 && redact.contains(f.type()));
    }
}
