package io.tiergate.proxy.answer;

import io.tiergate.policy.Decision;
import io.tiergate.policy.PolicyInput.Content;
import io.tiergate.policy.PolicyInput.FindingCount;
import io.tiergate.policy.Tier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * For which finding types one streamed answer holds speculatively ({@link io.tiergate.classify.Detector#speculativeHoldBack}:
 * an open word that could still be an e-mail's local part): those the policy would redact or refuse
 * in this answer. The policy is asked once per stream, as the upstream call starts, with a probe
 * classification holding one Tier 2 finding of each type; the probe is not recorded (it decides
 * nothing that reaches anyone). No answer (engine or grant store down, past {@link #WAIT_MILLIS}):
 * every type is held, fail closed.
 */
public final class SpeculativeHold {

    /** Longest wait for the probe, once an event needs it; past it the stream holds (the engines have their own timeouts). */
    static final long WAIT_MILLIS = 2_000;

    private final Set<String> candidates;
    private final CompletableFuture<Set<String>> held;
    private volatile Set<String> known;

    private SpeculativeHold(Set<String> candidates, CompletableFuture<Set<String>> held) {
        this.candidates = Set.copyOf(candidates);
        this.held = held;
    }

    /** Starts asking {@code policy} (the {@code llm.respond} decision of this caller and route) on {@code executor}. */
    public static SpeculativeHold probe(Set<String> candidates, Function<Content, Decision> policy, Executor executor) {
        return new SpeculativeHold(candidates, CompletableFuture.supplyAsync(() -> heldTypes(candidates, policy), executor));
    }

    /** A stream that holds speculatively for {@code types} (all of {@code candidates}, or none), without asking. */
    public static SpeculativeHold fixed(Set<String> candidates, Set<String> types) {
        return new SpeculativeHold(candidates, CompletableFuture.completedFuture(Set.copyOf(types)));
    }

    private static Set<String> heldTypes(Set<String> candidates, Function<Content, Decision> policy) {
        Set<String> held = new TreeSet<>();
        for (String type : candidates) {
            Decision decision = policy.apply(new Content(2, List.of(new FindingCount(type, Tier.TIER_2.level(), 1)), 0));
            if (!decision.allow() || decision.obligations().redact().contains(type)) {
                held.add(type);
            }
        }
        return Set.copyOf(held);
    }

    /** The types a speculative hold could be for, whatever the policy says. */
    Set<String> candidates() {
        return candidates;
    }

    /** Whether an event has needed the probe's answer yet. */
    boolean consulted() {
        return known != null;
    }

    /** Whether {@link #types} answers without waiting (the probe has answered or failed). */
    boolean settled() {
        return known != null || held.isDone();
    }

    /** The types this stream holds speculatively: waits for the probe (bounded); every candidate when it failed. */
    Set<String> types() {
        Set<String> answer = known;
        if (answer == null) {
            try {
                answer = held.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = candidates;
            } catch (Exception e) {
                answer = candidates; // no answer: hold (fail closed)
            }
            known = answer;
        }
        return answer;
    }
}
