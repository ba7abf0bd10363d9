package tiergate.dataset_test

import data.tiergate.dataset
import data.tiergate.fixtures_test as f

read(subject, resource, purpose, grant_list) := f.request(subject, "dataset.read", resource, f.no_content, purpose, grant_list)

test_tier1_read_by_developer_with_purpose_is_allowed if {
	dataset.allow == {"tier1_access"} with input as read(f.alice, f.public_docs, "debugging", [])
	count(dataset.deny) == 0 with input as read(f.alice, f.public_docs, "debugging", [])
}

test_tier1_read_by_service_with_purpose_is_allowed if {
	dataset.allow == {"tier1_access"} with input as read(f.indexer, f.public_docs, "rag-index", [])
	count(dataset.deny) == 0 with input as read(f.indexer, f.public_docs, "rag-index", [])
}

test_read_without_purpose_is_denied if {
	dataset.deny == {"purpose_required"} with input as read(f.alice, f.public_docs, "", [])
	count(dataset.allow) == 0 with input as read(f.alice, f.public_docs, "", [])
}

test_read_with_empty_roles_is_denied if {
	dataset.deny == {"role_not_permitted"} with input as read(f.roleless, f.public_docs, "debugging", [])
	count(dataset.allow) == 0 with input as read(f.roleless, f.public_docs, "debugging", [])
}

test_read_by_auditor_is_denied if {
	dataset.deny == {"role_not_permitted"} with input as read(f.aude, f.public_docs, "debugging", [])
}

test_tier2_read_with_active_grant_is_allowed if {
	inp := read(f.alice, f.customer_tickets, "debugging", [f.debugging_grant(f.customer_tickets)])
	dataset.allow == {"tier2_grant_active"} with input as inp
	count(dataset.deny) == 0 with input as inp
}

test_tier2_read_by_service_with_active_grant_is_allowed if {
	inp := read(f.indexer, f.customer_tickets, "rag-index", [f.grant(f.customer_tickets, "rag-index", f.an_hour_later)])
	dataset.allow == {"tier2_grant_active"} with input as inp
	count(dataset.deny) == 0 with input as inp
}

test_tier2_read_without_grant_is_denied if {
	dataset.deny == {"tier2_requires_grant"} with input as read(f.alice, f.customer_tickets, "debugging", [])
	count(dataset.allow) == 0 with input as read(f.alice, f.customer_tickets, "debugging", [])
}

test_tier2_read_with_grant_expiring_exactly_now_is_denied if {
	inp := read(f.alice, f.customer_tickets, "debugging", [f.grant(f.customer_tickets, "debugging", f.now)])
	dataset.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_read_with_grant_for_other_purpose_is_denied if {
	inp := read(f.alice, f.customer_tickets, "fine-tuning", [f.debugging_grant(f.customer_tickets)])
	dataset.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_read_with_grant_for_other_dataset_is_denied if {
	inp := read(f.alice, f.customer_tickets, "debugging", [f.debugging_grant(f.public_docs)])
	dataset.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_read_without_purpose_lists_both_reasons_even_with_grant if {
	inp := read(f.alice, f.customer_tickets, "", [f.debugging_grant(f.customer_tickets)])
	dataset.deny == {"purpose_required", "tier2_requires_grant"} with input as inp
}

test_tier2_read_by_auditor_with_grant_is_denied_for_role_only if {
	inp := read(f.aude, f.customer_tickets, "debugging", [f.debugging_grant(f.customer_tickets)])
	dataset.deny == {"role_not_permitted"} with input as inp
	count(dataset.allow) == 0 with input as inp
}

test_tier1_dataset_with_tier2_payload_requires_grant if {
	inp := object.union(read(f.alice, f.public_docs, "debugging", []), {"content": f.tier2_prompt})
	dataset.deny == {"tier2_requires_grant"} with input as inp
	count(dataset.allow) == 0 with input as inp
}

test_tier1_dataset_with_tier2_payload_is_allowed_under_grant if {
	inp := object.union(read(f.alice, f.public_docs, "debugging", [f.debugging_grant(f.public_docs)]), {"content": f.tier2_prompt})
	dataset.allow == {"tier2_grant_active"} with input as inp
	count(dataset.deny) == 0 with input as inp
}

handbook_with_emails := object.union(f.public_docs, {"attributes": {"tier2_fields": ["/records/*/email", "/owner"]}})

test_tier1_read_without_grant_masks_declared_fields_and_redacts_the_rest if {
	inp := read(f.alice, handbook_with_emails, "debugging", [])
	dataset.allow == {"tier1_access"} with input as inp
	dataset.mask_fields == ["/owner", "/records/*/email"] with input as inp
	dataset.redact == sort(dataset.tier2_finding_types) with input as inp
}

test_tier1_read_with_grant_masks_nothing if {
	inp := read(f.alice, handbook_with_emails, "debugging", [f.debugging_grant(f.public_docs)])
	dataset.mask_fields == [] with input as inp
	dataset.redact == [] with input as inp
}

test_tier1_dataset_without_declared_fields_masks_nothing_but_redacts if {
	inp := read(f.alice, f.public_docs, "debugging", [])
	dataset.mask_fields == [] with input as inp
	"EMAIL" in dataset.redact with input as inp
}

test_tier2_read_under_grant_is_not_altered if {
	inp := read(f.alice, f.customer_tickets, "debugging", [f.debugging_grant(f.customer_tickets)])
	dataset.mask_fields == [] with input as inp
	dataset.redact == [] with input as inp
}

test_tier1_captures_are_read_with_a_purpose_and_nothing_to_alter if {
	inp := object.union(read(f.alice, f.external_captures, "model-evaluation", []), {"content": f.tier1_captures})
	dataset.allow == {"tier1_access"} with input as inp
	dataset.mask_fields == [] with input as inp
	dataset.redact == [] with input as inp
}

test_redacted_captures_in_a_tier1_store_need_a_grant if {
	inp := object.union(read(f.alice, f.external_captures, "model-evaluation", []), {"content": f.redacted_captures})
	dataset.deny == {"tier2_requires_grant"} with input as inp
	granted := object.union(
		read(f.alice, f.external_captures, "model-evaluation", [f.grant(f.external_captures, "model-evaluation", f.an_hour_later)]),
		{"content": f.redacted_captures},
	)
	dataset.allow == {"tier2_grant_active"} with input as granted
}

test_a_tier2_capture_store_needs_a_grant_even_for_tier1_captures if {
	inp := object.union(read(f.alice, f.internal_captures, "model-evaluation", []), {"content": f.tier1_captures})
	dataset.deny == {"tier2_requires_grant"} with input as inp
	count(dataset.allow) == 0 with input as inp
}
