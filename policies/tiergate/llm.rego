# llm.invoke, llm.embed and llm.list: credentials never leave; personal data bound for a Tier 1
# route is redacted; other Tier 2 content only reaches Tier 2 routes, under an active grant;
# content the gateway could not scan (media, references, text past the time budget) is refused
# unless the route declares that it may receive that kind. A call assigned to one of the route's
# variants is also decided on that variant's clearance (resource.attributes.variant).
package tiergate.llm

import data.tiergate.common
import data.tiergate.grants

# Finding types that are credentials; no route may receive any of them.
credential_finding_types := {"PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET"}

# Personal data and customer identifiers: the gateway can replace each with a placeholder.
# Customer source code and unscanned text cannot be made safe that way.
redactable_finding_types := {
	"EMAIL", "PHONE", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "NATIONAL_ID",
	"IP_ADDRESS", "PERSON", "STREET_ADDRESS", "CUSTOMER_ID",
}

prompt_holds_credential if {
	some finding in input.content.findings
	finding.type in credential_finding_types
}

# Types of the findings that make the prompt Tier 2 (an allow-listed value is a Tier 1 finding).
tier2_finding_types contains finding.type if {
	some finding in input.content.findings
	finding.tier == 2
}

prompt_holds_unredactable_tier2_content if {
	some finding_type in tier2_finding_types
	not finding_type in redactable_finding_types
}

# UNSCANNED: the classifier ran out of time on some text of the request.
prompt_not_fully_scanned if {
	some finding in input.content.findings
	finding.type == "UNSCANNED"
}

# Kinds of unscannable content (images, audio, file data, token arrays, references to content
# held elsewhere) the route declares it may receive: resource.attributes.accepts_unscannable.
route_accepted_unscannable_kinds contains kind if {
	some kind in input.resource.attributes.accepts_unscannable
}

unaccepted_unscannable_kinds contains item.kind if {
	some item in input.content.unscannable
	not item.kind in route_accepted_unscannable_kinds
}

tier1_prompt if input.content.tier == 1

tier2_prompt if input.content.tier == 2

# A route's tier is the highest tier of content it may receive.
tier1_route if input.resource.tier == 1

tier2_route if input.resource.tier == 2

# A Tier 2 prompt for a Tier 1 route whose Tier 2 content is all personal data: forwarded with
# every Tier 2 finding of those types replaced by a placeholder, instead of refused.
personal_data_redacted_for_tier1_route if {
	tier2_prompt
	tier1_route
	count(tier2_finding_types) > 0
	not prompt_holds_credential
	not prompt_holds_unredactable_tier2_content
}

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

deny contains "credentials_never_forwarded" if prompt_holds_credential

# What no detector has read cannot be shown to be Tier 1: refused on every route that does not
# declare that it may receive that kind of content.
deny contains "unscannable_content" if count(unaccepted_unscannable_kinds) > 0

# Text the classifier could not finish within its time budget is refused on every route.
deny contains "scan_incomplete" if prompt_not_fully_scanned

deny contains "tier2_content_to_tier1_route" if {
	tier2_prompt
	tier1_route
	not personal_data_redacted_for_tier1_route
}

# The variant of a Tier 2 route the call was assigned to (resource.attributes.variant, when the
# route declares variants) may be cleared for Tier 1 only; an external variant always is.
variant_cleared_for_tier1_only if input.resource.attributes.variant.tier == 1

variant_cleared_for_tier1_only if input.resource.attributes.variant.external == true

# A Tier 2 prompt never reaches a variant not cleared for it: the gateway then asks again for the
# route's baseline variant (variant.fallback_from names the variant first assigned), else denies.
# On a Tier 1 route every variant is Tier 1, and the route's own rules (redaction) apply.
deny contains "content_not_cleared_for_variant" if {
	tier2_prompt
	tier2_route
	variant_cleared_for_tier1_only
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

allow contains "tier2_personal_data_redacted" if {
	common.subject_holds_permitted_role
	personal_data_redacted_for_tier1_route
}

# The finding types the gateway must replace with placeholders before forwarding, sorted.
redact := sort([finding_type |
	some finding_type in tier2_finding_types
	finding_type in redactable_finding_types
]) if {
	personal_data_redacted_for_tier1_route
} else := []
