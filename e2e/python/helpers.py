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


# --------------------------------------------------------------------------
# The hosted login page driven over HTTP: a browser without JavaScript that
# follows authgate's redirects itself and stops at the first one leaving the
# server (the relying party's callback), so no callback server is needed.
# --------------------------------------------------------------------------
import html as _html
from urllib.parse import parse_qsl as _parse_qsl
from urllib.parse import urljoin as _urljoin
from urllib.parse import urlsplit as _urlsplit


def query_of(url):
    """The query (or, failing that, fragment) parameters of `url` as a dict."""
    parts = _urlsplit(url)
    return dict(_parse_qsl(parts.query or parts.fragment, keep_blank_values=True))


def form_fields(page, action):
    """The hidden inputs of the form of `page` (HTML) that posts to `action`."""
    m = _re.search(r'<form[^>]*action="%s"[^>]*>(.*?)</form>' % _re.escape(action), page, _re.S)
    assert m, "no form posting to %s in the page:\n%s" % (action, page[:2000])
    fields = {}
    for tag in _re.findall(r"<input[^>]*>", m.group(1)):
        if 'type="hidden"' not in tag:
            continue
        name = _re.search(r'name="([^"]*)"', tag)
        value = _re.search(r'value="([^"]*)"', tag)
        if name:
            fields[_html.unescape(name.group(1))] = _html.unescape(value.group(1) if value else "")
    return fields


class Stop:
    """Where a walk ended: `url` when a redirect left authgate, else the `page` it showed."""

    def __init__(self, url=None, page=None):
        self.url, self.page = url, page

    def __repr__(self):
        if self.url:
            return "Stop(url=%r)" % self.url
        return "Stop(page=%s %r)" % (self.page.status_code, self.page.text[:300])


class Browser:
    """One browser (one cookie jar) on the hosted pages of authgate at `base`."""

    def __init__(self, base):
        import requests

        self.base = base.rstrip("/")
        self.http = requests.Session()

    def _inside(self, url):
        return url == self.base or url.startswith(self.base + "/")

    def walk(self, url, max_hops=12):
        """GETs `url`, following redirects while they stay on authgate."""
        for _ in range(max_hops):
            resp = self.http.get(url, allow_redirects=False, timeout=10)
            if resp.status_code not in (301, 302, 303, 307, 308):
                return Stop(page=resp)
            url = _urljoin(url, resp.headers["location"])
            if not self._inside(url):
                return Stop(url=url)
        raise AssertionError("more than %d redirects, last %s" % (max_hops, url))

    def sign_in(self, page, account, password):
        """Posts the password form of the login page `page` (a response); returns the walk
        that follows the page's 303 to `next`."""
        assert page.status_code == 200 and "/login/password" in page.text, (
            "expected the hosted login page, got %s %r" % (page.status_code, page.text[:500]))
        fields = form_fields(page.text, "/login/password")
        assert fields.get("csrf") and self.http.cookies.get("authgate_login_csrf"), fields
        fields.update(account=account, password=password)
        resp = self.http.post(self.base + "/login/password", data=fields,
                              allow_redirects=False, timeout=10)
        assert resp.status_code == 303, "sign-in refused: %s %r" % (resp.status_code, resp.text[:500])
        assert self.http.cookies.get("authgate_session"), "no SSO cookie after sign-in"
        return self.walk(_urljoin(self.base + "/login/password", resp.headers["location"]))

    def authorize(self, url, account=None, password=None):
        """Opens `url` (an authorization or CAS login URL); signs in on the login page when one
        is shown (and `account` given); returns the URL the browser was sent back to."""
        stop = self.walk(url)
        if stop.page is not None and account is not None:
            stop = self.sign_in(stop.page, account, password)
        assert stop.url, "expected a redirect back to the application, got %r" % (stop,)
        return stop.url


def create_app(mgmt, created, **fields):
    """Creates an application through the official ManagementClient (`create-application`),
    records its id in `created` (for teardown) and returns (app_id, secret)."""
    import secrets as _secrets

    fields.setdefault("app_name", "e2e-" + _secrets.token_hex(4))
    fields.setdefault("app_type", "web")
    data = ok(mgmt.create_application(**fields))
    created.append(data["appId"])
    secret = ok(mgmt.get_application_secret(app_id=data["appId"]))["secret"]
    return data["appId"], secret
