"""A private Postfix for tests and benchmarks: its own configuration, queue
and data directories and log under one temporary directory, loopback only,
started with `postfix -c DIR` and stopped the same way (the same as tests/bounces.test's).
It needs root (Postfix drops to its own users) and the postfix package;
Postfix.available() says whether both are there.

    pf = Postfix(base_dir, smtpd_port=PORT, main={...}, maps={"vmailbox": "..."})
    pf.start(); ...; pf.stop()

main: extra main.cf settings (they win over the defaults below); maps:
hash tables written to the configuration directory and postmap'ed, named
in main as hash:$config_directory/NAME.  With smtpd_port the SMTP server
listens on 127.0.0.1:PORT; without it no SMTP server runs at all."""

import os
import shutil
import subprocess
import time

POSTFIX = "/usr/sbin/postfix"
POSTMAP = "/usr/sbin/postmap"
POSTSUPER = "/usr/sbin/postsuper"
POSTQUEUE = "/usr/sbin/postqueue"
SENDMAIL = "/usr/sbin/sendmail"

# the services a private instance needs (master.cf fields after the name:
# type private unpriv chroot wakeup maxproc command)
SERVICES = [
    ("pickup", "unix  n - n 60 1 pickup"),
    ("cleanup", "unix  n - n - 0 cleanup"),
    ("qmgr", "unix  n - n 300 1 qmgr"),
    ("rewrite", "unix  - - n - - trivial-rewrite"),
    ("bounce", "unix  - - n - 0 bounce"),
    ("defer", "unix  - - n - 0 bounce"),
    ("trace", "unix  - - n - 0 bounce"),
    ("verify", "unix  - - n - 1 verify"),
    ("flush", "unix  n - n 1000? 0 flush"),
    ("proxymap", "unix  - - n - - proxymap"),
    ("showq", "unix  n - n - - showq"),
    ("error", "unix  - - n - - error"),
    ("retry", "unix  - - n - - error"),
    ("discard", "unix  - - n - - discard"),
    ("virtual", "unix  - n n - - virtual"),
    ("smtp", "unix  - - n - - smtp"),
    ("relay", "unix  - - n - - smtp"),
    ("anvil", "unix  - - n - 1 anvil"),
    ("scache", "unix  - - n - 1 scache"),
    ("postlog", "unix-dgram n - n - 1 postlogd"),
]


class Postfix:
    @staticmethod
    def available():
        return os.geteuid() == 0 and os.access(POSTFIX, os.X_OK) and os.access(POSTMAP, os.X_OK)

    def __init__(self, base, smtpd_port=None, main=None, maps=None):
        self.base = base
        self.etc = os.path.join(base, "etc")
        self.queue = os.path.join(base, "queue")
        self.data = os.path.join(base, "data")
        self.mail = os.path.join(base, "mail")
        self.log = os.path.join(base, "maillog")
        for d in (self.etc, self.queue, self.data, self.mail):
            os.makedirs(d, exist_ok=True)
        os.chmod(base, 0o755)
        parent = os.path.dirname(os.path.abspath(base))
        while parent != "/":
            if not os.stat(parent).st_mode & 0o001:
                raise RuntimeError("%s: Postfix's users cannot reach it (chmod o+x)" % parent)
            parent = os.path.dirname(parent)
        shutil.chown(self.mail, "nobody", "nogroup")
        self.port = smtpd_port
        conf = {
            "compatibility_level": "3.6",
            "queue_directory": self.queue,
            "data_directory": self.data,
            "mail_owner": "postfix",
            "setgid_group": "postdrop",
            "inet_interfaces": "loopback-only",
            "inet_protocols": "ipv4",
            "myhostname": "mx.embargo-test.invalid",
            "mydomain": "embargo-test.invalid",
            "mydestination": "",
            "relayhost": "",
            "mynetworks": "127.0.0.0/8",
            "smtpd_relay_restrictions": "permit_mynetworks, reject",
            "alias_maps": "",
            "alias_database": "",
            "local_recipient_maps": "",
            "default_transport": "error:this test instance sends nothing out",
            "maillog_file": self.log,
            "maillog_file_prefixes": base,
            "biff": "no",
            "smtputf8_enable": "yes",
        }
        conf.update(main or {})
        with open(os.path.join(self.etc, "main.cf"), "w") as f:
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v))
        with open(os.path.join(self.etc, "master.cf"), "w") as f:
            if smtpd_port:
                f.write("127.0.0.1:%d inet n - n - - smtpd\n" % smtpd_port)
            for name, rest in SERVICES:
                f.write("%-10s %s\n" % (name, rest))
        for name, text in (maps or {}).items():
            path = os.path.join(self.etc, name)
            with open(path, "w") as f:
                f.write(text)
            subprocess.run([POSTMAP, "-c", self.etc, "hash:" + path], check=True)
        self.started = False

    def run(self, *args, check=True):
        return subprocess.run([POSTFIX, "-c", self.etc] + list(args), check=check,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def start(self, timeout=20):
        self.run("set-permissions", check=False)
        self.run("start")
        self.started = True
        if self.port:
            deadline = time.time() + timeout
            while time.time() < deadline:
                if _listening(self.port):
                    return
                time.sleep(0.05)
            raise RuntimeError("postfix did not listen on %d:\n%s" % (self.port, self.maillog()))

    def stop(self):
        if self.started:
            self.run("stop", check=False)
            self.started = False

    def maillog(self):
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def queue_count(self):
        """Messages in the incoming, active, deferred and hold queues."""
        n = 0
        for q in ("incoming", "active", "deferred", "hold", "maildrop"):
            for _, _, files in os.walk(os.path.join(self.queue, q)):
                n += len(files)
        return n

    def postsuper(self, *args):
        return subprocess.run([POSTSUPER, "-c", self.etc] + list(args), check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def flush(self):
        return subprocess.run([POSTQUEUE, "-c", self.etc, "-f"], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def maildir(self, domain, user):
        """The messages in a virtual mailbox's Maildir (new/), oldest first."""
        d = os.path.join(self.mail, domain, user, "new")
        if not os.path.isdir(d):
            return []
        out = []
        for name in sorted(os.listdir(d), key=lambda n: os.stat(os.path.join(d, n)).st_mtime):
            with open(os.path.join(d, name), "rb") as f:
                out.append(f.read())
        return out


def _listening(port):
    want = ":%04X" % port
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            parts = line.split()
            if parts[1].endswith(want) and parts[3] == "0A":
                return True
    return False
