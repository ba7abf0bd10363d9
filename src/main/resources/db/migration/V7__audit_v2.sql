-- Audit schema v2 (docs/AUDIT.md). Runs as the owning role.
--  * client_request_id: the caller's own X-Request-Id, when it sent a sane one (1-128 characters of
--    [A-Za-z0-9._:-]); request_id is always the gateway's own id.
--  * obligations: the obligations applied to a decision (redact, mask_fields with pointers, ...), a
--    JSON object kept as the exact text that was hashed; null when none.
--  * hash_form: the canonical form the event's hash was computed in. New events are hashed in
--    tiergate-audit-v2, which covers the two new columns; events already written stay v1 and keep
--    verifying as they are. The default keeps a gateway of the previous release (during a rolling
--    upgrade) writing valid v1 events, which never carry the new columns.
-- The constraints are NOT VALID: every existing row satisfies them (the columns are new), and
-- skipping the validation scan keeps this migration's exclusive lock short on a large log. They are
-- enforced for every row inserted from now on.
alter table audit_event add column client_request_id text;
alter table audit_event add column obligations text;
alter table audit_event add column hash_form text not null default 'tiergate-audit-v1';
alter table audit_event add constraint audit_event_client_request_id_sane
    check (client_request_id ~ '^[A-Za-z0-9._:-]{1,128}$') not valid;
alter table audit_event add constraint audit_event_obligations_object
    check (length(obligations) <= 65536 and jsonb_typeof(obligations::jsonb) = 'object') not valid;
alter table audit_event add constraint audit_event_hash_form_known
    check (hash_form in ('tiergate-audit-v1', 'tiergate-audit-v2')) not valid;
alter table audit_event add constraint audit_event_v1_has_no_v2_fields
    check (hash_form <> 'tiergate-audit-v1' or (client_request_id is null and obligations is null)) not valid;

create index audit_event_client_request on audit_event (client_request_id) where client_request_id is not null;
