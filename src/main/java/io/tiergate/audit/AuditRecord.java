package io.tiergate.audit;

/** An event as stored: its position in the chain, the previous event's hash and its own. */
public record AuditRecord(long seq, String prevHash, String hash, AuditEvent event) {
}
