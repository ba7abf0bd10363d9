#!/usr/bin/env bash
# End-to-end check of the local run with a real Keycloak: starts the local stack and the gateway
# on spare ports (so that a running scripts/run-local.sh is not disturbed), runs the README's
# "Try it" blocks against it and checks what they print, checks statuses and audit rows, and
# drives the gateway with the official OpenAI Python client (pinned, from PyPI), and fuzzes the API
# from its OpenAPI document with schemathesis (scripts/fuzz-api.sh). Stops everything it started,
# also on failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$TIERGATE_ROOT"

export TIERGATE_LOCAL_DIR=$TIERGATE_CACHE/e2e
export TIERGATE_LOCAL_PG_PORT=${E2E_PG_PORT:-55442}
export TIERGATE_LOCAL_KC_PORT=${E2E_KC_PORT:-8280}
export TIERGATE_LOCAL_UPSTREAM_PORT=${E2E_UPSTREAM_PORT:-8190}
GW=${E2E_GATEWAY_PORT:-8380}
MGMT=${E2E_MANAGEMENT_PORT:-9380}
KC=$TIERGATE_LOCAL_KC_PORT
OPENAI_VERSION=3.57.0
work=$(mktemp -d "${TMPDIR:-/tmp}/tiergate-e2e.XXXXXX")
started=$SECONDS

