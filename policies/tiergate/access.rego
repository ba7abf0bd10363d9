# The access workflow: who may ask for Tier 2 access, who may decide, revoke and review.
# Nobody decides their own request, and an approval must come from an approver who has not
# approved the same request before (N-of-M needs N distinct approvers).
package tiergate.access

import data.tiergate.common

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

# A Tier 1 resource without declared Tier 2 fields needs no grant: nobody asks for one, nobody
# approves one (its tier is read from the catalog at decision time, so a resource reclassified to
# Tier 1 stops taking grants). A Tier 1 dataset with Tier 2 fields takes grants for those fields.
# A capture store (captures/<route>) takes grants whatever its declared tier: a Tier 1 store
# holds the redacted captures of Tier 2 calls, which only a grant lets anyone read or export.
holds_nothing_of_tier2 if {
	input.resource.tier == 1
	count(object.get(input.resource.attributes, "tier2_fields", [])) == 0
	not input.resource.attributes.capture_store
}

deny contains "grant_not_needed_for_tier1" if {
	input.action == "access.request"
	holds_nothing_of_tier2
}

deny contains "grant_not_needed_for_tier1" if {
	approving
	holds_nothing_of_tier2
}

deny contains "self_decision_forbidden" if {
	input.action == "access.decide"
	input.context.access_request.requester == input.subject.id
}

deny contains "approver_already_approved" if {
	approving
	input.subject.id in input.context.access_request.approvals
}

approving if {
	input.action == "access.decide"
	input.context.access_request.verdict == "approve"
}

allow contains "access_requester" if {
	input.action == "access.request"
	common.subject_holds_permitted_role
}

allow contains "access_reviewer" if {
	input.action in {"access.decide", "access.revoke", "access.review"}
	common.subject_holds_permitted_role
}
