# llm.respond: an LLM's answer on its way back to the caller. Credentials are always removed;
# Tier 2 personal data is replaced by placeholders for a caller without a grant for the route;
# other Tier 2 content (customer code, unscanned text) needs that grant, else the answer is refused.
package tiergate.respond

import data.tiergate.common
import data.tiergate.grants
import data.tiergate.llm

# Types of the findings that make the answer Tier 2.
tier2_finding_types contains finding.type if {
	some finding in input.content.findings
	finding.tier == 2
}

credential_types_found contains finding_type if {
	some finding_type in tier2_finding_types
	finding_type in llm.credential_finding_types
}

personal_types_found contains finding_type if {
	some finding_type in tier2_finding_types
	finding_type in llm.redactable_finding_types
}

answer_holds_unredactable_tier2_content if {
	some finding_type in tier2_finding_types
	not finding_type in llm.credential_finding_types
	not finding_type in llm.redactable_finding_types
}

caller_cleared_for_tier2 if grants.active_grant_covers_request

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

deny contains "tier2_response_requires_grant" if {
	answer_holds_unredactable_tier2_content
	not caller_cleared_for_tier2
}

allow contains "tier1_access" if {
	common.subject_holds_permitted_role
	count(tier2_finding_types) == 0
}

allow contains "tier2_grant_active" if {
	common.subject_holds_permitted_role
	count(tier2_finding_types) > 0
	caller_cleared_for_tier2
}

allow contains "response_redacted" if {
	common.subject_holds_permitted_role
	count(tier2_finding_types) > 0
	not caller_cleared_for_tier2
	not answer_holds_unredactable_tier2_content
}

# Credentials go whoever asks; personal data goes unless the caller is cleared for Tier 2 on this route.
redact := sort(credential_types_found) if caller_cleared_for_tier2

else := sort(credential_types_found | personal_types_found)
