package tiergate.audit_test

import data.tiergate.audit
import data.tiergate.fixtures_test as f

audit_read(subject) := f.request(subject, "audit.read", f.audit_log, f.no_content, "", [])

test_privacy_approver_reads_the_audit_log if {
	audit.allow == {"audit_reader"} with input as audit_read(f.priya)
	count(audit.deny) == 0 with input as audit_read(f.priya)
}

test_auditor_reads_the_audit_log if {
	audit.allow == {"audit_reader"} with input as audit_read(f.aude)
	count(audit.deny) == 0 with input as audit_read(f.aude)
}

test_developer_with_auditor_role_reads_the_audit_log if {
	both := object.union(f.alice, {"roles": ["developer", "auditor"]})
	audit.allow == {"audit_reader"} with input as audit_read(both)
}

test_developer_may_not_read_the_audit_log if {
	audit.deny == {"role_not_permitted"} with input as audit_read(f.alice)
	count(audit.allow) == 0 with input as audit_read(f.alice)
}

test_service_may_not_read_the_audit_log if {
	audit.deny == {"role_not_permitted"} with input as audit_read(f.indexer)
}

test_empty_roles_may_not_read_the_audit_log if {
	audit.deny == {"role_not_permitted"} with input as audit_read(f.roleless)
}
