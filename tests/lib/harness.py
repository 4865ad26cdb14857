"""Helpers for embargo's integration tests: TAP output, free ports, real SMTP
servers on loopback started and killed by PID, running the built binary with a
config in a temporary directory, and reading what arrived with Python's email
package (policy default) as an independent parser."""

import atexit
import calendar
import datetime
import email
import email.policy
import fcntl
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SRCDIR = os.environ.get("srcdir") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMBARGO = os.environ.get("EMBARGO") or os.path.join(SRCDIR, "embargo")
PYTHON = "/usr/bin/python3"
EXAMPLE = os.path.join(SRCDIR, "examples", "uhrp-investment-ban-2023-08-14.txt")


class TAP:
    """Minimal TAP producer: ok() per test point, done() prints the plan."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print(("ok %d - %s" if cond else "not ok %d - %s") % (self.n, name))
        if not cond:
            self.failed += 1
            if isinstance(diag, bytes):
                diag = diag.decode("utf-8", "replace")
            if diag is not None:
                for line in str(diag).splitlines():
                    print("# " + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name, extra=None):
        diag = "got:  %r\nwant: %r" % (got, want)
        if extra is not None:
            diag += "\n" + (extra.decode("utf-8", "replace") if isinstance(extra, bytes) else str(extra))
        return self.ok(got == want, name, diag)

    def skip(self, name, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, reason))
        sys.stdout.flush()

    def comment(self, text):
        for line in str(text).splitlines():
            print("# " + line)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Server:
    """A process listening on 127.0.0.1:port, killed by PID on stop()."""

    def __init__(self, argv, port, env=None):
        self.port = port
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=env, start_new_session=True)
        if not wait_port(port):
            self.stop()
            raise RuntimeError("server did not start: %r" % (argv,))

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Capture(Server):
    """tests/lib/capture_server.py: an aiosmtpd server that stores each
    message as N.eml with its envelope in N.json."""

    def __init__(self, directory, extra=()):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        port = free_port()
        argv = [PYTHON, os.path.join(SRCDIR, "tests", "lib", "capture_server.py"),
                "--port", str(port), "--dir", directory] + list(extra)
        super().__init__(argv, port)

    def messages(self):
        """[(envelope dict, raw bytes)] in arrival order."""
        out = []
        names = sorted((f for f in os.listdir(self.dir) if f.endswith(".json")),
                       key=lambda f: int(f.split(".")[0]))
        for name in names:
            with open(os.path.join(self.dir, name)) as fp:
                env = json.load(fp)
            with open(os.path.join(self.dir, name[:-5] + ".eml"), "rb") as fp:
                out.append((env, fp.read()))
        return out


class Workdir:
    """A temporary directory with an embargo.yaml; removed at exit."""

    def __init__(self, config=None):
        self.path = tempfile.mkdtemp(prefix="embargo-test.")
        self.spool = os.path.join(self.path, "spool")
        if config is not None:
            self.write_config(config)

    def write_config(self, text, name="embargo.yaml", mode=0o600):
        path = os.path.join(self.path, name)
        with open(path, "w") as fp:
            fp.write(text)
        os.chmod(path, mode)
        self.config = path
        return path

    def file(self, name, content, mode=None):
        path = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb" if isinstance(content, bytes) else "w") as fp:
            fp.write(content)
        if mode is not None:
            os.chmod(path, mode)
        return path

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def base_config(work, port=None, extra="", lists_dir=None):
    """A config for tests: the repo's templates and lists (or lists_dir), a
    spool in work, a loopback relay without TLS."""
    text = ('from: "UHRP Press Office <press@example.org>"\n'
            "reply_to: press@example.org\n"
            "lists_dir: %s\n"
            "templates_dir: %s\n"
            "spool_dir: %s\n" % (lists_dir or os.path.join(SRCDIR, "lists"),
                                 os.path.join(SRCDIR, "templates"), work.spool))
    if port is not None:
        text += "smtp:\n  url: smtp://127.0.0.1:%d\n  tls: none\n" % port
    return text + extra


FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

# What of the machine the binary would read unless told otherwise: the
# configuration search ($EMBARGO_CONFIG, $XDG_CONFIG_HOME, ~/.config,
# /etc/embargo) and the default spool ($XDG_STATE_HOME, ~/.local/state).
MACHINE_VARS = ("EMBARGO_CONFIG", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
                "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "XDG_CONFIG_DIRS", "XDG_DATA_DIRS")
_own_home = None


def own_home():
    """An empty HOME for the binary, made once per test script and removed
    at exit, with an empty configuration where $XDG_CONFIG_HOME points."""
    global _own_home
    if _own_home is None:
        _own_home = tempfile.mkdtemp(prefix="embargo-home.")
        atexit.register(shutil.rmtree, _own_home, True)
        os.makedirs(os.path.join(_own_home, "xdg-config", "embargo"))
        with open(os.path.join(_own_home, "xdg-config", "embargo", "config.yaml"), "w"):
            pass
    return _own_home


def hermetic_env(env=None):
    """os.environ without the machine's configuration: HOME is an empty
    directory of the test's own, no $EMBARGO_CONFIG or other XDG variable,
    and $XDG_CONFIG_HOME holds an empty embargo/config.yaml, so that the
    search a command makes without --config (./embargo.yaml first) ends there
    and never reads ~/.config or /etc/embargo.  env is applied last (a test
    of the search sets its own)."""
    e = dict(os.environ)
    for var in MACHINE_VARS:
        e.pop(var, None)
    home = own_home()
    e["HOME"] = home
    e["XDG_CONFIG_HOME"] = os.path.join(home, "xdg-config")
    if env:
        e.update(env)
    return e


def command(args, config=None, env=None, at=None, frozen=False):
    """argv and environment to run the embargo binary.  at="2030-03-15
    13:59:59" moves the real clock of that process with libfaketime (the
    clock starts there and runs); the binary itself has no way to be told
    another time.  The environment is hermetic_env(env)."""
    argv = [EMBARGO]
    if config:
        argv += ["--config", config]
    argv += list(args)
    e = hermetic_env(env)
    if at is not None:
        target = calendar.timegm(time.strptime(at, "%Y-%m-%d %H:%M:%S"))
        e["LD_PRELOAD"] = FAKETIME_LIB
        e["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
        if frozen:
            # The clock stands at `at`, however long the process takes to
            # start (a machine under load): libfaketime reads an absolute
            # time in the process's TZ, so write `at` in that zone.
            import zoneinfo
            e.setdefault("TZ", "UTC")
            zone = zoneinfo.ZoneInfo(e["TZ"])
            local = datetime.datetime.fromtimestamp(target, zone)
            e["FAKETIME"] = local.strftime("%Y-%m-%d %H:%M:%S")
        else:
            # An offset from the real clock, so that it runs on.
            e["FAKETIME"] = "%+d" % math.ceil(target - time.time())
    return argv, e


def run(args, config=None, env=None, cwd=None, timeout=120, at=None, frozen=False):
    """Run the embargo binary; returns CompletedProcess with bytes output."""
    argv, e = command(args, config, env, at, frozen)
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                          cwd=cwd, timeout=timeout)


def cpu_time(args, config=None, env=None, cwd=None, repeat=3, timeout=120):
    """Run the binary repeat times; returns (seconds, CompletedProcess of the
    last run), seconds being the least CPU time (user + system, all threads)
    of the runs.  CPU time, not the wall clock: another process on the
    machine moves it far less, and the least of a few runs less still.  For
    ratios only (the time for 4N against the time for N): never compare it
    with a number of seconds; speed targets are bench/'s."""
    import resource
    best, r = None, None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run(args, config=config, env=env, cwd=cwd, timeout=timeout)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = used if best is None else min(best, used)
    return best, r


