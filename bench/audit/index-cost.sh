#!/usr/bin/env bash
# What the audit row's indexes and id kinds cost one durable commit, measured with pgbench on a
# private PostgreSQL (fsync and synchronous_commit on, as shipped): a table shaped like audit_event
# with the indexes of the migrations, pre-filled with ROWS events, then one INSERT per transaction
# at c=1 for SECONDS, after a CHECKPOINT (so that the first change of each page writes its full
# image to the WAL, as it does after every checkpoint in production), for three variants in turn,
# twice each, alternated:
#
#   random    event_id, request_id, target_id random (UUIDv4), unique index on hash (before V10)
#   v7        the three ids time-ordered (UUIDv7), unique index on hash
#   v7-nohash the three ids time-ordered, no index on hash (V10)
#
#   bench/audit/index-cost.sh [ROWS] [SECONDS]     (defaults 300000 and 10; run it through the heavy lock)
#
# Prints per variant and run: commits/s, average latency, WAL bytes and full-page images per commit.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/lib.sh"
cd "$TIERGATE_ROOT"

rows=${1:-300000} seconds=${2:-10}
audit_bench_pg "$TIERGATE_CACHE/bench-audit-index" 56437

make_table() { # name hash-index(yes|no)
  sql <<SQL
create table $1 (
    seq bigint primary key, event_id uuid not null unique, occurred_at timestamptz not null, kind text not null,
    request_id text, trace_id text, subject_id text not null, subject_type text not null, subject_name text,
    action text not null, resource_kind text not null, resource_name text not null, resource_tier smallint,
    content_tier smallint, findings jsonb not null default '[]', purpose text not null default '', allowed boolean,
    outcome text not null, reasons text[] not null default '{}', target_id text, details text not null default '',
    policy_engine text, policy_revision text, client_request_id text, obligations text,
    hash_form text not null default 'tiergate-audit-v2', prev_hash text not null, hash text not null);
create index on $1 (occurred_at);
create index on $1 (subject_id, seq);
create index on $1 (resource_name, seq);
create index on $1 (request_id);
create index on $1 (target_id) where target_id is not null;
create index on $1 (client_request_id) where client_request_id is not null;
create index on $1 (subject_name, occurred_at) where subject_name is not null;
$( [ "$2" = yes ] && echo "create unique index on $1 (hash);" )
SQL
}

row_values() { # id-function seq-expression
  cat <<SQL
  $2, $1(), now(), 'decision', $1()::text, null, 'svc-' || ($2 % 7), 'service', 'rag-service', 'llm.invoke', 'llm_route', 'external-gpt',
  1, 1, '[]', 'rag-answer', true, 'allowed', '{tier1_access}', case when $2 % 2 = 0 then $1()::text end, '',
  'embedded', 'sha256:0', null, '{"redact":[]}', 'tiergate-audit-v2', encode(sha256(($2 - 1)::text::bytea), 'hex'),
  encode(sha256($2::text::bytea), 'hex')
SQL
}

for v in random v7 v7-nohash; do
  t=bench_${v//-/_}
  fn=gen_random_uuid; [ "$v" = random ] || fn=v7
  make_table "$t" "$([ "$v" = v7-nohash ] && echo no || echo yes)"
  sql -c "insert into $t select $(row_values "$fn" g) from generate_series(1, $rows) g"
  sql -c "create sequence ${t}_seq start $((rows + 1))"
  echo "with s as (select nextval('${t}_seq') as n) insert into $t select $(row_values "$fn" s.n) from s;" \
    | tr '\n' ' ' >"$STATE/$v.sql"
done
sql -c "vacuum analyze"

echo "| variant | run | commits/s | latency avg ms | WAL bytes / commit | full-page images / commit |"
echo "| --- | --- | --- | --- | --- | --- |"
for run in 1 2; do
  for v in random v7 v7-nohash; do
    audit_bench_run "$v" "$run"
  done
done
