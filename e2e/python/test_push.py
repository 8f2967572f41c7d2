"""Push login, driven through the official Python SDK (authing==5.1.0).

Spec: §2.3 (endpoints), §3.2 (state machine), §7 item 8 (unknown code → status ERROR), §7 item 9
(authgate hands the TokenSet out ONCE: the first poll after AUTHORIZED), §3.3 (TokenSet and
`expireTime` spelling).

Push target in authgate: a user can be pushed to while they have an active session in an
application of their pool (their "device" is the organisation's app, signed in with the SDK's
sign_in_by_email_password); otherwise signin-by-push answers sign-in's ambiguous 403/2333
(like an unknown account; 400/40023 only in pools that reveal account existence).

Facts of the Python SDK these tests rely on (authing 5.1.0, site-packages/authing/…):
* AuthenticationClient.py:1430-1446 sign_in_by_push(account, options=None) → POST
  /api/v3/signin-by-push {account, options}; no client credentials are sent (none needed: the
  app comes from x-authing-app-id, http/AuthenticationHttpClient.py:41).
* AuthenticationClient.py:1448-1462 check_push_code_status(push_code_id) → GET
  /api/v3/check-pushcode-status?pushCodeId=.
* AuthenticationClient.py:1464-1484 change_push_code_status(action, push_code_id) → POST
  /api/v3/change-pushcode-status (action first; the SDK has no set-pushcode-status).
* AuthenticationClient.py:2480-2496 get_push_login_relation_apps(app_id, push_code_id).

Expiry (120 s) needs real waiting: that test runs only with E2E_SLOW=1.
"""
import base64
import json
import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from authing import AuthenticationClient

from helpers import api_err, err, ok, signed_in_client, sse_events

PASSWORD = "Corr3ct-horse!"
SLOW = os.environ.get("E2E_SLOW") == "1"
PUSH_VALIDITY_SECS = 120


def jwt_claims(token):
    seg = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def assert_token_set(data, app_id, user_id, scope="openid profile"):
    assert isinstance(data, dict), data
    for k in ("access_token", "id_token", "token_type", "scope"):
        assert isinstance(data.get(k), str) and data[k], (k, data)
    assert data["token_type"].lower() == "bearer", data
    assert type(data.get("expire_in")) is int and data["expire_in"] > 0, data
    assert data.get("expires_in") == data["expire_in"], data
    assert set(scope.split()) <= set(data["scope"].split()), data
    for tok in (data["access_token"], data["id_token"]):
        c = jwt_claims(tok)
        assert c["sub"] == user_id and c["aud"] == app_id, c
    return data


@pytest.fixture(scope="module")
def public_app(mgmt):
    """A second application (public client) of the pool, to push from."""
    data = ok(mgmt.create_application(
        app_name="e2e-py-push-none-%s" % secrets.token_hex(3), app_type="web",
        oidc_config={"token_endpoint_auth_method": "none"}))
    yield data["appId"]
    mgmt.delete_application(app_id=data["appId"])


@pytest.fixture
def web(env):
    """The web side: an AuthenticationClient of the default application."""
    return AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)


def device(env, user):
    """The user's signed-in device (this sign-in makes the user reachable by pushes)."""
    return signed_in_client(env, user["email"], PASSWORD)


@pytest.fixture
def target(make_user, ids):
    tag = ids.tag()
    return make_user(username=ids.username(tag), email=ids.email(tag), phone=ids.phone(),
                     password=PASSWORD)


@pytest.fixture
def phone(env, target):
    return device(env, target)


def push(web, target, **kw):
    data = ok(web.sign_in_by_push(target["username"], **kw))
    assert isinstance(data["pushCodeId"], str) and len(data["pushCodeId"]) >= 32, data
    assert data["expireTime"] == PUSH_VALIDITY_SECS and type(data["expireTime"]) is int, data
    return data["pushCodeId"]


def poll(web, pid):
    return ok(web.check_push_code_status(pid))


