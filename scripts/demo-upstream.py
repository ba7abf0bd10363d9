#!/usr/bin/env python3
"""Tiergate's demo upstream: a stand-in for an LLM vendor and a dataset service.

    python3 scripts/demo-upstream.py --port 8090 [--stream-delay-ms 50] [--api-key KEY] [--request-log FILE]

Standard library only. Listens on 127.0.0.1.

LLM (OpenAI Chat Completions compatible), under /openai/v1:
  POST /openai/v1/chat/completions   non-streaming, or "stream": true for Server-Sent Events
                                     (chat.completion.chunk events, then "data: [DONE]");
                                     honours stream_options.include_usage
  POST /openai/v1/completions        legacy completions ("stream": true streams text_completion events)
  POST /openai/v1/responses          Responses API ("stream": true streams named response.* events)
  POST /openai/v1/embeddings         8-dimensional demo vectors, one per input
  GET  /openai/v1/models             lists demo-model and demo-model-detailed
  Two "models" answer differently, so that an evaluation report of two variants shows a difference:
  demo-model answers in one short sentence (any other model name answers like it);
  demo-model-detailed answers at length, in three numbered points, a few hundred milliseconds later.
  GET  /openai/v1/models/<id>
  With --api-key, these require "Authorization: Bearer <key>" (401 otherwise), so a test can
  check that the gateway swaps the caller's token for the upstream credential.

Datasets (JSON):
  GET /datasets                                  the datasets
  GET /datasets/dev-handbook/records[/<id>]      Tier 1: internal developer docs
  GET /datasets/customer-tickets/records[/<id>]  Tier 2: support tickets with synthetic
                                                 customer data (example.com addresses, fake
                                                 phones, documentation/test IBAN and card numbers)
  ?limit=N&offset=M on .../records

Other:
  GET /health                        200 {"status": "UP"}
  GET /_demo/requests                the last 50 requests as received (method, path, headers,
                                     body), newest last: lets an end-to-end test check what the
                                     gateway forwarded (e.g. that a prompt was redacted)
  DELETE /_demo/requests             clears that list

With --request-log, the X-Request-Id of every request (but /health and /_demo/*) is appended to
FILE, one a line, before it is answered: a load run compares it with the audit log (no request
reached the upstream without its allowed decision event).

One log line per request on stderr. SIGTERM/SIGINT stop the server cleanly.
"""

import argparse
import collections
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MODEL_ID = "demo-model"
DETAILED_MODEL_ID = "demo-model-detailed"
MODEL_IDS = (MODEL_ID, DETAILED_MODEL_ID)
DETAILED_DELAY_S = 0.3
MAX_BODY = 8 * 1024 * 1024
STARTED = int(time.time())

