"""Shared pieces of bench/send and bench/compose: a work directory with a
press list of N reserved-domain recipients and an embargo.yaml, postfix's
smtp-sink on loopback, timing with medians, and a description of the
machine.  Nothing here is part of the test suite."""

import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.path.dirname(HERE)
EXAMPLE = os.path.join(SRCDIR, "examples", "uhrp-investment-ban-2023-08-14.txt")
# $EMBARGO_BENCH_TEMPLATES: the templates of another tree (to measure an
# older build with the templates it understands)
TEMPLATES = os.environ.get("EMBARGO_BENCH_TEMPLATES") or os.path.join(SRCDIR, "templates")
SINK = "/usr/sbin/smtp-sink"
SOURCE = "/usr/sbin/smtp-source"


def find_embargo(path=None):
    """The binary to measure: --embargo, $EMBARGO, ./embargo, the source tree's."""
    for p in (path, os.environ.get("EMBARGO"), "./embargo", os.path.join(SRCDIR, "embargo")):
        if p and os.path.isfile(p) and os.access(p, os.X_OK):
            return os.path.abspath(p)
    sys.exit("bench: no embargo binary found: build it, then pass --embargo PATH")


def machine():
    """nproc, CPU model, kernel, load: the lines every report starts with."""
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as fp:
            for line in fp:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    return ["nproc %d, CPU %s, kernel %s" % (os.cpu_count(), model, platform.release()),
            "load average at start %.2f %.2f %.2f" % load]


def fs_type(path):
    """The file system type of path and its device (df), e.g. "ext4 on /dev/vda"."""
    r = subprocess.run(["df", "--output=fstype,source", path], stdout=subprocess.PIPE,
                       text=True)
    lines = r.stdout.split("\n")
    parts = lines[1].split() if len(lines) > 1 else []
    return " on ".join(parts) if parts else "unknown"


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


def pin_argv(cpus):
    """A taskset prefix for a CPU list such as "1", or nothing."""
    return ["taskset", "-c", cpus] if cpus else []


class Sink:
    """smtp-sink on 127.0.0.1 (no -d: messages are not written), killed by
    PID.  A backlog of 1000."""

    def __init__(self, cpus=None):
        self.port = free_port()
        argv = pin_argv(cpus) + [SINK]
        if os.geteuid() == 0:
            argv += ["-u", "nobody"]
        argv += ["127.0.0.1:%d" % self.port, "1000"]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        if not wait_port(self.port):
            self.stop()
            sys.exit("bench: smtp-sink did not start")

    def cpu(self):
        """CPU seconds (user + system) the sink has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as fp:
            fields = fp.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def write_list(path, name, n):
    """A press list of n recipients, every address under a reserved domain
    (RFC 2606), with the keys a real list has."""
    domains = ("example.com", "example.org", "example.net")
    with open(path, "w") as fp:
        fp.write("name: %s\ndescription: benchmark list of %d reporters\nrecipients:\n" % (name, n))
        for i in range(n):
            fp.write("  - email: reporter%06d@%s\n    name: Reporter %d\n"
                     "    first_name: Rep%d\n    outlet: Outlet %d\n    beat: policy\n"
                     % (i, domains[i % 3], i, i, i % 50))


class Workdir:
    """A temporary directory holding lists/ and an embargo.yaml whose
    unsubscribe URIs carry each recipient's address, so that every message
    is personalised in its headers and in both parts."""

    def __init__(self, spool_parent=None, keep=False):
        self.path = tempfile.mkdtemp(prefix="embargo-bench.")
        self.spool_parent = tempfile.mkdtemp(prefix="embargo-bench-spool.",
                                             dir=spool_parent or self.path)
        self.lists = os.path.join(self.path, "lists")
        os.makedirs(self.lists)
        self.keep = keep

    def config(self, port=None, connections=1, name="embargo.yaml"):
        path = os.path.join(self.path, name)
        spool = os.path.join(self.spool_parent, name + ".spool")
        text = ('from: "UHRP Press Office <press@example.org>"\n'
                "reply_to: press@example.org\n"
                "lists_dir: %s\n"
                "templates_dir: %s\n"
                "spool_dir: %s\n"
                "unsubscribe:\n"
                '  - "https://press.example.org/unsubscribe?who={{recipient.email}}"\n'
                '  - "mailto:unsubscribe@example.org?subject=unsubscribe%%20{{recipient.email}}"\n'
                % (self.lists, TEMPLATES, spool))
        if port is not None:
            text += ("smtp:\n  url: smtp://127.0.0.1:%d\n  tls: none\n  connections: %d\n"
                     % (port, connections))
        with open(path, "w") as fp:
            fp.write(text)
        os.chmod(path, 0o600)
        return path, spool

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.spool_parent, ignore_errors=True)
            shutil.rmtree(self.path, ignore_errors=True)


def embargo_env():
    e = dict(os.environ)
    e.pop("EMBARGO_CONFIG", None)
    return e


def one_message(embargo, config, listname):
    """The first message of a dry run: the bytes a send hands the server."""
    r = subprocess.run([embargo, "--config", config, "-q", "send", EXAMPLE, "--list", listname,
                        "--dry-run"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=embargo_env())
    if r.returncode != 0 or not r.stdout:
        sys.exit("bench: the dry run failed:\n" + r.stderr.decode("utf-8", "replace"))
    return r.stdout


def children_cpu():
    """CPU seconds (user + system) of every child waited for so far."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def timed(argv, **kw):
    """Run argv; returns (seconds of wall clock, CompletedProcess), with the
    child's CPU seconds (user + system, its threads included) in r.cpu."""
    c0 = children_cpu()
    t0 = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    secs = time.perf_counter() - t0
    r.cpu = children_cpu() - c0
    return secs, r


def check(r, what):
    if r.returncode != 0:
        sys.exit("bench: %s failed (status %d):\n%s" % (
            what, r.returncode, r.stderr.decode("utf-8", "replace")[-2000:]))


def smtp_source_run(port, sessions, n, size, cpus=None):
    """smtp-source -s SESSIONS -d -m N -l SIZE: (seconds, CPU seconds)."""
    secs, r = timed(pin_argv(cpus) + [SOURCE, "-s", str(sessions), "-d", "-m", str(n),
                                      "-l", str(size), "127.0.0.1:%d" % port])
    check(r, "smtp-source")
    return secs, r.cpu


def smtp_source(port, sessions, n, size, cpus=None):
    """smtp-source -s SESSIONS -d -m N -l SIZE: seconds."""
    return smtp_source_run(port, sessions, n, size, cpus)[0]


def median(xs):
    return statistics.median(xs)


def rate_text(n, secs_list):
    """"8,123 msg/s (7,900-8,400)": the median rate and the spread."""
    rates = sorted(n / s for s in secs_list)
    return "%6.0f msg/s (%.0f-%.0f)" % (median(rates), rates[0], rates[-1])
