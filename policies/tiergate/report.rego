# report.read: a route's evaluation report (aggregates of its captures and their feedback).
# The privacy team and auditors read all of it; developers read a Tier 1 route's report whole and,
# of a Tier 2 route's, only the operational aggregates (calls, errors, latency, tokens): the
# feedback, which people give on Tier 2 calls, is masked.
package tiergate.report

import data.tiergate.common

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

allow contains "report_reader" if full_reader

allow contains "report_tier1_aggregates" if {
	common.subject_holds_permitted_role
	not full_reader
}

full_reader if {
	some role in input.subject.roles
	role in {"privacy-approver", "auditor"}
}

# Anything but a declared Tier 1 route is treated as Tier 2.
mask_fields := [] if full_reader

else := [] if input.resource.tier == 1

else := ["feedback"]
