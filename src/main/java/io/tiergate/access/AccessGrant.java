package io.tiergate.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A time-bound permission made by an approval: subject, resource, purpose, from approval to expiry, revocable. */
@Entity
@Table(name = "access_grant")
public class AccessGrant extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "request_id")
    public UUID requestId;
    /** The holder's subject key (issuer#sub), what the gateway matches callers on. */
    @Column(name = "subject_id")
    public String subjectId;
    /** The holder's username when the grant was made, for people to read. */
    @Column(name = "subject_name")
    public String subjectName;
    @Column(name = "resource_kind")
    public String resourceKind;
    @Column(name = "resource_name")
    public String resourceName;
    public String purpose;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revoked_by")
    public String revokedBy;
    @Column(name = "revoke_reason")
    public String revokeReason;
    @Column(name = "expiry_warned_at")
    public Instant expiryWarnedAt;
    @Column(name = "expiry_recorded_at")
    public Instant expiryRecordedAt;

    /** Active at {@code now}: not revoked, not yet expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
