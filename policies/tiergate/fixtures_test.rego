# Subjects, resources, contents and grants shared by the unit tests; the times match the contract table.
package tiergate.fixtures_test

now := 1795680000

an_hour_later := now + 3600

alice := {"id": "alice", "type": "user", "roles": ["developer"], "groups": ["team-a"]}

indexer := {"id": "rag-indexer", "type": "service", "roles": ["service"], "groups": []}

priya := {"id": "priya", "type": "user", "roles": ["privacy-approver"], "groups": ["privacy-team"]}

aude := {"id": "aude", "type": "user", "roles": ["auditor"], "groups": []}

roleless := {"id": "bob", "type": "user", "roles": [], "groups": []}

public_docs := {"kind": "dataset", "name": "public-docs", "tier": 1, "owner": "docs-team", "attributes": {}}

customer_tickets := {"kind": "dataset", "name": "customer-tickets", "tier": 2, "owner": "support-team", "attributes": {}}

external_route := {"kind": "llm_route", "name": "external-gpt", "tier": 1, "owner": "platform-team", "attributes": {"external": true}}

internal_route := {"kind": "llm_route", "name": "internal-llama", "tier": 2, "owner": "", "attributes": {"external": false}}

audit_log := {"kind": "audit_log", "name": "decisions", "tier": 2, "owner": "privacy-team", "attributes": {}}

no_content := {"tier": 1, "findings": [], "bytes": 0}

tier1_prompt := {"tier": 1, "findings": [], "bytes": 240}

tier2_prompt := {"tier": 2, "findings": [{"type": "EMAIL", "tier": 2, "count": 2}], "bytes": 240}

# Customer source code: Tier 2 that no placeholder makes safe.
customer_code_prompt := {"tier": 2, "findings": [{"type": "SOURCE_CODE", "tier": 2, "count": 1}], "bytes": 900}

# A prompt holding one finding of the given type, classified at the given tier.
prompt_with(tier, finding_type) := {"tier": tier, "findings": [{"type": finding_type, "tier": tier, "count": 1}], "bytes": 240}

# A prompt holding the given findings ([type, tier] pairs, one of each), at the highest of their tiers.
prompt_holding(pairs) := {
	"tier": max([pair[1] | some pair in pairs]),
	"findings": [{"type": pair[0], "tier": pair[1], "count": 1} | some pair in pairs],
	"bytes": 240,
}

# Decision obligations of an LLM call whose Tier 2 personal data is redacted: the given types
# before forwarding, and every Tier 2 finding in what is captured.
redacting(types) := {"redact": types, "mask_fields": [], "capture": "redacted"}

# Decision obligations that ask nothing but the given capture mode.
capturing(mode) := {"redact": [], "mask_fields": [], "capture": mode}

grant(resource, purpose, expires_at) := {
	"resource": {"kind": resource.kind, "name": resource.name},
	"purpose": purpose,
	"expires_at": expires_at,
}

# An active grant for debugging on the given resource.
debugging_grant(resource) := grant(resource, "debugging", an_hour_later)

# A complete input document, as the gateway sends it.
request(subject, action, resource, content, purpose, grants) := {
	"subject": subject,
	"action": action,
	"resource": resource,
	"content": content,
	"context": {"purpose": purpose, "now": now, "grants": grants},
}

# Obligations that ask for nothing (a deny, a dataset read without Tier 2 fields, the workflow's actions).
no_obligations := capturing("none")

# A route with the given capture attributes on top of its own.
with_attributes(route, attributes) := object.union(route, {"attributes": attributes})

access_workflow := {"kind": "access_workflow", "name": "access-workflow", "tier": 2, "owner": "privacy-team", "attributes": {}}

pat := {"id": "pat", "type": "user", "roles": ["privacy-approver"], "groups": ["privacy-team"]}

# The facts of an access request by `requester` being decided, with the approvals so far.
access_request(requester, approvals, required, verdict) := {
	"id": "0b9d6c64-5a4f-4e43-9d5e-2f0c8f3a1b7e",
	"requester": requester,
	"approvals": approvals,
	"approvals_required": required,
	"verdict": verdict,
}

# A complete access.decide input: `subject` decides on the request `facts` for `resource`.
decide(subject, resource, facts) := object.union(
	request(subject, "access.decide", resource, no_content, "", []),
	{"context": {"purpose": "", "now": now, "grants": [], "access_request": facts}},
)

# The capture store of the external route, declared Tier 1 (its route's tier), and that of the internal route (Tier 2).
external_captures := {"kind": "dataset", "name": "captures/external-gpt", "tier": 1, "owner": "platform-team", "attributes": {"capture_store": true}}

internal_captures := {"kind": "dataset", "name": "captures/internal-llama", "tier": 2, "owner": "", "attributes": {"capture_store": true}}

# The classification of a page of captures, or of an export file, holding redacted Tier 2 calls.
redacted_captures := {"tier": 2, "findings": [{"type": "EMAIL", "tier": 2, "count": 3}], "bytes": 5120}

tier1_captures := {"tier": 1, "findings": [], "bytes": 5120}
