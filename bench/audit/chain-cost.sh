#!/usr/bin/env bash
# What the audit row's chain check and indexes cost one durable commit, measured with pgbench on a
# private PostgreSQL (fsync and synchronous_commit on, as shipped): tables shaped like audit_event,
# pre-filled with ROWS events, then one INSERT per transaction at c=1 for SECONDS, after a
# CHECKPOINT, for each variant in turn, RUNS times, alternated:
#
#   plain      a one-column table: PostgreSQL's own INSERT ... COMMIT floor
#   bare       the audit row with its primary key only, no trigger
#   indexes    the audit row with the indexes of the migrations (V1-V10), no trigger
#   head       indexes + the chain trigger of V2: the head row locked and moved on every insert
#   head1      the same check and move in one conditional UPDATE of the head row (no SELECT ... FOR UPDATE)
#   pred       indexes + a chain trigger that takes an advisory lock and reads the predecessor by
#              primary key instead (no head row)
#   pred-brin  pred, with occurred_at indexed by BRIN instead of a B-tree
#
#   bench/audit/chain-cost.sh [ROWS] [SECONDS] [RUNS]     (defaults 300000, 10, 2; run it through the heavy lock)
#
# Prints per variant and run: commits/s, average latency, WAL bytes and full-page images per commit.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

rows=${1:-300000} seconds=${2:-10} runs=${3:-2}
variants="plain bare indexes head head1 pred pred-brin"
audit_bench_pg "$TIERGATE_CACHE/bench-audit-chain" 56438
log "PostgreSQL $("$bindir/postgres" --version | awk '{ print $NF }') on 127.0.0.1:$PORT; $rows rows per table, $seconds s per run"

make_table() { # name indexes(none|all|brin)
  sql <<SQL
create table $1 (
    seq bigint primary key, event_id uuid not null, occurred_at timestamptz not null, kind text not null,
    request_id text, trace_id text, subject_id text not null, subject_type text not null, subject_name text,
    action text not null, resource_kind text not null, resource_name text not null, resource_tier smallint,
    content_tier smallint, findings jsonb not null default '[]', purpose text not null default '', allowed boolean,
    outcome text not null, reasons text[] not null default '{}', target_id text, details text not null default '',
    policy_engine text, policy_revision text, client_request_id text, obligations text,
    hash_form text not null default 'tiergate-audit-v2', prev_hash text not null, hash text not null);
SQL
  [ "$2" = none ] && return
  sql <<SQL
create unique index on $1 (event_id);
$( [ "$2" = brin ] && echo "create index on $1 using brin (occurred_at);" || echo "create index on $1 (occurred_at);" )
create index on $1 (subject_id, seq);
create index on $1 (resource_name, seq);
create index on $1 (request_id);
create index on $1 (target_id) where target_id is not null;
create index on $1 (client_request_id) where client_request_id is not null;
create index on $1 (subject_name, occurred_at) where subject_name is not null;
SQL
}

row_values() { # seq-expression
  cat <<SQL
  $1, v7(), now(), 'decision', v7()::text, null, 'svc-' || ($1 % 7), 'service', 'rag-service', 'llm.invoke', 'llm_route', 'external-gpt',
  1, 1, '[]', 'rag-answer', true, 'allowed', '{tier1_access}', null, '',
  'embedded', 'sha256:0', null, '{"redact":[]}', 'tiergate-audit-v2', encode(sha256(($1 - 1)::text::bytea), 'hex'),
  encode(sha256($1::text::bytea), 'hex')
SQL
}

# The chain's head row (V2), at the last pre-filled event.
head_table() { # table
  sql -c "create table $1_head (id smallint primary key, seq bigint not null, hash text not null)"
  sql -c "insert into $1_head values (1, $rows, encode(sha256('$rows'::text::bytea), 'hex'))"
}

# The chain check of V2: the head row locked, compared and moved.
head_trigger() { # table
  head_table "$1"
  sql <<SQL
create function $1_extend() returns trigger language plpgsql as \$\$
declare head $1_head;
begin
    select * into head from $1_head where id = 1 for update;
    if new.seq <> head.seq + 1 or new.prev_hash <> head.hash then
        raise exception 'does not extend the chain' using errcode = 'integrity_constraint_violation';
    end if;
    update $1_head set seq = new.seq, hash = new.hash where id = 1;
    return new;
end \$\$;
create trigger $1_extends before insert on $1 for each row execute function $1_extend();
SQL
}

# The same in one statement: the UPDATE takes the head row's lock and re-reads the row when it had to wait.
head1_trigger() { # table
  head_table "$1"
  sql <<SQL
create function $1_extend() returns trigger language plpgsql as \$\$
begin
    update $1_head set seq = new.seq, hash = new.hash where id = 1 and seq = new.seq - 1 and hash = new.prev_hash;
    if not found then
        raise exception 'does not extend the chain' using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end \$\$;
create trigger $1_extends before insert on $1 for each row execute function $1_extend();
SQL
}

# The same check against the predecessor, read by primary key, writers serialised by a
# transaction-scoped advisory lock (held in memory, never written): no row is locked or moved.
pred_trigger() { # table
  sql <<SQL
create function $1_extend() returns trigger language plpgsql as \$\$
begin
    perform pg_advisory_xact_lock(7243);
    if not exists (select 1 from $1 where seq = new.seq - 1 and hash = new.prev_hash) then
        raise exception 'does not extend the chain' using errcode = 'integrity_constraint_violation';
    end if;
    return new;
end \$\$;
create trigger $1_extends before insert on $1 for each row execute function $1_extend();
SQL
}

for v in $variants; do
  t=bench_${v//-/_}
  if [ "$v" = plain ]; then
    sql -c "create table $t (n bigint)"
    echo "insert into $t values (1);" >"$STATE/$v.sql"
    continue
  fi
  case "$v" in bare) idx=none ;; pred-brin) idx=brin ;; *) idx=all ;; esac
  make_table "$t" "$idx"
  sql -c "insert into $t select $(row_values g) from generate_series(1, $rows) g"
  sql -c "create sequence ${t}_seq start $((rows + 1))"
  case "$v" in head) head_trigger "$t" ;; head1) head1_trigger "$t" ;; pred*) pred_trigger "$t" ;; esac
  echo "with s as (select nextval('${t}_seq') as n) insert into $t select $(row_values s.n) from s;" \
    | tr '\n' ' ' >"$STATE/$v.sql"
done
super -c "vacuum analyze"

echo "| variant | run | commits/s | latency avg ms | WAL bytes / commit | full-page images / commit |"
echo "| --- | --- | --- | --- | --- | --- |"
for run in $(seq 1 "$runs"); do
  for v in $variants; do
    audit_bench_run "$v" "$run"
  done
done
