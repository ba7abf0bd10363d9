package io.tiergate.proxy.answer;

import io.tiergate.classify.Finding;
import io.tiergate.classify.Redactor;
import io.tiergate.gate.AnswerGate;
import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.Action;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy's view of one answer as it is read: the findings so far (counted by type and tier),
 * the decision on them, asked again only when a finding of a new type or tier appears, and the
 * placeholders (one {@link Redactor} per answer, so a value keeps its placeholder throughout).
 * Text with no finding goes out before the policy is asked; the final decision is recorded by
 * {@link #record}.
 */
final class AnswerVerdict {

    private final AnswerGate gate;
    private final AnswerGate.Exchange exchange;
    private final Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
    private final Redactor redactor = new Redactor();
    private Decision decision;
    private long bytes;

    AnswerVerdict(AnswerGate gate, AnswerGate.Exchange exchange) {
        this.gate = gate;
        this.exchange = exchange;
    }

    /**
     * Counts the findings of a text about to go out; asks the policy again when they bring a new
     * type or tier. Before the first finding the answer is clean and allowed as it is.
     */
    Decision admit(List<Finding> findings, long textBytes) {
        bytes += textBytes;
        boolean changed = asks(findings);
        for (Finding f : findings) {
            counts.computeIfAbsent(f.type(), t -> new TreeMap<>()).merge(f.tier().level(), 1, Integer::sum);
        }
        if (changed || decision == null && !findings.isEmpty()) {
            decision = gate.decideAnswer(exchange, content());
        }
        return decision == null ? ALLOW : decision;
    }

    /** Whether {@link #admit} would ask the policy for these findings: one brings a type or tier not seen yet. */
    boolean asks(List<Finding> findings) {
        for (Finding f : findings) {
            Map<Integer, Integer> byTier = counts.get(f.type());
            if (byTier == null || !byTier.containsKey(f.tier().level())) {
                return true;
            }
        }
        return false;
    }

    private static final Decision ALLOW = new Decision(true, List.of(), Decision.Obligations.NONE);

    /** {@code text} with the findings the decision names replaced by placeholders. */
    String redacted(String text, List<Finding> findings, Decision current) {
        Set<String> types = Set.copyOf(current.obligations().redact());
        if (types.isEmpty() || findings.isEmpty()) {
            return text;
        }
        return redactor.redact(text, findings, f -> f.tier() == Tier.TIER_2 && types.contains(f.type()));
    }

    /** Decides the answer as it was read in full and records that decision durably, linked to the request's. */
    Decision record() {
        decision = gate.recordAnswer(exchange, content()).decision();
        return decision;
    }

    /** Records that the upstream failed before the answer was complete (durably, linked to the request's decision). */
    void recordUpstreamFailed(String details) {
        gate.recordOutcome(exchange, Action.LLM_RESPOND, content(), "upstream_failed", List.of(), Decision.Obligations.NONE,
                details);
    }

    Content content() {
        List<FindingCount> list = new ArrayList<>();
        counts.forEach((type, byTier) -> byTier.forEach((tier, n) -> list.add(new FindingCount(type, tier, n))));
        boolean tier2 = counts.values().stream().anyMatch(byTier -> byTier.containsKey(2));
        return new Content(tier2 ? 2 : 1, list, bytes);
    }
}