cleanup() {
  [ -n "${gateway_pid:-}" ] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  scripts/local-stack.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() { # description, command...
  local what=$1
  shift
  if "$@"; then
    printf '  ok    %s\n' "$what"
  else
    printf '  FAIL  %s\n' "$what"
    failures=$((failures + 1))
  fi
}

[ -f target/quarkus-app/quarkus-run.jar ] || mvn -B -q package -DskipTests >/dev/null
scripts/local-stack.sh up >/dev/null
log "starting the gateway on 127.0.0.1:$GW"
java -Dquarkus.profile=local -Dquarkus.http.port="$GW" -Dquarkus.management.port="$MGMT" \
  -Dlocal.pg-port="$TIERGATE_LOCAL_PG_PORT" -Dlocal.keycloak-port="$KC" \
  -Dlocal.upstream-port="$TIERGATE_LOCAL_UPSTREAM_PORT" \
  -jar target/quarkus-app/quarkus-run.jar >"$work/gateway.log" 2>&1 &
gateway_pid=$!
until curl -fsS -o /dev/null "http://127.0.0.1:$MGMT/q/health/ready" 2>/dev/null; do
  kill -0 "$gateway_pid" 2>/dev/null || { tail -50 "$work/gateway.log" >&2; die "the gateway exited during start-up"; }
  sleep 0.5
done
log "stack and gateway up after $((SECONDS - started))s"

token() { curl -fsS -d grant_type=password -d client_id=tiergate-cli -d "username=$1" -d "password=$1" \
  "http://127.0.0.1:$KC/realms/tiergate/protocol/openid-connect/token" | jq -r .access_token; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
chat='{"model":"demo-model","messages":[{"role":"user","content":"hello"}]}'
ALICE=$(token alice)
PRIYA=$(token priya)

echo "README 'Try it' blocks:"
awk '/<!-- try-it:start/ {on=1; next} /<!-- try-it:end/ {on=0} on && /^```sh/ {code=1; next} on && /^```/ {code=0} code' README.md \
  | sed -e "s/127\.0\.0\.1:8080/127.0.0.1:$GW/g" -e "s/127\.0\.0\.1:8180/127.0.0.1:$KC/g" >"$work/try-it.sh"
check "the README's commands run without error" bash -euo pipefail "$work/try-it.sh" >"$work/try-it.out" 2>&1 \
  || { cat "$work/try-it.out" >&2; }
for expected in '"finish_reason": "stop"' 'HTTP/1.1 403' 'application/problem+json' '"credentials_never_forwarded"' \
  'data: [DONE]' '"Getting started with the monorepo"' '"tier2_requires_grant"' '"/api/access-requests"' \
  '"action":"llm.invoke"' '"action":"dataset.read"' 'x-tiergate-redacted: EMAIL,PAYMENT_CARD' \
  'Reply to <EMAIL_1>: card <PAYMENT_CARD_1>' '"tier":2,"findings":[{"type":"PERSON","start":5,"end":13' \
  '"redacted":"Call <PERSON_1> on <PHONE_1> or mail <EMAIL_1>; ops@tiergate.dev is ours"' '"tier2_personal_data_redacted"' \
  '"requester":"alice"' '{"records":' '"revoked_by":"priya"' '"ok":true' \
  '"name":"detailed","baseline":false' '"significant":true' "the file's SHA-256 is the one in the audit record" \
  '{"status":403,"reasons":["tier2_requires_grant"]}' '"grant":{"kind":"dataset","name":"captures/assistant"}' \
  'X-Tiergate-Export-Records:' '{"variant":"detailed","question":"Name three release risks"'; do
  check "the README's output shows $expected" grep -qiF -- "$expected" "$work/try-it.out"
done

echo "Statuses:"
check "Tier 1 chat allowed (200)" test "$(status -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
  -d "$chat" "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions")" = 200
check "no token refused (401)" test "$(status -H 'Content-Type: application/json' -d "$chat" \
  "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions")" = 401
check "forged token refused (401)" test "$(status -H "Authorization: Bearer ${ALICE%?????}xxxxx" -H 'Content-Type: application/json' \
  -d "$chat" "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions")" = 401
check "developer may not read the audit log (403)" test "$(status -H "Authorization: Bearer $ALICE" \
  "http://127.0.0.1:$GW/api/audit/events")" = 403
curl -s -X DELETE "http://127.0.0.1:$TIERGATE_LOCAL_UPSTREAM_PORT/_demo/requests" >/dev/null
check "e-mail address to the external route redacted and forwarded (200)" test "$(status -H "Authorization: Bearer $ALICE" \
  -H 'Content-Type: application/json' -d '{"model":"m","messages":[{"role":"user","content":"mail jane@example.com or JANE@example.com"}]}' \
  "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions")" = 200
forwarded=$(curl -fsS "http://127.0.0.1:$TIERGATE_LOCAL_UPSTREAM_PORT/_demo/requests")
check "the upstream received placeholders, not the address" \
  bash -c 'grep -qF "mail <EMAIL_1> or <EMAIL_1>" <<<"$1" && ! grep -qi "jane@example.com" <<<"$1"' _ "$forwarded"
check "customer code to the external route denied (403)" test "$(status -H "Authorization: Bearer $ALICE" \
  -H 'Content-Type: application/json' -d '{"model":"m","messages":[{"role":"user","content":"package com.acme.billing;\npublic class Invoice {}"}]}' \
  "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions")" = 403
check "classify without a token refused (401)" test "$(status -H 'Content-Type: application/json' -d '{"text":"hi"}' \
  "http://127.0.0.1:$GW/api/classify")" = 401
check "classify a 10 MB body refused (413)" test "$(head -c 10485760 /dev/zero | tr '\0' 'a' | status -H "Authorization: Bearer $ALICE" \
  -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$GW/api/classify")" = 413

echo "Command-line classifier:"
printf 'id,contact\n1,jane@example.com\n2,AC-1234566\n' >"$work/dataset.csv"
set +e
scripts/classify.sh --config src/main/resources/application.properties --profile local "$work/dataset.csv" >"$work/cli.out" 2>"$work/cli.err"
cli_status=$?
set -e
check "the CLI flags the dataset as Tier 2 (exit 1)" test "$cli_status" = 1
check "the CLI prints one JSON line per finding, without values" \
  bash -c 'test "$(jq -r .type "$1" | sort | tr "\n" " ")" = "CUSTOMER_ID EMAIL " && ! grep -q "jane@" "$1"' _ "$work/cli.out"

