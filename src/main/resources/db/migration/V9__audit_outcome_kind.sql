-- Issue 10: an 'outcome' event records what became of an allowed request after its decision
-- (a dataset payload's report, an upstream failure), linked to the decision by target_id.
alter table audit_event drop constraint audit_event_kind_check;
alter table audit_event add constraint audit_event_kind_check
    check (kind in ('decision', 'transition', 'notification', 'correction', 'outcome'));
