-- Hourly rollups of the audit log's decisions, for the console's overview page
-- (io.tiergate.audit.rollup.AuditRollup keeps them: a scheduled job, off the request path, that
-- folds in the events after its watermark). Derived data: rebuilt from audit_event at any time
-- by emptying these tables and setting last_seq to 0. Hours are UTC.
create table audit_rollup_state (
    id       smallint primary key default 1 check (id = 1),
    last_seq bigint   not null check (last_seq >= 0)
);
insert into audit_rollup_state (last_seq) values (0);

-- Decisions by hour and outcome: allowed, redacted (allowed with personal data redacted), denied.
create table audit_rollup_decisions (
    hour      timestamptz not null,
    outcome   text        not null check (outcome in ('allowed', 'redacted', 'denied')),
    decisions bigint      not null,
    primary key (hour, outcome)
);

-- Denials by hour and reason code (a denial with two reasons counts for each).
create table audit_rollup_denials (
    hour    timestamptz not null,
    reason  text        not null,
    denials bigint      not null,
    primary key (hour, reason)
);

-- Findings in decided content by hour, finding type and tier (the sum of their counts).
create table audit_rollup_findings (
    hour         timestamptz not null,
    finding_type text        not null,
    tier         smallint    not null,
    findings     bigint      not null,
    primary key (hour, finding_type, tier)
);

revoke all on audit_rollup_state, audit_rollup_decisions, audit_rollup_denials, audit_rollup_findings from public;
grant select, update on audit_rollup_state to ${app_role};
grant select, insert, update on audit_rollup_decisions, audit_rollup_denials, audit_rollup_findings to ${app_role};
