package tiergate.grants_test

import data.tiergate.fixtures_test as f
import data.tiergate.grants

tickets_read(purpose, grant_list) := f.request(f.alice, "dataset.read", f.customer_tickets, f.no_content, purpose, grant_list)

test_grant_expiring_after_now_is_active if {
	grants.active(f.grant(f.customer_tickets, "debugging", f.now + 1)) with input as tickets_read("debugging", [])
}

test_grant_expiring_exactly_now_is_not_active if {
	not grants.active(f.grant(f.customer_tickets, "debugging", f.now)) with input as tickets_read("debugging", [])
}

test_expired_grant_is_not_active if {
	not grants.active(f.grant(f.customer_tickets, "debugging", f.now - 3600)) with input as tickets_read("debugging", [])
}

test_grant_with_non_numeric_expiry_is_not_active if {
	malformed := object.union(f.debugging_grant(f.customer_tickets), {"expires_at": "1795683600"})
	not grants.active_grant_covers_request with input as tickets_read("debugging", [malformed])
}

test_active_grant_for_same_resource_and_purpose_covers_request if {
	grants.active_grant_covers_request with input as tickets_read("debugging", [f.debugging_grant(f.customer_tickets)])
}

test_grant_expiring_exactly_now_does_not_cover_request if {
	not grants.active_grant_covers_request with input as tickets_read("debugging", [f.grant(f.customer_tickets, "debugging", f.now)])
}

test_grant_for_other_purpose_does_not_cover_request if {
	not grants.active_grant_covers_request with input as tickets_read("fine-tuning", [f.debugging_grant(f.customer_tickets)])
}

test_grant_for_other_resource_name_does_not_cover_request if {
	not grants.active_grant_covers_request with input as tickets_read("debugging", [f.debugging_grant(f.public_docs)])
}

test_grant_for_other_resource_kind_does_not_cover_request if {
	route_named_like_dataset := object.union(f.internal_route, {"name": "customer-tickets"})
	not grants.active_grant_covers_request with input as tickets_read("debugging", [f.debugging_grant(route_named_like_dataset)])
}

test_grant_never_covers_an_unstated_purpose if {
	not grants.active_grant_covers_request with input as tickets_read("", [f.grant(f.customer_tickets, "", f.an_hour_later)])
}

test_one_matching_grant_among_others_covers_request if {
	grant_list := [
		f.grant(f.customer_tickets, "debugging", f.now),
		f.grant(f.customer_tickets, "fine-tuning", f.an_hour_later),
		f.debugging_grant(f.public_docs),
		f.debugging_grant(f.customer_tickets),
	]
	grants.active_grant_covers_request with input as tickets_read("debugging", grant_list)
}

test_no_grants_cover_nothing if {
	not grants.active_grant_covers_request with input as tickets_read("debugging", [])
}
