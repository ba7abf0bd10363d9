package tiergate.llm_test

import data.tiergate.fixtures_test as f
import data.tiergate.llm

invoke(subject, route, content, purpose, grant_list) := f.request(subject, "llm.invoke", route, content, purpose, grant_list)

test_tier1_prompt_is_allowed_on_every_route if {
	every route in [f.external_route, f.internal_route] {
		llm.allow == {"tier1_access"} with input as invoke(f.alice, route, f.tier1_prompt, "debugging", [])
		count(llm.deny) == 0 with input as invoke(f.alice, route, f.tier1_prompt, "debugging", [])
	}
}

test_tier1_prompt_needs_no_purpose if {
	llm.allow == {"tier1_access"} with input as invoke(f.alice, f.external_route, f.tier1_prompt, "", [])
	count(llm.deny) == 0 with input as invoke(f.alice, f.external_route, f.tier1_prompt, "", [])
}

test_tier1_prompt_by_service_is_allowed if {
	llm.allow == {"tier1_access"} with input as invoke(f.indexer, f.external_route, f.tier1_prompt, "", [])
	count(llm.deny) == 0 with input as invoke(f.indexer, f.external_route, f.tier1_prompt, "", [])
}

test_customer_code_to_tier1_route_is_denied if {
	llm.deny == {"tier2_content_to_tier1_route"} with input as invoke(f.alice, f.external_route, f.customer_code_prompt, "debugging", [])
	count(llm.allow) == 0 with input as invoke(f.alice, f.external_route, f.customer_code_prompt, "debugging", [])
	llm.redact == [] with input as invoke(f.alice, f.external_route, f.customer_code_prompt, "debugging", [])
}

test_customer_code_to_tier1_route_is_denied_even_with_grant_for_it if {
	inp := invoke(f.alice, f.external_route, f.customer_code_prompt, "debugging", [f.debugging_grant(f.external_route)])
	llm.deny == {"tier2_content_to_tier1_route"} with input as inp
	count(llm.allow) == 0 with input as inp
}

test_personal_data_to_tier1_route_is_allowed_redacted if {
	inp := invoke(f.alice, f.external_route, f.tier2_prompt, "debugging", [])
	llm.allow == {"tier2_personal_data_redacted"} with input as inp
	count(llm.deny) == 0 with input as inp
	llm.redact == ["EMAIL"] with input as inp
}

test_every_personal_data_type_and_customer_ids_are_redactable if {
	every finding_type in ["EMAIL", "PHONE", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "NATIONAL_ID", "IP_ADDRESS", "PERSON", "STREET_ADDRESS", "CUSTOMER_ID"] {
		llm.redact == [finding_type] with input as invoke(f.alice, f.external_route, f.prompt_with(2, finding_type), "", [])
	}
}

test_redaction_names_each_tier2_type_once_sorted if {
	content := f.prompt_holding([["PHONE", 2], ["EMAIL", 2], ["PERSON", 2], ["EMAIL", 1]])
	llm.redact == ["EMAIL", "PERSON", "PHONE"] with input as invoke(f.alice, f.external_route, content, "", [])
}

test_tier1_findings_are_not_redacted if {
	content := f.prompt_holding([["EMAIL", 2], ["SOURCE_CODE", 1], ["IP_ADDRESS", 1]])
	inp := invoke(f.alice, f.external_route, content, "", [])
	llm.redact == ["EMAIL"] with input as inp
	llm.allow == {"tier2_personal_data_redacted"} with input as inp
}

test_personal_data_with_customer_code_to_tier1_route_is_denied if {
	inp := invoke(f.alice, f.external_route, f.prompt_holding([["EMAIL", 2], ["SOURCE_CODE", 2]]), "", [])
	llm.deny == {"tier2_content_to_tier1_route"} with input as inp
	count(llm.allow) == 0 with input as inp
	llm.redact == [] with input as inp
}

test_unscanned_prompt_to_tier1_route_is_denied if {
	inp := invoke(f.alice, f.external_route, f.prompt_holding([["UNSCANNED", 2], ["EMAIL", 2]]), "", [])
	llm.deny == {"scan_incomplete", "tier2_content_to_tier1_route"} with input as inp
}

test_personal_data_with_credential_is_not_redacted_but_denied if {
	inp := invoke(f.alice, f.external_route, f.prompt_holding([["EMAIL", 2], ["TOKEN", 2]]), "", [])
	llm.deny == {"credentials_never_forwarded", "tier2_content_to_tier1_route"} with input as inp
	llm.redact == [] with input as inp
}

