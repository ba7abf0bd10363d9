#!/usr/bin/env python3
"""Which processes used the machine's CPU during a window, grouped by what they are.

  cpu-split.py OUT    samples /proc every 0.5 s until SIGTERM or SIGINT, then writes to OUT
                      (and prints) one line per group: CPU seconds and cores used over the window.

A process seen for the first time after the first sample counts from its start (its whole CPU time
is in the window); one that exits between two samples loses at most its last half second. Groups:
the gateway (quarkus-run.jar, its JIT and GC threads included), Keycloak, PostgreSQL, OPA, wrk,
the greedy clients, the demo upstream, Maven, the rest. Stdlib only.
"""
import os
import signal
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")
GROUPS = (  # (group, a substring of the command line), first match wins
    ("gateway", "quarkus-run.jar"),
    ("keycloak", "keycloak"),
    ("postgres", "postgres"),
    ("opa", "opa run"),
    ("wrk", "wrk "),
    ("greedy clients (greedy-clients.py)", "greedy-clients.py"),
    ("demo upstream (demo-upstream.py)", "demo-upstream.py"),
    ("other Python", "python"),
    ("nginx", "nginx"),
    ("Maven", "plexus-classworlds"),
)


def group_of(cmdline):
    for name, needle in GROUPS:
        if needle in cmdline:
            return name
    return "other"


def read(pid):
    try:
        with open("/proc/%s/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    # after the command: state is field 3, utime 14, stime 15 (1-based, man proc)
    return int(fields[11]) + int(fields[12]), cmdline


def main():
    out = sys.argv[1]
    me = os.getpid()
    first = {}  # pid -> ticks at first sight (0 for a process born in the window)
    last = {}
    names = {}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    started = time.monotonic()
    initial = True
    while not stop:
        for pid in os.listdir("/proc"):
            if not pid.isdigit() or int(pid) == me:
                continue
            seen = read(pid)
            if seen is None:
                continue
            ticks, cmdline = seen
            if pid not in first:
                first[pid] = ticks if initial else 0
                names[pid] = group_of(cmdline)
            last[pid] = ticks
        initial = False
        time.sleep(0.5)
    seconds = time.monotonic() - started
    used = {}
    for pid, ticks in last.items():
        used[names[pid]] = used.get(names[pid], 0) + (ticks - first[pid]) / TICK
    lines = ["window %.1f s; CPU seconds (cores) per group:" % seconds]
    for name, cpu in sorted(used.items(), key=lambda kv: -kv[1]):
        if cpu > 0:
            lines.append("  %-36s %7.1f s  (%.2f cores)" % (name, cpu, cpu / seconds))
    lines.append("  %-36s %7.1f s  (%.2f cores)" % ("all", sum(used.values()), sum(used.values()) / seconds))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
