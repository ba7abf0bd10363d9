-- wrk script for bench/load/audit-restart.sh and bench/load/fault-suite.sh: a mix of proxied calls,
-- each with its own X-Request-Id, and one line per response written to $OUT_DIR/responses-<thread>.log,
--   <request id> <status> <epoch seconds at the response, to the ms> <latency ms> <stream end>
-- so that the run can be checked against the audit log (stream end: done when an SSE stream ended
-- with [DONE], error when it ended with an error event, cut when it just stopped, - for no stream).
--   8 in 10: Tier 1 chat completion by a service (allowed); with STREAMS=1, one of these streamed
--            (ONLY_STREAMS=1: every call a streamed Tier 1 chat completion; OUT_TAG names the files)
--   1 in 10: Tier 2 dataset read by alice under her grant (allowed; the grant lookup runs)
--   1 in 10: a prompt holding a private key for the external route (denied: credentials are never forwarded)
local ffi = require("ffi")
ffi.cdef [[ typedef struct { long tv_sec; long tv_nsec; } tg_timespec; int clock_gettime(int, tg_timespec *); ]]
local ts = ffi.new("tg_timespec")
local function now_ms()
  ffi.C.clock_gettime(0, ts) -- CLOCK_REALTIME: compared with the fault's timeline
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local run = os.getenv("RUN_ID") or "load"
local out_dir = os.getenv("OUT_DIR") or "."
local streams = os.getenv("STREAMS") == "1"
local only_streams = os.getenv("ONLY_STREAMS") == "1"
local out_tag = os.getenv("OUT_TAG") or ""
local service = "Bearer " .. (os.getenv("TOKEN_SERVICE") or "")
local alice = "Bearer " .. (os.getenv("TOKEN_ALICE") or "")
local chat = '{"model":"demo-model","messages":[{"role":"user","content":' ..
  '"Summarise the release checklist for the mobile app in three bullets."}]}'
local streamed = '{"model":"demo-model","stream":true,"messages":[{"role":"user","content":' ..
  '"Summarise the release checklist for the mobile app in three bullets."}]}'
local leak = '{"model":"demo-model","messages":[{"role":"user","content":"Why is this key rejected? -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\\n-----END OPENSSH PRIVATE KEY-----"}]}'
local threads = 0
local counter = 0
local started = {}
local out

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  out = io.open(out_dir .. "/responses-" .. out_tag .. tid .. ".log", "w")
end

function request()
  counter = counter + 1
  local id = run .. "-" .. out_tag .. tid .. "-" .. counter
  local kind = only_streams and 5 or counter % 10
  started[id] = now_ms()
  if kind == 3 then
    return wrk.format("GET", "/datasets/customer-tickets/records?limit=1",
      { ["Authorization"] = alice, ["X-Tiergate-Purpose"] = "debugging", ["X-Request-Id"] = id }, nil)
  elseif kind == 7 then
    return wrk.format("POST", "/llm/external-gpt/v1/chat/completions",
      { ["Authorization"] = service, ["Content-Type"] = "application/json", ["X-Request-Id"] = id }, leak)
  elseif kind == 5 and (streams or only_streams) then
    return wrk.format("POST", "/llm/external-gpt/v1/chat/completions",
      { ["Authorization"] = service, ["Content-Type"] = "application/json", ["X-Request-Id"] = id }, streamed)
  end
  return wrk.format("POST", "/llm/external-gpt/v1/chat/completions",
    { ["Authorization"] = service, ["Content-Type"] = "application/json", ["X-Request-Id"] = id }, chat)
end

function response(status, headers, body)
  -- the gateway answers with its own X-Request-Id and returns the caller's as X-Client-Request-Id
  local id = headers["X-Client-Request-Id"] or headers["x-client-request-id"] or "?"
  local t0 = started[id]
  started[id] = nil
  local t1 = now_ms()
  local latency = t0 and string.format("%.1f", t1 - t0) or "-"
  local stream_end = "-"
  local ct = headers["Content-Type"] or headers["content-type"] or ""
  if string.find(ct, "text/event-stream", 1, true) then
    if string.find(body or "", "data: [DONE]", 1, true) then
      stream_end = "done"
    elseif string.find(body or "", "event: error", 1, true) then
      stream_end = "error"
    else
      stream_end = "cut"
    end
  end
  out:write(id .. " " .. status .. " " .. string.format("%.3f", t1 / 1000) .. " " .. latency .. " " .. stream_end .. "\n")
end
