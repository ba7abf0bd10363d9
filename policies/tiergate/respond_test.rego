package tiergate.respond_test

import data.tiergate.fixtures_test as f
import data.tiergate.respond

answer(subject, content, grant_list) := f.request(subject, "llm.respond", f.internal_route, content, "debugging", grant_list)

test_clean_answer_is_allowed_unchanged if {
	respond.allow == {"tier1_access"} with input as answer(f.alice, f.tier1_prompt, [])
	respond.redact == [] with input as answer(f.alice, f.tier1_prompt, [])
	count(respond.deny) == 0 with input as answer(f.alice, f.tier1_prompt, [])
}

test_personal_data_is_redacted_for_a_caller_without_grant if {
	respond.allow == {"response_redacted"} with input as answer(f.alice, f.tier2_prompt, [])
	respond.redact == ["EMAIL"] with input as answer(f.alice, f.tier2_prompt, [])
}

test_every_personal_data_type_is_redacted_for_a_caller_without_grant if {
	every finding_type in ["EMAIL", "PHONE", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "NATIONAL_ID", "IP_ADDRESS", "PERSON", "STREET_ADDRESS", "CUSTOMER_ID"] {
		respond.allow == {"response_redacted"} with input as answer(f.alice, f.prompt_with(2, finding_type), [])
		respond.redact == [finding_type] with input as answer(f.alice, f.prompt_with(2, finding_type), [])
	}
}

test_personal_data_passes_for_a_caller_with_grant if {
	inp := answer(f.alice, f.tier2_prompt, [f.debugging_grant(f.internal_route)])
	respond.allow == {"tier2_grant_active"} with input as inp
	respond.redact == [] with input as inp
}

test_credentials_are_removed_even_with_grant if {
	content := f.prompt_holding([["PRIVATE_KEY", 2], ["EMAIL", 2]])
	inp := answer(f.alice, content, [f.debugging_grant(f.internal_route)])
	respond.allow == {"tier2_grant_active"} with input as inp
	respond.redact == ["PRIVATE_KEY"] with input as inp
	respond.redact == ["EMAIL", "PRIVATE_KEY"] with input as answer(f.alice, content, [])
}

test_customer_code_without_grant_is_refused if {
	respond.deny == {"tier2_response_requires_grant"} with input as answer(f.alice, f.customer_code_prompt, [])
	count(respond.allow) == 0 with input as answer(f.alice, f.customer_code_prompt, [])
}

test_customer_code_with_grant_is_allowed if {
	inp := answer(f.alice, f.customer_code_prompt, [f.debugging_grant(f.internal_route)])
	respond.allow == {"tier2_grant_active"} with input as inp
	count(respond.deny) == 0 with input as inp
}

test_answer_to_a_role_without_llm_access_is_refused if {
	respond.deny == {"role_not_permitted"} with input as answer(f.aude, f.tier1_prompt, [])
}
