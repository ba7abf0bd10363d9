package io.tiergate.audit;

/**
 * An event as stored: its position in the chain, the previous event's hash and its own, and the
 * canonical form its hash was computed in ({@code tiergate-audit-v1} or {@code -v2}, docs/AUDIT.md).
 */
public record AuditRecord(long seq, String prevHash, String hash, AuditEvent event, String form) {
}
