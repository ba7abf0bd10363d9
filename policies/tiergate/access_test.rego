package tiergate.access_test

import data.tiergate.access
import data.tiergate.fixtures_test as f

ask(subject, resource) := f.request(subject, "access.request", resource, f.no_content, "debugging", [])

test_developer_may_request_tier2_access if {
	access.allow == {"access_requester"} with input as ask(f.alice, f.customer_tickets)
	count(access.deny) == 0 with input as ask(f.alice, f.customer_tickets)
}

test_service_may_request_access_to_a_tier2_route if {
	access.allow == {"access_requester"} with input as ask(f.indexer, f.internal_route)
	count(access.deny) == 0 with input as ask(f.indexer, f.internal_route)
}

test_tier1_resource_needs_no_grant if {
	access.deny == {"grant_not_needed_for_tier1"} with input as ask(f.alice, f.public_docs)
}

test_privacy_approver_may_not_request_access if {
	access.deny == {"role_not_permitted"} with input as ask(f.priya, f.customer_tickets)
	count(access.allow) == 0 with input as ask(f.priya, f.customer_tickets)
}

test_empty_roles_may_not_request_access if {
	access.deny == {"role_not_permitted"} with input as ask(f.roleless, f.customer_tickets)
}

test_privacy_approver_approves_someone_elses_request if {
	inp := f.decide(f.priya, f.customer_tickets, f.access_request("alice", [], 1, "approve"))
	access.allow == {"access_reviewer"} with input as inp
	count(access.deny) == 0 with input as inp
}

test_second_distinct_approver_approves if {
	inp := f.decide(f.pat, f.customer_tickets, f.access_request("alice", ["priya"], 2, "approve"))
	access.allow == {"access_reviewer"} with input as inp
	count(access.deny) == 0 with input as inp
}

test_same_approver_may_not_approve_twice if {
	inp := f.decide(f.priya, f.customer_tickets, f.access_request("alice", ["priya"], 2, "approve"))
	access.deny == {"approver_already_approved"} with input as inp
}

test_approver_who_approved_may_still_deny if {
	inp := f.decide(f.priya, f.customer_tickets, f.access_request("alice", ["priya"], 2, "deny"))
	count(access.deny) == 0 with input as inp
}

test_nobody_approves_their_own_request if {
	both := object.union(f.alice, {"roles": ["developer", "privacy-approver"]})
	inp := f.decide(both, f.customer_tickets, f.access_request("alice", [], 1, "approve"))
	access.deny == {"self_decision_forbidden"} with input as inp
}

test_nobody_denies_their_own_request if {
	inp := f.decide(f.priya, f.customer_tickets, f.access_request("priya", [], 1, "deny"))
	access.deny == {"self_decision_forbidden"} with input as inp
}

test_developer_may_not_decide if {
	inp := f.decide(f.alice, f.customer_tickets, f.access_request("bob", [], 1, "approve"))
	access.deny == {"role_not_permitted"} with input as inp
	count(access.allow) == 0 with input as inp
}

test_auditor_may_not_decide if {
	inp := f.decide(f.aude, f.customer_tickets, f.access_request("bob", [], 1, "deny"))
	access.deny == {"role_not_permitted"} with input as inp
}

test_approving_for_a_resource_now_tier1_is_refused if {
	inp := f.decide(f.priya, f.public_docs, f.access_request("alice", [], 1, "approve"))
	access.deny == {"grant_not_needed_for_tier1"} with input as inp
}

test_denying_for_a_resource_now_tier1_is_allowed if {
	inp := f.decide(f.priya, f.public_docs, f.access_request("alice", [], 1, "deny"))
	access.allow == {"access_reviewer"} with input as inp
	count(access.deny) == 0 with input as inp
}

test_decision_without_request_facts_is_not_an_approval if {
	inp := f.request(f.priya, "access.decide", f.customer_tickets, f.no_content, "", [])
	not access.approving with input as inp
	count(access.deny) == 0 with input as inp
}

test_privacy_approver_may_revoke if {
	inp := f.request(f.priya, "access.revoke", f.customer_tickets, f.no_content, "", [])
	access.allow == {"access_reviewer"} with input as inp
	count(access.deny) == 0 with input as inp
}

test_developer_may_not_revoke if {
	access.deny == {"role_not_permitted"} with input as f.request(f.alice, "access.revoke", f.customer_tickets, f.no_content, "", [])
}

test_auditor_and_approver_may_review if {
	every subject in [f.priya, f.aude] {
		access.allow == {"access_reviewer"} with input as f.request(subject, "access.review", f.access_workflow, f.no_content, "", [])
	}
}

test_developer_and_service_may_not_review if {
	every subject in [f.alice, f.indexer] {
		access.deny == {"role_not_permitted"} with input as f.request(subject, "access.review", f.access_workflow, f.no_content, "", [])
	}
}

test_tier1_dataset_with_tier2_fields_takes_grants if {
	staff := object.union(f.public_docs, {"attributes": {"tier2_fields": ["/records/*/email"]}})
	access.allow == {"access_requester"} with input as ask(f.alice, staff)
	count(access.deny) == 0 with input as ask(f.alice, staff)
}

test_a_tier1_capture_store_takes_access_requests if {
	access.allow == {"access_requester"} with input as ask(f.alice, f.external_captures)
	count(access.deny) == 0 with input as ask(f.alice, f.external_captures)
}
