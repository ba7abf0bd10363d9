# What of an allowed LLM call the gateway may store for evaluation and training (the capture
# obligation): "full" (the canonical request and the answer as they went), "redacted" (every Tier 2
# finding replaced by its placeholder, never a value), or "none". Decided on the request
# (llm.invoke, llm.embed) and on the answer (llm.respond); the gateway stores the stricter of the two.
package tiergate.capture

import data.tiergate.common
import data.tiergate.llm

# Finding types a placeholder makes safe to store: personal data and customer identifiers.
redactable_finding_types := llm.redactable_finding_types

# The route declares capture: off (tiergate.catalog.routes."<name>".capture=off).
route_switches_capture_off if input.resource.attributes.capture == "off"

# The route lists the caller's purpose among those never captured (capture_off_purposes).
purpose_switches_capture_off if {
	some purpose in input.resource.attributes.capture_off_purposes
	purpose == common.purpose
}

# Embeddings are captured (their inputs only) when the route opts in (capture_embeddings: true).
embeddings_not_opted_in if {
	input.action == "llm.embed"
	not input.resource.attributes.capture_embeddings == true
}

content_holds_credential if {
	some finding in input.content.findings
	finding.type in llm.credential_finding_types
}

content_tier2_types contains finding.type if {
	some finding in input.content.findings
	finding.tier == 2
}

# Customer code, unscanned text: Tier 2 that no placeholder makes safe, so never stored.
content_holds_unredactable_tier2 if {
	some finding_type in content_tier2_types
	not finding_type in redactable_finding_types
}

# Images, audio, references: nothing a detector read, so nothing shown to be safe to keep.
content_holds_unscannable if count(input.content.unscannable) > 0

capture_forbidden if route_switches_capture_off

capture_forbidden if purpose_switches_capture_off

capture_forbidden if embeddings_not_opted_in

# A credential in the request or the answer: the whole call is never stored.
capture_forbidden if content_holds_credential

capture_forbidden if content_holds_unredactable_tier2

capture_forbidden if content_holds_unscannable

# The declared tier of the route's capture store (the dataset captures/<route>): the route's own
# tier unless declared otherwise (tiergate.catalog.routes."<name>".capture-tier).
store_tier := object.get(input.resource.attributes, "capture_store_tier", input.resource.tier)

# Content is stored as it went only when it is Tier 1 and not above the store's tier: a store
# declared Tier 1 never takes a full capture of Tier 2 content, whatever else allows it.
full_capture_permitted if {
	input.content.tier == 1
	input.content.tier <= store_tier
}

mode := "none" if capture_forbidden

else := "full" if full_capture_permitted

else := "redacted"