echo "Access workflow:"
req=$(curl -fsS -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
  -d '{"resource":{"kind":"llm_route","name":"internal-llm"},"purpose":"debugging","justification":"e2e","duration":"PT1H"}' \
  "http://127.0.0.1:$GW/api/access-requests" | jq -r .id)
PAUL=$(token paul)
check "a developer may not approve (403)" test "$(status -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
  -d '{}' "http://127.0.0.1:$GW/api/access-requests/$req/approve")" = 403
check "one approval of two leaves the request pending" test "$(curl -fsS -H "Authorization: Bearer $PRIYA" \
  -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$GW/api/access-requests/$req/approve" | jq -r .state)" = pending
check "the same approver twice is refused (403)" test "$(status -H "Authorization: Bearer $PRIYA" -H 'Content-Type: application/json' \
  -d '{}' "http://127.0.0.1:$GW/api/access-requests/$req/approve")" = 403
check "a second, distinct approver makes the grant" test "$(curl -fsS -H "Authorization: Bearer $PAUL" \
  -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$GW/api/access-requests/$req/approve" | jq -r .state)" = approved
check "a Tier 2 prompt to internal-llm under the grant (200)" test "$(status -H "Authorization: Bearer $ALICE" \
  -H 'X-Tiergate-Purpose: debugging' -H 'Content-Type: application/json' \
  -d '{"model":"m","messages":[{"role":"user","content":"mail jane@example.com"}]}' \
  "http://127.0.0.1:$GW/llm/internal-llm/v1/chat/completions")" = 200
check "scripts/audit-verify.sh finds the chain intact" bash -c "PGPASSWORD=tiergate_app scripts/audit-verify.sh \
  postgresql://tiergate_app@127.0.0.1:$TIERGATE_LOCAL_PG_PORT/tiergate | grep -q '^intact: '"

echo "Privacy console:"
location=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$GW/admin/queue")
check "the console sends a browser to the identity provider to sign in" \
  bash -c '[[ $1 == http://127.0.0.1:'"$KC"'/realms/tiergate/protocol/openid-connect/auth?* ]]' _ "$location"

echo "Audit:"
rid="e2e-$RANDOM$RANDOM"
curl -s -o /dev/null -H "X-Request-Id: $rid" -H "Authorization: Bearer $ALICE" -H 'Content-Type: application/json' \
  -d "$chat" "http://127.0.0.1:$GW/llm/external-gpt/v1/chat/completions"
rows=$(curl -fsS -H "Authorization: Bearer $PRIYA" "http://127.0.0.1:$GW/api/audit/events?client_request_id=$rid")
check "one request decision for the allowed call, by alice, allowed" \
  test "$(jq -r '[.events[] | select(.action == "llm.invoke" and .kind == "decision")] | [length, .[0].subject_name, .[0].allowed] | join(" ")' <<<"$rows")" = "1 alice true"
# (through a file: 500 events are more than one command-line argument may hold)
curl -fsS -H "Authorization: Bearer $PRIYA" "http://127.0.0.1:$GW/api/audit/events?limit=500" >"$work/audit-events.json" || true
check "the audit log holds no prompt text" bash -c 'test -s "$1" && ! grep -qi "BEGIN OPENSSH PRIVATE KEY\|jane@example.com\|jane.doe@example.com\|4111 1111" "$1"' _ \
  "$work/audit-events.json"

echo "OpenAI Python client $OPENAI_VERSION:"
venv=$TIERGATE_CACHE/e2e-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import openai, sys; sys.exit(openai.__version__ != '$OPENAI_VERSION')" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "openai==$OPENAI_VERSION"
fi
cat >"$work/openai_client.py" <<'PY'
import sys, openai
from openai import OpenAI
base, token = sys.argv[1], sys.argv[2]
client = OpenAI(base_url=base, api_key=token, max_retries=0)
reply = client.chat.completions.create(model="demo-model", messages=[{"role": "user", "content": "hello"}])
assert reply.choices[0].message.content.startswith("This is demo-model"), reply
pieces = [c.choices[0].delta.content or "" for c in client.chat.completions.create(
    model="demo-model", stream=True, messages=[{"role": "user", "content": "stream it"}]) if c.choices]
