#!/usr/bin/env python3
"""The lab's table from run.sh's raw output: per endpoint, the first event's added p50 per round and cell,
with the raw p50s (direct / lab) in brackets."""
import glob, os, re, sys
from collections import defaultdict

out = sys.argv[1]
cells = defaultdict(dict)   # (ep, kind) -> round -> (added, direct, lab)
starts = defaultdict(dict)
order = []
for f in sorted(glob.glob(os.path.join(out, "*-r*.txt"))):
    text = open(f).read()
    for block in re.split(r"^== ", text, flags=re.M)[1:]:
        head = block.splitlines()[0]
        m = re.match(r"(freshsw|fresh|warm-new|warm-ka)-(\w+)-r(\d+) (\S+) load (\S+)", head)
        if not m:
            continue
        kind, ep, r = m.group(1), m.group(2), int(m.group(3))
        d = re.search(r"^  direct +p50 +([\d.]+) p90 +[\d.]+ ms +p50 +([\d.]+)", block, re.M)
        g = re.search(r"^  gateway +p50 +([\d.]+) p90 +[\d.]+ ms +p50 +([\d.]+)", block, re.M)
        a = re.search(r"first event (-?[\d.]+) ms after the request", block)
        if ep not in order:
            order.append(ep)
        if a:
            cells[(ep, kind)][r] = (float(a.group(1)), float(d.group(1)), float(g.group(1)), m.group(4), m.group(5),
                                    float(d.group(2)), float(g.group(2)))

def fmt(ep, kind):
    rs = cells.get((ep, kind), {})
    return " / ".join("%.2f (%.2f/%.2f)" % v[:3] for _, v in sorted(rs.items())) or "-"

print("| endpoint | warm new connection: added p50 per round (direct/lab p50 ms) | warm keep-alive | fresh JVM, cold, first 5 | fresh JVM after self warm-up, first 5 |")
print("|---|---|---|---|---|")
for ep in order:
    print("| %s | %s | %s | %s | %s |" % (ep, fmt(ep, "warm-new"), fmt(ep, "warm-ka"), fmt(ep, "fresh"), fmt(ep, "freshsw")))
print()
print("Where the added time goes (warm cells, p50s, ms): the first event's lag behind the upstream's write (the relay of")
print("the event: lab minus direct) and the rest (request leg: request written -> upstream wrote its first event).")
print()
print("| endpoint | cell | round | added | of which first-event relay | of which request leg |")
print("|---|---|---|---|---|---|")
for ep in order:
    for kind in ("warm-new", "warm-ka"):
        for r, v in sorted(cells.get((ep, kind), {}).items()):
            relay = v[6] - v[5]
            print("| %s | %s | %d | %.2f | %.2f | %.2f |" % (ep, kind, r, v[0], relay, v[0] - relay))
print()
print("runs (UTC, 1-min load): " + "; ".join("%s-%s-r%d %s %s" % (k[1], k[0], r, v[3], v[4])
                                            for k, rs in sorted(cells.items()) for r, v in sorted(rs.items())))
