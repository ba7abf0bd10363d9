# dataset.export: a training or evaluation file made of a capture store's captures. A permitted
# role and a stated purpose; Tier 2 captures (or a Tier 2 store) only under an active grant for the
# capture dataset, and only for training or evaluating a model.
package tiergate.export

import data.tiergate.common
import data.tiergate.dataset
import data.tiergate.grants

# The purposes a file with Tier 2 captures may be made for.
tier2_export_purposes := {"fine-tuning", "model-evaluation"}

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

deny contains "purpose_required" if not common.purpose_stated

deny contains "tier2_requires_grant" if {
	dataset.tier2_read
	not grants.active_grant_covers_request
}

deny contains "export_purpose_not_permitted" if {
	dataset.tier2_read
	common.purpose_stated
	not common.purpose in tier2_export_purposes
}

allow contains "tier1_access" if {
	common.subject_holds_permitted_role
	common.purpose_stated
	dataset.tier1_read
}

allow contains "tier2_grant_active" if {
	common.subject_holds_permitted_role
	dataset.tier2_read
	grants.active_grant_covers_request
	common.purpose in tier2_export_purposes
}
