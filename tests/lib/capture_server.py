"""A real SMTP server for tests (aiosmtpd): stores every message it accepts
as DIR/N.eml (the bytes as received) and DIR/N.json (envelope).  Optional
STARTTLS (--cert/--key, --require-tls) and AUTH (--auth user:password).
With --hold-while PATH, a message that arrives while PATH exists is held
before its reply (DIR/N.held says so) until PATH is removed: a test can stop
a sender in the middle of a message, act, and let it go on."""

import argparse
import asyncio
import json
import os
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, directory, hold=None):
        self.dir = directory
        self.hold = hold
        self.lock = threading.Lock()
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            n = self.n
        base = os.path.join(self.dir, str(n))
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
            return AuthResult(success=ok)

        kwargs["authenticator"] = authenticator
        kwargs["auth_require_tls"] = False
    c = Controller(Store(a.dir, a.hold_while), hostname="127.0.0.1", port=a.port, **kwargs)
    c.start()
    try:
        threading.Event().wait()
    finally:
        c.stop()


if __name__ == "__main__":
    main()
