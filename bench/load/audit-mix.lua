-- wrk script for bench/load/audit-restart.sh: a mix of proxied calls, each with its own
-- X-Request-Id, and one line per response ("<request id> <status> <epoch second>") written to
-- $OUT_DIR/responses-<thread>.log, so that the run can be checked against the audit log.
--   8 in 10: Tier 1 chat completion by a service (allowed)
--   1 in 10: Tier 2 dataset read by alice under her grant (allowed; the grant lookup runs)
--   1 in 10: a prompt holding a private key for the external route (denied: credentials are never forwarded)
local run = os.getenv("RUN_ID") or "load"
local out_dir = os.getenv("OUT_DIR") or "."
local service = "Bearer " .. (os.getenv("TOKEN_SERVICE") or "")
local alice = "Bearer " .. (os.getenv("TOKEN_ALICE") or "")
local chat = '{"model":"demo-model","messages":[{"role":"user","content":' ..
  '"Summarise the release checklist for the mobile app in three bullets."}]}'
local leak = '{"model":"demo-model","messages":[{"role":"user","content":"Why is this key rejected? -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\\n-----END OPENSSH PRIVATE KEY-----"}]}'
local threads = 0
local counter = 0
local out

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  out = io.open(out_dir .. "/responses-" .. tid .. ".log", "w")
end

function request()
  counter = counter + 1
  local id = run .. "-" .. tid .. "-" .. counter
  local kind = counter % 10
  if kind == 3 then
    return wrk.format("GET", "/datasets/customer-tickets/records?limit=1",
      { ["Authorization"] = alice, ["X-Tiergate-Purpose"] = "debugging", ["X-Request-Id"] = id }, nil)
  elseif kind == 7 then
    return wrk.format("POST", "/llm/external-gpt/v1/chat/completions",
      { ["Authorization"] = service, ["Content-Type"] = "application/json", ["X-Request-Id"] = id }, leak)
  end
  return wrk.format("POST", "/llm/external-gpt/v1/chat/completions",
    { ["Authorization"] = service, ["Content-Type"] = "application/json", ["X-Request-Id"] = id }, chat)
end

function response(status, headers, body)
  out:write((headers["X-Request-Id"] or headers["x-request-id"] or "?") .. " " .. status .. " " .. os.time() .. "\n")
end
