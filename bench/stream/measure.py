#!/usr/bin/env python3
"""Times streamed chat completions event by event, straight to the upstream and through the
gateway, alternating the two so that both see the same machine load (bench/stream/relay-delay.sh).

    python3 bench/stream/measure.py --direct URL --gateway URL --token T --streams N --label L

For every stream: time to first event (request written -> first "data:" event complete) and,
per event, how long after the upstream wrote it the event was complete here ("lag": the upstream
stamps CLOCK_MONOTONIC into each event's system_fingerprint). Prints one summary line per path
and the gateway's added time (p50 against p50) for the first event and for the later ones. Also
per word of the answer ("word<i>", written by the upstream in its event i): how long after event i
was written the word reached the client ("word lag"); a relay that holds an open word until the
next event shows it here, not in the event lag.
A raw socket with TCP_NODELAY, reading whatever arrives: no client-side buffering in the way.
"""

import argparse
import json
import re
import socket
import statistics
import sys
import time
from urllib.parse import urlsplit

SENT = re.compile(rb'"system_fingerprint":"sent-([a-j]+)"')
LETTERS_AS_DIGITS = bytes.maketrans(b"abcdefghij", b"0123456789")
WORD = re.compile(rb'word(\d+)')
BODY = json.dumps({"model": "bench", "stream": True,
                   "messages": [{"role": "user", "content": "Tell me about release trains."}]}).encode()


CONNECTIONS = {}
KEEP_ALIVE = False
PURPOSE = ""