# A Tier 2 verdict without any Tier 2 finding is inconsistent: nothing to redact, so it is refused.
test_tier2_prompt_without_tier2_findings_to_tier1_route_is_denied if {
	inp := invoke(f.alice, f.external_route, {"tier": 2, "findings": [{"type": "EMAIL", "tier": 1, "count": 1}], "bytes": 9}, "", [])
	llm.deny == {"tier2_content_to_tier1_route"} with input as inp
	llm.redact == [] with input as inp
}

test_personal_data_to_tier2_route_needs_a_grant_not_redaction if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [])
	llm.deny == {"tier2_requires_grant"} with input as inp
	llm.redact == [] with input as inp
}

test_redaction_needs_a_permitted_role if {
	inp := invoke(f.aude, f.external_route, f.tier2_prompt, "debugging", [])
	llm.deny == {"role_not_permitted"} with input as inp
}

test_tier2_prompt_to_tier2_route_with_active_grant_is_allowed if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [f.debugging_grant(f.internal_route)])
	llm.allow == {"tier2_grant_active"} with input as inp
	count(llm.deny) == 0 with input as inp
}

test_tier2_prompt_by_service_to_tier2_route_with_active_grant_is_allowed if {
	inp := invoke(f.indexer, f.internal_route, f.tier2_prompt, "rag-answer", [f.grant(f.internal_route, "rag-answer", f.an_hour_later)])
	llm.allow == {"tier2_grant_active"} with input as inp
	count(llm.deny) == 0 with input as inp
}

test_tier2_prompt_to_tier2_route_without_grant_is_denied if {
	llm.deny == {"tier2_requires_grant"} with input as invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [])
	count(llm.allow) == 0 with input as invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [])
}

test_tier2_prompt_to_tier2_route_with_grant_expiring_exactly_now_is_denied if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [f.grant(f.internal_route, "debugging", f.now)])
	llm.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_prompt_to_tier2_route_with_grant_for_other_purpose_is_denied if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "evaluation", [f.debugging_grant(f.internal_route)])
	llm.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_prompt_to_tier2_route_with_grant_for_dataset_only_is_denied if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "debugging", [f.debugging_grant(f.customer_tickets)])
	llm.deny == {"tier2_requires_grant"} with input as inp
}

test_tier2_prompt_without_purpose_is_denied_despite_grant if {
	inp := invoke(f.alice, f.internal_route, f.tier2_prompt, "", [f.debugging_grant(f.internal_route)])
	llm.deny == {"tier2_requires_grant"} with input as inp
}

test_every_credential_type_is_never_forwarded if {
	every finding_type in ["PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET"] {
		"credentials_never_forwarded" in llm.deny with input as invoke(f.alice, f.internal_route, f.prompt_with(1, finding_type), "debugging", [])
	}
}

test_credential_to_tier1_route_lists_both_reasons if {
	inp := invoke(f.alice, f.external_route, f.prompt_with(2, "PRIVATE_KEY"), "debugging", [])
	llm.deny == {"credentials_never_forwarded", "tier2_content_to_tier1_route"} with input as inp
}

test_credential_to_tier2_route_with_grant_is_still_denied if {
	inp := invoke(f.alice, f.internal_route, f.prompt_with(2, "CLOUD_KEY"), "debugging", [f.debugging_grant(f.internal_route)])
	llm.deny == {"credentials_never_forwarded"} with input as inp

	# The grant rule alone would allow; main lets the deny win.
	llm.allow == {"tier2_grant_active"} with input as inp
}

test_non_credential_findings_are_not_credentials if {
	not llm.prompt_holds_credential with input as invoke(f.alice, f.internal_route, f.prompt_with(2, "EMAIL"), "debugging", [])
	not llm.prompt_holds_credential with input as invoke(f.alice, f.internal_route, f.prompt_with(2, "private_key"), "debugging", [])
}

test_invoke_by_auditor_is_denied if {
	llm.deny == {"role_not_permitted"} with input as invoke(f.aude, f.external_route, f.tier1_prompt, "debugging", [])
	count(llm.allow) == 0 with input as invoke(f.aude, f.external_route, f.tier1_prompt, "debugging", [])
}

test_invoke_with_empty_roles_lists_every_reason if {
	inp := invoke(f.roleless, f.external_route, f.prompt_with(2, "TOKEN"), "", [])
	llm.deny == {"credentials_never_forwarded", "role_not_permitted", "tier2_content_to_tier1_route"} with input as inp
}

image := {"kind": "image", "bytes": 52311, "pointer": "/messages/1/content/1/image_url/url"}

file_reference := {"kind": "file_reference", "pointer": "/messages/1/content/2/file/file_id"}

with_unscannable(content, items) := object.union(content, {"unscannable": items})

