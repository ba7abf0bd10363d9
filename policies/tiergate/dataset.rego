# dataset.read: a permitted role and a stated purpose; Tier 2 data also needs an active grant.
package tiergate.dataset

import data.tiergate.common
import data.tiergate.grants

# The read touches Tier 2 when the dataset holds Tier 2 data or the payload was classified Tier 2.
tier2_read if input.resource.tier == 2

tier2_read if input.content.tier == 2

tier1_read if {
	input.resource.tier == 1
	input.content.tier == 1
}

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

deny contains "purpose_required" if not common.purpose_stated

# Tier 2 data needs an active grant for this dataset and purpose.
deny contains "tier2_requires_grant" if {
	tier2_read
	not grants.active_grant_covers_request
}

allow contains "tier1_access" if {
	common.subject_holds_permitted_role
	common.purpose_stated
	tier1_read
}

allow contains "tier2_grant_active" if {
	common.subject_holds_permitted_role
	tier2_read
	grants.active_grant_covers_request
}
