#!/usr/bin/env python3
"""Delivery sinks for the e2e suite: a tiny SMTP server and an SMS-webhook receiver.

Standard library only. Usage:  python3 sinks.py DIR

Binds both on 127.0.0.1 with OS-chosen ports, then writes DIR/sinks.json
({"smtp_port", "sms_port", "mail_log", "sms_log"}) atomically — its appearance
means both are listening. Every received message becomes one JSON line:

  DIR/mail.jsonl  {"ts", "from", "to": [...], "subject", "body", "code"}
  DIR/sms.jsonl   {"ts", "phone", "phoneCountryCode", "code", "channel", "text", ...}
                  (the webhook body as authgate POSTed it, plus "ts" and "path")

Failure injection (to exercise authgate's delivery-error path):
  * SMTP: a recipient whose local part starts with "bounce" gets 550 at RCPT TO.
  * webhook: a phone number ending in "0000" gets HTTP 500.
Both are still logged (mail with "rejected": true, SMS with "status": 500).
"""
import asyncio
import email
import email.policy
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CODE_RE = re.compile(r"(?<!\d)(\d{4,10})(?!\d)")
_lock = threading.Lock()


def append(path, record):
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _lock:
        # One write per line; readers skip a partial last line.
        with open(path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()


# ------------------------------------------------------------------ SMTP ---

class Smtp:
    def __init__(self, log_path):
        self.log_path = log_path

    async def handle(self, reader, writer):
        async def send(line):
            writer.write((line + "\r\n").encode())
            await writer.drain()

        mail_from, rcpts = None, []
        try:
            await send("220 authgate-e2e-sink ESMTP")
            while True:
                raw = await reader.readline()
                if not raw:
                    return
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                verb = line.split(" ", 1)[0].upper()
                arg = line[len(verb):].strip()
                if verb == "EHLO":
                    await send("250-authgate-e2e-sink")
                    await send("250-8BITMIME")
                    await send("250 SMTPUTF8")
                elif verb == "HELO":
                    await send("250 authgate-e2e-sink")
                elif verb == "MAIL":
                    mail_from, rcpts = _addr(arg), []
                    await send("250 OK")
                elif verb == "RCPT":
                    to = _addr(arg)
                    if to.split("@", 1)[0].lower().startswith("bounce"):
                        append(self.log_path, {"ts": time.time(), "from": mail_from, "to": [to],
                                               "rejected": True})
                        await send("550 5.1.1 mailbox unavailable (e2e bounce)")
                    else:
                        rcpts.append(to)
                        await send("250 OK")
                elif verb == "DATA":
                    if not rcpts:
                        await send("503 5.5.1 no recipients")
                        continue
                    await send("354 end data with <CR><LF>.<CR><LF>")
                    chunks = []
                    while True:
                        d = await reader.readline()
                        if not d:
                            return
                        if d in (b".\r\n", b".\n"):
                            break
                        if d.startswith(b".."):
                            d = d[1:]
                        chunks.append(d)
                    self.record(mail_from, rcpts, b"".join(chunks))
                    mail_from, rcpts = None, []
                    await send("250 OK queued")
                elif verb == "RSET":
                    mail_from, rcpts = None, []
                    await send("250 OK")
                elif verb == "NOOP":
                    await send("250 OK")
                elif verb == "QUIT":
                    await send("221 bye")
                    return
                else:
                    await send("502 5.5.2 command not implemented")
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass

    def record(self, mail_from, rcpts, data):
        msg = email.message_from_bytes(data, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html")) or msg
        try:
            body = part.get_content()
        except Exception:
            body = data.decode("utf-8", "replace")
        m = CODE_RE.search(body)
        append(self.log_path, {
            "ts": time.time(),
            "from": mail_from,
            "to": rcpts,
            "subject": str(msg.get("subject", "")),
            "body": body,
            "code": m.group(1) if m else None,
        })


def _addr(arg):
    # "FROM:<a@b> SIZE=123" / "TO:<a@b>"
    m = re.search(r"<([^>]*)>", arg)
    return (m.group(1) if m else arg.split(":", 1)[-1]).strip()


# --------------------------------------------------------------- webhook ---

def make_handler(log_path):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw or b"{}")
                if not isinstance(body, dict):
                    body = {"body": body}
            except ValueError:
                body = {"raw": raw.decode("utf-8", "replace")}
            phone = str(body.get("phone") or "")
            status = 500 if phone.endswith("0000") else 200
            record = dict(body)
            record.update({"ts": time.time(), "path": self.path,
                           "contentType": self.headers.get("content-type")})
            if status != 200:
                record["status"] = status
            append(log_path, record)
            out = b'{"ok":true}' if status == 200 else b'{"ok":false}'
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args):
            pass

    return Handler


# ------------------------------------------------------------------ main ---

async def main(out_dir):
    mail_log = os.path.join(out_dir, "mail.jsonl")
    sms_log = os.path.join(out_dir, "sms.jsonl")
    for p in (mail_log, sms_log):
        open(p, "a").close()

    smtp = await asyncio.start_server(Smtp(mail_log).handle, "127.0.0.1", 0)
    smtp_port = smtp.sockets[0].getsockname()[1]

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(sms_log))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    sms_port = httpd.server_address[1]

    info = {"smtp_port": smtp_port, "sms_port": sms_port,
            "mail_log": mail_log, "sms_log": sms_log, "pid": os.getpid()}
    tmp = os.path.join(out_dir, "sinks.json.tmp")
    with open(tmp, "w") as f:
        json.dump(info, f)
    os.replace(tmp, os.path.join(out_dir, "sinks.json"))
    async with smtp:
        await smtp.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: sinks.py DIR")
    try:
        asyncio.run(main(sys.argv[1]))
    except KeyboardInterrupt:
        pass
