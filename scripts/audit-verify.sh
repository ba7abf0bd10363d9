#!/usr/bin/env bash
# Walks Tiergate's audit chain in PostgreSQL and reports the first broken link: an edited event
# (its hash no longer matches its content), a deleted, inserted or reordered one (a position out
# of sequence, or a prev_hash that is not the previous event's hash), or events cut off the end
# (the chain does not end at the head the database keeps). Independent of the gateway's code: the
# canonical form (docs/AUDIT.md; v1 and v2 events mix in one chain, each in its hash_form) is
# recomputed here in SQL, with PostgreSQL's sha256().
#
# With --checkpoints, also holds the chain against the gateway's signed checkpoints (docs/AUDIT.md),
# which a database owner cannot rewrite: each line signed by a pinned key (openssl pkeyutl, Ed25519)
# must find its hash at its position. Reports a truncated chain (it ends before a checkpoint), a
# rewritten one (another hash at a checkpoint's position), a fork (two signed checkpoints disagree),
# a line no pinned key signed, and checkpoints that cannot be read; and the last checkpoint that holds.
#
#   scripts/audit-verify.sh [--schema NAME] [--checkpoints FILE --public-key PEM...] CONNINFO
#       CONNINFO: a libpq connection string or URI, e.g.
#         postgresql://tiergate@127.0.0.1:55432/tiergate   (password from PGPASSWORD or ~/.pgpass)
#       Any role that may read audit_event and audit_chain_head will do (the runtime role, an
#       auditor's read-only role).
#       FILE: the checkpoint file (tiergate.audit.checkpoint.file, or lines collected from a webhook
#       or bucket); PEM: a public key pinned apart from it (repeat --public-key for several).
#   exit 0: intact (prints the number of events and the head; with --checkpoints, the last one that
#   holds); 1: broken (prints the first broken link, or what does not hold); 2: usage or connection
#   error. Needs psql (Debian's postgresql-client) and, with --checkpoints, openssl 3.
set -euo pipefail

schema=public
checkpoints=
keys=()
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 1 ]; do
  case "$1" in
    --schema) schema=${2:-}; shift 2 ;;
    --checkpoints) checkpoints=${2:-}; shift 2 ;;
    --public-key) keys+=("${2:-}"); shift 2 ;;
    *) usage ;;
  esac
