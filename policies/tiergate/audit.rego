# audit.read: the audit log is for the privacy team and auditors only.
package tiergate.audit

import data.tiergate.common

deny contains "role_not_permitted" if not common.subject_holds_permitted_role

allow contains "audit_reader" if common.subject_holds_permitted_role
