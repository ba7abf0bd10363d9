# llm.invoke: credentials never leave; Tier 2 prompts only reach Tier 2 routes, under an active grant.
package tiergate.llm

import data.tiergate.common
import data.tiergate.grants

# Finding types that are credentials; no route may receive any of them.
credential_finding_types := {"PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET"}

prompt_holds_credential if {
	some finding in input.content.findings
	finding.type in credential_finding_types
}

tier1_prompt if input.content.tier == 1

tier2_prompt if input.content.tier == 2

# A route's tier is the highest tier of content it may receive.
tier1_route if input.resource.tier == 1

tier2_route if input.resource.tier == 2

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

deny contains "credentials_never_forwarded" if prompt_holds_credential

deny contains "tier2_content_to_tier1_route" if {
	tier2_prompt
	tier1_route
}

# A Tier 2 prompt to a Tier 2 route needs an active grant for that route and purpose.
deny contains "tier2_requires_grant" if {
	tier2_prompt
	tier2_route
	not grants.active_grant_covers_request
}

# A Tier 1 prompt may go to any route.
allow contains "tier1_access" if {
	common.subject_holds_permitted_role
	tier1_prompt
}

allow contains "tier2_grant_active" if {
	common.subject_holds_permitted_role
	tier2_prompt
	tier2_route
	grants.active_grant_covers_request
}
