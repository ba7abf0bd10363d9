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

# Every finding type the classifier reports at Tier 2 (custom detectors report CUSTOMER_ID unless configured otherwise).
tier2_finding_types := {
	"EMAIL", "PHONE", "PAYMENT_CARD", "IBAN", "US_SSN", "UK_NINO", "NATIONAL_ID", "IP_ADDRESS", "PERSON", "STREET_ADDRESS",
	"PRIVATE_KEY", "CLOUD_KEY", "TOKEN", "PASSWORD", "GENERIC_SECRET", "SOURCE_CODE", "CUSTOMER_ID", "UNSCANNED",
}

# Declared Tier 2 fields of the dataset (JSON pointers), none when it declares none.
tier2_fields := object.get(input.resource.attributes, "tier2_fields", [])

# A Tier 1 dataset read without a grant covering it: its declared Tier 2 fields are masked
# (mask_fields), and any Tier 2 finding elsewhere in the payload is replaced by a placeholder
# (redact) and reported, so the privacy team can reclassify the dataset.
tier1_read_without_grant if {
	tier1_read
	not grants.active_grant_covers_request
}

# A capture store (resource.attributes.capture_store) holds only what capture.rego let in: Tier 1
# content as it went, Tier 2 content with every Tier 2 finding replaced by its placeholder. So a
# read of it has nothing left to mask or redact; its captures' tiers are the content's tier.
capture_store if input.resource.attributes.capture_store == true

payload_obligations_apply if {
	tier1_read_without_grant
	not capture_store
}

mask_fields := sort(tier2_fields) if payload_obligations_apply

else := []

redact := sort(tier2_finding_types) if payload_obligations_apply

else := []