DATASETS = {
    "dev-handbook": {
        "description": "Internal developer handbook (Tier 1: shareable with developers)",
        "records": [
            {
                "id": "dh-001",
                "title": "Getting started with the monorepo",
                "owner": "platform-team",
                "updated": "2026-09-14",
                "body": "Clone the repository, run ./scripts/bootstrap.sh and open the project "
                        "in your IDE. CI runs on every push to a branch.",
                "tags": ["onboarding", "build"],
            },
            {
                "id": "dh-002",
                "title": "Code review guidelines",
                "owner": "engineering-excellence",
                "updated": "2026-08-02",
                "body": "Every change needs one approving review. Keep pull requests under 400 "
                        "lines; describe the why, not only the what.",
                "tags": ["process", "review"],
            },
            {
                "id": "dh-003",
                "title": "On-call handbook",
                "owner": "sre",
                "updated": "2026-10-21",
                "body": "Acknowledge pages within 5 minutes. Escalate to the incident commander "
                        "after 30 minutes without mitigation.",
                "tags": ["operations", "on-call"],
            },
            {
                "id": "dh-004",
                "title": "Using the LLM gateway",
                "owner": "ml-platform",
                "updated": "2026-11-03",
                "body": "Call models through Tiergate with your bearer token and an "
                        "X-Tiergate-Purpose header. Customer data needs an approved grant.",
                "tags": ["llm", "privacy"],
            },
        ],
    },
    "customer-tickets": {
        "description": "Customer support tickets (Tier 2: customer personal data). "
                       "All people, addresses and numbers here are synthetic.",
        "records": [
            {
                "id": "ct-1001",
                "created": "2026-10-30T09:12:44Z",
                "status": "open",
                "priority": "high",
                "customer": {
                    "id": "CUST-000417",
                    "name": "Maria Synthetic",
                    "email": "maria.synthetic@example.com",
                    "phone": "+1 202-555-0143",
                },
                "subject": "Charged twice for my subscription",
                "body": "Hello, my card 4111 1111 1111 1111 was charged twice this month. "
                        "Please refund to the same card or call me at +1 202-555-0143.",
            },
            {
                "id": "ct-1002",
                "created": "2026-10-31T15:03:10Z",
                "status": "pending",
                "priority": "normal",
                "customer": {
                    "id": "CUST-000982",
                    "name": "Jonas Placeholder",
                    "email": "jonas.placeholder@example.com",
                    "phone": "+49 30 901820",
                },
                "subject": "Direct debit bank details",
                "body": "Please switch my direct debit to IBAN DE89 3704 0044 0532 0130 00. "
                        "My address is Musterstrasse 1, 10115 Berlin.",
            },
            {
                "id": "ct-1003",
                "created": "2026-11-02T11:47:59Z",
                "status": "closed",
                "priority": "low",
                "customer": {
                    "id": "CUST-001203",
                    "name": "Aiko Fictional",
                    "email": "aiko.fictional@example.net",
                    "phone": "+44 20 7946 0958",
                },
                "subject": "Cannot log in after password reset",
                "body": "After resetting my password I get error 403. My username is "
                        "aiko.fictional and I log in from 203.0.113.42.",
            },
            {
                "id": "ct-1004",
                "created": "2026-11-05T08:20:31Z",
                "status": "open",
                "priority": "urgent",
                "customer": {
                    "id": "CUST-000051",
                    "name": "Pat Example",
                    "email": "pat.example@example.org",
                    "phone": "+1 415-555-0199",
                },
                "subject": "API key leaked in a support chat",
                "body": "I pasted our config by mistake: api_key=sk-demo-0000000000000000000000 "
                        "and the build fails in src/main/java/com/example/billing/Invoice.java.",
            },
        ],
    },
}


def now_ts():
    return int(time.time())


def parse_request(body):
    try:
        req = json.loads(body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError) as e:
        raise DemoError(400, "We could not parse the JSON body of your request. (%s)" % e)
    if not isinstance(req, dict) or not isinstance(req.get("model"), str):
        raise DemoError(400, "The request body must be a JSON object with a model.")
    return req


def detailed_answer(model, messages, preview):
    """The demo-model-detailed answer: longer, in numbered points, naming a system prompt if one came."""
    system = next((message_text(m) for m in messages if m.get("role") == "system"), None)
    points = [
        "1. What you asked: \"%s\"." % preview,
        "2. What to weigh: the risk, the effort, and who must agree before anything changes.",
        "3. What to do next: write the decision down, with its owner and a date to review it.",
    ]
    head = "This is %s, the detailed Tiergate demo model, answering in three points%s." % (
        model, " (as instructed: \"%s\")" % system[:60] if system else "")
    return head + "\n" + "\n".join(points)


def approx_tokens(text):
    """A rough token count (about 4 characters per token), at least 1 for non-empty text."""
    return max(1, (len(text) + 3) // 4) if text else 0


def message_text(message):
    """The text of a chat message whose content is a string or a list of content parts."""
    content = message.get("content") if isinstance(message, dict) else None
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            part.get("text", "") for part in content
            if isinstance(part, dict) and part.get("type") in ("text", "input_text")
        )
    return ""