# --------------------------------------------------------------------------
# The flow, tokens once
# --------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["username", "email", "phone"])
def test_push_confirm_hands_the_tokens_out_once(env, web, target, phone, by):
    data = ok(web.sign_in_by_push(target[by]))
    pid = data["pushCodeId"]
    assert data["expireTime"] == PUSH_VALIDITY_SECS, data
    assert poll(web, pid) == {"status": "PUSHED"}
    assert poll(web, pid) == {"status": "PUSHED"}

    resp = phone.change_push_code_status("CONFIRM", pid)
    assert ok(resp) is None, "change-pushcode-status answers an envelope without data: %r" % resp

    first = poll(web, pid)
    assert first["status"] == "AUTHORIZED", first
    tokens = assert_token_set(first.get("tokenSet"), env.app_id, target["userId"])
    # handed out once: later polls say AUTHORIZED without tokens
    for _ in range(2):
        assert poll(web, pid) == {"status": "AUTHORIZED"}
    # the tokens are real
    me = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
    me.set_access_token(tokens["access_token"])
    assert ok(me.get_profile())["userId"] == target["userId"]
    # finished
    for action in ("CONFIRM", "CANCEL"):
        api_err(phone.change_push_code_status(action, pid), 409, 40922)


def test_concurrent_polls_get_the_tokens_exactly_once(web, target, phone):
    pid = push(web, target)
    ok(phone.change_push_code_status("CONFIRM", pid))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: poll(web, pid), range(8)))
    assert all(a["status"] == "AUTHORIZED" for a in answers), answers
    assert sum(1 for a in answers if a.get("tokenSet")) == 1, answers


def test_cancel(web, target, phone):
    pid = push(web, target)
    ok(phone.change_push_code_status("CANCEL", pid))
    assert poll(web, pid) == {"status": "CANCELLED"}
    api_err(phone.change_push_code_status("CONFIRM", pid), 409, 40922)
    api_err(phone.change_push_code_status("CANCEL", pid), 409, 40922)
    assert poll(web, pid) == {"status": "CANCELLED"}


def test_push_from_another_app_scope_and_custom_data(env, public_app, target, phone, mgmt, ids):
    web = AuthenticationClient(app_id=public_app, app_host=env.url, token_endpoint_auth_method="none")
    marker = ids.tag()
    pid = push(web, target, options={"scope": "openid profile email", "customData": {"pushMark": marker}})
    # the device learns which app asked
    assert ok(phone.get_push_login_relation_apps(public_app, pid)) == {"appIds": [public_app]}
    ok(phone.change_push_code_status("CONFIRM", pid))
    st = poll(web, pid)
    tokens = assert_token_set(st["tokenSet"], public_app, target["userId"],
                              scope="openid profile email")
    assert jwt_claims(tokens["id_token"]).get("email") == target["email"]
    user = ok(mgmt.get_user(user_id=target["userId"], with_custom_data=True))
    assert user["customData"].get("pushMark") == marker, user


# --------------------------------------------------------------------------
# Misuse
# --------------------------------------------------------------------------


def test_unknown_or_disabled_account_is_403_2333(env, web, ids, make_user, mgmt):
    api_err(web.sign_in_by_push(ids.username()), 403, 2333)
    api_err(web.sign_in_by_push(ids.email()), 403, 2333)
    tag = ids.tag()
    user = make_user(username=ids.username(tag), email=ids.email(tag), password=PASSWORD)
    device(env, user)
    ok(mgmt.update_user(user_id=user["userId"], status="Suspended"))
    api_err(web.sign_in_by_push(user["username"]), 403, 2333)


def test_a_user_without_a_session_cannot_be_pushed_to(web, make_user, ids):
    tag = ids.tag()
    user = make_user(username=ids.username(tag), email=ids.email(tag), password=PASSWORD)
    # Indistinguishable from an unknown account (the pool does not reveal accounts).
    api_err(web.sign_in_by_push(user["username"]), 403, 2333)


def test_missing_account_is_400(web):
    err(web.sign_in_by_push(""), 400)
    err(web.sign_in_by_push("someone", options={"customData": "not an object"}), 400)


def test_unknown_code_polls_as_error(web):
    assert poll(web, secrets.token_hex(16)) == {"status": "ERROR"}
    err(web.check_push_code_status(""), 400)


def test_app_side_without_or_with_a_bad_token_is_401_2020(env, web, target, phone):
    pid = push(web, target)
    anon = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
    api_err(anon.change_push_code_status("CONFIRM", pid), 401, 2020)
    anon.set_access_token("garbage")
    api_err(anon.change_push_code_status("CONFIRM", pid), 401, 2020)
    api_err(anon.get_push_login_relation_apps(env.app_id, pid), 401, 2020)
    assert poll(web, pid) == {"status": "PUSHED"}


