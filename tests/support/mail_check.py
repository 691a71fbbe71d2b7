#!/usr/bin/env python3
"""mail_check.py FILE: a mail as an MTA and a mail client read it
(Python's email package, policy=default).  Prints one "name: value" line
per fact the tests check; exits 1 when the mail cannot be parsed."""
import email
import email.policy
import email.utils
import sys

raw = open(sys.argv[1], "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
out = []


def fact(name, value):
    out.append("%s: %s" % (name, str(value).replace("\r", "\\r").replace("\n", "\\n")))


fact("defects", len(msg.defects))
fact("headers", ",".join(k.lower() for k in msg.keys()))
mid = msg.get("Message-ID", "")
fact("message_id", mid)
fact("message_id_domain", mid.strip("<>").rpartition("@")[2])
try:
    date = email.utils.parsedate_to_datetime(str(msg["Date"]))
    fact("date", date.isoformat())
except (TypeError, ValueError):
    fact("date", "unparseable")
frm = msg["From"]
fact("from_name", frm.addresses[0].display_name)
fact("from_domain", frm.addresses[0].domain)
fact("to", msg["To"])
fact("subject", msg["Subject"])
fact("list_unsubscribe", msg.get("List-Unsubscribe", ""))
fact("list_unsubscribe_post", msg.get("List-Unsubscribe-Post", ""))
fact("auto_submitted", msg.get("Auto-Submitted", ""))
fact("content_type", msg.get_content_type())
parts = [p.get_content_type() for p in msg.iter_parts()] if msg.is_multipart() else []
fact("parts", ",".join(parts))
longest = max(len(line) for line in raw.split(b"\r\n"))
fact("longest_line", longest)
fact("bare_lf", int(b"\n" in raw.replace(b"\r\n", b"")))
for p in msg.iter_parts() if msg.is_multipart() else []:
    kind = p.get_content_subtype()
    fact(kind + "_defects", len(p.defects))
    fact(kind, p.get_content())
print("\n".join(out))
