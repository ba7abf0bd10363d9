#!/usr/bin/env python3
"""A dataset upstream for the large-payload benchmark (bench/payload/large-jsonl.sh).

    python3 bench/payload/upstream.py --port 8092 --file payload.jsonl

GET /data/records answers with the file as JSON lines (application/x-ndjson, with its
Content-Length), written in 64 KB pieces as fast as the reader takes them; GET /data/sample with
its first whole lines up to 256 KB (to warm a gateway up); GET /health answers 200. Standard library only.
"""

import argparse
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        if self.path == "/health":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = os.path.getsize(self.server.file)
        if self.path.endswith("/sample"):
            with open(self.server.file, "rb") as f:
                head = f.read(256 * 1024)
            size = head.rfind(b"\n") + 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        with open(self.server.file, "rb") as f:
            left = size
            while left > 0:
                piece = f.read(min(64 * 1024, left))
                left -= len(piece)
                if not piece:
                    break
                self.wfile.write(piece)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8092)
    ap.add_argument("--file", required=True)
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.file = args.file
    sys.stderr.write("dataset upstream on 127.0.0.1:%d serving %s\n" % (args.port, args.file))
    server.serve_forever()


if __name__ == "__main__":
    main()
