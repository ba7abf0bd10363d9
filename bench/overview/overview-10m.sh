#!/usr/bin/env bash
# Load time of the console's overview page on a large audit log (not part of the test suite).
#
#   bench/overview/overview-10m.sh [ROWS] [LOADS]       (default 10 000 000 rows, 20 page loads)
#
# Starts its own stack (PostgreSQL, Keycloak, demo upstream) under $TIERGATE_CACHE/bench-overview on
# the ports of TIERGATE_LOCAL_{PG,KC,UPSTREAM,GATEWAY,MANAGEMENT}_PORT (defaults 55462, 8291, 8192,
# 8391, 9391), migrates it with the gateway, then seeds ROWS decision events spread over the last
# 8 days straight into audit_event as the owner (triggers off: the hashes are filler, so the chain
# does not verify; a bench database only). It then measures, in the same run:
#   1. the rollup's catch-up over all the rows (the gateway's scheduled job, AuditRollup),
#   2. the reference: the overview's aggregates computed straight from audit_event with psql,
#   3. the page itself: LOADS timed GETs of /admin/overview signed in as priya (median, p90, max).
# Stops everything when done.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
source "$(dirname "$0")/../load/lib.sh"
cd "$TIERGATE_ROOT"

rows=${1:-10000000}
loads=${2:-20}
export TIERGATE_LOCAL_DIR=$TIERGATE_CACHE/bench-overview
export TIERGATE_LOCAL_PG_PORT=${TIERGATE_LOCAL_PG_PORT:-55462}
export TIERGATE_LOCAL_KC_PORT=${TIERGATE_LOCAL_KC_PORT:-8291}
export TIERGATE_LOCAL_UPSTREAM_PORT=${TIERGATE_LOCAL_UPSTREAM_PORT:-8192}
GW=${TIERGATE_LOCAL_GATEWAY_PORT:-8391}
MGMT=${TIERGATE_LOCAL_MANAGEMENT_PORT:-9391}
KC=$TIERGATE_LOCAL_KC_PORT
# A rollup run every 5 s (the default is a minute) so the catch-up starts at once.
GATEWAY_OPTS="-Dtiergate.overview.rollup-interval=5s ${GATEWAY_OPTS:-}"
command -v psql >/dev/null || die "psql is needed (Debian's postgresql-client)"
owner() { PGPASSWORD=tiergate psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TIERGATE_LOCAL_PG_PORT" -U tiergate -d tiergate "$@"; }

cleanup() {
  if [ -n "${gateway_pid:-}" ] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid" 2>/dev/null || true
    wait "$gateway_pid" 2>/dev/null || true
  fi
  scripts/local-stack.sh down >/dev/null 2>&1 || true
  rm -rf "$TIERGATE_LOCAL_DIR/postgres"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests >/dev/null
rm -rf "$TIERGATE_LOCAL_DIR/postgres"
scripts/local-stack.sh up >/dev/null
# Migrate (the gateway runs Flyway at start in the local profile), then stop it while seeding.
start_gateway "$TIERGATE_LOCAL_DIR/gateway-migrate.log"
stop_gateway

log "seeding $rows decision events over the last 8 days"
seed_started=$SECONDS
owner <<SQL
alter table audit_event disable trigger user;
insert into audit_event (seq, event_id, occurred_at, kind, request_id, subject_id, subject_type, subject_name, action,
    resource_kind, resource_name, resource_tier, content_tier, findings, purpose, allowed, outcome, reasons,
    policy_engine, policy_revision, prev_hash, hash)
select g, md5(g::text)::uuid, now() - (g % 691200) * interval '1 second', 'decision', 'bench-' || g,
       'https://sso/realms/x#u' || (g % 500), 'user', 'user' || (g % 500),
       (array['llm.invoke', 'dataset.read', 'llm.embed'])[1 + g % 3],
       'llm_route', (array['external-gpt', 'internal-llm', 'dev-handbook'])[1 + g % 3], 1, 1 + (g % 7 = 0)::int,
       case when g % 7 = 0 then '[{"type":"EMAIL","tier":2,"count":2},{"type":"PAYMENT_CARD","tier":2,"count":1}]'::jsonb
            when g % 11 = 0 then '[{"type":"PRIVATE_KEY","tier":2,"count":1}]'::jsonb else '[]'::jsonb end,
       'bench', g % 11 <> 0 and g % 13 <> 0, case when g % 11 <> 0 and g % 13 <> 0 then 'allowed' else 'denied' end,
       case when g % 11 = 0 then array['credentials_never_forwarded'] when g % 13 = 0 then array['tier2_requires_grant']
            when g % 7 = 0 then array['tier2_personal_data_redacted'] else array['tier1_access'] end,
       'embedded', 'bench', repeat('0', 64), md5(g::text) || md5((g + 1)::text)
from generate_series((select coalesce(max(seq), 0) + 1 from audit_event), (select coalesce(max(seq), 0) from audit_event) + $rows) g;
alter table audit_event enable trigger user;
-- The head moves only with inserts (its trigger refuses updates): off for this one update too.
alter table audit_chain_head disable trigger user;
update audit_chain_head set seq = (select max(seq) from audit_event), hash = (select hash from audit_event order by seq desc limit 1);
alter table audit_chain_head enable trigger user;
analyze audit_event;
SQL
log "seeded in $((SECONDS - seed_started)) s; $(owner -At -c 'select count(*) from audit_event') events"

# 2. The reference: the page's audit aggregates straight from audit_event (what the page would cost without the rollup).
log "reference: the overview's aggregates from audit_event itself (psql, one run)"
reference_started=$(date +%s.%N)
owner -At >/dev/null <<'SQL'
select date_trunc('hour', occurred_at, 'UTC'), case when not allowed then 'denied' when 'tier2_personal_data_redacted' = any(reasons) then 'redacted' else 'allowed' end, count(*)
  from audit_event where kind = 'decision' and occurred_at >= now() - interval '7 days' group by 1, 2;
select r, count(*) from audit_event, unnest(reasons) r where kind = 'decision' and not allowed and occurred_at >= now() - interval '7 days' group by 1 order by 2 desc limit 8;
select f->>'type', date_trunc('day', occurred_at, 'UTC'), sum((f->>'count')::bigint) from audit_event, jsonb_array_elements(findings) f
  where kind = 'decision' and occurred_at >= now() - interval '7 days' group by 1, 2;
SQL
reference=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$reference_started" "$(date +%s.%N)")
log "reference (no rollup): ${reference} s"

# 1. The rollup's catch-up, by the gateway's own scheduled job.
start_gateway "$TIERGATE_LOCAL_DIR/gateway.log"
head=$(owner -At -c 'select max(seq) from audit_event')
rollup_started=$SECONDS
until [ "$(owner -At -c 'select last_seq from audit_rollup_state')" -ge "$head" ]; do
  [ $((SECONDS - rollup_started)) -lt 3600 ] || die "the rollup did not catch up within an hour"
  sleep 2
done
log "rollup caught up with $rows events in $((SECONDS - rollup_started)) s (AuditRollup, chunks of 250 000)"

# 3. The page, signed in as priya through Keycloak's login form. The demo realm's admin client
# redirects to port 8080 only: this gateway's origin is added to it first (Keycloak's admin API).
admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "http://127.0.0.1:$KC/realms/master/protocol/openid-connect/token" | jq -r .access_token)
clients=http://127.0.0.1:$KC/admin/realms/tiergate/clients
client=$(curl -fsS -H "Authorization: Bearer $admin" "$clients?clientId=tiergate-admin" | jq '.[0]')
jq --arg uri "http://127.0.0.1:$GW/*" '.redirectUris += [$uri]' <<<"$client" \
  | curl -fsS -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' --data-binary @- \
    "$clients/$(jq -r .id <<<"$client")"
jar=$TIERGATE_LOCAL_DIR/cookies.txt
rm -f "$jar"
login=$(curl -fsS -c "$jar" -b "$jar" -L "http://127.0.0.1:$GW/admin/overview")
action=$(grep -o 'action="[^"]*"' <<<"$login" | head -1 | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')
[ -n "$action" ] || die "no Keycloak login form"
signed_in=$(curl -sS -c "$jar" -b "$jar" -L -o "$TIERGATE_LOCAL_DIR/overview.html" -w '%{http_code} %{url_effective}' \
  -d username=priya -d password=priya -d credentialId= "$action")
[ "${signed_in%% *}" = 200 ] || { cat "$jar" >&2; head -c 2000 "$TIERGATE_LOCAL_DIR/overview.html" >&2; die "sign-in failed: $signed_in"; }
grep -q '<h1>Overview</h1>' "$TIERGATE_LOCAL_DIR/overview.html" || die "signed in, but no overview page (see $TIERGATE_LOCAL_DIR/overview.html)"
times=()
for _ in $(seq "$loads"); do
  times+=("$(curl -fsS -b "$jar" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$GW/admin/overview")")
done
printf '%s\n' "${times[@]}" | python3 -c "
import statistics, sys
t = sorted(float(x) * 1000 for x in sys.stdin.read().split())
print(f'overview page on $rows audit events: n={len(t)} median={statistics.median(t):.1f} ms p90={t[int(0.9 * (len(t) - 1))]:.1f} ms max={t[-1]:.1f} ms')
print('reference, the same aggregates from audit_event: ${reference} s')"
stop_gateway
