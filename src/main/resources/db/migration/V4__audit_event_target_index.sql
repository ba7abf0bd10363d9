-- The history of one access request or grant (the admin console's request page) is looked up by target.
create index audit_event_target on audit_event (target_id) where target_id is not null;
