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
    compilations(recording, tool)


def compilations(recording, tool):
    """What the JIT compiled during the recording (jdk.Compilation events), by package: is it still warming up?"""
    out = subprocess.run([tool, "print", "--json", "--events", "jdk.Compilation", recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    if not events:
        return
    by_package = collections.defaultdict(lambda: [0, 0.0, 0])
    for event in events:
        values = event["values"]
        method = values.get("method") or {}
        owner = ((method.get("type") or {}).get("name") or "?").replace("/", ".")
        package = ".".join(owner.split(".")[:3])
        seconds = parse_duration(values.get("duration", "0 s"))
        row = by_package[package]
        row[0] += 1
        row[1] += seconds
        row[2] += int(values.get("codeSize") or 0)
    print()
    print(f"JIT compilations during the recording: {len(events)} (jdk.Compilation), by package:")
    for package, (count, seconds, size) in sorted(by_package.items(), key=lambda kv: -kv[1][1])[:12]:
        print(f"  {seconds * 1000:9.0f} ms  {count:5d} compilations  {size / 1024:8.0f} KiB code  {package}")


def parse_duration(text):
    if isinstance(text, (int, float)):
        return float(text)
    text = str(text)
    if text.startswith("PT"):  # ISO-8601, as jfr print --json writes durations
        seconds = 0.0
        number = ""
        for ch in text[2:]:
            if ch.isdigit() or ch == ".":
                number += ch
            else:
                seconds += float(number or 0) * {"H": 3600, "M": 60, "S": 1}.get(ch, 0)
                number = ""
        return seconds
    value, _, unit = text.partition(" ")
    return float(value) * {"s": 1, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}.get(unit, 1)


if __name__ == "__main__":
    main()
