package tiergate.report_test

import data.tiergate.fixtures_test as f
import data.tiergate.main
import data.tiergate.report

report_read(subject, route) := f.request(subject, "report.read", route, f.no_content, "", [])

test_privacy_approver_reads_a_tier2_routes_whole_report if {
	decision := main.decision with input as report_read(f.priya, f.internal_route)
	decision == {"allow": true, "reasons": ["report_reader"], "obligations": f.no_obligations}
}

test_auditor_reads_a_tier2_routes_whole_report if {
	report.allow == {"report_reader"} with input as report_read(f.aude, f.internal_route)
	report.mask_fields == [] with input as report_read(f.aude, f.internal_route)
}

test_developer_reads_a_tier1_routes_whole_report if {
	decision := main.decision with input as report_read(f.alice, f.external_route)
	decision == {"allow": true, "reasons": ["report_tier1_aggregates"], "obligations": f.no_obligations}
}

test_developer_sees_no_feedback_of_a_tier2_route if {
	decision := main.decision with input as report_read(f.alice, f.internal_route)
	decision.allow
	decision.reasons == ["report_tier1_aggregates"]
	decision.obligations.mask_fields == ["feedback"]
}

test_route_without_a_tier_is_treated_as_tier2 if {
	untiered := object.remove(f.internal_route, ["tier"])
	report.mask_fields == ["feedback"] with input as report_read(f.alice, untiered)
}

test_developer_with_auditor_role_reads_the_whole_report if {
	both := object.union(f.alice, {"roles": ["developer", "auditor"]})
	report.allow == {"report_reader"} with input as report_read(both, f.internal_route)
	report.mask_fields == [] with input as report_read(both, f.internal_route)
}

test_service_may_not_read_a_report if {
	decision := main.decision with input as report_read(f.indexer, f.external_route)
	decision == {"allow": false, "reasons": ["role_not_permitted"], "obligations": f.no_obligations}
}

test_empty_roles_may_not_read_a_report if {
	report.deny == {"role_not_permitted"} with input as report_read(f.roleless, f.external_route)
	count(report.allow) == 0 with input as report_read(f.roleless, f.external_route)
}
