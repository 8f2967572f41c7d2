"""Self-built-app QR-code login, driven through the official Python SDK (authing==5.1.0).

Spec: §2.2 (endpoints), §3.1 (state machine, ticket exchange), §1.5 / §7 item 2 (client
authentication), §7 item 8 (unknown code → status ERROR), §3.3 (TokenSet spelling).

Actors: the *web* side (an AuthenticationClient of the application showing the code: gene,
poll, exchange) and the *app* side (the organisation's mobile app: an AuthenticationClient
whose user signed in with the SDK's own sign_in_by_email_password and then set_access_token).

Facts of the Python SDK these tests rely on (authing 5.1.0, site-packages/authing/…):
* AuthenticationClient.py:1297-1322 gene_qr_code(type, ext_idp_conn_id, custom_data, context,
  auto_merge_qr_code) → POST /api/v3/gene-qrcode; None members are dropped from the body
  (http/AuthenticationHttpClient.py:36-37).
* AuthenticationClient.py:1324-1338 check_qr_code_status(qrcode_id) → GET
  /api/v3/check-qrcode-status (the Python SDK has no get-qrcode-status / set-qrcode-status).
* AuthenticationClient.py:1408-1428 change_qr_code_status(action, qrcode_id) — note the
  argument order: action first.
* AuthenticationClient.py:1340-1406 exchange_token_set_with_qr_code_ticket(ticket, client_id=None,
  client_secret=None) sends exactly what the caller passes: unlike the sign-in wrappers
  (AuthenticationClient.py:703-704) it never fills client_id / client_secret itself, whatever
  token_endpoint_auth_method says.
* http/AuthenticationHttpClient.py:33 prefixes the host to the path, and :53-64 compares that
  full URL against a list of bare paths ("/api/v3/exchange-tokenset-with-qrcode-ticket", …), so
  the Basic branch never fires on /api/v3: in client_secret_basic mode the exchange carries no
  client credentials at all (and :64 only tests that a method is *set*, not that it is basic).
  When a user token is set, :71-72 sends it raw in `authorization` on every call, the exchange
  included.
* The SDK returns the parsed envelope of every answer and never raises on statusCode.

Expiry and the pool flags are driven through the pool's security settings
(ManagementClient.update_security_settings(qrcode_login_strategy={…}), restored afterwards):
codes and tickets of a few seconds instead of waiting 120 / 300 s.
"""
import base64
import contextlib
import json
import secrets
import time

import pytest
import requests

import authing.http.AuthenticationHttpClient as v3_http
from authing import AuthenticationClient

from helpers import api_err, err, ok, signed_in_client, sse_events as sse

POST, BASIC, NONE = "client_secret_post", "client_secret_basic", "none"
PASSWORD = "Corr3ct-horse!"


# --------------------------------------------------------------------------
# Applications and actors
# --------------------------------------------------------------------------


class App:
    def __init__(self, app_id, secret, method):
        self.app_id, self.secret, self.method = app_id, secret, method


@pytest.fixture(scope="module")
def qr_apps(env, mgmt):
    """{name: App}: the default app (client_secret_post), one app per other method, and a
    second client_secret_post app ("other") to exchange tickets it was not issued."""
    out = {POST: App(env.app_id, env.app_secret, POST)}
    created = []
    for name, method in ((BASIC, BASIC), (NONE, NONE), ("other", POST)):
        data = ok(mgmt.create_application(
            app_name="e2e-py-qr-%s-%s" % (name.replace("_", "-"), secrets.token_hex(3)),
            app_type="web",
            oidc_config={"token_endpoint_auth_method": method},
        ))
        created.append(data["appId"])
        assert data["oidcConfig"]["token_endpoint_auth_method"] == method, data
        secret = ok(mgmt.get_application_secret(app_id=data["appId"]))["secret"]
        out[name] = App(data["appId"], secret, method)
    yield out
    for app_id in created:
        mgmt.delete_application(app_id=app_id)