done
if [ $# -ne 1 ] || [[ ! $schema =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { [ -n "$checkpoints" ] && [ ${#keys[@]} -eq 0 ]; } \
    || { [ -z "$checkpoints" ] && [ ${#keys[@]} -gt 0 ]; }; then
  usage
fi
conninfo=$1
command -v psql >/dev/null || { echo "audit-verify: psql is needed (apt-get install postgresql-client)" >&2; exit 2; }

sql=$(cat <<SQL
set search_path to $schema;
begin isolation level repeatable read;
-- f(v): one field of the canonical form, <UTF-8 byte length>:<value>; and ~; for null.
create function pg_temp.f(v text) returns text language sql immutable as
  \$\$ select case when v is null then '~;' else octet_length(v)::text || ':' || v || ';' end \$\$;
-- The canonical form of each event in the form it was written in (hash_form): v1 as it always was,
-- v2 adds client_request_id after request_id, subject_name always, obligations before prev_hash.
-- A v1 event carrying a v2 field, or an unknown form, cannot be hashed (computed is null).
with chain as (
  select seq, prev_hash, hash, hash_form,
         lag(seq) over w as before_seq,
         lag(hash) over w as before_hash,
         case when hash_form = 'tiergate-audit-v2'
                or (hash_form = 'tiergate-audit-v1' and client_request_id is null and obligations is null) then
         encode(sha256(convert_to(
             pg_temp.f(hash_form) || pg_temp.f(seq::text) || pg_temp.f(event_id::text)
             || pg_temp.f(((extract(epoch from occurred_at) * 1000000)::bigint)::text) || pg_temp.f(kind)
             || pg_temp.f(request_id)
             || case when hash_form = 'tiergate-audit-v2' then pg_temp.f(client_request_id) else '' end
             || pg_temp.f(trace_id) || pg_temp.f(subject_id) || pg_temp.f(subject_type)
             || case when hash_form = 'tiergate-audit-v1' and subject_name is null then '' else pg_temp.f(subject_name) end
             || pg_temp.f(action) || pg_temp.f(resource_kind) || pg_temp.f(resource_name)
             || pg_temp.f(resource_tier::text) || pg_temp.f(content_tier::text)
             || pg_temp.f(jsonb_array_length(findings)::text)
             || (select coalesce(string_agg(pg_temp.f(x->>'type') || pg_temp.f(x->>'count'), '' order by o), '')
                 from jsonb_array_elements(findings) with ordinality as t(x, o))
             || pg_temp.f(purpose) || pg_temp.f(allowed::text) || pg_temp.f(outcome)
             || pg_temp.f(cardinality(reasons)::text)
             || (select coalesce(string_agg(pg_temp.f(r), '' order by o), '') from unnest(reasons) with ordinality as u(r, o))
             || pg_temp.f(target_id) || pg_temp.f(details) || pg_temp.f(policy_engine) || pg_temp.f(policy_revision)
             || case when hash_form = 'tiergate-audit-v2' then pg_temp.f(obligations) else '' end
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
      when computed is null and hash_form = 'tiergate-audit-v1'
        then 'a tiergate-audit-v1 event carries a client request id or obligations, which that form has not: it was edited'
      when computed is null then 'unknown canonical form ' || coalesce(hash_form, '(none)') || ': it was edited'
      when computed <> hash then 'the event''s content does not match its hash: it was edited'
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
if ! out=$(psql -X -q -A -t -v ON_ERROR_STOP=1 "$conninfo" <<<"$sql" 2>&1); then
  echo "audit-verify: could not read the audit log: $out" >&2
  exit 2
fi
out=$(grep -E '^(OK|BROKEN) ' <<<"$out" | tail -n1)
status=0
case "$out" in
  OK\ *)
    read -r _ events head_seq head_hash <<<"$out"
    echo "intact: $events events, head at $head_seq ($head_hash)"
    ;;
  BROKEN\ *)
    read -r _ seq problem <<<"$out"
    echo "BROKEN at $seq: $problem"
    status=1
    ;;
  *)
    echo "audit-verify: unexpected answer: $out" >&2
    exit 2
    ;;
esac
[ -z "$checkpoints" ] && exit "$status"

# --- checkpoints -------------------------------------------------------------------------------
command -v openssl >/dev/null || { echo "audit-verify: openssl is needed for --checkpoints" >&2; exit 2; }
for k in "${keys[@]}"; do
  openssl pkey -pubin -in "$k" -noout 2>/dev/null || { echo "audit-verify: $k is not a public key" >&2; exit 2; }
done
if [ ! -f "$checkpoints" ] || ! lines=$(cat -- "$checkpoints" 2>/dev/null); then
  echo "CHECKPOINTS BROKEN: 1 problem; no checkpoint holds"
  echo "  sink_unreadable: the checkpoints cannot be read ($checkpoints): nothing proves the end of the chain"
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
problems=()
declare -A hash_at=() who_at=() forked_at=()
cp_seq=() cp_hash=() cp_who=()
n=0 total=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  [ -z "${line//[[:space:]]/}" ] && continue
  total=$((total + 1))
  read -r -a w <<<"$line"
  if [ ${#w[@]} -ne 6 ] || [ "${w[0]}" != tiergate-checkpoint-v1 ] || [[ ! ${w[1]} =~ ^[0-9]+$ ]] || [[ ! ${w[2]} =~ ^[0-9a-f]{64}$ ]]; then
    problems+=("-1|malformed: line $n is not a checkpoint")
    continue
  fi
  printf '%s' "${w[*]:0:5}" >"$work/msg"
  signed=false
  if printf '%s' "${w[5]}" | base64 -d >"$work/sig" 2>/dev/null; then
    for k in "${keys[@]}"; do
      if openssl pkeyutl -verify -pubin -inkey "$k" -rawin -in "$work/msg" -sigfile "$work/sig" >/dev/null 2>&1; then
        signed=true
        break
      fi
    done
  fi
  if [ "$signed" = false ]; then
    problems+=("${w[1]}|bad_signature at ${w[1]} (${w[4]} ${w[3]}): line $n is not signed by a pinned key: signed with another key, or altered after signing")
    continue
  fi
  if [ -n "${hash_at[${w[1]}]:-}" ] && [ "${hash_at[${w[1]}]}" != "${w[2]}" ]; then
    forked_at[${w[1]}]=1
    problems+=("${w[1]}|forked at ${w[1]} (${w[4]} ${w[3]}): checkpoints of ${who_at[${w[1]}]} and ${w[4]} disagree on the hash at ${w[1]}: two different chains were signed")
  else
    hash_at[${w[1]}]=${w[2]}
    who_at[${w[1]}]=${w[4]}
  fi
  cp_seq+=("${w[1]}") cp_hash+=("${w[2]}") cp_who+=("${w[4]} ${w[3]}")
done <<<"$lines"

# the chain's hashes at the checkpoints' positions, and its head, in one snapshot
values=$( (echo 0; printf '%s\n' "${!hash_at[@]}") | sort -un | sed 's/.*/(&)/' | paste -sd, -)
lookup="set search_path to $schema; begin isolation level repeatable read;
select 'H ' || seq from audit_chain_head where id = 1;
select 'E ' || v.seq || ' ' || coalesce(e.hash, case when v.seq = 0 then repeat('0', 64) else '-' end)
  from (values $values) v(seq) left join audit_event e on e.seq = v.seq;
rollback;"
if ! found=$(psql -X -q -A -t -v ON_ERROR_STOP=1 "$conninfo" <<<"$lookup" 2>&1); then
  echo "audit-verify: could not read the audit log: $found" >&2
  exit 2
fi
head=$(awk '$1 == "H" {print $2}' <<<"$found")
declare -A chain=()
while read -r tag seq hash; do
  [ "$tag" = E ] && chain[$seq]=$hash
done <<<"$found"
holding=-1 holding_who=
for i in "${!cp_seq[@]}"; do
  s=${cp_seq[$i]}
  if [ "$s" -gt "$head" ]; then
    problems+=("$s|truncated at $s (${cp_who[$i]}): the checkpoint is at $s but the chain ends at $head: events at the end were deleted and the head moved back")
  elif [ "${chain[$s]:-}" != "${cp_hash[$i]}" ]; then
    problems+=("$s|rewritten at $s (${cp_who[$i]}): the event at $s does not have the checkpoint's hash: the chain was rewritten from there or before")
  elif [ -z "${forked_at[$s]:-}" ] && [ "$s" -gt "$holding" ]; then
    holding=$s holding_who=${cp_who[$i]}
  fi
done
last="no checkpoint holds"
[ "$holding" -ge 0 ] && last="last holding checkpoint at $holding ($holding_who)"
if [ ${#problems[@]} -eq 0 ]; then
  echo "checkpoints hold: $total checkpoints, ${#cp_seq[@]} verified; $last"
  exit "$status"
fi
plural=s
[ ${#problems[@]} -eq 1 ] && plural=
echo "CHECKPOINTS BROKEN: ${#problems[@]} problem$plural; $last"
printf '%s\n' "${problems[@]}" | sort -t'|' -k1,1n -s | cut -d'|' -f2- | sed 's/^/  /'
exit 1
