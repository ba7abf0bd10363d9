# Shared facts about the request: who may perform which action, and the stated purpose.
package tiergate.common

# Roles that may perform each action; a subject needs at least one of them.
permitted_roles := {
	"dataset.read": {"developer", "service"},
	"dataset.export": {"developer", "service"},
	"llm.invoke": {"developer", "service"},
	"llm.embed": {"developer", "service"},
	"llm.list": {"developer", "service"},
	"llm.respond": {"developer", "service"},
	"audit.read": {"privacy-approver", "auditor"},
	"report.read": {"privacy-approver", "auditor", "developer"},
	"access.request": {"developer", "service"},
	"access.decide": {"privacy-approver"},
	"access.revoke": {"privacy-approver"},
	"access.review": {"privacy-approver", "auditor"},
	"capture.erase": {"privacy-approver"},
}

subject_holds_permitted_role if {
	some role in input.subject.roles
	role in permitted_roles[input.action]
}

# The caller's stated purpose; "" when none was sent (or the field is absent).
purpose := input.context.purpose if is_string(input.context.purpose)

else := ""

purpose_stated if purpose != ""
