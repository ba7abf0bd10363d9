-- Audit events say what the gateway did, not only what was decided (docs/AUDIT.md): the obligations
-- of a decision (redact, mask_fields, capture), and a new kind, 'payload', reporting what an allowed
-- response carried (finding types and pointers, never values). New events are hashed in canonical
-- form tiergate-audit-v2, which covers the obligations; events already written keep their v1 hash
-- and are verified as v1 (a v1 row has no obligations). Runs as the owning role.
alter table audit_event add column obligations jsonb;
alter table audit_event add column hash_form text not null default 'tiergate-audit-v1'
    check (hash_form in ('tiergate-audit-v1', 'tiergate-audit-v2'));
alter table audit_event alter column hash_form drop default;
alter table audit_event add constraint audit_event_v1_has_no_obligations
    check (hash_form <> 'tiergate-audit-v1' or obligations is null);
alter table audit_event drop constraint audit_event_kind_check;
alter table audit_event add constraint audit_event_kind_check
    check (kind in ('decision', 'transition', 'notification', 'correction', 'payload'));
