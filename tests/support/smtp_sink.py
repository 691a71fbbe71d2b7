#!/usr/bin/env python3
"""smtp_sink.py DIR [starttls|tls CERT KEY]: a real SMTP server (Debian's
python3-aiosmtpd) on 127.0.0.1 for the mail tests (tests/http/mail.c).
With "starttls" it offers STARTTLS and takes no mail before it; with
"tls" it speaks TLS from the first byte (as on port 465).  DIR/NNNN.tls
says "yes" when the mail came over TLS, else "no".

Prints "port N" once it listens.  Each message it accepts is written to
DIR/NNNN.eml (whole, then renamed into place) with its envelope in
DIR/NNNN.env ("from ADDR" and "to ADDR" lines).  DIR/events gets one line
per DATA or RCPT it judged: "accepted NNNN", "refused 451", "refused 550",
"hung".  How it answers is read from DIR/mode at each RCPT and DATA:

  ok     (or no file) accept
  451    answer the data with 451 (try again later), keep nothing
  550    refuse the recipient with 550, keep nothing
  hang   never answer the data (until the mode changes), keep nothing
"""
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP

folder = sys.argv[1]
tls_mode = sys.argv[2] if len(sys.argv) > 4 else None
context = None
if tls_mode:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(sys.argv[3], sys.argv[4])


def mode():
    try:
        with open(os.path.join(folder, "mode")) as f:
            return f.read().strip() or "ok"
    except FileNotFoundError:
        return "ok"


def event(line):
    with open(os.path.join(folder, "events"), "a") as f:
        f.write(line + "\n")


class Sink:
    count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if mode() == "550":
            event("refused 550")
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        m = mode()
        if m == "451":
            event("refused 451")
            return "451 4.3.0 try again later"
        if m == "hang":
            event("hung")
            while mode() == "hang":
                await asyncio.sleep(0.05)
            return "451 4.3.0 too late"
        Sink.count += 1
        name = os.path.join(folder, "%04d" % Sink.count)
        with open(name + ".env.tmp", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for to in envelope.rcpt_tos:
                f.write("to %s\n" % to)
        with open(name + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(name + ".tls", "w") as f:
            secure = server.transport.get_extra_info("ssl_object") is not None
            f.write("yes\n" if secure else "no\n")
        os.rename(name + ".env.tmp", name + ".env")
        os.rename(name + ".eml.tmp", name + ".eml")
        event("accepted %04d" % Sink.count)
        return "250 2.0.0 queued as %04d" % Sink.count


async def main():
    loop = asyncio.get_running_loop()
    handler = Sink()
    if tls_mode == "starttls":
        def make():
            return SMTP(handler, hostname="sink.test", data_size_limit=1 << 20,
                        tls_context=context, require_starttls=True)
    else:
        def make():
            return SMTP(handler, hostname="sink.test", data_size_limit=1 << 20)
    server = await loop.create_server(make, "127.0.0.1", 0,
                                      ssl=context if tls_mode == "tls" else None)
    print("port %d" % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