def grows_linearly(t, label, make, args, n, config=None, limit=8.0):
    """One test point: the binary's CPU time for args on the input make(n)
    is at most limit times its time on make(n // 4).  Work linear in the
    input grows four times (less, with the fixed cost of starting), work
    quadratic in it sixteen times: the ratio tells them apart on a machine
    however busy.  make(k) writes an input of size k and returns its path;
    args is a list in which "{}" stands for that path.  Returns the last run
    on make(n), for its exit status and output."""
    times, runs = [], []
    for k in (n // 4, n):
        path = make(k)
        sec, r = cpu_time([a.replace("{}", path) for a in args], config=config)
        times.append(sec)
        runs.append(r)
    ratio = times[1] / max(times[0], 1e-3)
    t.comment("%s: %.3f s of CPU at n=%d, %.3f s at n=%d (%.1fx)" % (label, times[0], n // 4, times[1], n,
                                                                   ratio))
    t.ok(ratio <= limit, "%s: four times the input costs at most %g times the CPU" % (label, limit),
                "%.3f s of CPU for n=%d, %.3f s for n=%d: %.1f times; exit %d, %d\n%s"
                % (times[0], n // 4, times[1], n, ratio, runs[0].returncode, runs[1].returncode,
                   runs[1].stderr[-500:].decode("utf-8", "replace")))
    return runs[1]


def start(args, config=None, env=None, at=None):
    """Start the embargo binary in the background (Popen)."""
    argv, e = command(args, config, env, at)
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)


def journal(spool, release_id):
    """The journal of a release: [(time, event, address, next, detail)]."""
    path = os.path.join(spool, "releases", release_id, "journal")
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            f = line.rstrip("\n").split("\t")
            if not line.endswith("\n") or len(f) != 6:
                continue  # a torn last line: replay ignores it too
            out.append((int(f[0]), f[1], f[2], int(f[3]), f[4]))
    return out


