-- Tier 2 access requests, their approvals and the grants they become (docs/ARCHITECTURE.md,
-- "Access workflow"). Rows are never deleted: the runtime role may insert and update only.
create table access_request (
    id                 uuid        primary key,
    requester_id       text        not null,
    requester_type     text        not null check (requester_type in ('user', 'service')),
    resource_kind      text        not null check (resource_kind in ('dataset', 'llm_route')),
    resource_name      text        not null,
    purpose            text        not null,
    justification      text        not null check (length(justification) between 1 and 2000),
    requested_seconds  bigint      not null check (requested_seconds > 0),
    approvals_required smallint    not null check (approvals_required between 1 and 10),
    state              text        not null check (state in ('PENDING', 'APPROVED', 'DENIED', 'WITHDRAWN', 'EXPIRED')),
    created_at         timestamptz not null,
    pending_until      timestamptz not null,
    decided_at         timestamptz,
    decided_by         text,
    decision_reason    text,
    check ((state = 'PENDING') = (decided_at is null))
);
create index access_request_pending on access_request (created_at) where state = 'PENDING';
create index access_request_requester on access_request (requester_id, created_at);

-- One approval per approver and request: N-of-M needs N distinct approvers.
create table access_approval (
    id          uuid        primary key,
    request_id  uuid        not null references access_request (id),
    approver_id text        not null,
    approved_at timestamptz not null,
    seconds     bigint      check (seconds > 0),
    comment     text        check (length(comment) <= 2000),
    unique (request_id, approver_id)
);

-- At most one grant per request. Active while revoked_at is null and expires_at > now.
create table access_grant (
    id                 uuid        primary key,
    request_id         uuid        not null unique references access_request (id),
    subject_id         text        not null,
    resource_kind      text        not null,
    resource_name      text        not null,
    purpose            text        not null,
    starts_at          timestamptz not null,
    expires_at         timestamptz not null check (expires_at > starts_at),
    revoked_at         timestamptz,
    revoked_by         text,
    revoke_reason      text,
    expiry_warned_at   timestamptz,
    expiry_recorded_at timestamptz
);
-- The gateway's lookup on every proxied call: this subject's unrevoked grants for one resource.
create index access_grant_lookup on access_grant (subject_id, resource_kind, resource_name, expires_at)
    where revoked_at is null;
create index access_grant_expiry on access_grant (expires_at) where revoked_at is null;

revoke all on access_request, access_approval, access_grant from public;
grant select, insert, update on access_request, access_approval, access_grant to ${app_role};
