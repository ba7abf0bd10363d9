package io.tiergate.audit.checkpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tiergate.audit.AuditChain;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Holds the audit chain against its signed checkpoints: every checkpoint signed by a pinned key
 * must find, at its position, an event with exactly its hash. Reports what does not hold: a chain
 * that ends before a checkpoint (truncated: events deleted and the head moved back), an event whose
 * hash is not the checkpoint's (rewritten: the chain recomputed from some event on, or replaced by
 * another one), two checkpoints that name different hashes for one position (forked: someone signed
 * a second chain), a line no pinned key signed (another key, or an altered line), a line that is
 * not a checkpoint, and checkpoints that cannot be read at all.
 */
public final class CheckpointVerifier {

    /** Most problems listed in a report ({@code problem_count} has them all). */
    static final int MAX_LISTED = 20;

    /** The chain as the database keeps it. */
    public interface Chain {
        /** The head's position: the chain's last event. */
        long headSeq();

        /** The hashes of the events at these positions (position 0: the genesis hash); a missing key is a missing event. */
        Map<Long, String> hashesAt(Set<Long> positions) throws SQLException;
    }

    /** One thing that does not hold (named apart from the API's RFC 9457 Problem in the OpenAPI document). */
    @Schema(name = "CheckpointProblem")
    public record Problem(String kind,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long seq,
            @JsonInclude(JsonInclude.Include.NON_NULL) String instance,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant time,
            String detail) {
    }

    /** A checkpoint, as reported. */
    public record Held(long seq, String hash, Instant time, String instance) {
        static Held of(Checkpoint c) {
            return new Held(c.seq(), c.headHash(), c.time(), c.instance());
        }
    }

    /**
     * The outcome. {@code last_holding}: the newest checkpoint (highest position) the chain still
     * holds, i.e. up to where the log is proven unchanged since it was signed.
     */
    public record Report(boolean configured, boolean ok, @Schema(nullable = true) String source,
            @JsonProperty("checkpoints") int lines,
            @JsonProperty("verified") int verified,
            @JsonProperty("problem_count") int problemCount,
            List<Problem> problems,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("last_holding") Held lastHolding,
            @JsonInclude(JsonInclude.Include.NON_NULL) Held latest) {
    }

    private CheckpointVerifier() {
    }

    /** Nothing to check against: no pinned public key is configured. */
    public static Report notConfigured() {
        return new Report(false, true, null, 0, 0, 0, List.of(), null, null);
    }

    /** The checkpoints could not be read: reported, never taken for "no checkpoints". */
    public static Report unreadable(String source, String why) {
        return new Report(true, false, source, 0, 0, 1, List.of(new Problem("sink_unreadable", null, null, null,
                "the checkpoints cannot be read (" + why + "): nothing proves the end of the chain")), null, null);
    }

    /** The pinned public keys could not be read: nothing can be verified, and that is reported. */
    public static Report keysUnreadable(String why) {
        return new Report(true, false, null, 0, 0, 1, List.of(new Problem("key_unreadable", null, null, null,
                "the pinned public keys cannot be read (" + why + "): no checkpoint can be verified")), null, null);
    }

    /** Checks every line against the pinned keys and the chain. */
    public static Report verify(String source, List<String> lines, List<PublicKey> pinned, Chain chain) throws SQLException {
        List<Problem> problems = new ArrayList<>();
        List<Checkpoint> signed = new ArrayList<>();
        int number = 0;
        int nonEmpty = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            nonEmpty++;
            Checkpoint c;
            try {
                c = Checkpoint.parse(line);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("malformed", null, null, null, "line " + number + " is not a checkpoint"));
                continue;
            }
            if (pinned.stream().anyMatch(c::signedBy)) {
                signed.add(c);
            } else {
                problems.add(new Problem("bad_signature", c.seq(), c.instance(), c.time(), "line " + number
                        + " is not signed by a pinned key: signed with another key, or altered after signing"));
            }
        }

        Map<Long, Checkpoint> bySeq = new HashMap<>();
        Set<Long> forked = new HashSet<>();
        for (Checkpoint c : signed) {
            Checkpoint other = bySeq.putIfAbsent(c.seq(), c);
            if (other != null && !other.headHash().equals(c.headHash())) {
                forked.add(c.seq());
                problems.add(new Problem("forked", c.seq(), c.instance(), c.time(), "checkpoints of " + other.instance() + " ("
                        + other.time() + ") and " + c.instance() + " disagree on the hash at " + c.seq()
                        + ": two different chains were signed"));
            }
        }

        long head = chain.headSeq();
        Set<Long> positions = new TreeSet<>();
        signed.stream().filter(c -> c.seq() <= head).forEach(c -> positions.add(c.seq()));
        Map<Long, String> hashes = new HashMap<>(chain.hashesAt(positions));
        hashes.putIfAbsent(0L, AuditChain.GENESIS);
        Checkpoint lastHolding = null;
        for (Checkpoint c : signed) {
            if (c.seq() > head) {
                problems.add(new Problem("truncated", c.seq(), c.instance(), c.time(), "the checkpoint is at " + c.seq()
                        + " but the chain ends at " + head + ": events at the end were deleted and the head moved back"));
            } else if (!c.headHash().equals(hashes.get(c.seq()))) {
                problems.add(new Problem("rewritten", c.seq(), c.instance(), c.time(), hashes.containsKey(c.seq())
                        ? "the event at " + c.seq() + " does not have the checkpoint's hash: the chain was rewritten from there or before"
                        : "the event at " + c.seq() + " is gone"));
            } else if (!forked.contains(c.seq()) && (lastHolding == null || c.seq() > lastHolding.seq())) {
                // a position two signed checkpoints disagree on proves nothing, even where the chain matches one
                lastHolding = c;
            }
        }
        Checkpoint latest = signed.stream().max(Comparator.comparing(Checkpoint::time)).orElse(null);
        problems.sort(Comparator.comparing((Problem p) -> p.seq() == null ? -1 : p.seq()));
        int count = problems.size();
        return new Report(true, count == 0, source, nonEmpty, signed.size(), count,
                List.copyOf(problems.subList(0, Math.min(count, MAX_LISTED))),
                lastHolding == null ? null : Held.of(lastHolding), latest == null ? null : Held.of(latest));
    }
}
