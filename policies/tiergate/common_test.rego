package tiergate.common_test

import data.tiergate.common
import data.tiergate.fixtures_test as f

test_developer_may_read_datasets_and_invoke_llms if {
	common.subject_holds_permitted_role with input as f.request(f.alice, "dataset.read", f.public_docs, f.no_content, "debugging", [])
	common.subject_holds_permitted_role with input as f.request(f.alice, "llm.invoke", f.external_route, f.tier1_prompt, "", [])
}

test_service_may_read_datasets_and_invoke_llms if {
	common.subject_holds_permitted_role with input as f.request(f.indexer, "dataset.read", f.public_docs, f.no_content, "rag-index", [])
	common.subject_holds_permitted_role with input as f.request(f.indexer, "llm.invoke", f.external_route, f.tier1_prompt, "", [])
}

test_privacy_approver_and_auditor_may_read_the_audit_log if {
	common.subject_holds_permitted_role with input as f.request(f.priya, "audit.read", f.audit_log, f.no_content, "", [])
	common.subject_holds_permitted_role with input as f.request(f.aude, "audit.read", f.audit_log, f.no_content, "", [])
}

test_role_of_another_action_is_not_permitted if {
	not common.subject_holds_permitted_role with input as f.request(f.aude, "dataset.read", f.public_docs, f.no_content, "debugging", [])
	not common.subject_holds_permitted_role with input as f.request(f.priya, "llm.invoke", f.external_route, f.tier1_prompt, "", [])
	not common.subject_holds_permitted_role with input as f.request(f.alice, "audit.read", f.audit_log, f.no_content, "", [])
	not common.subject_holds_permitted_role with input as f.request(f.indexer, "audit.read", f.audit_log, f.no_content, "", [])
}

test_empty_roles_hold_no_permitted_role if {
	not common.subject_holds_permitted_role with input as f.request(f.roleless, "dataset.read", f.public_docs, f.no_content, "debugging", [])
}

test_unknown_action_permits_no_role if {
	not common.subject_holds_permitted_role with input as f.request(f.alice, "dataset.delete", f.public_docs, f.no_content, "debugging", [])
}

test_stated_purpose_is_the_purpose if {
	common.purpose == "debugging" with input as f.request(f.alice, "dataset.read", f.public_docs, f.no_content, "debugging", [])
	common.purpose_stated with input as f.request(f.alice, "dataset.read", f.public_docs, f.no_content, "debugging", [])
}

test_empty_purpose_is_not_stated if {
	common.purpose == "" with input as f.request(f.alice, "dataset.read", f.public_docs, f.no_content, "", [])
	not common.purpose_stated with input as f.request(f.alice, "dataset.read", f.public_docs, f.no_content, "", [])
}

test_absent_purpose_reads_as_empty if {
	common.purpose == "" with input as {"action": "dataset.read", "context": {"now": f.now, "grants": []}}
	not common.purpose_stated with input as {"action": "dataset.read"}
}