def web_client(env, app, method=None, secret=None):
    """The web side: an AuthenticationClient of `app` in `method` (default: the app's own)."""
    method = method or app.method
    return AuthenticationClient(
        app_id=app.app_id,
        app_host=env.url,
        app_secret=secret if secret is not None else (None if method == NONE else app.secret),
        token_endpoint_auth_method=method,
    )


def app_side(env, user):
    """The organisation's mobile app: signs `user` in with the SDK (default app), keeps the token."""
    return signed_in_client(env, user["email"], PASSWORD)


@pytest.fixture
def phone_user(make_user, ids):
    """A user with a nickname and a photo (what briefUserInfo shows)."""
    tag = ids.tag()
    return make_user(username=ids.username(tag), email=ids.email(tag), password=PASSWORD,
                     nickname="QR %s" % tag, photo="https://example.com/%s.png" % tag)


@pytest.fixture
def phone(env, phone_user):
    return app_side(env, phone_user)


@pytest.fixture
def web(env, qr_apps):
    return web_client(env, qr_apps[POST])


def gene(web):
    data = ok(web.gene_qr_code(type="MOBILE_APP"))
    return data["qrcodeId"]


def status(web, qrcode_id):
    return ok(web.check_qr_code_status(qrcode_id))


def authorized_ticket(web, phone):
    """A fresh code of `web`'s app, scanned and confirmed by `phone`; returns its ticket."""
    qid = gene(web)
    assert ok(phone.change_qr_code_status("SCAN", qid)) is None
    assert ok(phone.change_qr_code_status("CONFIRM", qid)) is None
    st = status(web, qid)
    assert st["status"] == "AUTHORIZED" and isinstance(st.get("ticket"), str) and st["ticket"], st
    return st["ticket"]


def jwt_claims(token):
    seg = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def assert_token_set(data, app_id, user_id):
    assert isinstance(data, dict), data
    for k in ("access_token", "id_token", "token_type", "scope"):
        assert isinstance(data.get(k), str) and data[k], (k, data)
    assert data["token_type"].lower() == "bearer", data
    assert type(data.get("expire_in")) is int and data["expire_in"] > 0, data
    assert data.get("expires_in") == data["expire_in"], data
    assert "openid" in data["scope"].split(), data
    for tok in (data["access_token"], data["id_token"]):
        c = jwt_claims(tok)
        assert c["sub"] == user_id and c["aud"] == app_id, c
    return data


class Wire:
    """Records what the V3 HTTP client of the SDK puts on the wire."""

    def __init__(self, monkeypatch):
        self.sent = []
        real = v3_http.requests.request

        def spy(method, url, headers=None, json=None, **kw):
            self.sent.append({"url": url, "headers": {k.lower(): v for k, v in (headers or {}).items()},
                              "json": json})
            return real(method=method, url=url, headers=headers, json=json, **kw)

        monkeypatch.setattr(v3_http.requests, "request", spy)

    def last(self, path):
        hits = [r for r in self.sent if r["url"].endswith(path)]
        assert hits, "no request to %s: %r" % (path, self.sent)
        return hits[-1]


# --------------------------------------------------------------------------
# Creating a code; the image
# --------------------------------------------------------------------------


def test_gene_qr_code_and_its_image(env, web):
    data = ok(web.gene_qr_code(type="MOBILE_APP"))
    qid = data["qrcodeId"]
    assert isinstance(qid, str) and len(qid) >= 32, data  # ≥ 128 bits, hex
    assert data["url"] == "%s/api/v3/qrcode-image/%s.png" % (env.url, qid), data
    assert status(web, qid) == {"status": "PENDING"}

    png = requests.get(data["url"], timeout=10)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png", png.headers
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n"), png.content[:16]
    svg = requests.get(data["url"][:-4] + ".svg", timeout=10)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml"), svg.headers
    assert b"<svg" in svg.content[:400], svg.content[:400]
    # the image of an unknown code is an envelope error
    r = requests.get("%s/api/v3/qrcode-image/%s.png" % (env.url, secrets.token_hex(16)), timeout=10)
    err(r.json(), 404)


def test_two_codes_differ(web):
    assert gene(web) != gene(web)