class DemoError(Exception):
    def __init__(self, status, message, err_type="invalid_request_error", param=None, code=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.err_type = err_type
        self.param = param
        self.code = code

    def body(self):
        return {"error": {"message": self.message, "type": self.err_type,
                          "param": self.param, "code": self.code}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TiergateDemoUpstream/1.0"

    # --- plumbing ---------------------------------------------------------------------

    def setup(self):
        super().setup()
        # Small SSE writes must leave at once, not wait for Nagle's algorithm (~40-50 ms).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # silence the default access log; see log_request_done
        pass

    def log_request_done(self, status, extra=""):
        elapsed = (time.monotonic() - self._t0) * 1000
        sys.stderr.write("%s demo-upstream %s \"%s %s\" %s %.0fms%s\n" % (
            time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()), self.client_address[0],
            self.command, self.path, status, elapsed, extra))
        sys.stderr.flush()

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                if not line:
                    break
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                total += size
                if total > MAX_BODY:
                    raise DemoError(413, "request body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)  # CRLF after the chunk
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise DemoError(413, "request body too large")
        return self.rfile.read(length) if length > 0 else b""

    def send_json(self, status, obj, headers=None):
        data = json.dumps(obj, indent=None).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.log_request_done(status)

    def write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def record(self, body):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode("latin-1")
        entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                 "method": self.command, "path": self.path,
                 "headers": {k: v for k, v in self.headers.items()}, "body": text}
        with self.server.lock:
            self.server.requests.append(entry)

    def dispatch(self):
        self._t0 = time.monotonic()
        try:
            body = self.read_body() if self.command in ("POST", "PUT", "PATCH") else b""
            path = urlsplit(self.path).path
            if not path.startswith("/_demo/") and path != "/health":
                self.record(body)
                if self.server.request_log is not None:
                    os.write(self.server.request_log, (self.headers.get("X-Request-Id", "-") + "\n").encode("ascii", "replace"))
            self.route(path, body)
        except DemoError as e:
            if e.status == 413:
                self.close_connection = True  # the rest of the body was not read
            self.send_json(e.status, e.body())
        except (BrokenPipeError, ConnectionResetError):
            self.log_request_done("-", " client went away")
            self.close_connection = True
        except Exception as e:  # a bug here should still answer properly
            self.send_json(500, {"error": {"message": "demo upstream failed: %s" % e,
                                           "type": "server_error", "param": None, "code": None}})

    do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = do_HEAD = dispatch

    # --- routing ----------------------------------------------------------------------

    def route(self, path, body):
        method = self.command
        if path == "/health" and method in ("GET", "HEAD"):
            return self.send_json(200, {"status": "UP"})
        if path == "/_demo/requests":
            if method == "GET":
                with self.server.lock:
                    return self.send_json(200, {"requests": list(self.server.requests)})
            if method == "DELETE":
                with self.server.lock:
                    self.server.requests.clear()
                return self.send_json(200, {"cleared": True})
        if path.startswith("/openai/"):
            return self.route_openai(path, body)
        if path == "/datasets" or path.startswith("/datasets/"):
            if method not in ("GET", "HEAD"):
                raise DemoError(405, "datasets are read-only", "method_not_allowed")
            return self.route_datasets(path)
        raise DemoError(404, "no such resource: %s" % path, "not_found")

    def check_api_key(self):
        key = self.server.api_key
        if not key:
            return
        auth = self.headers.get("Authorization", "")
        if auth != "Bearer " + key:
            raise DemoError(401, "Incorrect API key provided.", "invalid_request_error",
                            code="invalid_api_key")

    def route_openai(self, path, body):
        self.check_api_key()
        method = self.command
        if path == "/openai/v1/models" and method == "GET":
            return self.send_json(200, {"object": "list", "data": [self.model_object(m) for m in MODEL_IDS]})
        m = re.fullmatch(r"/openai/v1/models/([^/]+)", path)
        if m and method == "GET":
            if m.group(1) not in MODEL_IDS:
                raise DemoError(404, "The model '%s' does not exist" % m.group(1),
                                code="model_not_found")
            return self.send_json(200, self.model_object(m.group(1)))
        if path == "/openai/v1/chat/completions":
            if method != "POST":
                raise DemoError(405, "use POST", "invalid_request_error")
            return self.chat_completions(body)
        others = {"/openai/v1/completions": self.completions, "/openai/v1/responses": self.responses_api,
                  "/openai/v1/embeddings": self.embeddings}
        if path in others:
            if method != "POST":
                raise DemoError(405, "use POST", "invalid_request_error")
            return others[path](parse_request(body))
        raise DemoError(404, "Invalid URL (%s %s)" % (method, path), "invalid_request_error")

    @staticmethod
    def model_object(model_id=MODEL_ID):
        return {"id": model_id, "object": "model", "created": STARTED, "owned_by": "tiergate-demo"}

    # --- chat completions -------------------------------------------------------------

    def chat_completions(self, body):
        try:
            req = json.loads(body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as e:
            raise DemoError(400, "We could not parse the JSON body of your request. (%s)" % e)
        if not isinstance(req, dict):
            raise DemoError(400, "The request body must be a JSON object.")
        model = req.get("model")
        if not isinstance(model, str) or not model:
            raise DemoError(400, "you must provide a model parameter", param="model")
        messages = req.get("messages")
        if not isinstance(messages, list) or not messages:
            raise DemoError(400, "'messages' must be a non-empty array", param="messages")
        if not all(isinstance(m, dict) and isinstance(m.get("role"), str) for m in messages):
            raise DemoError(400, "every message needs a 'role'", param="messages")

        last_user = next((message_text(m) for m in reversed(messages) if m.get("role") == "user"), "")
        words = last_user.split()
        preview = " ".join(words[:8]) + (" ..." if len(words) > 8 else "")
        content = ("This is %s, the Tiergate demo model. You sent %d message%s; your last "
                   "message begins: \"%s\"" % (model, len(messages), "" if len(messages) == 1 else "s",
                                              preview))
        if model == DETAILED_MODEL_ID:
            content = detailed_answer(model, messages, preview)
            time.sleep(DETAILED_DELAY_S)
        prompt_tokens = sum(approx_tokens(message_text(m)) + 4 for m in messages)
        completion_tokens = approx_tokens(content)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        cid = "chatcmpl-demo-" + uuid.uuid4().hex[:24]
        created = now_ts()

        if req.get("stream") is True:
            opts = req.get("stream_options") or {}
            include_usage = isinstance(opts, dict) and opts.get("include_usage") is True
            return self.stream_completion(cid, created, model, content, usage, include_usage)

        return self.send_json(200, {
            "id": cid,
            "object": "chat.completion",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_tiergate_demo",
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }],
            "usage": usage,
        })

    def stream_completion(self, cid, created, model, content, usage, include_usage):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("X-Accel-Buffering", "no")
        self.end_headers()

        def chunk(delta, finish_reason=None):
            obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
                   "system_fingerprint": "fp_tiergate_demo",
                   "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                "finish_reason": finish_reason}]}
            if include_usage:
                obj["usage"] = None
            return obj

        # Pieces of a few words each, so that several events flow.
        pieces = re.findall(r"\S+\s*", content)
        pieces = ["".join(pieces[i:i + 3]) for i in range(0, len(pieces), 3)]
        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": p}) for p in pieces]
        events.append(chunk({}, "stop"))
        if include_usage:
            events.append({"id": cid, "object": "chat.completion.chunk", "created": created,
                           "model": model, "system_fingerprint": "fp_tiergate_demo",
                           "choices": [], "usage": usage})
        delay = self.server.stream_delay
        for i, ev in enumerate(events):
            if i and delay:
                time.sleep(delay)
            self.write_chunk(b"data: " + json.dumps(ev, separators=(",", ":")).encode("utf-8") + b"\n\n")
        if delay:
            time.sleep(delay)
        self.write_chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.log_request_done(200, " stream events=%d" % (len(events) + 1))

    # --- legacy completions, responses, embeddings ----------------------------------------

    def completions(self, req):
        prompt = req.get("prompt")
        text = prompt if isinstance(prompt, str) else " ".join(p for p in (prompt or []) if isinstance(p, str))
        content = "This is %s, the Tiergate demo model, completing: \"%s\"" % (req.get("model"), text[:60])
        if req.get("stream") is True:
            events = [{"id": "cmpl-demo", "object": "text_completion", "created": now_ts(), "model": req.get("model"),
                       "choices": [{"index": 0, "text": piece, "logprobs": None, "finish_reason": None}]}
                      for piece in re.findall(r"\S+\s*", content)]
            events[-1]["choices"][0]["finish_reason"] = "stop"
            return self.stream_events(events, done=True)
        return self.send_json(200, {"id": "cmpl-demo-" + uuid.uuid4().hex[:24], "object": "text_completion",
                                    "created": now_ts(), "model": req.get("model"),
                                    "choices": [{"index": 0, "text": content, "logprobs": None, "finish_reason": "stop"}],
                                    "usage": {"prompt_tokens": approx_tokens(text), "completion_tokens": approx_tokens(content),
                                              "total_tokens": approx_tokens(text) + approx_tokens(content)}})

    def responses_api(self, req):  # not "responses": BaseHTTPRequestHandler.responses is its status table
        content = "This is %s, the Tiergate demo model, answering through the Responses API." % req.get("model")
        rid = "resp_demo" + uuid.uuid4().hex[:24]
        message = {"id": "msg_demo", "type": "message", "status": "completed", "role": "assistant",
                   "content": [{"type": "output_text", "text": content, "annotations": []}]}
        response = {"id": rid, "object": "response", "created_at": now_ts(), "status": "completed",
                    "model": req.get("model"), "output": [message], "parallel_tool_calls": True,
                    "tool_choice": "auto", "tools": [],
                    "usage": {"input_tokens": 5, "output_tokens": approx_tokens(content), "total_tokens": 5 + approx_tokens(content),
                              "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}}}
        if req.get("stream") is True:
            events = [{"type": "response.created", "sequence_number": 0, "response": dict(response, status="in_progress", output=[])}]
            for i, piece in enumerate(re.findall(r"\S+\s*", content)):
                events.append({"type": "response.output_text.delta", "sequence_number": i + 1, "item_id": "msg_demo",
                               "output_index": 0, "content_index": 0, "delta": piece, "logprobs": []})
            events.append({"type": "response.completed", "sequence_number": len(events), "response": response})
            return self.stream_events(events, done=False, named=True)
        return self.send_json(200, response)

    def embeddings(self, req):
        inputs = req.get("input")
        inputs = [inputs] if isinstance(inputs, str) else list(inputs or [])
        data = [{"object": "embedding", "index": i,
                 "embedding": [round(((hash(str(text)) >> (8 * k)) % 1000) / 1000.0, 3) for k in range(8)]}
                for i, text in enumerate(inputs)]
        return self.send_json(200, {"object": "list", "data": data, "model": req.get("model"),
                                    "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)}})

    def stream_events(self, events, done, named=False):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for ev in events:
            head = ("event: %s\n" % ev["type"]).encode("utf-8") if named else b""
            self.write_chunk(head + b"data: " + json.dumps(ev, separators=(",", ":")).encode("utf-8") + b"\n\n")
        if done:
            self.write_chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
        self.log_request_done(200, " stream events=%d" % len(events))

    # --- datasets ---------------------------------------------------------------------

    def route_datasets(self, path):
        parts = [p for p in path.split("/") if p][1:]  # drop "datasets"
        if not parts:
            return self.send_json(200, {"datasets": [
                {"name": name, "description": ds["description"], "records": len(ds["records"])}
                for name, ds in DATASETS.items()]})
        name = parts[0]
        ds = DATASETS.get(name)
        if ds is None:
            raise DemoError(404, "unknown dataset '%s'" % name, "not_found")
        if len(parts) == 1:
            return self.send_json(200, {"dataset": name, "description": ds["description"],
                                        "records": len(ds["records"])})
        if parts[1] != "records" or len(parts) > 3:
            raise DemoError(404, "no such resource in dataset '%s': /%s" % (name, "/".join(parts[1:])),
                            "not_found")
        if len(parts) == 3:
            rec = next((r for r in ds["records"] if r["id"] == parts[2]), None)
            if rec is None:
                raise DemoError(404, "no record '%s' in dataset '%s'" % (parts[2], name), "not_found")
            return self.send_json(200, rec)
        query = parse_qs(urlsplit(self.path).query)
        try:
            offset = max(0, int(query.get("offset", ["0"])[0]))
            limit = max(0, int(query.get("limit", [str(len(ds["records"]))])[0]))
        except ValueError:
            raise DemoError(400, "limit and offset must be integers")
        records = ds["records"][offset:offset + limit]
        return self.send_json(200, {"dataset": name, "total": len(ds["records"]),
                                    "offset": offset, "records": records})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default accept backlog is 5: under a burst of new connections (a gateway's pool
    # filling at the start of a load) the kernel drops the others' SYNs and each retries a second
    # later, which a vendor's endpoint would not do
    request_queue_size = 1024

    def __init__(self, addr, stream_delay, api_key, request_log=None):
        super().__init__(addr, Handler)
        self.request_log = None if request_log is None else os.open(
            request_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.stream_delay = stream_delay
        self.api_key = api_key
        self.lock = threading.Lock()
        self.requests = collections.deque(maxlen=50)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8090)
    ap.add_argument("--stream-delay-ms", type=int, default=50,
                    help="pause between streamed events (default 50)")
    ap.add_argument("--api-key", default=None,
                    help="require 'Authorization: Bearer KEY' on /openai/* (default: not required)")
    ap.add_argument("--request-log", default=None,
                    help="append each request's X-Request-Id to this file (default: none)")
    args = ap.parse_args()

    server = Server((args.host, args.port), max(0, args.stream_delay_ms) / 1000.0, args.api_key, args.request_log)
    stop = threading.Event()

    def on_signal(signum, _frame):
        sys.stderr.write("demo-upstream: %s, shutting down\n" % signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    sys.stderr.write("demo-upstream: listening on http://%s:%d (stream delay %d ms%s)\n" % (
        args.host, args.port, args.stream_delay_ms, ", API key required" if args.api_key else ""))
    sys.stderr.flush()
    while not stop.wait(1.0):
        pass
    server.shutdown()
    server.server_close()
    sys.stderr.write("demo-upstream: stopped\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
