#!/usr/bin/env python3
"""Greedy and slow clients against the gateway, for bench/load/fault-suite.sh's greedy scenario.

  greedy-clients.py HOST PORT MGMT_PORT SECONDS TOKEN
TOKEN is the greedy caller's (not the measured callers'). For SECONDS, at once:
  * slow readers: 50 streamed chat completions whose answer is read one byte a second;
  * slowloris headers: 100 connections sending a request's headers one byte a second, never ending them;
  * slow bodies: 50 POSTs that announce 64 KiB and send one byte a second;
  * idle keep-alives: 2000 connections that make one cheap request (unauthenticated: a 401) and then sit idle.
Prints one line per kind: how many connections the gateway closed before the end, and after how long
(median), and for slow readers how many bytes arrived; and the gateway's liveness (/q/health/live on the
management port, MGMT_PORT) before, during and after. Stdlib asyncio only; stops by itself.
"""
import asyncio
import statistics
import sys
import time

HOST, PORT, MGMT_PORT, SECONDS, TOKEN = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
BODY = ('{"model":"demo-model","stream":true,"messages":[{"role":"user","content":'
        '"Summarise the release checklist for the mobile app in three bullets."}]}')


def chat_request(body, length=None, request_id="greedy"):
    return ("POST /llm/external-gpt/v1/chat/completions HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nX-Request-Id: %s\r\nContent-Length: %d\r\n\r\n" % (
                HOST, TOKEN, request_id, len(body) if length is None else length)).encode() + body.encode()


class Tally:
    def __init__(self, name):
        self.name, self.opened, self.closed_after, self.bytes, self.failed = name, 0, [], 0, 0

    def line(self):
        median = "%.1fs" % statistics.median(self.closed_after) if self.closed_after else "-"
        extra = " bytes_read=%d" % self.bytes if self.name == "slow-readers" else ""
        return "%s: opened=%d connect_failed=%d closed_by_gateway=%d median_time_to_close=%s%s" % (
            self.name, self.opened, self.failed, len(self.closed_after), median, extra)


async def connect(tally):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, PORT), 10)
        tally.opened += 1
        return reader, writer
    except (OSError, asyncio.TimeoutError):
        tally.failed += 1
        return None, None


async def until_closed(tally, reader, started, deadline, read_size=1, pause=1.0):
    while time.monotonic() < deadline:
        try:
            data = await asyncio.wait_for(reader.read(read_size), max(0.1, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            return False
        except OSError:
            data = b""
        if not data:
            tally.closed_after.append(time.monotonic() - started)
            return True
        tally.bytes += len(data)
        if pause:
            await asyncio.sleep(pause)
    return False


async def slow_reader(tally, i, deadline):
    reader, writer = await connect(tally)
    if not reader:
        return
    started = time.monotonic()
    writer.write(chat_request(BODY, request_id="greedy-slow-reader-%d" % i))
    await writer.drain()
    await until_closed(tally, reader, started, deadline)
    writer.close()


async def trickle(tally, writer, reader, data, started, deadline):
    for b in data:
        if time.monotonic() >= deadline:
            return
        try:
            writer.write(bytes([b]))
            await writer.drain()
        except OSError:
            tally.closed_after.append(time.monotonic() - started)
            return
        # a closed connection shows up as EOF on the reading side
        try:
            got = await asyncio.wait_for(reader.read(4096), 1.0)
            if not got:
                tally.closed_after.append(time.monotonic() - started)
                return
        except asyncio.TimeoutError:
            pass
        except OSError:
            tally.closed_after.append(time.monotonic() - started)
            return


async def slowloris(tally, deadline):
    reader, writer = await connect(tally)
    if not reader:
        return
    headers = ("GET /api/access-requests HTTP/1.1\r\nHost: %s\r\n" % HOST + "X-Padding: " + "a" * 4000).encode()
    await trickle(tally, writer, reader, headers, time.monotonic(), deadline)
    writer.close()


async def slow_body(tally, deadline):
    reader, writer = await connect(tally)
    if not reader:
        return
    head = chat_request("", length=65536)
    writer.write(head)
    await writer.drain()
    await trickle(tally, writer, reader, b'{"model":"demo-model"' + b" " * 65000, time.monotonic(), deadline)
    writer.close()


async def idle(tally, deadline):
    reader, writer = await connect(tally)
    if not reader:
        return
    started = time.monotonic()
    writer.write(("GET /api/access-requests HTTP/1.1\r\nHost: %s\r\n\r\n" % HOST).encode())
    await writer.drain()
    try:
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        await until_closed(tally, reader, started, deadline, read_size=65536, pause=0)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
        tally.failed += 1
    writer.close()


async def live():
    """The liveness probe's status on the management port (000 when it does not answer within 5 s)."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, MGMT_PORT), 5)
        writer.write(("GET /q/health/live HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % HOST).encode())
        await writer.drain()
        status = (await asyncio.wait_for(reader.readline(), 5)).split()
        writer.close()
        return status[1].decode() if len(status) > 1 else "000"
    except (OSError, asyncio.TimeoutError):
        return "000"


async def probes(deadline, seen):
    seen.append(await live())
    await asyncio.sleep(max(0, (deadline - time.monotonic()) / 2))
    seen.append(await live())


async def main():
    deadline = time.monotonic() + SECONDS
    kinds = {k: Tally(k) for k in ("slow-readers", "slowloris-headers", "slow-bodies", "idle-keepalives")}
    tasks = [slow_reader(kinds["slow-readers"], i, deadline) for i in range(50)]
    tasks += [slowloris(kinds["slowloris-headers"], deadline) for _ in range(100)]
    tasks += [slow_body(kinds["slow-bodies"], deadline) for _ in range(50)]
    tasks += [idle(kinds["idle-keepalives"], deadline) for _ in range(2000)]
    liveness = []
    tasks.append(probes(deadline, liveness))
    await asyncio.gather(*tasks, return_exceptions=True)
    liveness.append(await live())
    for t in kinds.values():
        print(t.line())
    print("liveness (before, during, after): %s" % ",".join(liveness))


asyncio.run(main())
