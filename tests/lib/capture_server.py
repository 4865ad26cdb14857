"""A real SMTP server for tests (aiosmtpd): stores every message it accepts
as DIR/N.eml (the bytes as received) and DIR/N.json (envelope).  Optional
STARTTLS (--cert/--key, --require-tls) and AUTH (--auth user:password).
With --hold-while PATH, a message that arrives while PATH exists is held
before its reply (DIR/N.held says so) until PATH is removed: a test can stop
a sender in the middle of a message, act, and let it go on.  With --watch
PATH, the bytes of PATH as they are when a message's final "." has arrived
(before the reply) are kept as DIR/N.watch: a test sees what the sender had
written (its journal) by then.  With --fail-rcpt TEXT, RCPT TO an address
containing TEXT gets "550 5.1.1 no such user"; with --defer-rcpt TEXT, "451
4.3.0 try again later"."""

import argparse
import asyncio
import json
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory, hold=None, watch=None, fail_rcpt=None, defer_rcpt=None):
        self.dir = directory
        self.hold = hold
        self.watch = watch
        self.fail_rcpt = fail_rcpt
        self.defer_rcpt = defer_rcpt
        self.lock = threading.Lock()
        self.n = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fail_rcpt and self.fail_rcpt in address:
            return "550 5.1.1 no such user"
        if self.defer_rcpt and self.defer_rcpt in address:
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            n = self.n
        base = os.path.join(self.dir, str(n))
        if self.watch:
            try:
                with open(self.watch, "rb") as fp:
                    seen = fp.read()
            except OSError:
                seen = b""
            with open(base + ".watch", "wb") as fp:
                fp.write(seen)
        if self.hold and os.path.exists(self.hold):
            # the bytes as they came, in case the client is gone by the end
            with open(base + ".held.eml", "wb") as fp:
                fp.write(envelope.original_content)
            with open(base + ".held.tmp", "w") as fp:
                json.dump({"rcpt_tos": envelope.rcpt_tos}, fp)
            os.rename(base + ".held.tmp", base + ".held")
            while os.path.exists(self.hold):
                await asyncio.sleep(0.01)
        with open(base + ".eml.tmp", "wb") as fp:
            fp.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                "tls": session.ssl is not None,
                "auth": session.authenticated}
        with open(base + ".json.tmp", "w") as fp:
            json.dump(meta, fp)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Ok: queued as %d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--require-tls", action="store_true")
    ap.add_argument("--auth")
    ap.add_argument("--hold-while")
    ap.add_argument("--watch")
    ap.add_argument("--fail-rcpt")
    ap.add_argument("--defer-rcpt")
    a = ap.parse_args()
    kwargs = {}
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kwargs["tls_context"] = ctx
        kwargs["require_starttls"] = a.require_tls
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd sends the 235 or 535 reply itself
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        kwargs["authenticator"] = authenticator
        kwargs["auth_require_tls"] = False
    c = Controller(Store(a.dir, a.hold_while, a.watch, a.fail_rcpt, a.defer_rcpt), hostname="127.0.0.1", port=a.port, **kwargs)
    c.start()
    try:
        threading.Event().wait()
    finally:
        c.stop()


if __name__ == "__main__":
    main()
