#!/usr/bin/python3
"""smtp_proxy: a TCP proxy on 127.0.0.1 between an SMTP client and a server,
for tests/smtp.test and bench/distance.

  smtp_proxy.py --to PORT [--delay-ms MS] [--add KW,...] [--drop KW,...]
                [--stats FILE] [--log FILE]

It prints "ready PORT" (the port it listens on) and serves until SIGTERM.

--delay-ms MS  hold every chunk MS milliseconds in each direction (half the
               round trip each way: no netem on these machines), in order
--add KW,...   announce these extensions too in the server's EHLO reply
--drop KW,...  remove these extensions from it (a server's real behaviour
               with a different announcement: smtp-sink refuses commands
               only when it does not announce PIPELINING, say)
--stats FILE   JSON written after each connection closes and at exit:
               connections, and per connection "turns" (the client sent data
               after server data reached it: the round trips the client
               waited for), client chunks, bytes each way
--log FILE     the client's bytes, connection by connection (JSON lines,
               base64), to check what went on the wire

EHLO rewriting works on cleartext only (not after STARTTLS)."""

import argparse
import asyncio
import base64
import json
import os
import signal
import sys


class Stats:
    def __init__(self, path, log):
        self.path, self.log = path, log
        self.conns = []

    def new(self):
        c = {"turns": 0, "client_chunks": 0, "client_bytes": 0, "server_bytes": 0,
             "last": "server", "data": bytearray()}
        self.conns.append(c)
        return c

    def write(self):
        if self.path:
            doc = {"connections": len(self.conns),
                   "turns": [c["turns"] for c in self.conns],
                   "client_chunks": [c["client_chunks"] for c in self.conns],
                   "client_bytes": [c["client_bytes"] for c in self.conns],
                   "server_bytes": [c["server_bytes"] for c in self.conns]}
            tmp = self.path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(doc, f)
            os.replace(tmp, self.path)
        if self.log:
            tmp = self.log + ".tmp"
            with open(tmp, "w") as f:
                for c in self.conns:
                    f.write(json.dumps(base64.b64encode(bytes(c["data"])).decode()) + "\n")
            os.replace(tmp, self.log)


class EhloRewriter:
    """Edits the reply to EHLO in the server-to-client stream."""

    def __init__(self, add, drop):
        self.add = [k.upper() for k in add]
        self.drop = [k.upper() for k in drop]
        self.want = 0          # EHLO commands seen, replies not yet rewritten
        self.cbuf = b""        # client bytes not yet split into lines
        self.sbuf = b""        # server bytes held while a reply is read
        self.reply = []        # the lines of the EHLO reply so far
        self.active = bool(add or drop)

    def client(self, data):
        if not self.active:
            return
        self.cbuf += data
        while b"\n" in self.cbuf:
            line, self.cbuf = self.cbuf.split(b"\n", 1)
            if line[:5].upper() == b"EHLO ":
                self.want += 1
            elif line[:8].upper() == b"STARTTLS":
                self.active = False  # encrypted from here on
                return
        if len(self.cbuf) > 4096:
            self.cbuf = self.cbuf[-4096:]

    def server(self, data):
        if not self.want:
            return data
        self.sbuf += data
        out = b""
        while self.want and b"\n" in self.sbuf:
            line, self.sbuf = self.sbuf.split(b"\n", 1)
            self.reply.append(line.rstrip(b"\r"))
            if line[3:4] == b"-":
                continue
            out += self.rebuilt()
            self.reply = []
            self.want -= 1
        if not self.want:
            out += self.sbuf
            self.sbuf = b""
        return out

    def rebuilt(self):
        """The EHLO reply in self.reply with keywords dropped and added."""
        if self.reply[0][:3] != b"250":
            return b"".join(ln + b"\r\n" for ln in self.reply)
        lines = [self.reply[0][4:]]
        for ln in self.reply[1:]:
            word = ln[4:].split(b" ")[0].upper().decode("ascii", "replace")
            if word not in self.drop:
                lines.append(ln[4:])
        lines += [k.encode() for k in self.add]
        return b"".join(b"250" + (b" " if i == len(lines) - 1 else b"-") + ln + b"\r\n"
                        for i, ln in enumerate(lines))


async def pump(reader, writer, delay, on_data, on_sent=None):
    """Copy reader to writer, each chunk delay seconds later, in order;
    on_data may change a chunk as it is read, on_sent hears it delivered."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data:
                writer.write(data)
                await writer.drain()
                if on_sent:
                    on_sent()
        try:
            writer.write_eof()
        except (OSError, RuntimeError):
            pass

    task = asyncio.ensure_future(deliver())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            data = on_data(data)
            queue.put_nowait((loop.time() + delay, data))
    except (ConnectionError, OSError):
        pass
    queue.put_nowait((loop.time() + delay, None))
    try:
        await task
    except (ConnectionError, OSError):
        pass


async def handle(creader, cwriter, a, stats):
    c = stats.new()
    try:
        sreader, swriter = await asyncio.open_connection("127.0.0.1", a.to)
    except OSError:
        cwriter.close()
        return
    rw = EhloRewriter(a.add, a.drop)
    delay = a.delay_ms / 1000.0

    def from_client(data):
        if c["last"] == "server":
            c["turns"] += 1
        c["last"] = "client"
        c["client_chunks"] += 1
        c["client_bytes"] += len(data)
        if stats.log:
            c["data"] += data
        rw.client(data)
        return data

    def from_server(data):
        c["server_bytes"] += len(data)
        return rw.server(data)

    # a client turn: its data reaches the proxy after server data was
    # delivered to it (not merely read from the server)
    def delivered():
        c["last"] = "server"

    await asyncio.gather(pump(creader, swriter, delay, from_client),
                         pump(sreader, cwriter, delay, from_server, delivered))
    for w in (swriter, cwriter):
        try:
            w.close()
        except OSError:
            pass
    stats.write()


async def main_async(a):
    stats = Stats(a.stats, a.log)
    server = await asyncio.start_server(lambda r, w: handle(r, w, a, stats), "127.0.0.1",
                                        a.port, backlog=1000)
    port = server.sockets[0].getsockname()[1]
    print("ready %d" % port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    stats.write()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--to", type=int, required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--delay-ms", type=float, default=0.0)
    ap.add_argument("--add", default="")
    ap.add_argument("--drop", default="")
    ap.add_argument("--stats")
    ap.add_argument("--log")
    a = ap.parse_args()
    a.add = [k for k in a.add.split(",") if k]
    a.drop = [k for k in a.drop.split(",") if k]
    asyncio.run(main_async(a))


if __name__ == "__main__":
    main()
