"""Check a composed message with Python's email package (an independent
MIME parser), for tests/unit/test_mime.c.

Usage: mime_check.py MESSAGE EXPECT

EXPECT has one expectation a line, values hex-encoded UTF-8 or bytes:
    subject HEX
    from NAMEHEX ADDRHEX        (likewise to, reply-to; NAMEHEX "-" for none)
    header NAME HEX             (an extra header, compared unfolded)
    message-id HEX
    date EPOCH OFFSET_SECONDS
    structure TYPE...           (content types in walk() order)
    text HEX / html HEX         (bodies, compared with LF line ends)
    attachment NAMEHEX TYPE HEX (in order)
Prints one "# ..." line per problem and ends with "result ok" or
"result fail".
"""
import email
import email.policy
import sys


def unhex(h):
    return b"" if h == "-" else bytes.fromhex(h)


def lf(s):
    return s.replace("\r\n", "\n")


def main():
    raw = open(sys.argv[1], "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    problems = []

    def check(what, got, want):
        if got != want:
            problems.append("%s: got %r, want %r" % (what, got, want))

    for part in msg.walk():
        for d in part.defects:
            problems.append("defect in %s: %r" % (part.get_content_type(), d))
        for name, value in part.items():
            for d in getattr(value, "defects", ()):
                problems.append("defect in %s: %r" % (name, d))

    atts = [p for p in msg.walk() if p.get_content_disposition() == "attachment"]
    att_i = 0
    for line in open(sys.argv[2], encoding="ascii"):
        f = line.split()
        key = f[0]
        if key == "subject":
            check("subject", str(msg["Subject"]), unhex(f[1]).decode())
        elif key in ("from", "to", "reply-to"):
            h = msg[key]
            if h is None:
                problems.append("no %s header" % key)
                continue
            addrs = h.addresses
            check(key + " count", len(addrs), 1)
            check(key + " name", addrs[0].display_name, unhex(f[1]).decode())
            check(key + " address", addrs[0].addr_spec, unhex(f[2]).decode())
        elif key == "header":
            # a fold right after the colon is legal white space
            check("header " + f[1], str(msg[f[1]]).lstrip(), unhex(f[2]).decode())
        elif key == "message-id":
            check("message-id", str(msg["Message-ID"]), "<%s>" % unhex(f[1]).decode())
        elif key == "date":
            dt = msg["Date"].datetime
            check("date epoch", int(dt.timestamp()), int(f[1]))
            check("date offset", int(dt.utcoffset().total_seconds()), int(f[2]))
        elif key == "structure":
            check("structure", [p.get_content_type() for p in msg.walk()], f[1:])
        elif key in ("text", "html"):
            part = msg.get_body(preferencelist=("plain",) if key == "text" else ("html",))
            check(key + " charset", part.get_content_charset(), "utf-8")
            check(key + " encoding", part["Content-Transfer-Encoding"], "quoted-printable")
            check(key + " body", lf(part.get_content()), lf(unhex(f[1]).decode()))
        elif key == "attachment":
            if att_i >= len(atts):
                problems.append("missing attachment %d" % att_i)
                continue
            a = atts[att_i]
            att_i += 1
            check("attachment name", a.get_filename(), unhex(f[1]).decode())
            check("attachment type", a.get_content_type(), f[2])
            check("attachment encoding", a["Content-Transfer-Encoding"], "base64")
            data = a.get_payload(decode=True)
            check("attachment %s bytes" % a.get_filename(), data, unhex(f[3]))
    check("attachment count", len(atts), att_i)

    for p in problems:
        print("# " + p)
    print("result " + ("fail" if problems else "ok"))


main()
