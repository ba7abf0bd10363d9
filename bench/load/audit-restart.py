#!/usr/bin/env python3
"""Checks a load run (bench/load/audit-restart.sh, bench/load/fault-suite.sh): the responses wrk saw
against the audit log.

  audit-restart.py RUN_DIR [--fault FROM TO] [--fail-closed] [--upstream-ids FILE --allowed-ids CSV]
RUN_DIR holds responses-*.log (the caller's request id, status, epoch second[, latency ms, stream end]),
events.csv (client_request_id, kind, allowed, outcome of every audit event of the run) and timeline
(name epoch-seconds lines). The fault lasts from the timeline's FROM to its TO (default pg_stopped,
pg_starting); with --fail-closed a 200 answered entirely inside it is a violation. With
--upstream-ids (the ids the upstream logged during the run, one a line) and --allowed-ids (event_id,
request_id of every allowed decision event that no correction voids), every id the upstream saw must
be one of them. Prints the counts, then a "summary:" line, and exits 1 when an invariant
does not hold:
  * every 200 has exactly one decision event, allowed, not voided by a correction (likewise a
    502/504: allowed and forwarded, but the upstream failed), and no denied answer decision, but for
    a stream cut by its answer's refusal (head sent, then an SSE error event: not counted as allowed);
  * every 403 has exactly one decision event, denied, or an allowed one and a denied decision on
    its answer (action llm.respond, since issue 10);
  * no other response has an allowed decision event that is not voided, but for an answer refused
    so (a 503 when the policy engine went away between the request's decision and the answer's);
  * no request has more than one decision event of its own (the answer's decision is counted apart;
    a 200 has no denied one).
"""
import argparse
import collections
import csv
import glob
import os
import re
import sys

ap = argparse.ArgumentParser()
ap.add_argument("run")
ap.add_argument("--fault", nargs=2, default=["pg_stopped", "pg_starting"], metavar=("FROM", "TO"))
ap.add_argument("--fail-closed", action="store_true")
ap.add_argument("--upstream-ids")
ap.add_argument("--allowed-ids")
ap.add_argument("--latency-of", default="", help="regex: latencies only of request ids that match it (the mix, not the greedy clients)")
args = ap.parse_args()
run = args.run
responses = {}
when = {}
latency = {}
began = {}  # when the request was sent, where wrk's script knows it
stream_end = collections.Counter()
ended = {}  # how each streamed call's stream ended: done ([DONE] seen) or cut
for path in glob.glob(os.path.join(run, "responses-*.log")):
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) not in (3, 5) or parts[0] == "?":
                continue
            rid, status, second = parts[0], int(parts[1]), float(parts[2])
            responses[rid] = status
            when[rid] = second
            if len(parts) == 5:
                if parts[3] != "-":
                    began[rid] = second - float(parts[3]) / 1000
                    if re.match(args.latency_of, rid):
                        latency[rid] = float(parts[3])
                if parts[4] != "-":
                    stream_end[parts[4]] += 1
                    ended[rid] = parts[4]

decisions = collections.defaultdict(list)  # the request's own decision (not the answer's)
answers = collections.defaultdict(list)  # decisions on the answer (llm.respond), linked to the request's
corrections = collections.Counter()
with open(os.path.join(run, "events.csv")) as f:
    for row in csv.reader(f):
        rid, kind, allowed, outcome = row[:4]
        action = row[4] if len(row) > 4 else ""
        if kind == "decision" and action == "llm.respond":
            answers[rid].append(allowed == "t")
        elif kind == "decision":
            decisions[rid].append(allowed == "t")
        elif kind == "correction":
            corrections[rid] += 1

timeline = {}
with open(os.path.join(run, "timeline")) as f:
    for line in f:
        name, value = line.split()
        timeline[name] = float(value)

status_counts = collections.Counter(responses.values())
problems = collections.Counter()
examples = {}


def answer_refused(rid):
    """The request allowed (one event), its answer then refused (one denied llm.respond event)."""
    return decisions.get(rid) == [True] and answers.get(rid) == [False]


def problem(kind, rid):
    problems[kind] += 1
    examples.setdefault(kind, rid)