def connection(u):
    s = CONNECTIONS.pop(u.netloc, None) if KEEP_ALIVE else None
    if s is None:
        s = socket.create_connection((u.hostname, u.port), timeout=30)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def complete(buf):
    """Whether buf holds a whole response (chunked, or with Content-Length)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return False
    head = buf[:end].lower()
    if b"transfer-encoding: chunked" in head:
        return buf.endswith(b"\r\n0\r\n\r\n")
    m = re.search(rb"content-length: *(\d+)", head)
    return m is not None and len(buf) - end - 4 >= int(m.group(1))


def one_stream(url, token, model="bench", stream=True):
    u = urlsplit(url)
    body = BODY.replace(b'"bench"', b'"%s"' % model.encode())
    if not stream:
        body = body.replace(b'"stream": true', b'"stream": false')
    head = ("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
            "Content-Length: %d\r\nConnection: %s\r\n%s\r\n") % (
        u.path, u.netloc, len(body), "keep-alive" if KEEP_ALIVE else "close",
        (("Authorization: Bearer %s\r\n" % token) + ("X-Tiergate-Purpose: %s\r\n" % PURPOSE if PURPOSE else ""))
        if token else "")
    s = connection(u)
    t0 = time.monotonic_ns()
    s.sendall(head.encode() + body)
    buf = b""
    events = []  # (arrival_ns, sent_ns or None)
    words = {}  # word index -> arrival_ns of the event that brought it
    scanned = 0
    status = None
    while True:
        data = s.recv(65536)
        now = time.monotonic_ns()
        if not data:
            break
        buf += data
        if status is None and b"\r\n" in buf:
            status = int(buf.split(b" ", 2)[1])
        # every complete event ("data: ...\n\n") found since the last read arrived now
        while True:
            start = buf.find(b"data: ", scanned)
            if start < 0:
                break
            end = buf.find(b"\n\n", start)
            if end < 0:
                break
            m = SENT.search(buf, start, end)
            events.append((now, int(m.group(1).translate(LETTERS_AS_DIGITS)) if m else None))
            for w in WORD.finditer(buf, start, end):
                words.setdefault(int(w.group(1)), now)
            scanned = end + 2
        if complete(buf):
            events.append((now, None))
            break
    if KEEP_ALIVE:
        CONNECTIONS[u.netloc] = s
    else:
        s.close()
    if status != 200:
        raise SystemExit("%s answered %s: %s" % (url, status, buf[:300]))
    return t0, events, words


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def ms(ns):
    return ns / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--direct", required=True)
    ap.add_argument("--gateway", required=True)
    ap.add_argument("--token", default="")
    ap.add_argument("--streams", type=int, default=20)
    ap.add_argument("--label", default="")
    ap.add_argument("--warm-up", type=int, default=0, help="unmeasured fast streams through the gateway first")
    ap.add_argument("--keep-alive", action="store_true", help="one persistent connection per path, as SDK clients keep")
    ap.add_argument("--purpose", default="", help="X-Tiergate-Purpose sent to the gateway (a grant's purpose)")
    args = ap.parse_args()
    global KEEP_ALIVE, PURPOSE
    KEEP_ALIVE = args.keep_alive
    PURPOSE = args.purpose
    for _ in range(args.warm_up):
        one_stream(args.gateway, args.token, "warm-up")
    stats = {p: {"ttft": [], "first": [], "later": [], "word_first": [], "word_later": []} for p in ("direct", "gateway")}
    for i in range(args.streams):
        order = ("gateway", "direct") if i % 2 else ("direct", "gateway")
        for path in order:
            t0, events, words = one_stream(args.direct if path == "direct" else args.gateway,
                                           args.token if path == "gateway" else "")
            stamped = [(a, s) for a, s in events if s is not None]
            event_count = len(stamped)
            st = stats[path]
            st["ttft"].append(events[0][0] - t0)
            st["first"].append(stamped[0][0] - stamped[0][1])
            st["later"].extend(a - s for a, s in stamped[1:])
            if len(words) != event_count:
                raise SystemExit("%s: %d words for %d events" % (path, len(words), event_count))
            # word i was written in upstream event i, whose stamp the i-th event here carries
            st["word_first"].append(words[0] - stamped[0][1])
            st["word_later"].extend(words[i] - stamped[i][1] for i in range(1, event_count))
    plain = {"direct": [], "gateway": []}
    for i in range(args.streams):
        for path in (("gateway", "direct") if i % 2 else ("direct", "gateway")):
            t0, events, _ = one_stream(args.direct if path == "direct" else args.gateway,
                                       args.token if path == "gateway" else "", stream=False)
            plain[path].append(events[-1][0] - t0)
    print("%s: %d streams per path, %d events each" % (args.label, args.streams, event_count))
    print("  %-8s %-22s %-22s %-22s" % ("path", "first event after req", "first event lag", "later events lag"))
    for path in ("direct", "gateway"):
        st = stats[path]
        print("  %-8s p50 %6.2f p90 %6.2f ms  p50 %6.2f p90 %6.2f ms  p50 %6.2f p90 %6.2f ms" % (
            path, ms(pct(st["ttft"], 50)), ms(pct(st["ttft"], 90)), ms(pct(st["first"], 50)),
            ms(pct(st["first"], 90)), ms(pct(st["later"], 50)), ms(pct(st["later"], 90))))
    print("  %-8s %-22s %-22s" % ("", "first word lag", "later words lag"))
    for path in ("direct", "gateway"):
        st = stats[path]
        print("  %-8s p50 %6.2f p90 %6.2f ms  p50 %6.2f p90 %6.2f ms" % (
            path, ms(pct(st["word_first"], 50)), ms(pct(st["word_first"], 90)), ms(pct(st["word_later"], 50)),
            ms(pct(st["word_later"], 90))))
    d, g = stats["direct"], stats["gateway"]
    print("  added by the gateway (p50 - p50): first event %.2f ms after the request, %.2f ms behind the upstream;"
          " later events %.2f ms behind the upstream" % (
              ms(pct(g["ttft"], 50) - pct(d["ttft"], 50)), ms(pct(g["first"], 50) - pct(d["first"], 50)),
              ms(pct(g["later"], 50) - pct(d["later"], 50))))
    print("  added by the gateway to each word (p50 - p50): first word %.2f ms, later words %.2f ms" % (
        ms(pct(g["word_first"], 50) - pct(d["word_first"], 50)), ms(pct(g["word_later"], 50) - pct(d["word_later"], 50))))
    print("  non-streamed call, request to complete answer: direct p50 %.2f ms, gateway p50 %.2f ms (added %.2f ms)" % (
        ms(pct(plain["direct"], 50)), ms(pct(plain["gateway"], 50)), ms(pct(plain["gateway"], 50) - pct(plain["direct"], 50))))
    if args.label.startswith("fresh"):
        print("  gateway, stream by stream (first event after request, ms): %s" % " ".join(
            "%.1f" % ms(v) for v in g["ttft"]))


if __name__ == "__main__":
    main()
