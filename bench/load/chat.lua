-- wrk script: a small Tier 1 chat completion with a bearer token (TOKEN from the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.body = '{"model":"demo-model","messages":[{"role":"system","content":"You are concise."},' ..
  '{"role":"user","content":"Summarise the release checklist for the mobile app in three bullets, ' ..
  'mentioning feature flags, the changelog sign-off and the staged rollout."}]}'

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
