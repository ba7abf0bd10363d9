# Answers that are not decisions, served by a real OPA so that tests can prove the
# remote engine denies them (fail closed). Never part of the shipped policy.
package tiergate.fixtures

malformed := {"allow": "yes", "reasons": [], "obligations": {"redact": [], "mask_fields": [], "capture": "none"}}

missing_obligations := {"allow": true, "reasons": ["tier1_access"]}

allow_with_redaction := {"allow": true, "reasons": ["tier1_access"], "obligations": {"redact": ["EMAIL"], "mask_fields": [], "capture": "none"}}

undefined_decision if input.never_present == true

# Evaluating this fails inside OPA (HTTP 500, eval_conflict_error).
conflicting := 1 if input.action

conflicting := 2 if input.action
