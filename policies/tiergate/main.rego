# Entrypoint: one decision per request, dispatched on the action (docs/POLICY-CONTRACT.md).
package tiergate.main

import data.tiergate.access
import data.tiergate.audit
import data.tiergate.capture
import data.tiergate.dataset
import data.tiergate.erasure
import data.tiergate.export
import data.tiergate.llm
import data.tiergate.report
import data.tiergate.respond

decision := {
	"allow": allow,
	"reasons": reasons,
	"obligations": obligations,
}

# Any deny reason wins over an allow rule; without an allow rule nothing passes.
default allow := false

allow if {
	count(deny_reasons) == 0
	count(allow_reasons) > 0
}

# A denial lists every rule that denied; an allow names the rule that allowed.
reasons := sort(deny_reasons) if count(deny_reasons) > 0

else := sort(allow_reasons)

deny_reasons := dataset.deny if input.action == "dataset.read"

else := export.deny if input.action == "dataset.export"

else := llm.deny if input.action in llm_actions

else := respond.deny if input.action == "llm.respond"

else := audit.deny if input.action == "audit.read"

else := report.deny if input.action == "report.read"

else := access.deny if input.action in access_actions

else := erasure.deny if input.action == "capture.erase"

else := {"unknown_action"}

allow_reasons := dataset.allow if input.action == "dataset.read"

else := export.allow if input.action == "dataset.export"

else := llm.allow if input.action in llm_actions

else := respond.allow if input.action == "llm.respond"

else := audit.allow if input.action == "audit.read"

else := report.allow if input.action == "report.read"

else := access.allow if input.action in access_actions

else := erasure.allow if input.action == "capture.erase"

else := set()

access_actions := {"access.request", "access.decide", "access.revoke", "access.review"}

# Calls through an LLM route: chat, completions and responses (invoke), embeddings (embed), the model list (list).
llm_actions := {"llm.invoke", "llm.embed", "llm.list"}

# What the gateway must do when it forwards an allowed request: redact the finding types the
# action's policy names (llm.invoke: in the prompt; llm.respond: in the answer; dataset.read: in
# the payload) and mask the fields it names (dataset.read: the dataset's; report.read: the
# report's sections); and how much of an LLM call it may store (capture: none, redacted or full;
# data.tiergate.capture). A deny carries none.
obligations := {"redact": redact, "mask_fields": mask_fields, "capture": capture_mode}

redact := llm.redact if {
	input.action in llm_actions
	allow
} else := respond.redact if {
	input.action == "llm.respond"
	allow
} else := dataset.redact if {
	input.action == "dataset.read"
	allow
} else := []

# Chat, completions, responses (llm.invoke), embeddings (llm.embed) and answers (llm.respond) are
# captured; a model list and dataset reads never are.
capture_mode := capture.mode if {
	input.action in captured_actions
	allow
} else := "none"

captured_actions := {"llm.invoke", "llm.embed", "llm.respond"}

mask_fields := dataset.mask_fields if {
	input.action == "dataset.read"
	allow
} else := report.mask_fields if {
	input.action == "report.read"
	allow
} else := []
