# The shared decision table (policies/contract/decisions.json, loaded as data.contract)
# that the gateway also runs against its Wasm and OPA-server engines.
package tiergate.contract_test

import data.tiergate.main

decision_for(doc) := decision if decision := main.decision with input as doc

# Any case whose decision differs from the table is printed with what the policy gave instead.
test_every_contract_case_gives_its_expected_decision if {
	mismatches := {case.name: {"expect": case.expect, "got": got} |
		some case in data.contract.cases
		got := decision_for(case.input)
		got != case.expect
	}
	print("contract cases not matching the table:", mismatches)
	count(mismatches) == 0
}

test_contract_table_has_enough_cases if {
	count(data.contract.cases) >= 30
}

test_contract_case_names_are_unique if {
	names := {case.name | some case in data.contract.cases}
	count(names) == count(data.contract.cases)
}

reason_codes := {
	"tier1_access", "tier2_grant_active", "audit_reader",
	"role_not_permitted", "purpose_required", "tier2_requires_grant",
	"tier2_content_to_tier1_route", "credentials_never_forwarded", "unknown_action",
	"access_requester", "access_reviewer", "grant_not_needed_for_tier1",
	"self_decision_forbidden", "approver_already_approved",
	"tier2_personal_data_redacted", "unscannable_content", "scan_incomplete",
	"response_redacted", "tier2_response_requires_grant",
	"report_reader", "report_tier1_aggregates", "capture_eraser", "content_not_cleared_for_variant", "export_purpose_not_permitted",
}

test_contract_table_spans_every_reason_code if {
	covered := {reason | some case in data.contract.cases; some reason in case.expect.reasons}
	covered == reason_codes
}

test_contract_table_spans_every_action if {
	actions := {case.input.action | some case in data.contract.cases}
	every action in {"dataset.read", "dataset.export", "llm.invoke", "llm.embed", "llm.list", "llm.respond", "audit.read", "report.read", "access.request", "access.decide", "access.revoke", "access.review", "capture.erase"} {
		action in actions
	}
}
