-- Subjects are keyed on the token's issuer and sub ('issuer#sub', io.tiergate.identity.SubjectKey),
-- not on the username, which an identity provider may let a user change. The *_id columns hold the
-- key; the new *_name columns the username at the time, for people to read. Rows written before
-- this migration hold a username in their *_id column (no '#'): they match no caller until
-- scripts/rekey-subjects.sh maps them to a key, or expires them when the username is unknown.
alter table access_request add column requester_name text;
alter table access_approval add column approver_name text;
alter table access_grant add column subject_name text;
update access_request set requester_name = requester_id;
update access_approval set approver_name = approver_id;
update access_grant set subject_name = subject_id;
alter table access_request alter column requester_name set not null;
alter table access_approval alter column approver_name set not null;
alter table access_grant alter column subject_name set not null;
-- The console and the API filter by either form.
create index access_request_requester_name on access_request (requester_name, created_at);
create index access_grant_subject on access_grant (subject_id, starts_at);
create index access_grant_subject_name on access_grant (subject_name, starts_at);

-- The audit log records the username beside the key (hashed into the chain when present: events
-- before this migration have none, and their hashes stay as they were). Search finds either form.
alter table audit_event add column subject_name text;
create index audit_event_subject_name on audit_event (subject_name, occurred_at) where subject_name is not null;
