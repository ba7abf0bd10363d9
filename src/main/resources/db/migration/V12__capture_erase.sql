-- Issue 12: erasure of captured calls on request (POST /api/captures/erase; docs/OPERATIONS.md,
-- "Captures: retention and erasure"). The runtime role still has no DELETE on capture or
-- inference_feedback: it may only call this function, which runs as the owning role (SECURITY
-- DEFINER) with a fixed search_path (this schema, then pg_temp last, so nothing a caller creates
-- can stand in for a table or function it uses) and deletes only what one selector names:
--   subject    the captures of calls a subject made (capture.subject_id, a subject key), and every
--              feedback that subject gave;
--   inference  the capture of one call;
--   value      every full capture whose stored request or answer holds the value (an e-mail
--              address, a customer id) anywhere: a string, a key or a number; redacted captures
--              hold placeholders, never values, and are not touched.
-- The feedback on every erased call goes with it (a comment may quote the person).
create function capture_erase(selector text, selected text)
    returns table (erased_captures bigint, erased_feedback bigint)
    language plpgsql
    security definer
    set search_path = "${flyway:defaultSchema}", pg_temp
as $$
declare
    erased uuid[];
    needle text;
    feedback_count bigint;
begin
    if selected is null or selected = '' then
        raise exception 'capture_erase: the value is empty' using errcode = '22023';
    end if;
    if selector = 'subject' then
        with gone as (delete from capture where subject_id = selected returning inference_id)
        select coalesce(array_agg(inference_id), '{}') into erased from gone;
        delete from inference_feedback f where f.inference_id = any (erased) or f.subject_id = selected;
    elsif selector = 'inference' then
        with gone as (delete from capture where inference_id = selected::uuid returning inference_id)
        select coalesce(array_agg(inference_id), '{}') into erased from gone;
        delete from inference_feedback f where f.inference_id = selected::uuid;
    elsif selector = 'value' then
        -- the value as it is written inside a JSON string (quotes and backslashes escaped, as jsonb prints them)
        needle := substr(to_jsonb(selected)::text, 2, length(to_jsonb(selected)::text) - 2);
        with gone as (
            delete from capture c
            where c.capture_mode = 'full'
              and (strpos(c.request::text, needle) > 0 or strpos(coalesce(c.answer::text, ''), needle) > 0)
            returning inference_id)
        select coalesce(array_agg(inference_id), '{}') into erased from gone;
        delete from inference_feedback f where f.inference_id = any (erased);
    else
        raise exception 'capture_erase: unknown selector %', selector using errcode = '22023';
    end if;
    get diagnostics feedback_count = row_count;
    return query select cardinality(erased)::bigint, feedback_count;
end $$;
revoke all on function capture_erase(text, text) from public;
grant execute on function capture_erase(text, text) to ${app_role};
