#!/usr/bin/env python3
"""The gateway's own latency figures for one run, from two scrapes of /q/metrics (Prometheus text).

    bench/load/metrics.py BEFORE.txt AFTER.txt

For each histogram of the gateway (tiergate_*_seconds) and each label set, prints the count and the
p50/p90/p99 of what was recorded between the two scrapes, interpolated within buckets as
Prometheus' histogram_quantile() does. Used by the load harnesses in bench/load/.
"""
import re
import sys
from collections import defaultdict

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*?)\})? (\S+)(?: # .*)?$')
LABEL = re.compile(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"')


def buckets(path):
    """{(histogram, labels without le): {le: cumulative count}}"""
    out = defaultdict(dict)
    with open(path) as f:
        for line in f:
            m = SAMPLE.match(line.strip())
            if not m or not m.group(1).startswith("tiergate_") or not m.group(1).endswith("_seconds_bucket"):
                continue
            labels = dict(LABEL.findall(m.group(2) or ""))
            le = labels.pop("le")
            key = (m.group(1)[:-len("_bucket")], tuple(sorted(labels.items())))
            out[key][float("inf") if le == "+Inf" else float(le)] = float(m.group(3))
    return out


def quantile(q, cumulative):
    bounds = sorted(cumulative)
    total = cumulative[bounds[-1]]
    rank = q * total
    previous_bound, previous_count = 0.0, 0.0
    for bound in bounds:
        count = cumulative[bound]
        if count >= rank:
            if bound == float("inf"):
                return previous_bound
            inside = count - previous_count
            return previous_bound + (bound - previous_bound) * ((rank - previous_count) / inside if inside else 0)
        previous_bound, previous_count = bound, count
    return bounds[-1]


def main(before_path, after_path):
    before, after = buckets(before_path), buckets(after_path)
    for key in sorted(after):
        delta = {le: n - before.get(key, {}).get(le, 0.0) for le, n in after[key].items()}
        total = delta.get(float("inf"), 0)
        if total <= 0:
            continue
        name, labels = key
        shown = ",".join(f"{k}={v}" for k, v in labels)
        print(f"{name}{{{shown}}} n={int(total)} p50={quantile(0.5, delta) * 1000:.2f}ms "
              f"p90={quantile(0.9, delta) * 1000:.2f}ms p99={quantile(0.99, delta) * 1000:.2f}ms")


if __name__ == "__main__":
    main(*sys.argv[1:3])