@pytest.mark.parametrize("kind", ["WECHAT_MINIPROGRAM", "WECHAT_OFFICIAL_ACCOUNT"])
def test_wechat_types_are_501(web, kind):
    api_err(web.gene_qr_code(type=kind), 501, 50100)


def test_bad_gene_input_is_400(web):
    err(web.gene_qr_code(type="NO_SUCH_TYPE"), 400)
    err(web.gene_qr_code(type="MOBILE_APP", custom_data="not an object"), 400)


def test_unknown_code_polls_as_error(web):
    assert status(web, secrets.token_hex(16)) == {"status": "ERROR"}


# --------------------------------------------------------------------------
# The whole flow
# --------------------------------------------------------------------------


def test_scan_confirm_exchange(env, web, phone, phone_user, mgmt, qr_apps, ids):
    marker = ids.tag()
    qid = ok(web.gene_qr_code(type="MOBILE_APP",
                              custom_data={"qrSource": marker, "kiosk": 7}))["qrcodeId"]
    assert status(web, qid) == {"status": "PENDING"}

    resp = phone.change_qr_code_status("SCAN", qid)
    assert ok(resp) is None, "change-qrcode-status answers an envelope without data: %r" % resp
    st = status(web, qid)
    assert st == {"status": "SCANNED",
                  "briefUserInfo": {"displayName": phone_user["nickname"],
                                    "photo": phone_user["photo"]}}, st
    # nothing is merged before CONFIRM
    before = ok(mgmt.get_user(user_id=phone_user["userId"], with_custom_data=True))
    assert "qrSource" not in (before.get("customData") or {}), before

    assert ok(phone.change_qr_code_status("CONFIRM", qid)) is None
    st = status(web, qid)
    assert st["status"] == "AUTHORIZED", st
    assert st["briefUserInfo"]["displayName"] == phone_user["nickname"], st
    assert isinstance(st.get("ticket"), str) and len(st["ticket"]) >= 32, st
    assert not st.get("tokenSet"), "the poll hands out a ticket, not tokens (pool default): %r" % st

    # the code's customData was merged into the user's custom data on CONFIRM
    after = ok(mgmt.get_user(user_id=phone_user["userId"], with_custom_data=True))
    assert after["customData"].get("qrSource") == marker, after
    assert after["customData"].get("kiosk") == 7, after

    app = qr_apps[POST]
    data = ok(web.exchange_token_set_with_qr_code_ticket(st["ticket"], client_id=app.app_id,
                                                         client_secret=app.secret))
    assert_token_set(data, app.app_id, phone_user["userId"])
    # the tokens work on the user endpoints
    me = web_client(env, app)
    me.set_access_token(data["access_token"])
    assert ok(me.get_profile())["userId"] == phone_user["userId"]

    # a ticket is single-use
    api_err(web.exchange_token_set_with_qr_code_ticket(st["ticket"], client_id=app.app_id,
                                                       client_secret=app.secret), 409, 40921)


def test_cancel(web, phone, phone_user):
    qid = gene(web)
    ok(phone.change_qr_code_status("SCAN", qid))
    assert ok(phone.change_qr_code_status("CANCEL", qid)) is None
    st = status(web, qid)
    assert st["status"] == "CANCELLED", st
    assert st.get("briefUserInfo", {}).get("displayName") == phone_user["nickname"], st
    assert not st.get("ticket") and not st.get("tokenSet"), st
    # finished: nothing more is possible
    for action in ("SCAN", "CONFIRM", "CANCEL"):
        err(phone.change_qr_code_status(action, qid), 409)
    assert status(web, qid)["status"] == "CANCELLED"


def test_displayname_falls_back_to_username(env, web, make_user, ids):
    tag = ids.tag()
    user = make_user(username=ids.username(tag), email=ids.email(tag), password=PASSWORD)
    qid = gene(web)
    ok(app_side(env, user).change_qr_code_status("SCAN", qid))
    info = status(web, qid)["briefUserInfo"]
    assert info["displayName"] == user["username"], info
    assert isinstance(info["photo"], str), info


