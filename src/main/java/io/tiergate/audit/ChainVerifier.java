package io.tiergate.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Walks the audit chain in order and finds the first broken link: a position out of sequence
 * (an event deleted, inserted or moved), a previous-hash that is not the hash of the event before
 * (a deletion, insertion or reordering), or a hash that is not the hash of the event's own content
 * (an edit). Each event is hashed in the canonical form it was written in (v1 and v2 events mix
 * in one chain). The chain's end must be the head the database keeps (events cut off the end).
 */
public final class ChainVerifier {

    /** The outcome: {@code ok}, how many events were checked, and the first problem found. */
    public record Report(boolean ok, long checked,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("broken_at") Long brokenAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
    }

    private long expectedSeq = 1;
    private String prevHash = AuditChain.GENESIS;
    private long checked;
    private Long brokenAt;
    private String problem;

    /** Checks the next event (in seq order). */
    public void accept(AuditRecord r) {
        if (brokenAt != null) {
            return;
        }
        checked++;
        if (r.seq() != expectedSeq) {
            fail(r.seq(), r.seq() > expectedSeq
                    ? "position " + expectedSeq + " is missing: an event was deleted (next present is " + r.seq() + ")"
                    : "position " + r.seq() + " appears out of order (expected " + expectedSeq + ")");
        } else if (!r.prevHash().equals(prevHash)) {
            fail(r.seq(), "prev_hash does not match the hash of event " + (r.seq() - 1)
                    + ": an event before it was deleted, inserted or reordered");
        } else {
            String computed = AuditChain.hash(r.form(), r.seq(), r.prevHash(), r.event());
            if (computed == null) {
                fail(r.seq(), AuditChain.VERSION_1.equals(r.form())
                        ? "a " + r.form() + " event carries a client request id or obligations, which that form has not: it was edited"
                        : "unknown canonical form " + r.form() + ": it was edited");
            } else if (!computed.equals(r.hash())) {
                fail(r.seq(), "the event's content does not match its hash: it was edited");
            }
        }
        expectedSeq = r.seq() + 1;
        prevHash = r.hash();
    }

    /** Ends the walk against the head row ({@code seq}, {@code hash}) the database keeps. */
    public Report finish(long headSeq, String headHash) {
        if (brokenAt == null && (headSeq != expectedSeq - 1 || !headHash.equals(prevHash))) {
            fail(Math.min(headSeq, expectedSeq - 1) + 1, "the chain ends at " + (expectedSeq - 1)
                    + " but the head says " + headSeq + ": events at the end were removed or the head was moved");
        }
        return new Report(brokenAt == null, checked, brokenAt, problem);
    }

    private void fail(long seq, String why) {
        brokenAt = seq;
        problem = why;
    }
}
