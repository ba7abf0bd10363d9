#!/usr/bin/env python3
"""Writes a JSON-lines dataset payload of about --mb megabytes (bench/payload/large-jsonl.sh).

    python3 bench/payload/generate.py --mb 100 --out payload.jsonl

Staff-like records: {"id", "email" (declared Tier 2 in the bench's catalog entry: masked),
"bio" (prose of about 300 characters; every 50th names an undeclared e-mail address, redacted),
"tags"}. Deterministic (fixed seed). Prints the number of records and of undeclared addresses.
"""

import argparse
import json
import random

WORDS = ("the release train leaves every second tuesday and the platform team keeps the runbook "
         "current with notes about rollbacks canaries dashboards alerts and the on call rota for "
         "each service owner who reviews the change log before the freeze begins").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    rnd = random.Random(10)
    target = args.mb * 1024 * 1024
    written = records = undeclared = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < target:
            bio = " ".join(rnd.choice(WORDS) for _ in range(50))
            if records % 50 == 0:
                bio += " Reach me at person%d@example.org." % records
                undeclared += 1
            line = json.dumps({"id": "s-%d" % records, "email": "person%d@acmecorp.com" % records, "bio": bio,
                               "tags": ["staff", "team-%d" % (records % 17)]}, separators=(",", ":")) + "\n"
            out.write(line)
            written += len(line)
            records += 1
    print("%d bytes, %d records, %d undeclared addresses" % (written, records, undeclared))


if __name__ == "__main__":
    main()
