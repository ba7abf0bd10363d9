# Grants: time-bound approvals from the privacy team, one per resource and purpose.
package tiergate.grants

import data.tiergate.common

# Active means strictly before expiry: a grant expiring exactly at `now` no longer counts.
# A non-numeric expiry never counts (Rego orders any string after every number).
active(grant) if {
	is_number(grant.expires_at)
	grant.expires_at > input.context.now
}

# An active grant covers this request when it names the same resource (kind and
# name) and the same, stated, purpose.
active_grant_covers_request if {
	common.purpose_stated
	some grant in input.context.grants
	active(grant)
	grant.resource.kind == input.resource.kind
	grant.resource.name == input.resource.name
	grant.purpose == common.purpose
}
