"""Envelope assertions shared by the e2e tests (GenAuth envelope, spec §1.7)."""


def ok(resp):
    """Assert a success envelope ({statusCode: 200, data}) and return its data."""
    assert isinstance(resp, dict), "expected a JSON envelope, got %r" % (resp,)
    assert resp.get("statusCode") == 200, "expected statusCode 200, got %r" % (resp,)
    return resp.get("data")


def err(resp, status):
    """Assert an error envelope carrying `status` and a non-empty message."""
    assert isinstance(resp, dict), "expected a JSON envelope, got %r" % (resp,)
    assert resp.get("statusCode") == status, "expected statusCode %s, got %r" % (status, resp)
    assert isinstance(resp.get("message"), str) and resp["message"], (
        "error envelope needs a non-empty message: %r" % (resp,)
    )
    return resp


def api_err(resp, status, api_code=None):
    """Like err(), and also checks apiCode when given."""
    err(resp, status)
    if api_code is not None:
        assert resp.get("apiCode") == api_code, "expected apiCode %s, got %r" % (api_code, resp)
    return resp


# --------------------------------------------------------------------------
# Delivery sinks (e2e/support/sinks.py): JSONL files the server's SMTP / SMS
# webhook deliveries end up in. Reading them is a state check, bounded to 10 s.
# --------------------------------------------------------------------------
import json as _json
import re as _re
import time as _time


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                out.append(_json.loads(line))
            except ValueError:
                pass  # a line still being written
    return out


def wait_record(path, match, after, timeout=10.0, what="message"):
    """The newest record past index `after` for which match(record) holds."""
    deadline = _time.monotonic() + timeout
    while True:
        hits = [r for r in read_jsonl(path)[after:] if match(r)]
        if hits:
            return hits[-1]
        if _time.monotonic() > deadline:
            raise AssertionError("no %s arrived in %s within %.0fs" % (what, path, timeout))
        _time.sleep(0.05)


class Sinks:
    def __init__(self, mail_log, sms_log):
        self.mail_log = mail_log
        self.sms_log = sms_log

    def email_code(self, address, send):
        """Runs send() (which must ask authgate to email `address`) and returns the code."""
        mark = len(read_jsonl(self.mail_log))
        send()
        rec = wait_record(
            self.mail_log,
            lambda r: not r.get("rejected") and any(t.lower() == address.lower() for t in r.get("to", [])),
            mark,
            what="email to %s" % address,
        )
        assert rec.get("code") and _re.fullmatch(r"\d{6}", rec["code"]), rec
        return rec["code"]

    def sms_code(self, phone, send):
        """Runs send() (which must ask authgate to text `phone`) and returns the webhook record."""
        mark = len(read_jsonl(self.sms_log))
        send()
        rec = wait_record(
            self.sms_log, lambda r: r.get("phone") == phone and not r.get("status"), mark,
            what="SMS webhook call for %s" % phone,
        )
        assert isinstance(rec.get("code"), str) and _re.fullmatch(r"\d{6}", rec["code"]), rec
        return rec


# --------------------------------------------------------------------------
# Server-Sent Events (authgate's status streams, beyond GenAuth)
# --------------------------------------------------------------------------


def sse_events(resp):
    """(event, data) pairs of a `requests` text/event-stream response (opened with
    stream=True), data parsed as JSON, until the server closes the stream."""
    event, data = None, []
    for line in resp.iter_lines(chunk_size=None, decode_unicode=True):
        if line == "":
            if data:
                yield event, _json.loads("\n".join(data))
            event, data = None, []
        elif line.startswith(":"):
            continue  # comment / keep-alive
        else:
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)


def signed_in_client(env, email, password):
    """An official-SDK AuthenticationClient of the default app, signed in as `email` and keeping
    the token (what the organisation's mobile app does before scanning or answering pushes)."""
    from authing import AuthenticationClient

    c = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
    tokens = ok(c.sign_in_by_email_password(email, password))
    c.set_access_token(tokens["access_token"])
    return c