def test_another_user_is_403(env, web, target, phone, make_user, ids):
    tag = ids.tag()
    other = device(env, make_user(username=ids.username(tag), email=ids.email(tag), password=PASSWORD))
    pid = push(web, target)
    api_err(other.change_push_code_status("CONFIRM", pid), 403, 40322)
    api_err(other.change_push_code_status("CANCEL", pid), 403, 40322)
    api_err(other.get_push_login_relation_apps(env.app_id, pid), 403, 40322)
    assert poll(web, pid) == {"status": "PUSHED"}
    ok(phone.change_push_code_status("CONFIRM", pid))
    assert poll(web, pid)["tokenSet"]


def test_unknown_code_is_404_and_bad_action_400(web, target, phone):
    for action in ("CONFIRM", "CANCEL"):
        api_err(phone.change_push_code_status(action, secrets.token_hex(16)), 404, 40422)
    pid = push(web, target)
    err(phone.change_push_code_status("SCAN", pid), 400)
    err(phone.change_push_code_status("CONFIRM", ""), 400)
    assert poll(web, pid) == {"status": "PUSHED"}


# --------------------------------------------------------------------------
# Streams (beyond GenAuth)
# --------------------------------------------------------------------------


def test_device_stream_and_status_stream(env, web, target, phone):
    """The device hears the push on /api/v3/pushcode-stream; the web side follows
    /api/v3/pushcode-status-stream, whose AUTHORIZED event carries (and consumes) the tokens."""
    with requests.get(env.url + "/api/v3/pushcode-stream", headers={"authorization": phone.access_token},
                      stream=True, timeout=10) as dev:
        assert dev.status_code == 200 and dev.headers["content-type"].startswith("text/event-stream"), \
            dev.headers
        dev_events = sse_events(dev)
        pid = push(web, target)
        ev, notice = next(dev_events)
        assert ev == "push" and notice["pushCodeId"] == pid, (ev, notice)
        assert notice["appId"] == env.app_id and notice["expireTime"] == PUSH_VALIDITY_SECS, notice
        assert isinstance(notice["appName"], str) and isinstance(notice["expiresAt"], int), notice

        with requests.get(env.url + "/api/v3/pushcode-status-stream", params={"pushCodeId": pid},
                          stream=True, timeout=10) as st:
            events = sse_events(st)
            assert next(events) == ("status", {"status": "PUSHED"})
            ok(phone.change_push_code_status("CONFIRM", pid))
            ev, data = next(events)
            assert ev == "status" and data["status"] == "AUTHORIZED", data
            assert_token_set(data.get("tokenSet"), env.app_id, target["userId"])
            assert list(events) == [], "a final state closes the stream"
        # consumed by the stream
        assert poll(web, pid) == {"status": "AUTHORIZED"}

        ev, res = next(dev_events)
        assert (ev, res) == ("resolved", {"pushCodeId": pid, "status": "AUTHORIZED"}), (ev, res)


def test_device_stream_needs_a_token(env):
    r = requests.get(env.url + "/api/v3/pushcode-stream", timeout=10)
    api_err(r.json(), 401, 2020)


# --------------------------------------------------------------------------
# Expiry (E2E_SLOW=1)
# --------------------------------------------------------------------------


@pytest.mark.skipif(not SLOW, reason="waits 120 s for a push code to expire; set E2E_SLOW=1")
@pytest.mark.timeout(PUSH_VALIDITY_SECS + 60)
def test_push_codes_expire(env, web, target, phone):
    pid = push(web, target)
    born = time.monotonic()
    with requests.get(env.url + "/api/v3/pushcode-status-stream", params={"pushCodeId": pid},
                      stream=True, timeout=PUSH_VALIDITY_SECS + 15) as r:
        got = [d["status"] for _, d in sse_events(r)]
    assert got == ["PUSHED", "EXPIRED"], got
    assert time.monotonic() - born >= PUSH_VALIDITY_SECS - 2, "expired too early"
    assert poll(web, pid) == {"status": "EXPIRED"}
    api_err(phone.change_push_code_status("CONFIRM", pid), 400, 40022)
    api_err(phone.change_push_code_status("CANCEL", pid), 400, 40022)