def states(spool, release_id):
    """Each address's last outcome in the journal (claim/attempt excluded)."""
    st = {}
    for _, ev, addr, _, _ in journal(spool, release_id):
        if ev in ("sent", "failed", "deferred", "suppressed", "unknown", "cancelled", "missed",
                  "bounced"):
            st[addr] = ev
        elif ev == "resend":
            st.pop(addr, None)
    return st


def write_list(path, name, addresses):
    with open(path, "w") as fp:
        fp.write("name: %s\nrecipients:\n" % name)
        for a in addresses:
            fp.write("  - email: %s\n" % a)


def parse(raw):
    """Parse a message with the standard library (policy default)."""
    return email.message_from_bytes(raw, policy=email.policy.default)


def all_defects(msg):
    found = []
    for part in msg.walk():
        found.extend(part.defects)
        for v in part.values():
            found.extend(getattr(v, "defects", ()))
    return found


def wire_problems(raw):
    """Bare CR or LF and lines over 998 octets, in raw bytes."""
    problems = []
    i = 0
    for line in raw.split(b"\r\n"):
        if b"\r" in line or b"\n" in line:
            problems.append("bare CR or LF near byte %d" % i)
        if len(line) > 998:
            problems.append("line of %d octets at byte %d" % (len(line), i))
        i += len(line) + 2
    return problems


class SmtpSink(Server):
    """postfix's smtp-sink on 127.0.0.1 with fault flags (smtp-sink(1)):
    -r CMDS 4xx, -f CMDS 5xx, -Q CMDS 421 and hang up, -q CMDS hang up,
    -M n exit after n messages (the last one never confirmed)."""

    def __init__(self, flags=(), backlog=64):
        port = free_port()
        argv = ["/usr/sbin/smtp-sink"]
        if os.geteuid() == 0:
            argv += ["-u", "nobody"]
        argv += list(flags) + ["127.0.0.1:%d" % port, str(backlog)]
        super().__init__(argv, port)


def _install_stamp():
    """What an installed tree is made from: the binary and the files `make
    install` copies (a change to any of them means another install)."""
    newest = os.stat(EMBARGO).st_mtime_ns
    for sub in ("doc", "templates", "lists", "examples", "fuzz", "tests/fixtures", "bench", "tools"):
        for root, _, files in os.walk(os.path.join(SRCDIR, sub)):
            for f in files:
                newest = max(newest, os.stat(os.path.join(root, f)).st_mtime_ns)
    for f in ("Makefile.am", "configure.ac"):
        newest = max(newest, os.stat(os.path.join(SRCDIR, f)).st_mtime_ns)
    return str(newest)


def installed():
    """`make install` of this tree into a prefix of its own, built from the
    files `make dist` ships (a clean machine builds from them alone), shared
    by the tests that need the installed layout (docs.test, readme.test):
    built once per change of the binary or of what it installs, under a lock.

    Returns None when there is no build tree beside EMBARGO (the caller
    skips), else a dict: ok (bool), steps [(name, returncode, output)], src
    (the distdir) and prefix."""
    builddir = os.path.dirname(os.path.abspath(EMBARGO))
    make = os.environ.get("MAKE") or "make"
    if not os.path.exists(os.path.join(builddir, "Makefile")) or not shutil.which(make):
        return None
    root = os.path.join(builddir, "tests", "install.d")
    src, build, prefix = (os.path.join(root, d) for d in ("src", "build", "inst"))
    result = {"ok": True, "steps": [], "src": src, "prefix": prefix}
    os.makedirs(os.path.join(builddir, "tests"), exist_ok=True)
    with open(os.path.join(builddir, "tests", ".install.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        stamp = _install_stamp()
        stamp_file = os.path.join(root, "stamp")
        try:
            with open(stamp_file) as fp:
                if fp.read() == stamp and os.path.exists(os.path.join(prefix, "bin", "embargo")):
                    return result
        except OSError:
            pass
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(build)
        env = dict(os.environ)
        for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
            env.pop(var, None)
        steps = [("make distdir", [make, "-s", "-C", builddir, "distdir", "distdir=" + src], root),
                 ("configure --prefix", [os.path.join(src, "configure"), "-q", "--prefix=" + prefix],
                  build),
                 ("make install", [make, "-s", "-j2", "install"], build)]
        for name, argv, cwd in steps:
            r = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=900)
            result["steps"].append((name, r.returncode, r.stdout[-4000:]))
            if r.returncode != 0:
                result["ok"] = False
                return result
        with open(stamp_file, "w") as fp:
            fp.write(stamp)
    return result
