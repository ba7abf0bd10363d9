package tiergate.export_test

import data.tiergate.export
import data.tiergate.fixtures_test as f

export_of(subject, resource, content, purpose, grant_list) := f.request(subject, "dataset.export", resource, content, purpose, grant_list)

test_tier1_captures_export_with_a_purpose if {
	inp := export_of(f.alice, f.external_captures, f.tier1_captures, "analytics", [])
	export.allow == {"tier1_access"} with input as inp
	count(export.deny) == 0 with input as inp
}

test_a_service_may_export_tier1_captures if {
	inp := export_of(f.indexer, f.external_captures, f.tier1_captures, "model-evaluation", [])
	export.allow == {"tier1_access"} with input as inp
}

test_export_without_purpose_is_denied if {
	inp := export_of(f.alice, f.external_captures, f.tier1_captures, "", [])
	export.deny == {"purpose_required"} with input as inp
	count(export.allow) == 0 with input as inp
}

test_export_by_an_auditor_is_denied if {
	inp := export_of(f.aude, f.external_captures, f.tier1_captures, "fine-tuning", [])
	export.deny == {"role_not_permitted"} with input as inp
	count(export.allow) == 0 with input as inp
}

test_redacted_tier2_captures_need_a_grant if {
	inp := export_of(f.alice, f.external_captures, f.redacted_captures, "fine-tuning", [])
	export.deny == {"tier2_requires_grant"} with input as inp
	count(export.allow) == 0 with input as inp
}

test_a_tier2_store_needs_a_grant_even_for_tier1_captures if {
	inp := export_of(f.alice, f.internal_captures, f.tier1_captures, "fine-tuning", [])
	export.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_captures_export_under_a_grant_for_fine_tuning_or_evaluation if {
	every purpose in ["fine-tuning", "model-evaluation"] {
		grant := f.grant(f.external_captures, purpose, f.an_hour_later)
		inp := export_of(f.alice, f.external_captures, f.redacted_captures, purpose, [grant])
		export.allow == {"tier2_grant_active"} with input as inp
		count(export.deny) == 0 with input as inp
	}
}

test_tier2_captures_never_export_for_another_purpose_even_under_a_grant if {
	grant := f.grant(f.external_captures, "debugging", f.an_hour_later)
	inp := export_of(f.alice, f.external_captures, f.redacted_captures, "debugging", [grant])
	export.deny == {"export_purpose_not_permitted"} with input as inp
	count(export.allow) == 0 with input as inp
}

test_a_grant_for_the_route_does_not_cover_its_captures if {
	grant := f.grant(f.internal_route, "fine-tuning", f.an_hour_later)
	inp := export_of(f.alice, f.internal_captures, f.redacted_captures, "fine-tuning", [grant])
	export.deny == {"tier2_requires_grant"} with input as inp
}

test_an_expired_grant_does_not_cover_an_export if {
	grant := f.grant(f.internal_captures, "fine-tuning", f.now)
	inp := export_of(f.alice, f.internal_captures, f.redacted_captures, "fine-tuning", [grant])
	export.deny == {"tier2_requires_grant"} with input as inp
}