route_accepting(route, kinds) := object.union(route, {"attributes": object.union(route.attributes, {"accepts_unscannable": kinds})})

test_unscannable_content_is_denied_on_every_route if {
	every route in [f.external_route, f.internal_route] {
		inp := invoke(f.alice, route, with_unscannable(f.tier1_prompt, [image]), "debugging", [f.debugging_grant(route)])
		llm.deny == {"unscannable_content"} with input as inp
	}
}

test_unscannable_content_is_allowed_where_the_route_accepts_its_kind if {
	inp := invoke(f.alice, route_accepting(f.internal_route, ["image"]), with_unscannable(f.tier1_prompt, [image]), "", [])
	count(llm.deny) == 0 with input as inp
	llm.allow == {"tier1_access"} with input as inp
}

test_every_unscannable_kind_must_be_accepted if {
	inp := invoke(f.alice, route_accepting(f.internal_route, ["image"]), with_unscannable(f.tier1_prompt, [image, file_reference]), "", [])
	llm.deny == {"unscannable_content"} with input as inp
	llm.unaccepted_unscannable_kinds == {"file_reference"} with input as inp
}

test_no_unscannable_list_means_nothing_unscannable if {
	count(llm.unaccepted_unscannable_kinds) == 0 with input as invoke(f.alice, f.external_route, f.tier1_prompt, "", [])
}

test_unscanned_text_is_denied_even_on_a_tier2_route_with_grant if {
	inp := invoke(f.alice, f.internal_route, f.prompt_with(2, "UNSCANNED"), "debugging", [f.debugging_grant(f.internal_route)])
	llm.deny == {"scan_incomplete"} with input as inp
}

test_embeddings_follow_the_invoke_rules if {
	inp := f.request(f.indexer, "llm.embed", f.external_route, f.tier2_prompt, "rag-index", [])
	llm.allow == {"tier2_personal_data_redacted"} with input as inp
	llm.redact == ["EMAIL"] with input as inp
}

test_model_list_needs_a_permitted_role if {
	llm.allow == {"tier1_access"} with input as f.request(f.alice, "llm.list", f.internal_route, f.no_content, "", [])
	llm.deny == {"role_not_permitted"} with input as f.request(f.roleless, "llm.list", f.internal_route, f.no_content, "", [])
}

# A variant of the internal route, as the gateway puts it in resource.attributes.variant.
variant_of_internal(variant) := f.with_attributes(f.internal_route, {"variant": variant})

vendor_variant := {"name": "vendor", "tier": 1, "external": true, "baseline": false, "shadow": false}

tuned_tier1_variant := {"name": "tuned", "tier": 1, "external": false, "baseline": false, "shadow": false}

baseline_variant := {"name": "internal", "tier": 2, "external": false, "baseline": true, "shadow": false, "fallback_from": "vendor"}

test_tier2_prompt_is_not_cleared_for_a_tier1_variant_even_with_a_grant if {
	every variant in [vendor_variant, tuned_tier1_variant] {
		inp := invoke(f.alice, variant_of_internal(variant), f.tier2_prompt, "debugging", [f.debugging_grant(f.internal_route)])
		llm.deny == {"content_not_cleared_for_variant"} with input as inp
	}
}

test_an_external_variant_takes_tier1_only_whatever_tier_it_states if {
	stated_tier2 := object.union(vendor_variant, {"tier": 2})
	inp := invoke(f.alice, variant_of_internal(stated_tier2), f.customer_code_prompt, "debugging", [f.debugging_grant(f.internal_route)])
	llm.deny == {"content_not_cleared_for_variant"} with input as inp
}

test_tier2_prompt_falls_back_to_a_cleared_baseline_variant_under_a_grant if {
	inp := invoke(f.alice, variant_of_internal(baseline_variant), f.tier2_prompt, "debugging", [f.debugging_grant(f.internal_route)])
	llm.allow == {"tier2_grant_active"} with input as inp
	count(llm.deny) == 0 with input as inp
}

test_tier1_prompt_is_cleared_for_every_variant if {
	every variant in [vendor_variant, tuned_tier1_variant, baseline_variant] {
		inp := invoke(f.alice, variant_of_internal(variant), f.tier1_prompt, "", [])
		llm.allow == {"tier1_access"} with input as inp
		count(llm.deny) == 0 with input as inp
	}
}

test_variants_of_a_tier1_route_keep_its_redaction if {
	route := f.with_attributes(f.external_route, {"variant": vendor_variant})
	inp := invoke(f.alice, route, f.tier2_prompt, "", [])
	llm.allow == {"tier2_personal_data_redacted"} with input as inp
	llm.redact == ["EMAIL"] with input as inp
}
