-- Issue 12: the evaluation report (docs/EVALUATION.md) reads one route's captures and their
-- feedback over a range of time; without these it reads every capture of every route in the range.
create index capture_route_time on capture (route, captured_at);
create index inference_feedback_route_time on inference_feedback (route, captured_at);
