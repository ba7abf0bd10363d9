-- One row per policy decision. Finding types and counts only: never content, never detected values.
create table audit_event (
    id              bigint generated always as identity primary key,
    event_id        uuid        not null unique,
    occurred_at     timestamptz not null,
    request_id      text        not null,
    trace_id        text,
    subject_id      text        not null,
    subject_type    text        not null check (subject_type in ('user', 'service')),
    action          text        not null,
    resource_kind   text        not null,
    resource_name   text        not null,
    resource_tier   smallint    not null check (resource_tier in (1, 2)),
    content_tier    smallint    not null check (content_tier in (1, 2)),
    findings        jsonb       not null default '[]',
    purpose         text        not null default '',
    allowed         boolean     not null,
    reasons         text[]      not null,
    policy_engine   text        not null,
    policy_revision text        not null
);

create index audit_event_occurred_at on audit_event (occurred_at);
create index audit_event_subject on audit_event (subject_id, occurred_at);