# --------------------------------------------------------------------------
# Ticket exchange in each client-authentication mode the Python SDK supports
# --------------------------------------------------------------------------


def test_exchange_client_secret_post(env, qr_apps, phone, phone_user, monkeypatch):
    app = qr_apps[POST]
    web = web_client(env, app)
    ticket = authorized_ticket(web, phone)
    wire = Wire(monkeypatch)
    data = ok(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=app.app_id,
                                                         client_secret=app.secret))
    assert_token_set(data, app.app_id, phone_user["userId"])
    req = wire.last("/api/v3/exchange-tokenset-with-qrcode-ticket")
    assert "authorization" not in req["headers"], req
    assert req["json"] == {"ticket": ticket, "client_id": app.app_id, "client_secret": app.secret}, req


def test_exchange_none(env, qr_apps, phone, phone_user, monkeypatch):
    app = qr_apps[NONE]
    web = web_client(env, app)
    ticket = authorized_ticket(web, phone)
    wire = Wire(monkeypatch)
    data = ok(web.exchange_token_set_with_qr_code_ticket(ticket))
    assert_token_set(data, app.app_id, phone_user["userId"])
    req = wire.last("/api/v3/exchange-tokenset-with-qrcode-ticket")
    assert "authorization" not in req["headers"] and req["json"] == {"ticket": ticket}, req
    assert req["headers"]["x-authing-app-id"] == app.app_id, req


def test_exchange_basic_mode_sends_nothing_and_is_refused(env, qr_apps, phone, phone_user,
                                                          monkeypatch):
    """§7 item 2: in client_secret_basic mode the Python SDK sends neither Basic nor body
    credentials to /api/v3/exchange-tokenset-with-qrcode-ticket (full-URL comparison,
    AuthenticationHttpClient.py:33/:64), so a confidential app's exchange is refused with
    401/40110; the refusal does not use the ticket up."""
    for name in (BASIC, POST):
        app = qr_apps[name]
        web = web_client(env, app, method=BASIC)
        ticket = authorized_ticket(web, phone)
        wire = Wire(monkeypatch)
        api_err(web.exchange_token_set_with_qr_code_ticket(ticket), 401, 40110)
        req = wire.last("/api/v3/exchange-tokenset-with-qrcode-ticket")
        assert "authorization" not in req["headers"], req
        assert req["json"] == {"ticket": ticket}, req
        # Any valid credential form is accepted whatever the configured method: the same
        # ticket, now with body credentials, still works (the refusal did not consume it).
        data = ok(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=app.app_id,
                                                             client_secret=app.secret))
        assert_token_set(data, app.app_id, phone_user["userId"])


def test_exchange_basic_header_by_hand(env, qr_apps, phone, phone_user):
    """What the SDK should have sent in basic mode (and Node does): the Basic header works."""
    app = qr_apps[BASIC]
    web = web_client(env, app)
    ticket = authorized_ticket(web, phone)
    r = requests.post(env.url + "/api/v3/exchange-tokenset-with-qrcode-ticket",
                      json={"ticket": ticket}, auth=(app.app_id, app.secret),
                      headers={"x-authing-app-id": app.app_id}, timeout=10)
    assert r.status_code == 200, r.text
    assert_token_set(ok(r.json()), app.app_id, phone_user["userId"])


def test_confidential_app_without_credentials_is_401(env, qr_apps, phone):
    for name in (POST, BASIC):
        app = qr_apps[name]
        web = web_client(env, app, method=NONE)
        ticket = authorized_ticket(web, phone)
        api_err(web.exchange_token_set_with_qr_code_ticket(ticket), 401, 40110)
        # client_id alone is no credential either
        api_err(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=app.app_id), 401, 40110)


def test_wrong_secret_is_401_40110(env, qr_apps, phone, phone_user):
    for name in (POST, BASIC, NONE):
        app = qr_apps[name]
        web = web_client(env, app)
        ticket = authorized_ticket(web, phone)
        api_err(web.exchange_token_set_with_qr_code_ticket(
            ticket, client_id=app.app_id, client_secret=(app.secret or "") + "x"), 401, 40110)
    # the last ticket (public app) is still good
    ok(web.exchange_token_set_with_qr_code_ticket(ticket))