for rid, status in responses.items():
    events = decisions.get(rid, [])
    voided = corrections[rid] > 0
    if len(events) > 1:
        problem("more than one decision event", rid)
    if status == 200 and ended.get(rid) == "cut" and answer_refused(rid):
        pass  # a streamed answer refused after its head went out: the stream ended with an error event
    elif status in (200, 502, 504):
        if events != [True] or voided or False in answers.get(rid, []):
            problem("%d without exactly one allowed, unvoided decision event" % status, rid)
    elif status == 403:
        # refused on the request, or allowed and then refused on its answer (the answer's own decision)
        if events != [False] and not answer_refused(rid):
            problem("403 without exactly one denied decision event", rid)
    elif any(events) and not voided and not answer_refused(rid):
        # a 503 may be the answer's refusal: the request allowed and forwarded, then the policy
        # engine gone before the answer was decided (policy_engine_unavailable, fail closed)
        problem("refused (%d) but an allowed decision event stands" % status, rid)

unknown = [rid for rid in decisions if rid not in responses]
# allowed and forwarded: an allowed request whose answer was then refused is counted with the
# refusals (403, 503), or, streamed, not at all (its 200 went out before the answer was refused)
refused_streams = sum(1 for rid, s in responses.items() if s == 200 and ended.get(rid) == "cut" and answer_refused(rid))
allowed_events = sum(1 for rid, e in decisions.items()
                     if e == [True] and corrections[rid] == 0 and rid in responses and not answer_refused(rid))
forwarded = sum(n for s, n in status_counts.items() if s in (200, 502, 504)) - refused_streams
stop_done, start_begin = timeline[args.fault[0]], timeline[args.fault[1]]
# answered inside the fault: sent after it began (or, with whole seconds only, answered in a second
# [s, s + 1) that lies inside it) and answered before it ended
inside = [rid for rid, s in when.items()
          if (began[rid] >= stop_done if rid in began else stop_done <= int(s)) and
          (s if rid in began else int(s) + 1) <= start_begin]
allowed_inside = sum(1 for rid in inside if responses[rid] == 200)
first, last = min(when.values()), max(when.values())

if args.upstream_ids:
    with open(args.upstream_ids) as f:
        seen = {line.strip() for line in f if line.strip()}
    allowed_ids = set()
    with open(args.allowed_ids) as f:
        for row in csv.reader(f):
            allowed_ids.update(x for x in row if x)
    for uid in seen:
        if uid not in allowed_ids:
            problem("reached the upstream without an allowed, unvoided decision event", uid)


def p99(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))] if values else float("nan")


# latency outside the fault: responses answered before it began or a few seconds after it ended
fault_from, fault_to = stop_done - 1, start_begin + 3
outside = [ms for rid, ms in latency.items() if not (fault_from <= when[rid] <= fault_to)]
during = [ms for rid, ms in latency.items() if stop_done - 1 <= when[rid] <= start_begin + 1]

print("responses: %d in %ds  (%s)" % (len(responses), int(last) - int(first) + 1,
      ", ".join("%d: %d" % (s, n) for s, n in sorted(status_counts.items()))))
print("allowed (200, or 502/504 from the upstream): %d   allowed decision events not voided: %d   corrections: %d" % (
    forwarded, allowed_events, sum(corrections.values())))
print("decision events: %d for %d requests; events for requests wrk never saw answered: %d" % (
    sum(len(e) for e in decisions.values()), len(decisions), len(unknown)))
print("fault (%s) from %.1f to %.1f (%.1fs): %d responses answered entirely inside it, %d of them 200" % (
    " .. ".join(args.fault), stop_done, start_begin, start_begin - stop_done, len(inside), allowed_inside))
print("summary: requests=%d allowed=%d allowed_events=%d allowed_in_fault=%d p99_outside_ms=%.0f p99_fault_ms=%.0f "
      "statuses=%s streams=%s upstream_ids=%s" % (
          len(responses), forwarded, allowed_events, allowed_inside, p99(outside), p99(during),
          ",".join("%d:%d" % (s, n) for s, n in sorted(status_counts.items())),
          ",".join("%s:%d" % kv for kv in sorted(stream_end.items())) or "-",
          len(seen) if args.upstream_ids else "-"))
for kind, n in problems.items():
    print("VIOLATION %s: %d (e.g. %s)" % (kind, n, examples[kind]))
if problems or (allowed_inside and args.fail_closed):
    sys.exit(1)
print("invariants hold: one audit event per allowed request" + (", none allowed during the fault" if args.fail_closed else ""))
