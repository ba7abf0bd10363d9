-- The audit log becomes a hash chain (docs/AUDIT.md): every event carries its position (seq),
-- the hash of the event before it and its own hash. Runs as the owning role; the gateway's
-- runtime role (${app_role}) may read and append, never update or delete.

-- Events recorded before the chain existed are kept, unchained and read-only, in audit_event_v1.
alter table audit_event rename to audit_event_v1;
alter table audit_event_v1 rename constraint audit_event_pkey to audit_event_v1_pkey;
alter table audit_event_v1 rename constraint audit_event_event_id_key to audit_event_v1_event_id_key;
alter index audit_event_occurred_at rename to audit_event_v1_occurred_at;
alter index audit_event_subject rename to audit_event_v1_subject;
alter sequence audit_event_id_seq rename to audit_event_v1_id_seq;

-- One row per policy decision, workflow transition, notification failure or correction.
-- Finding types and counts only: never content, never detected values.
create table audit_event (
    seq             bigint      primary key check (seq > 0),
    event_id        uuid        not null unique,
    occurred_at     timestamptz not null,
    kind            text        not null check (kind in ('decision', 'transition', 'notification', 'correction')),
    request_id      text,
    trace_id        text,
    subject_id      text        not null,
    subject_type    text        not null check (subject_type in ('user', 'service', 'system')),
    action          text        not null,
    resource_kind   text        not null,
    resource_name   text        not null,
    resource_tier   smallint    check (resource_tier in (1, 2)),
    content_tier    smallint    check (content_tier in (1, 2)),
    findings        jsonb       not null default '[]',
    purpose         text        not null default '',
    allowed         boolean,
    outcome         text        not null,
    reasons         text[]      not null default '{}',
    target_id       text,
    details         text        not null default '',
    policy_engine   text,
    policy_revision text,
    prev_hash       text        not null check (prev_hash ~ '^[0-9a-f]{64}$'),
    hash            text        not null unique check (hash ~ '^[0-9a-f]{64}$'),
    -- a decision says allowed or not; nothing else does
    check ((kind = 'decision') = (allowed is not null))
);

create index audit_event_occurred_at on audit_event (occurred_at);
create index audit_event_subject on audit_event (subject_id, seq);
create index audit_event_resource on audit_event (resource_name, seq);
create index audit_event_request on audit_event (request_id);

-- The end of the chain: one row, advanced only by the insert trigger below.
create table audit_chain_head (
    id   smallint primary key default 1 check (id = 1),
    seq  bigint   not null,
    hash text     not null
);
insert into audit_chain_head (seq, hash) values (0, repeat('0', 64));

-- An event must extend the chain: next position, previous hash equal to the head's hash.
-- The writer computes the hash (SHA-256 over the canonical form) under the head's row lock;
-- the database refuses anything that does not link, and moves the head.
create function audit_event_extend_chain() returns trigger
language plpgsql as $$
declare
    head audit_chain_head;
begin
    select * into head from audit_chain_head where id = 1 for update;
    if new.seq <> head.seq + 1 or new.prev_hash <> head.hash then
        raise exception 'audit event at % does not extend the chain (head % %)', new.seq, head.seq, head.hash
            using errcode = 'integrity_constraint_violation';
    end if;
    update audit_chain_head set seq = new.seq, hash = new.hash where id = 1;
    return new;
end $$;

create function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = 'insufficient_privilege';
end $$;

create trigger audit_event_extends_chain before insert on audit_event
    for each row execute function audit_event_extend_chain();
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_refuse_change();
create trigger audit_event_v1_append_only before update or delete on audit_event_v1
    for each row execute function audit_refuse_change();
create trigger audit_event_v1_no_truncate before truncate on audit_event_v1
    for each statement execute function audit_refuse_change();
-- Only the insert trigger may move the head (it runs at trigger depth 1).
create trigger audit_chain_head_moves_with_inserts_only before update or delete on audit_chain_head
    for each row when (pg_trigger_depth() < 1) execute function audit_refuse_change();
create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
    for each statement execute function audit_refuse_change();

-- The runtime role: append and read. UPDATE on the head's columns only lets it take the
-- head's row lock (SELECT ... FOR UPDATE); the trigger above refuses a direct update.
revoke all on audit_event, audit_event_v1, audit_chain_head from public;
grant select, insert on audit_event to ${app_role};
grant select on audit_event_v1 to ${app_role};
grant select, update (seq, hash) on audit_chain_head to ${app_role};