def test_a_user_token_on_the_web_client_is_ignored(env, qr_apps, phone, phone_user, monkeypatch):
    """§1.4: once a token is set the SDK sends it raw in `authorization` on every call, the
    exchange included; it is not client authentication and must be ignored."""
    app = qr_apps[NONE]
    web = web_client(env, app)
    web.set_access_token(phone.access_token)
    ticket = authorized_ticket(web, phone)
    wire = Wire(monkeypatch)
    data = ok(web.exchange_token_set_with_qr_code_ticket(ticket))
    assert_token_set(data, app.app_id, phone_user["userId"])
    assert wire.last("/api/v3/exchange-tokenset-with-qrcode-ticket")["headers"]["authorization"] \
        == phone.access_token
    # and with body credentials on a confidential app
    app = qr_apps[POST]
    web = web_client(env, app)
    web.set_access_token(phone.access_token)
    ticket = authorized_ticket(web, phone)
    ok(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=app.app_id, client_secret=app.secret))


def test_exchange_errors(env, qr_apps, phone):
    post, other = qr_apps[POST], qr_apps["other"]
    web = web_client(env, post)
    # unknown ticket
    api_err(web.exchange_token_set_with_qr_code_ticket(
        secrets.token_urlsafe(32), client_id=post.app_id, client_secret=post.secret), 404, 40421)
    # missing ticket
    err(web.exchange_token_set_with_qr_code_ticket("", client_id=post.app_id,
                                                   client_secret=post.secret), 400)
    # a ticket of another application, exchanged with that other app's valid credentials
    ticket = authorized_ticket(web, phone)
    other_web = web_client(env, other)
    api_err(other_web.exchange_token_set_with_qr_code_ticket(
        ticket, client_id=other.app_id, client_secret=other.secret), 403, 40321)
    # ... and the rightful app can still exchange it
    ok(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=post.app_id,
                                                  client_secret=post.secret))
    # used
    api_err(web.exchange_token_set_with_qr_code_ticket(
        ticket, client_id=post.app_id, client_secret=post.secret), 409, 40921)


# --------------------------------------------------------------------------
# App-side misuse
# --------------------------------------------------------------------------


def test_app_side_without_or_with_a_bad_token_is_401_2020(env, web):
    qid = gene(web)
    anonymous = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
    api_err(anonymous.change_qr_code_status("SCAN", qid), 401, 2020)
    for bad in ("garbage", "a.b.c", "Basic " + base64.b64encode(b"x:y").decode()):
        anonymous.set_access_token(bad)
        api_err(anonymous.change_qr_code_status("SCAN", qid), 401, 2020)
    assert status(web, qid) == {"status": "PENDING"}


def test_app_side_with_a_revoked_token_is_401(env, web, phone_user):
    c = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
    tokens = ok(c.sign_in_by_email_password(phone_user["email"], PASSWORD))
    assert c.revoke_token(tokens["access_token"]) is True
    c.set_access_token(tokens["access_token"])
    api_err(c.change_qr_code_status("SCAN", gene(web)), 401, 2020)


def test_app_side_accepts_the_bearer_form(env, web, phone):
    qid = gene(web)
    phone.set_access_token("Bearer " + phone.access_token)
    ok(phone.change_qr_code_status("SCAN", qid))
    assert status(web, qid)["status"] == "SCANNED"


def test_confirm_or_cancel_before_scan_is_400(web, phone):
    qid = gene(web)
    err(phone.change_qr_code_status("CONFIRM", qid), 400)
    err(phone.change_qr_code_status("CANCEL", qid), 400)
    assert status(web, qid) == {"status": "PENDING"}


