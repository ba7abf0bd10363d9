#!/usr/bin/env python3
"""Checks a bench/load/audit-restart.sh run: the responses wrk saw against the audit log.

  audit-restart.py RUN_DIR
RUN_DIR holds responses-*.log (request id, status, epoch second), events.csv (request_id, kind,
allowed, outcome of every audit event of the run) and timeline (name epoch-seconds lines).
Prints the counts and exits 1 when an invariant does not hold:
  * every 200 has exactly one decision event, allowed, not voided by a correction (likewise a
    502/504: allowed and forwarded, but the upstream failed);
  * every 403 has exactly one decision event, denied;
  * no other response has an allowed decision event that is not voided;
  * no request has more than one decision event.
"""
import collections
import csv
import glob
import os
import sys

run = sys.argv[1]
responses = {}
when = {}
for path in glob.glob(os.path.join(run, "responses-*.log")):
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            rid, status, second = parts[0], int(parts[1]), int(parts[2])
            responses[rid] = status
            when[rid] = second

decisions = collections.defaultdict(list)
corrections = collections.Counter()
with open(os.path.join(run, "events.csv")) as f:
    for rid, kind, allowed, outcome in csv.reader(f):
        if kind == "decision":
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


def problem(kind, rid):
    problems[kind] += 1
    examples.setdefault(kind, rid)


for rid, status in responses.items():
    events = decisions.get(rid, [])
    voided = corrections[rid] > 0
    if len(events) > 1:
        problem("more than one decision event", rid)
    if status in (200, 502, 504):
        if events != [True] or voided:
            problem("%d without exactly one allowed, unvoided decision event" % status, rid)
    elif status == 403:
        if events != [False]:
            problem("403 without exactly one denied decision event", rid)
    elif any(events) and not voided:
        problem("refused (%d) but an allowed decision event stands" % status, rid)

unknown = [rid for rid in decisions if rid not in responses]
allowed_events = sum(1 for rid, e in decisions.items() if e == [True] and corrections[rid] == 0 and rid in responses)
forwarded = sum(n for s, n in status_counts.items() if s in (200, 502, 504))
stop_done, start_begin = timeline["pg_stopped"], timeline["pg_starting"]
# whole seconds [s, s + 1) that lie between the end of the stop and the start of the restart
inside = [rid for rid, s in when.items() if stop_done <= s and s + 1 <= start_begin]
allowed_inside = sum(1 for rid in inside if responses[rid] == 200)
first, last = min(when.values()), max(when.values())

print("responses: %d in %ds  (%s)" % (len(responses), last - first + 1,
      ", ".join("%d: %d" % (s, n) for s, n in sorted(status_counts.items()))))
print("allowed (200, or 502/504 from the upstream): %d   allowed decision events not voided: %d   corrections: %d" % (
    forwarded, allowed_events, sum(corrections.values())))
print("decision events: %d for %d requests; events for requests wrk never saw answered: %d" % (
    sum(len(e) for e in decisions.values()), len(decisions), len(unknown)))
print("PostgreSQL down from %.1f to %.1f (%.1fs): %d responses answered entirely inside it, %d of them 200" % (
    timeline["pg_stopping"], timeline["pg_started"], timeline["pg_started"] - timeline["pg_stopping"],
    len(inside), allowed_inside))
for kind, n in problems.items():
    print("VIOLATION %s: %d (e.g. %s)" % (kind, n, examples[kind]))
if problems or allowed_inside:
    sys.exit(1)
print("invariants hold: one audit event per allowed request, none allowed while the store was down")
