# capture.erase: erasing captured LLM calls (a person's calls, one call, or every full capture
# naming a value) is for the privacy team only.
package tiergate.erasure

import data.tiergate.common

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

allow contains "capture_eraser" if common.subject_holds_permitted_role