def test_another_user_is_403_and_a_second_scan_409(env, web, phone, make_user, ids):
    tag = ids.tag()
    intruder = app_side(env, make_user(username=ids.username(tag), email=ids.email(tag),
                                       password=PASSWORD))
    qid = gene(web)
    ok(phone.change_qr_code_status("SCAN", qid))
    err(intruder.change_qr_code_status("CONFIRM", qid), 403)
    err(intruder.change_qr_code_status("CANCEL", qid), 403)
    err(intruder.change_qr_code_status("SCAN", qid), 409)
    err(phone.change_qr_code_status("SCAN", qid), 409)  # the same user cannot scan twice
    assert status(web, qid)["status"] == "SCANNED"
    ok(phone.change_qr_code_status("CONFIRM", qid))
    # finished, for everyone
    for who in (phone, intruder):
        for action in ("SCAN", "CONFIRM", "CANCEL"):
            err(who.change_qr_code_status(action, qid), 409)
    assert status(web, qid)["status"] == "AUTHORIZED"


def test_unknown_code_is_404(phone):
    for action in ("SCAN", "CONFIRM", "CANCEL"):
        err(phone.change_qr_code_status(action, secrets.token_hex(16)), 404)


def test_bad_action_is_400(web, phone):
    qid = gene(web)
    err(phone.change_qr_code_status("APPROVE", qid), 400)
    assert status(web, qid) == {"status": "PENDING"}


def test_empty_qrcode_id_is_400(web, phone):
    err(web.check_qr_code_status(""), 400)
    err(phone.change_qr_code_status("SCAN", ""), 400)


# --------------------------------------------------------------------------
# Server-Sent Events (beyond GenAuth)
# --------------------------------------------------------------------------


def test_status_stream_follows_the_code_and_closes(env, web, phone, phone_user):
    qid = gene(web)
    with requests.get(env.url + "/api/v3/qrcode-status-stream", params={"qrcodeId": qid},
                      stream=True, timeout=10) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream"), r.headers
        events = sse(r)
        assert next(events) == ("status", {"status": "PENDING"})
        ok(phone.change_qr_code_status("SCAN", qid))
        ev, data = next(events)
        assert ev == "status" and data["status"] == "SCANNED", data
        assert data["briefUserInfo"]["displayName"] == phone_user["nickname"], data
        ok(phone.change_qr_code_status("CONFIRM", qid))
        ev, data = next(events)
        assert ev == "status" and data["status"] == "AUTHORIZED" and data.get("ticket"), data
        assert data["ticket"] == status(web, qid)["ticket"]
        # a final state closes the stream
        assert list(events) == []


def test_status_stream_of_cancelled_and_unknown_codes(env, web, phone):
    qid = gene(web)
    ok(phone.change_qr_code_status("SCAN", qid))
    ok(phone.change_qr_code_status("CANCEL", qid))
    with requests.get(env.url + "/api/v3/qrcode-status-stream", params={"qrcodeId": qid},
                      stream=True, timeout=10) as r:
        got = list(sse(r))
    assert [(e, d["status"]) for e, d in got] == [("status", "CANCELLED")], got
    with requests.get(env.url + "/api/v3/qrcode-status-stream",
                      params={"qrcodeId": secrets.token_hex(16)}, stream=True, timeout=10) as r:
        assert list(sse(r)) == [("status", {"status": "ERROR"})]
    r = requests.get(env.url + "/api/v3/qrcode-status-stream", timeout=10)
    err(r.json(), 400)


# --------------------------------------------------------------------------
# Pool settings: expiry and the two flags (update-security-settings, qrcodeLoginStrategy)
# --------------------------------------------------------------------------

STRATEGY_KEYS = ("qrcodeExpiresIn", "ticketExpiresIn", "returnFullUserInfo",
                 "allowExchangeUserInfoFromBrowser")


@contextlib.contextmanager
def qr_strategy(mgmt, **fields):
    """Sets qrcodeLoginStrategy fields of the pool for the duration of the block (codes and
    tickets keep the validity they were created with, so blocks stay short)."""
    before = ok(mgmt.get_security_settings())["qrcodeLoginStrategy"]
    assert before["qrcodeExpiresInUnit"] == "Second", before
    now = ok(mgmt.update_security_settings(qrcode_login_strategy=fields))["qrcodeLoginStrategy"]
    for k, v in fields.items():
        assert now[k] == v, now
    try:
        yield
    finally:
        ok(mgmt.update_security_settings(
            qrcode_login_strategy={k: before[k] for k in STRATEGY_KEYS}))


