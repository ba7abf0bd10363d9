-- Issue 12: captures of LLM calls (docs/ARCHITECTURE.md, "Captures"), partitioned by day (UTC), and
-- feedback on them. Partitions are created ahead and dropped by `captures-maintain`, which runs as
-- the owning role like this migration; the runtime role may only insert and read.
create table capture (
    inference_id  uuid        not null,
    captured_at   timestamptz not null,
    route         text        not null,
    variant       text,
    model         text,
    subject_id    text        not null,
    subject_type  text        not null check (subject_type in ('user', 'service')),
    purpose       text        not null,
    capture_mode  text        not null check (capture_mode in ('redacted', 'full')),
    request       jsonb       not null,
    answer        jsonb,
    usage         jsonb,
    latency_ms    integer     not null check (latency_ms >= 0),
    ttft_ms       integer     check (ttft_ms >= 0),
    status        smallint    not null,
    tier          smallint    not null check (tier in (1, 2)),
    finding_types text[]      not null,
    primary key (inference_id, captured_at)
) partition by range (captured_at);

-- The partition of one UTC day; created by this migration for yesterday to a week ahead, then by
-- captures-maintain.
create function capture_partition_create(day date) returns text language plpgsql as $$
declare
    name text := 'capture_p' || to_char(day, 'YYYYMMDD');
begin
    execute format('create table if not exists %I partition of capture for values from (%L) to (%L)', name,
                   (day::timestamp at time zone 'UTC'), ((day + 1)::timestamp at time zone 'UTC'));
    return name;
end $$;
revoke all on function capture_partition_create(date) from public;

do $$
begin
    for i in -1..7 loop
        perform capture_partition_create((now() at time zone 'UTC')::date + i);
    end loop;
end $$;

-- One judgement of one captured call, on a metric declared in tiergate.capture.metrics.
create table inference_feedback (
    id            uuid        primary key,
    inference_id  uuid        not null,
    captured_at   timestamptz not null,
    route         text        not null,
    metric        text        not null,
    value_boolean boolean,
    value_float   double precision,
    value_comment text        check (length(value_comment) <= 4000),
    subject_id    text        not null,
    subject_type  text        not null check (subject_type in ('user', 'service')),
    created_at    timestamptz not null,
    check (num_nonnulls(value_boolean, value_float, value_comment) = 1)
);
create index inference_feedback_inference on inference_feedback (inference_id);
create index inference_feedback_captured on inference_feedback (captured_at);

revoke all on capture, inference_feedback from public;
grant select, insert on capture, inference_feedback to ${app_role};

-- Audit events the gateway records about captures: 'operation' (capture.dropped, with the count),
-- 'feedback' (a subject's feedback on an inference).
alter table audit_event drop constraint audit_event_kind_check;
alter table audit_event add constraint audit_event_kind_check
    check (kind in ('decision', 'transition', 'notification', 'correction', 'outcome', 'operation', 'feedback'));
