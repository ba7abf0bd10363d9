package tiergate.capture_test

import data.tiergate.capture
import data.tiergate.fixtures_test as f

invoke(route, content, purpose) := f.request(f.alice, "llm.invoke", route, content, purpose, [])

test_tier1_content_is_captured_full if {
	capture.mode == "full" with input as invoke(f.external_route, f.tier1_prompt, "debugging")
}

test_allow_listed_findings_are_tier1_and_captured_full if {
	capture.mode == "full" with input as invoke(f.external_route, f.prompt_holding([["EMAIL", 1], ["SOURCE_CODE", 1]]), "")
}

test_tier2_personal_data_is_captured_redacted if {
	every finding_type in capture.redactable_finding_types {
		capture.mode == "redacted" with input as invoke(f.internal_route, f.prompt_with(2, finding_type), "")
	}
}

test_tier2_answer_is_captured_redacted if {
	inp := f.request(f.alice, "llm.respond", f.external_route, f.tier2_prompt, "", [])
	capture.mode == "redacted" with input as inp
}

test_credentials_are_never_captured if {
	every finding_type in ["PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET"] {
		capture.mode == "none" with input as invoke(f.internal_route, f.prompt_with(2, finding_type), "")
		capture.mode == "none" with input as f.request(f.alice, "llm.respond", f.internal_route, f.prompt_with(2, finding_type), "", [])
	}
}

test_a_credential_beside_personal_data_still_captures_nothing if {
	capture.mode == "none" with input as invoke(f.internal_route, f.prompt_holding([["EMAIL", 2], ["TOKEN", 2]]), "")
}

test_customer_code_and_unscanned_text_are_never_captured if {
	capture.mode == "none" with input as invoke(f.internal_route, f.customer_code_prompt, "")
	capture.mode == "none" with input as invoke(f.internal_route, f.prompt_holding([["EMAIL", 2], ["UNSCANNED", 2]]), "")
}

test_unscannable_content_is_never_captured if {
	content := object.union(f.tier1_prompt, {"unscannable": [{"kind": "image", "pointer": "/messages/0/content/1/image_url"}]})
	route := f.with_attributes(f.internal_route, {"accepts_unscannable": ["image"]})
	capture.mode == "none" with input as invoke(route, content, "")
}

test_a_route_switches_capture_off if {
	capture.mode == "none" with input as invoke(f.with_attributes(f.external_route, {"capture": "off"}), f.tier1_prompt, "")
	capture.mode == "full" with input as invoke(f.with_attributes(f.external_route, {"capture": "on"}), f.tier1_prompt, "")
}

test_a_purpose_switches_capture_off_on_its_route if {
	route := f.with_attributes(f.external_route, {"capture_off_purposes": ["incident-response"]})
	capture.mode == "none" with input as invoke(route, f.tier1_prompt, "incident-response")
	capture.mode == "full" with input as invoke(route, f.tier1_prompt, "debugging")
	capture.mode == "full" with input as invoke(route, f.tier1_prompt, "")
}

test_embeddings_are_captured_only_when_the_route_opts_in if {
	embed := f.request(f.alice, "llm.embed", f.external_route, f.tier1_prompt, "", [])
	capture.mode == "none" with input as embed
	opted_in := f.request(f.alice, "llm.embed", f.with_attributes(f.external_route, {"capture_embeddings": true}), f.tier1_prompt, "", [])
	capture.mode == "full" with input as opted_in
	opted_out := f.request(f.alice, "llm.embed", f.with_attributes(f.external_route, {"capture_embeddings": false}), f.tier1_prompt, "", [])
	capture.mode == "none" with input as opted_out
}

# Whatever tier the classifier gives it (a key on an allow-list is Tier 1), a credential is never stored.
test_a_credential_is_never_captured_whatever_its_tier if {
	every finding_type in ["PRIVATE_KEY", "TOKEN", "PASSWORD"] {
		capture.mode == "none" with input as invoke(f.external_route, f.prompt_with(1, finding_type), "")
	}
}

test_a_tier1_store_never_takes_a_full_capture_of_tier2_content if {
	route := f.with_attributes(f.internal_route, {"capture_store_tier": 1})
	capture.mode == "redacted" with input as invoke(route, f.tier2_prompt, "")
	capture.mode == "none" with input as invoke(route, f.customer_code_prompt, "")
	capture.mode == "full" with input as invoke(route, f.tier1_prompt, "")
}

test_the_store_tier_defaults_to_the_routes_tier if {
	capture.store_tier == 2 with input as invoke(f.internal_route, f.tier1_prompt, "")
	capture.store_tier == 1 with input as invoke(f.with_attributes(f.internal_route, {"capture_store_tier": 1}), f.tier1_prompt, "")
}