def test_default_strategy(mgmt):
    got = ok(mgmt.get_security_settings())["qrcodeLoginStrategy"]
    assert {k: got[k] for k in STRATEGY_KEYS} == {
        "qrcodeExpiresIn": 120, "ticketExpiresIn": 300, "returnFullUserInfo": False,
        "allowExchangeUserInfoFromBrowser": False}, got


def wait_until(deadline):
    time.sleep(max(0.0, deadline - time.monotonic()))


def test_codes_and_tickets_expire(env, web, phone, mgmt, qr_apps):
    post = qr_apps[POST]
    with qr_strategy(mgmt, qrcodeExpiresIn=2, ticketExpiresIn=2):
        born = time.monotonic()
        pending, scanned = gene(web), gene(web)
        ok(phone.change_qr_code_status("SCAN", scanned))
        ticket = authorized_ticket(web, phone)
    assert status(web, pending) == {"status": "PENDING"}
    # the stream re-checks every second and reports the expiry, then closes
    with requests.get(env.url + "/api/v3/qrcode-status-stream", params={"qrcodeId": pending},
                      stream=True, timeout=15) as r:
        got = [d["status"] for _, d in sse(r)]
    assert got == ["PENDING", "EXPIRED"], got
    wait_until(born + 2.5)
    assert status(web, pending) == {"status": "EXPIRED"}
    assert status(web, scanned) == {"status": "EXPIRED"}  # no briefUserInfo once expired
    err(phone.change_qr_code_status("SCAN", pending), 400)
    err(phone.change_qr_code_status("CONFIRM", scanned), 400)
    err(phone.change_qr_code_status("CANCEL", scanned), 400)
    api_err(web.exchange_token_set_with_qr_code_ticket(ticket, client_id=post.app_id,
                                                       client_secret=post.secret), 400, 40021)
    # codes made after the block have the pool's validity again
    assert status(web, gene(web)) == {"status": "PENDING"}


def test_return_full_user_info(env, web, phone, phone_user, mgmt, qr_apps):
    """returnFullUserInfo (read by its name, spec §7 item 7): the poll carries the TokenSet
    and no ticket."""
    with qr_strategy(mgmt, returnFullUserInfo=True):
        qid = gene(web)
        ok(phone.change_qr_code_status("SCAN", qid))
        ok(phone.change_qr_code_status("CONFIRM", qid))
    st = status(web, qid)
    assert st["status"] == "AUTHORIZED" and not st.get("ticket"), st
    assert_token_set(st.get("tokenSet"), qr_apps[POST].app_id, phone_user["userId"])


def test_allow_exchange_user_info_from_browser(env, phone, phone_user, mgmt, qr_apps):
    """allowExchangeUserInfoFromBrowser (read by its name): a confidential app may exchange
    without its secret — the Python SDK in basic mode (which sends nothing) then works; a
    wrong secret is still refused."""
    app = qr_apps[BASIC]
    web = web_client(env, app)
    t1, t2 = authorized_ticket(web, phone), authorized_ticket(web, phone)
    with qr_strategy(mgmt, allowExchangeUserInfoFromBrowser=True):
        api_err(web.exchange_token_set_with_qr_code_ticket(
            t1, client_id=app.app_id, client_secret="wrong-secret"), 401, 40110)
        data = ok(web.exchange_token_set_with_qr_code_ticket(t1))
        assert_token_set(data, app.app_id, phone_user["userId"])
    api_err(web.exchange_token_set_with_qr_code_ticket(t2), 401, 40110)


def test_strategy_ranges_are_checked(mgmt):
    before = ok(mgmt.get_security_settings())["qrcodeLoginStrategy"]
    for bad in ({"qrcodeExpiresIn": 0}, {"ticketExpiresIn": 3601}, {"qrcodeExpiresIn": "soon"}):
        err(mgmt.update_security_settings(qrcode_login_strategy=bad), 400)
    assert ok(mgmt.get_security_settings())["qrcodeLoginStrategy"] == before
