#!/usr/bin/env bash
# Walks Tiergate's audit chain in PostgreSQL and reports the first broken link: an edited event
# (its hash no longer matches its content), a deleted, inserted or reordered one (a position out
# of sequence, or a prev_hash that is not the previous event's hash), or events cut off the end
# (the chain does not end at the head the database keeps). Independent of the gateway's code: the
# canonical form (docs/AUDIT.md) is recomputed here in SQL, with PostgreSQL's sha256().
#
#   scripts/audit-verify.sh [--schema NAME] CONNINFO
#       CONNINFO: a libpq connection string or URI, e.g.
#         postgresql://tiergate@127.0.0.1:55432/tiergate   (password from PGPASSWORD or ~/.pgpass)
#       Any role that may read audit_event and audit_chain_head will do (the runtime role, an
#       auditor's read-only role).
#   exit 0: intact (prints the number of events and the head); 1: broken (prints the first broken
#   link); 2: usage or connection error. Needs psql (Debian's postgresql-client).
set -euo pipefail

schema=public
if [ "${1:-}" = "--schema" ]; then
  schema=${2:-}
  shift 2
fi
if [ $# -ne 1 ] || [[ ! $schema =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
fi
command -v psql >/dev/null || { echo "audit-verify: psql is needed (apt-get install postgresql-client)" >&2; exit 2; }

sql=$(cat <<SQL
set search_path to $schema;
begin isolation level repeatable read;
-- f(v): one field of the canonical form, <UTF-8 byte length>:<value>; and ~; for null.
create function pg_temp.f(v text) returns text language sql immutable as
  \$\$ select case when v is null then '~;' else octet_length(v)::text || ':' || v || ';' end \$\$;
with chain as (
  select seq, prev_hash, hash,
         lag(seq) over w as before_seq,
         lag(hash) over w as before_hash,
         case when hash_form = 'tiergate-audit-v1' and obligations is not null then null else
         encode(sha256(convert_to(
             pg_temp.f(hash_form) || pg_temp.f(seq::text) || pg_temp.f(event_id::text)
             || pg_temp.f(((extract(epoch from occurred_at) * 1000000)::bigint)::text) || pg_temp.f(kind)
             || pg_temp.f(request_id) || pg_temp.f(trace_id) || pg_temp.f(subject_id) || pg_temp.f(subject_type)
             || pg_temp.f(action) || pg_temp.f(resource_kind) || pg_temp.f(resource_name)
             || pg_temp.f(resource_tier::text) || pg_temp.f(content_tier::text)
             || pg_temp.f(jsonb_array_length(findings)::text)
             || (select coalesce(string_agg(pg_temp.f(x->>'type') || pg_temp.f(x->>'count'), '' order by o), '')
                 from jsonb_array_elements(findings) with ordinality as t(x, o))
             || pg_temp.f(purpose) || pg_temp.f(allowed::text) || pg_temp.f(outcome)
             || pg_temp.f(cardinality(reasons)::text)
             || (select coalesce(string_agg(pg_temp.f(r), '' order by o), '') from unnest(reasons) with ordinality as u(r, o))
             || pg_temp.f(target_id) || pg_temp.f(details) || pg_temp.f(policy_engine) || pg_temp.f(policy_revision)
             -- form v2 only: the obligations (~; when none were recorded)
             || case when hash_form <> 'tiergate-audit-v2' then ''
                     when obligations is null then '~;'
                     else pg_temp.f(jsonb_array_length(obligations->'redact')::text)
                       || (select coalesce(string_agg(pg_temp.f(x), '' order by o), '')
                           from jsonb_array_elements_text(obligations->'redact') with ordinality as t(x, o))
                       || pg_temp.f(jsonb_array_length(obligations->'mask_fields')::text)
                       || (select coalesce(string_agg(pg_temp.f(x), '' order by o), '')
                           from jsonb_array_elements_text(obligations->'mask_fields') with ordinality as t(x, o))
                       || pg_temp.f(obligations->>'capture') end
             || pg_temp.f(prev_hash), 'UTF8')), 'hex') end as computed
  from audit_event
  window w as (order by seq)
),
broken as (
  select seq, case
      when seq <> coalesce(before_seq, 0) + 1 and seq > coalesce(before_seq, 0) + 1
        then 'position ' || (coalesce(before_seq, 0) + 1) || ' is missing: an event was deleted'
      when seq <> coalesce(before_seq, 0) + 1 then 'position ' || seq || ' appears out of order'
      when prev_hash <> coalesce(before_hash, repeat('0', 64))
        then 'prev_hash does not match the hash of event ' || (seq - 1) || ': an event before it was deleted, inserted or reordered'
      when computed is distinct from hash then 'the event''s content does not match its hash: it was edited'
    end as problem
  from chain
),
tail as (
  select coalesce(max(seq), 0) as last_seq,
         coalesce((select hash from audit_event order by seq desc limit 1), repeat('0', 64)) as last_hash,
         count(*) as events
  from audit_event
)
select coalesce(
  (select 'BROKEN ' || seq || ' ' || problem from broken where problem is not null order by seq limit 1),
  (select 'BROKEN ' || (least(h.seq, t.last_seq) + 1) || ' the chain ends at ' || t.last_seq || ' but the head says '
          || h.seq || ': events at the end were removed or the head was moved'
   from tail t, audit_chain_head h where h.id = 1 and (h.seq <> t.last_seq or h.hash <> t.last_hash)),
  (select 'OK ' || t.events || ' ' || h.seq || ' ' || h.hash from tail t, audit_chain_head h where h.id = 1));
rollback;
SQL
)
if ! out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" <<<"$sql" 2>&1); then
  echo "audit-verify: could not read the audit log: $out" >&2
  exit 2
fi
out=$(grep -E '^(OK|BROKEN) ' <<<"$out" | tail -n1)
case "$out" in
  OK\ *)
    read -r _ events head_seq head_hash <<<"$out"
    echo "intact: $events events, head at $head_seq ($head_hash)"
    ;;
  BROKEN\ *)
    read -r _ seq problem <<<"$out"
    echo "BROKEN at $seq: $problem"
    exit 1
    ;;
  *)
    echo "audit-verify: unexpected answer: $out" >&2
    exit 2
    ;;
esac
