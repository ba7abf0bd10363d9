package tiergate.main_test

import data.tiergate.fixtures_test as f
import data.tiergate.main

allowed(reason) := {"allow": true, "reasons": [reason], "obligations": f.no_obligations}

denied(reasons) := {"allow": false, "reasons": reasons, "obligations": f.no_obligations}

test_dispatches_dataset_read if {
	inp := f.request(f.alice, "dataset.read", f.customer_tickets, f.no_content, "debugging", [f.debugging_grant(f.customer_tickets)])
	main.decision == allowed("tier2_grant_active") with input as inp
}

test_tier1_dataset_read_obliges_redaction_and_masking if {
	handbook := object.union(f.public_docs, {"attributes": {"tier2_fields": ["/records/*/email"]}})
	decision := main.decision with input as f.request(f.alice, "dataset.read", handbook, f.no_content, "debugging", [])
	decision.allow
	decision.obligations.mask_fields == ["/records/*/email"]
	"EMAIL" in decision.obligations.redact
	"PRIVATE_KEY" in decision.obligations.redact
}

test_dispatches_llm_respond if {
	inp := f.request(f.alice, "llm.respond", f.external_route, f.tier2_prompt, "", [])
	main.decision == {"allow": true, "reasons": ["response_redacted"], "obligations": f.redacting(["EMAIL"])} with input as inp
}

test_denied_response_carries_no_obligations if {
	inp := f.request(f.alice, "llm.respond", f.external_route, f.customer_code_prompt, "", [])
	main.decision == denied(["tier2_response_requires_grant"]) with input as inp
}

test_dispatches_llm_invoke if {
	inp := f.request(f.alice, "llm.invoke", f.internal_route, f.tier2_prompt, "debugging", [f.debugging_grant(f.internal_route)])
	main.decision == {"allow": true, "reasons": ["tier2_grant_active"], "obligations": f.capturing("redacted")} with input as inp
}

test_allowed_tier1_call_is_captured_full if {
	inp := f.request(f.alice, "llm.invoke", f.external_route, f.tier1_prompt, "", [])
	main.decision == {"allow": true, "reasons": ["tier1_access"], "obligations": f.capturing("full")} with input as inp
}

test_allowed_embeddings_are_captured_only_where_the_route_opts_in if {
	inp := f.request(f.alice, "llm.embed", f.external_route, f.tier1_prompt, "", [])
	main.decision.obligations.capture == "none" with input as inp
	opted_in := f.request(f.alice, "llm.embed", f.with_attributes(f.external_route, {"capture_embeddings": true}), f.tier1_prompt, "", [])
	main.decision.obligations.capture == "full" with input as opted_in
}

test_model_list_is_never_captured if {
	inp := f.request(f.alice, "llm.list", f.external_route, f.no_content, "", [])
	main.decision == allowed("tier1_access") with input as inp
}

test_denied_call_is_never_captured if {
	inp := f.request(f.roleless, "llm.invoke", f.external_route, f.tier1_prompt, "", [])
	main.decision == denied(["role_not_permitted"]) with input as inp
}

test_dispatches_audit_read if {
	main.decision == allowed("audit_reader") with input as f.request(f.aude, "audit.read", f.audit_log, f.no_content, "", [])
}

# Only the rules of the requested action answer: an audit read has no purpose to state.
test_other_actions_rules_do_not_answer if {
	main.decision == denied(["role_not_permitted"]) with input as f.request(f.alice, "audit.read", f.audit_log, f.no_content, "", [])
}

test_unknown_action_is_denied if {
	inp := f.request(f.alice, "dataset.delete", f.customer_tickets, f.no_content, "debugging", [f.debugging_grant(f.customer_tickets)])
	main.decision == denied(["unknown_action"]) with input as inp
}

test_unknown_action_is_denied_whatever_the_roles if {
	main.decision == denied(["unknown_action"]) with input as f.request(f.priya, "grant.forge", f.audit_log, f.no_content, "", [])
}

test_missing_action_is_unknown if {
	main.decision == denied(["unknown_action"]) with input as {}
}

test_deny_wins_over_an_allow_rule if {
	inp := f.request(f.alice, "llm.invoke", f.internal_route, f.prompt_with(2, "PRIVATE_KEY"), "debugging", [f.debugging_grant(f.internal_route)])
	main.decision == denied(["credentials_never_forwarded"]) with input as inp
}

test_denial_lists_every_reason_sorted if {
	inp := f.request(f.aude, "dataset.read", f.customer_tickets, f.no_content, "", [])
	main.decision == denied(["purpose_required", "role_not_permitted", "tier2_requires_grant"]) with input as inp
}

test_reasons_are_not_repeated if {
	# Two credential findings and two matching grants still give one reason each.
	content := {"tier": 2, "findings": [{"type": "TOKEN", "tier": 2, "count": 1}, {"type": "PASSWORD", "tier": 2, "count": 2}], "bytes": 80}
	inp := f.request(f.alice, "llm.invoke", f.external_route, content, "debugging", [])
	main.decision == denied(["credentials_never_forwarded", "tier2_content_to_tier1_route"]) with input as inp
}

test_one_allow_reason_for_several_matching_grants if {
	grant_list := [f.debugging_grant(f.customer_tickets), f.grant(f.customer_tickets, "debugging", f.an_hour_later + 60)]
	inp := f.request(f.alice, "dataset.read", f.customer_tickets, f.no_content, "debugging", grant_list)
	main.decision == allowed("tier2_grant_active") with input as inp
}

# Content outside the contract's tiers matches no rule: nothing allows, so the request is denied.
test_no_allow_rule_means_deny if {
	inp := f.request(f.alice, "llm.invoke", f.internal_route, {"tier": 3, "findings": [], "bytes": 1}, "debugging", [])
	main.decision == denied([]) with input as inp
}

test_without_an_allow_obligations_ask_nothing_and_nothing_is_captured if {
	main.obligations == {"redact": [], "mask_fields": [], "capture": "none"}
}

test_dispatches_access_actions if {
	main.decision == allowed("access_requester") with input as f.request(f.alice, "access.request", f.customer_tickets, f.no_content, "debugging", [])
	main.decision == allowed("access_reviewer") with input as f.decide(f.priya, f.customer_tickets, f.access_request("alice", [], 2, "approve"))
	main.decision == denied(["self_decision_forbidden"]) with input as f.decide(f.priya, f.customer_tickets, f.access_request("priya", [], 1, "approve"))
}

test_allowed_personal_data_to_tier1_route_carries_the_redact_obligation if {
	inp := f.request(f.alice, "llm.invoke", f.external_route, f.prompt_holding([["PHONE", 2], ["EMAIL", 2]]), "", [])
	main.decision == {"allow": true, "reasons": ["tier2_personal_data_redacted"], "obligations": f.redacting(["EMAIL", "PHONE"])} with input as inp
}

# A deny carries no obligation, even when the content alone would have been redacted.
test_denied_request_carries_no_redact_obligation if {
	inp := f.request(f.aude, "llm.invoke", f.external_route, f.tier2_prompt, "", [])
	main.decision == denied(["role_not_permitted"]) with input as inp
}

test_dispatches_dataset_export if {
	inp := f.request(f.alice, "dataset.export", f.external_captures, f.redacted_captures, "fine-tuning", [f.grant(f.external_captures, "fine-tuning", f.an_hour_later)])
	main.decision == allowed("tier2_grant_active") with input as inp
	refused := f.request(f.alice, "dataset.export", f.external_captures, f.redacted_captures, "fine-tuning", [])
	main.decision == denied(["tier2_requires_grant"]) with input as refused
}
