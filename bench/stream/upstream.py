#!/usr/bin/env python3
"""A streaming chat upstream for the relay-delay benchmark (bench/stream/relay-delay.sh).

    python3 bench/stream/upstream.py --port 8091 [--events 12] [--interval-ms 50]

POST /v1/chat/completions answers with Server-Sent Events in OpenAI's chunk shape: one event
right after the response head, then one every --interval-ms, then "data: [DONE]". Each event
carries the moment it was written (CLOCK_MONOTONIC, nanoseconds, the same clock for every process
on the machine) in its "system_fingerprint" ("sent-<ns>", its digits written as the letters a-j: a
run of digits could be classified as a phone number or an id and redacted for a caller without grant),
so the client can tell how far behind
the upstream each event reached it. A request whose "model" is "warm-up" gets its events without
pauses; one without "stream": true gets a plain JSON answer. The deltas are shaped like a model's
tokens ("word0", " word1", " word2", ...): every event ends inside a word, the case a stream that
holds open words (an e-mail's possible local part, for callers whose addresses are redacted) delays. Every write goes out at once (TCP_NODELAY, one send per event). Standard library only.
"""

import argparse
import json
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def stamp():
    """The monotonic clock now, as "sent-" and its digits written as letters (0 -> a, ..., 9 -> j)."""
    return "sent-" + str(time.monotonic_ns()).translate(DIGITS_AS_LETTERS)


DIGITS_AS_LETTERS = str.maketrans("0123456789", "abcdefghij")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        body = b'{"status":"UP"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        interval = 0 if request.get("model") == "warm-up" else self.server.interval
        if request.get("stream") is not True:
            body = json.dumps({"id": "chatcmpl-bench", "object": "chat.completion", "created": 0, "model": "bench",
                               "system_fingerprint": stamp(),
                               "choices": [{"index": 0, "message": {"role": "assistant", "content": "word"},
                                            "finish_reason": "stop"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()  # flushes the head
        for i in range(self.server.events):
            if i and interval:
                time.sleep(interval)
            chunk = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 0,
                     "model": "bench", "system_fingerprint": stamp(),
                     "choices": [{"index": 0, "delta": {"content": ("" if i == 0 else " ") + "word%d" % i},
                                  "finish_reason": None}]}
            self.send_chunk(b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n")
        self.send_chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")

    def send_chunk(self, data):
        # Chunk header, data and trailer in one send: one segment per event.
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8091)
    ap.add_argument("--events", type=int, default=12)
    ap.add_argument("--interval-ms", type=int, default=50)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.events = args.events
    server.interval = args.interval_ms / 1000.0
    sys.stderr.write("bench upstream on 127.0.0.1:%d, %d events, %d ms apart\n" % (args.port, args.events, args.interval_ms))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
