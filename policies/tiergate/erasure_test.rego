package tiergate.erasure_test

import data.tiergate.erasure
import data.tiergate.fixtures_test as f
import data.tiergate.main

capture_store := {"kind": "capture_store", "name": "captures", "tier": 2, "owner": "privacy-team", "attributes": {}}

erase(subject) := f.request(subject, "capture.erase", capture_store, f.no_content, "erasure", [])

test_privacy_approver_erases_captures if {
	erasure.allow == {"capture_eraser"} with input as erase(f.priya)
	count(erasure.deny) == 0 with input as erase(f.priya)
	main.decision.allow with input as erase(f.priya)
	main.decision.obligations.capture == "none" with input as erase(f.priya)
}

test_auditor_may_not_erase_captures if {
	erasure.deny == {"role_not_permitted"} with input as erase(f.aude)
	count(erasure.allow) == 0 with input as erase(f.aude)
}

test_developer_may_not_erase_captures if {
	erasure.deny == {"role_not_permitted"} with input as erase(f.alice)
	not main.decision.allow with input as erase(f.alice)
}

test_service_may_not_erase_captures if {
	erasure.deny == {"role_not_permitted"} with input as erase(f.indexer)
}
