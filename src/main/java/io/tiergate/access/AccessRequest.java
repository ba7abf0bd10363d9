package io.tiergate.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A request for Tier 2 access to one resource, for one purpose and duration. */
@Entity
@Table(name = "access_request")
public class AccessRequest extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The requester's subject key (issuer#sub). */
    @Column(name = "requester_id")
    public String requesterId;
    /** The requester's username when asking, for people to read. */
    @Column(name = "requester_name")
    public String requesterName;
    @Column(name = "requester_type")
    public String requesterType;
    @Column(name = "resource_kind")
    public String resourceKind;
    @Column(name = "resource_name")
    public String resourceName;
    public String purpose;
    public String justification;
    @Column(name = "requested_seconds")
    public long requestedSeconds;
    @Column(name = "approvals_required")
    public int approvalsRequired;
    @Enumerated(EnumType.STRING)
    public RequestState state;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "pending_until")
    public Instant pendingUntil;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decision_reason")
    public String decisionReason;
}
