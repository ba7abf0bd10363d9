package io.tiergate.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One approver's approval of a request, possibly with a shorter duration. */
@Entity
@Table(name = "access_approval")
public class AccessApproval extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "request_id")
    public UUID requestId;
    /** The approver's subject key (issuer#sub): N-of-M counts distinct keys. */
    @Column(name = "approver_id")
    public String approverId;
    /** The approver's username when approving, for people to read. */
    @Column(name = "approver_name")
    public String approverName;
    @Column(name = "approved_at")
    public Instant approvedAt;
    /** The duration this approver accepts, when shorter than requested; null means as requested. */
    public Long seconds;
    public String comment;
}
