"""Where the gateway's CPU goes, from a JFR recording's execution samples: the share of samples
whose stack passes through each part of the request path (inclusive, so the rows overlap), and the
hottest Tiergate methods, inclusive.

    python3 bench/compare/jfr-breakdown.py RECORDING.jfr [JFR_TOOL]
"""
import collections
import json
import subprocess
import sys

PARTS = [
    ("policy engine (Chicory Wasm)", ("com.dylibso.chicory",)),
    ("policy engine (remote OPA client)", ("io.tiergate.policy.remote",)),
    ("token verification (jose4j, smallrye-jwt, Quarkus OIDC)", ("org.jose4j", "io.smallrye.jwt", "io.quarkus.oidc")),
    ("classification (io.tiergate.classify)", ("io.tiergate.classify",)),
    ("request document walk (io.tiergate.proxy.scan)", ("io.tiergate.proxy.scan",)),
    ("Jackson", ("com.fasterxml.jackson",)),
    ("audit (io.tiergate.audit)", ("io.tiergate.audit",)),
    ("PostgreSQL driver", ("org.postgresql",)),
    ("connection pool / transactions (Agroal, Narayana)", ("io.agroal", "com.arjuna", "io.quarkus.narayana")),
    ("Hibernate", ("org.hibernate",)),
    ("HTTP server and client (Vert.x, Netty)", ("io.vertx", "io.netty")),
    ("JIT / GC / VM (no Java frame)", ()),
]


def main():
    recording = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else "jfr"
    out = subprocess.run([tool, "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    total = len(events)
    parts = collections.Counter()
    methods = collections.Counter()
    for event in events:
        frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
        names = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in frames]
        if not names:
            parts["JIT / GC / VM (no Java frame)"] += 1
        for label, prefixes in PARTS:
            if prefixes and any(n.startswith(prefixes) for n in names):
                parts[label] += 1
        for n in set(names):
            if n.startswith("io.tiergate."):
                methods[n] += 1
    print(f"{total} execution samples in {recording}")
    print()
    print("| part of the request path | share of samples (inclusive) |")
    print("| --- | --- |")
    for label, _ in PARTS:
        print(f"| {label} | {100 * parts[label] / max(total, 1):.1f} % |")
    print()
    print("Hottest Tiergate methods (inclusive):")
    for name, count in methods.most_common(25):
        print(f"  {100 * count / max(total, 1):5.1f} %  {name}")


if __name__ == "__main__":
    main()