assert len(pieces) > 2 and "".join(pieces).startswith("This is demo-model"), pieces
try:
    client.chat.completions.create(model="demo-model", messages=[{"role": "user", "content": "AKIAIOSFODNN7EXAMPLE"}])
    raise SystemExit("a cloud key was forwarded")
except openai.PermissionDeniedError as denied:
    assert denied.body["code"] == "access_denied" and "credentials_never_forwarded" in denied.body["reasons"], denied.body
print("plain, streamed (%d chunks) and denied calls behave" % len(pieces))
# a tool call: the assistant's arguments are JSON in a string, scanned as JSON
tools = [{"type": "function", "function": {"name": "lookup_order", "description": "Find an order",
          "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}}]
reply = client.chat.completions.create(model="demo-model", tools=tools, messages=[
    {"role": "user", "content": "where is order 42?"},
    {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function",
        "function": {"name": "lookup_order", "arguments": "{\"order_id\": \"42\"}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "{\"status\": \"shipped\"}"}])
assert reply.choices[0].message.content.startswith("This is demo-model"), reply
try:
    client.chat.completions.create(model="demo-model", tools=tools, messages=[
        {"role": "user", "content": "check"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_2", "type": "function",
            "function": {"name": "lookup_order", "arguments": "{\"order_id\": \"ghp_7a2b9c4d1e8f3a6b5c0d9e2f7a4b1c8d3e6f\"}"}}]}])
    raise SystemExit("a token in tool-call arguments was forwarded")
except openai.PermissionDeniedError as denied:
    assert "credentials_never_forwarded" in denied.body["reasons"], denied.body
emb = client.embeddings.create(model="demo-model", input=["release checklist", "on-call handbook"])
assert len(emb.data) == 2 and len(emb.data[0].embedding) == 8, emb
try:
    client.embeddings.create(model="demo-model", input=[[1, 2, 3]])
    raise SystemExit("token arrays were forwarded")
except openai.PermissionDeniedError as denied:
    assert "unscannable_content" in denied.body["reasons"], denied.body
done = client.completions.create(model="demo-model", prompt="Say hello")
assert done.choices[0].text.startswith("This is demo-model"), done
streamed = "".join(c.choices[0].text for c in client.completions.create(model="demo-model", prompt="Say hi", stream=True) if c.choices)
assert streamed.startswith("This is demo-model"), streamed
answer = client.responses.create(model="demo-model", input="Summarise the release checklist", instructions="Be brief")
assert answer.output_text.startswith("This is demo-model"), answer
deltas = [e.delta for e in client.responses.create(model="demo-model", input="stream it", stream=True)
          if e.type == "response.output_text.delta"]
assert "".join(deltas).startswith("This is demo-model"), deltas
assert [m.id for m in client.models.list()] == ["demo-model", "demo-model-detailed"]
try:
    client.chat.completions.create(model="demo-model", messages=[{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}]}])
    raise SystemExit("an image was forwarded to a route that does not accept images")
except openai.PermissionDeniedError as denied:
    assert "unscannable_content" in denied.body["reasons"], denied.body
print("tool calls, embeddings, completions, responses (streamed too), models and unscannable content behave")
PY
check "chat, tool calls, embeddings, completions, responses and models through the OpenAI client" \
  "$venv/bin/python" "$work/openai_client.py" "http://127.0.0.1:$GW/llm/external-gpt/v1" "$ALICE"

echo "API fuzzing (schemathesis, from /q/openapi):"
check "no server error, every response as the OpenAPI document says" \
  scripts/fuzz-api.sh "http://127.0.0.1:$GW" "$(token priya)"

log "end-to-end checks took $((SECONDS - started))s"
[ "$failures" -eq 0 ] || die "$failures end-to-end check(s) failed"
