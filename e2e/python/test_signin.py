"""Sign-up, sign-in and the token family — driven through the official Python SDK
(authing==5.1.0, `authing.AuthenticationClient`).

Spec: client authentication §1.5 and §7 item 2, /api/v3/signin and /signup §2.1, codes §2.4,
profile and password §2.5–§2.6, TokenSet spelling §3.3, token / introspection / revocation /
UserInfo / JWKS §4.2–§4.6, sign-in errors §6.3.

Facts of the Python SDK these tests rely on (authing 5.1.0):
* AuthenticationClient(app_id, app_host, app_secret=None, …, token_endpoint_auth_method=None,
  introspection_endpoint_auth_method=None, revocation_endpoint_auth_method=None, …): three
  separate methods, each defaulting to client_secret_post.
* The sign-in wrappers add client_id/client_secret to the JSON body only in
  client_secret_post mode; the V3 HTTP client never sends Basic (it compares the *full* URL
  against a list of paths), so in client_secret_basic mode /api/v3/signin carries no client
  credentials at all → authgate answers 401/40110 for a confidential app (decision on §7 item 2).
* The token family goes through ProtocolHttpClient, which does send Basic in basic mode.
"""
import base64
import json
import secrets

import pytest
import requests

import authing.http.AuthenticationHttpClient as v3_http
from authing import AuthenticationClient

from helpers import api_err, err, ok

POST, BASIC, NONE = "client_secret_post", "client_secret_basic", "none"
PASSWORD = "Corr3ct-horse!"
OFFLINE = {"scope": "openid profile email phone offline_access"}


# --------------------------------------------------------------------------
# Applications, one per client-authentication method
# --------------------------------------------------------------------------


class App:
    def __init__(self, app_id, secret, method):
        self.app_id, self.secret, self.method = app_id, secret, method


@pytest.fixture(scope="session")
def apps(env, mgmt):
    """{method: App}: the default app (client_secret_post) plus one app created per other
    method through the management API (create-application + get-application-secret)."""
    out = {POST: App(env.app_id, env.app_secret, POST)}
    created = []
    for method in (BASIC, NONE):
        resp = mgmt.create_application(
            app_name="e2e-py-%s-%s" % (method.replace("_", "-"), secrets.token_hex(3)),
            app_type="web",
            oidc_config={
                "token_endpoint_auth_method": method,
                "introspection_endpoint_auth_method": method,
                "revocation_endpoint_auth_method": method,
            },
        )
        if resp.get("apiCode") == 40400:
            pytest.skip("POST /api/v3/create-application is not implemented yet: %r" % resp)
        data = ok(resp)
        app_id = data["appId"]
        created.append(app_id)
        assert data["oidcConfig"]["token_endpoint_auth_method"] == method, data
        got = ok(mgmt.get_application(app_id=app_id))
        assert got["oidcConfig"]["token_endpoint_auth_method"] == method, got
        assert got["oidcConfig"]["introspection_endpoint_auth_method"] == method, got
        secret = ok(mgmt.get_application_secret(app_id=app_id))["secret"]
        assert isinstance(secret, str) and secret, secret
        out[method] = App(app_id, secret, method)
    yield out
    for app_id in created:
        mgmt.delete_application(app_id=app_id)


def client_for(env, app, method=None, secret=None):
    """An AuthenticationClient for `app` using `method` (default: the app's own) on all three
    endpoints."""
    method = method or app.method
    return AuthenticationClient(
        app_id=app.app_id,
        app_host=env.url,
        app_secret=secret if secret is not None else (None if method == NONE else app.secret),
        token_endpoint_auth_method=method,
        introspection_endpoint_auth_method=method,
        revocation_endpoint_auth_method=method,
    )


@pytest.fixture
def post_client(env, apps):
    return client_for(env, apps[POST])


@pytest.fixture
def password_user(make_user, ids):
    """A user with username, email and phone and a known password."""
    tag = ids.tag()
    return make_user(username=ids.username(tag), email=ids.email(tag), phone=ids.phone(),
                     password=PASSWORD)


def assert_token_set(data, app_id, offline=False):
    assert isinstance(data, dict), data
    for k in ("access_token", "id_token", "token_type", "scope"):
        assert isinstance(data.get(k), str) and data[k], (k, data)
    assert data["token_type"].lower() == "bearer", data
    # §3.3: V3 TokenSet spells expire_in; authgate also sends expires_in.
    assert type(data.get("expire_in")) is int and data["expire_in"] > 0, data
    assert data.get("expires_in") == data["expire_in"], data
    assert "openid" in data["scope"].split(), data
    if offline:
        assert isinstance(data.get("refresh_token"), str) and data["refresh_token"], data
    else:
        assert not data.get("refresh_token"), "refresh_token needs offline_access: %r" % data
    claims = jwt_claims(data["access_token"])
    assert claims["aud"] == app_id, claims
    return data


def jwt_claims(token):
    seg = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


def jwt_header(token):
    seg = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(seg + "=" * (-len(seg) % 4)))


# --------------------------------------------------------------------------
# Sign-up by password
# --------------------------------------------------------------------------


def test_sign_up_by_email_password_then_sign_in(post_client, ids, mgmt):
    email = ids.email()
    user = ok(post_client.sign_up_by_email_password(email=email, password=PASSWORD,
                                                     profile={"nickname": "signup"}))
    try:
        assert user["userId"] and user["email"] == email, user
        assert user.get("nickname") == "signup", user
        for secret in ("password", "passwordHash"):
            assert secret not in user, user
        data = assert_token_set(ok(post_client.sign_in_by_email_password(email, PASSWORD)),
                                post_client.app_id)
        assert jwt_claims(data["access_token"])["sub"] == user["userId"]
    finally:
        mgmt.delete_users_batch(user_ids=[user["userId"]])


def test_sign_up_by_username_password_then_sign_in(post_client, ids, mgmt):
    username = ids.username()
    user = ok(post_client.sign_up_by_username_password(username=username, password=PASSWORD))
    try:
        assert user["username"] == username, user
        data = ok(post_client.sign_in_by_username_password(username, PASSWORD))
        assert jwt_claims(data["access_token"])["sub"] == user["userId"]
    finally:
        mgmt.delete_users_batch(user_ids=[user["userId"]])


def test_sign_up_weak_password_is_400_2029(post_client, ids):
    api_err(post_client.sign_up_by_email_password(email=ids.email(), password="short7!"), 400, 2029)


@pytest.mark.parametrize("field", ["email", "username"])
def test_sign_up_duplicate_is_409(post_client, password_user, field):
    if field == "email":
        resp = post_client.sign_up_by_email_password(email=password_user["email"].upper(),
                                                     password=PASSWORD)
    else:
        resp = post_client.sign_up_by_username_password(username=password_user["username"],
                                                        password=PASSWORD)
    err(resp, 409)


# --------------------------------------------------------------------------
# Sign-in by password, in the modes the Python SDK supports for /api/v3/signin
# --------------------------------------------------------------------------


@pytest.mark.parametrize("method", [POST, NONE])
@pytest.mark.parametrize("how", ["email", "phone", "username", "account-username",
                                 "account-email", "account-phone"])
def test_sign_in_by_password(env, apps, password_user, method, how):
    client = client_for(env, apps[method])
    u = password_user
    calls = {
        "email": lambda: client.sign_in_by_email_password(u["email"], PASSWORD),
        "phone": lambda: client.sign_in_by_phone_password(u["phone"], PASSWORD),
        "username": lambda: client.sign_in_by_username_password(u["username"], PASSWORD),
        "account-username": lambda: client.sign_in_by_account_password(u["username"], PASSWORD),
        "account-email": lambda: client.sign_in_by_account_password(u["email"], PASSWORD),
        "account-phone": lambda: client.sign_in_by_account_password(u["phone"], PASSWORD),
    }
    data = assert_token_set(ok(calls[how]()), apps[method].app_id)
    claims = jwt_claims(data["access_token"])
    assert claims["sub"] == u["userId"], claims
    assert claims["iss"] == env.url + "/oidc", claims
    assert jwt_claims(data["id_token"])["sub"] == u["userId"]


def test_sign_in_with_offline_access_returns_refresh_token(post_client, password_user):
    data = ok(post_client.sign_in_by_email_password(password_user["email"], PASSWORD, options=OFFLINE))
    assert_token_set(data, post_client.app_id, offline=True)


def test_python_basic_mode_sends_no_client_credentials_to_signin(env, apps, password_user,
                                                                 monkeypatch):
    """§7 item 2: the Python SDK in client_secret_basic mode sends neither Basic nor body
    credentials to /api/v3/signin (it compares host+path against the path list), so authgate
    refuses the sign-in of a confidential app with 401/40110."""
    sent = []
    real = v3_http.requests.request

    def spy(method, url, headers=None, json=None, **kw):
        sent.append({"url": url, "headers": dict(headers or {}), "json": json})
        return real(method=method, url=url, headers=headers, json=json, **kw)

    monkeypatch.setattr(v3_http.requests, "request", spy)
    for app in (apps[BASIC], apps[POST]):
        client = client_for(env, app, method=BASIC)
        resp = client.sign_in_by_email_password(password_user["email"], PASSWORD)
        api_err(resp, 401, 40110)
    for req in sent:
        assert req["url"].endswith("/api/v3/signin"), req
        assert "authorization" not in {k.lower() for k in req["headers"]}, req
        assert "client_id" not in req["json"] and "client_secret" not in req["json"], req
        assert req["headers"]["x-authing-app-id"] in (apps[BASIC].app_id, apps[POST].app_id)


def test_basic_app_accepts_body_credentials_on_signin(env, apps, password_user):
    """Any valid credential form is accepted whatever the app's configured method."""
    client = client_for(env, apps[BASIC], method=POST)
    assert_token_set(ok(client.sign_in_by_email_password(password_user["email"], PASSWORD)),
                     apps[BASIC].app_id)


def test_confidential_app_without_credentials_is_401(env, apps, password_user):
    client = client_for(env, apps[POST], method=NONE)
    api_err(client.sign_in_by_email_password(password_user["email"], PASSWORD), 401, 40110)


def test_wrong_app_secret_is_401_40110(env, apps, password_user):
    for app in (apps[POST], apps[BASIC], apps[NONE]):
        client = client_for(env, app, method=POST, secret=app.secret + "x")
        api_err(client.sign_in_by_email_password(password_user["email"], PASSWORD), 401, 40110)


# --------------------------------------------------------------------------
# Sign-in errors (§6.3)
# --------------------------------------------------------------------------


def test_wrong_password_is_403_2333(post_client, password_user):
    api_err(post_client.sign_in_by_email_password(password_user["email"], "Wr0ng-password"), 403, 2333)
    api_err(post_client.sign_in_by_username_password(password_user["username"], "Wr0ng-password"),
            403, 2333)


def test_unknown_account_is_403_2333(post_client, ids):
    api_err(post_client.sign_in_by_email_password(ids.email(), PASSWORD), 403, 2333)
    api_err(post_client.sign_in_by_account_password(ids.username(), PASSWORD), 403, 2333)
    api_err(post_client.sign_in_by_phone_password(ids.phone(), PASSWORD), 403, 2333)


def test_lockout_after_five_failures_is_403_2057(post_client, password_user):
    for _ in range(5):
        api_err(post_client.sign_in_by_email_password(password_user["email"], "Wr0ng-password"),
                403, 2333)
    # Now even the right password is refused.
    api_err(post_client.sign_in_by_email_password(password_user["email"], PASSWORD), 403, 2057)
    api_err(post_client.sign_in_by_username_password(password_user["username"], PASSWORD), 403, 2057)


def test_suspended_user_is_403_2005(post_client, mgmt, password_user):
    ok(mgmt.update_user(user_id=password_user["userId"], status="Suspended"))
    api_err(post_client.sign_in_by_email_password(password_user["email"], PASSWORD), 403, 2005)


def test_missing_identifier_is_400(post_client):
    resp = post_client.sign_in_by_credentials(
        connection="PASSWORD", password_payload={"password": PASSWORD},
        client_id=post_client.app_id, client_secret=post_client.app_secret)
    err(resp, 400)


def test_rsa_password_that_does_not_decrypt_is_499_2016(post_client, password_user):
    resp = post_client.sign_in_by_email_password(
        password_user["email"], base64.b64encode(b"not rsa at all").decode(),
        options={"passwordEncryptType": "rsa"})
    api_err(resp, 499, 2016)


# --------------------------------------------------------------------------
# Codes by email and SMS (§2.4)
# --------------------------------------------------------------------------


def test_sign_in_by_email_passcode(post_client, sinks, password_user):
    email = password_user["email"]
    code = sinks.email_code(email, lambda: ok(post_client.send_email("CHANNEL_LOGIN", email)))
    data = assert_token_set(ok(post_client.sign_in_by_email_passcode(email, code)), post_client.app_id)
    assert jwt_claims(data["access_token"])["sub"] == password_user["userId"]
    # single use
    resp = post_client.sign_in_by_email_passcode(email, code)
    assert resp.get("statusCode") not in (200, None), "a code is single-use: %r" % resp


def test_sign_in_by_email_passcode_public_client(env, apps, sinks, make_user, ids):
    user = make_user(email=ids.email())
    client = client_for(env, apps[NONE])
    code = sinks.email_code(user["email"], lambda: ok(client.send_email("CHANNEL_LOGIN", user["email"])))
    data = assert_token_set(ok(client.sign_in_by_email_passcode(user["email"], code)), apps[NONE].app_id)
    assert jwt_claims(data["access_token"])["sub"] == user["userId"]


@pytest.mark.parametrize("country_code", [None, "+86"])
def test_sign_in_by_phone_passcode(post_client, sinks, make_user, ids, country_code):
    phone = ids.phone()
    user = make_user(phone=phone, phone_country_code="+86")
    rec = sinks.sms_code(phone, lambda: ok(post_client.send_sms("CHANNEL_LOGIN", phone, country_code)))
    assert rec["channel"] == "CHANNEL_LOGIN", rec
    assert rec.get("phoneCountryCode") == country_code, rec
    data = ok(post_client.sign_in_by_phone_passcode(phone, rec["code"], phone_country_code=country_code))
    assert jwt_claims(data["access_token"])["sub"] == user["userId"]


def test_sign_up_by_email_and_phone_passcode(post_client, sinks, ids, mgmt):
    email, phone = ids.email(), ids.phone()
    code = sinks.email_code(email, lambda: ok(post_client.send_email("CHANNEL_REGISTER", email)))
    u1 = ok(post_client.sign_up_by_email_passcode(email, code))
    rec = sinks.sms_code(phone, lambda: ok(post_client.send_sms("CHANNEL_REGISTER", phone)))
    u2 = ok(post_client.sign_up_by_phone_passcode(phone, rec["code"]))
    try:
        assert u1["email"] == email and u1.get("emailVerified") is True, u1
        assert u2["phone"] == phone and u2.get("phoneVerified") is True, u2
    finally:
        mgmt.delete_users_batch(user_ids=[u1["userId"], u2["userId"]])


def test_second_code_within_a_minute_is_429(post_client, sinks, ids):
    email, phone = ids.email(), ids.phone()
    sinks.email_code(email, lambda: ok(post_client.send_email("CHANNEL_LOGIN", email)))
    err(post_client.send_email("CHANNEL_LOGIN", email), 429)
    sinks.sms_code(phone, lambda: ok(post_client.send_sms("CHANNEL_LOGIN", phone)))
    err(post_client.send_sms("CHANNEL_LOGIN", phone), 429)
    # another channel for the same target is independent
    sinks.email_code(email, lambda: ok(post_client.send_email("CHANNEL_REGISTER", email)))


def test_code_dies_after_five_wrong_attempts(post_client, sinks, make_user, ids):
    user = make_user(email=ids.email())
    code = sinks.email_code(user["email"], lambda: ok(post_client.send_email("CHANNEL_LOGIN", user["email"])))
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    for _ in range(5):
        resp = post_client.sign_in_by_email_passcode(user["email"], wrong)
        assert resp.get("statusCode") not in (200, None), resp
    resp = post_client.sign_in_by_email_passcode(user["email"], code)
    assert resp.get("statusCode") != 200, "the code must be dead after 5 wrong attempts: %r" % resp


def test_bad_channel_is_400(post_client, ids):
    err(post_client.send_email("CHANNEL_NOPE", ids.email()), 400)
    err(post_client.send_sms("CHANNEL_NOPE", ids.phone()), 400)


def test_failed_delivery_is_reported(post_client, ids):
    # The sinks refuse these recipients (support/sinks.py).
    resp = post_client.send_email("CHANNEL_LOGIN", "bounce-%s@example.com" % ids.tag())
    assert resp.get("statusCode") not in (200, None), resp
    resp = post_client.send_sms("CHANNEL_LOGIN", "1390000" + "0000")
    assert resp.get("statusCode") not in (200, None), resp


# --------------------------------------------------------------------------
# Token family (§4.2–§4.6)
# --------------------------------------------------------------------------


def signed_in(env, apps, user, method):
    """TokenSet of `user` on the app of `method` (signed in with body credentials, which every
    app accepts — Python cannot sign in to a basic app otherwise)."""
    app = apps[method]
    client = client_for(env, app, method=NONE if method == NONE else POST)
    return ok(client.sign_in_by_email_password(user["email"], PASSWORD, options=OFFLINE))


@pytest.mark.parametrize("method", [POST, BASIC, NONE])
def test_refresh_introspect_revoke(env, apps, password_user, method):
    tokens = signed_in(env, apps, password_user, method)
    client = client_for(env, apps[method])
    app_id = apps[method].app_id

    # introspection of the access token
    info = client.introspect_token(tokens["access_token"])
    assert info["active"] is True, info
    assert info["sub"] == password_user["userId"], info
    assert info.get("client_id") == app_id or info.get("aud") == app_id, info
    assert "openid" in info["scope"].split(), info
    assert isinstance(info["exp"], int), info
    # and of the refresh token
    assert client.introspect_token(tokens["refresh_token"])["active"] is True

    # refresh rotates
    new = client.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert isinstance(new.get("access_token"), str), new
    assert type(new.get("expires_in")) is int and new["expires_in"] > 0, new
    assert new.get("token_type") == "Bearer", new
    assert new.get("refresh_token") and new["refresh_token"] != tokens["refresh_token"], new
    assert new.get("id_token"), new
    assert jwt_claims(new["access_token"])["sub"] == password_user["userId"]

    # revocation answers 200 with an empty body; the SDK returns True
    assert client.revoke_token(new["access_token"]) is True
    assert client.introspect_token(new["access_token"]) == {"active": False}
    assert client.revoke_token(new["refresh_token"]) is True
    dead = client.get_new_access_token_by_refresh_token(new["refresh_token"])
    assert dead.get("error") == "invalid_grant", dead
    # unknown token: still 200
    assert client.revoke_token("no-such-token") is True


def test_introspect_garbage_is_inactive(post_client):
    assert post_client.introspect_token("garbage") == {"active": False}


def test_reused_refresh_token_revokes_the_session(env, apps, post_client, password_user):
    tokens = signed_in(env, apps, password_user, POST)
    new = post_client.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert new.get("refresh_token"), new
    reuse = post_client.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert reuse.get("error") == "invalid_grant", reuse
    # the whole session is gone: the rotated refresh token and its access token too
    again = post_client.get_new_access_token_by_refresh_token(new["refresh_token"])
    assert again.get("error") == "invalid_grant", again
    assert post_client.introspect_token(new["refresh_token"])["active"] is False
    assert post_client.introspect_token(new["access_token"])["active"] is False


def test_token_family_with_wrong_secret_is_refused(env, apps, password_user):
    tokens = signed_in(env, apps, password_user, POST)
    for method in (POST, BASIC):
        bad = client_for(env, apps[POST], method=method, secret="wrong-secret")
        resp = bad.get_new_access_token_by_refresh_token(tokens["refresh_token"])
        assert resp.get("error") == "invalid_client", resp


def test_introspect_token_offline_verifies_rs256_against_jwks(env, post_client, password_user):
    data = ok(post_client.sign_in_by_email_password(password_user["email"], PASSWORD))
    assert jwt_header(data["access_token"])["alg"] == "RS256"
    assert jwt_header(data["access_token"]).get("kid")
    payload = post_client.introspect_token_offline(data["access_token"])
    assert payload["sub"] == password_user["userId"], payload
    assert payload["aud"] == post_client.app_id, payload
    assert payload["iss"] == env.url + "/oidc", payload
    for claim in ("jti", "iat", "exp", "scope"):
        assert claim in payload, (claim, payload)
    # a token for another audience does not verify
    other = AuthenticationClient(app_id="some-other-app", app_host=env.url, app_secret="x")
    with pytest.raises(Exception):
        other.introspect_token_offline(data["access_token"])


def test_jwks_keys_are_rsa_with_kid(env):
    jwks = requests.get(env.url + "/oidc/.well-known/jwks.json", timeout=10).json()
    assert jwks["keys"], jwks
    for k in jwks["keys"]:
        assert k["kty"] == "RSA" and k.get("kid") and k.get("alg") == "RS256", k


def test_get_user_info_by_access_token(post_client, password_user):
    data = ok(post_client.sign_in_by_email_password(
        password_user["email"], PASSWORD, options={"scope": "openid profile email phone"}))
    info = post_client.get_user_info_by_access_token(data["access_token"])
    assert info["sub"] == password_user["userId"], info
    assert info.get("email") == password_user["email"], info
    assert post_client.revoke_token(data["access_token"]) is True
    after = post_client.get_user_info_by_access_token(data["access_token"])
    assert "sub" not in after, after


# --------------------------------------------------------------------------
# The user's own account (§2.5–§2.6)
# --------------------------------------------------------------------------


def test_profile_and_password_change(env, apps, post_client, password_user):
    tokens = ok(post_client.sign_in_by_email_password(password_user["email"], PASSWORD, options=OFFLINE))
    me = client_for(env, apps[POST])
    me.set_access_token(tokens["access_token"])

    profile = ok(me.get_profile())
    assert profile["userId"] == password_user["userId"], profile
    assert profile["email"] == password_user["email"], profile

    updated = ok(me.update_profile(nickname="renamed", company="Acme"))
    assert updated["nickname"] == "renamed" and updated["company"] == "Acme", updated
    assert ok(me.get_profile())["nickname"] == "renamed"

    # wrong old password is refused and changes nothing
    resp = me.update_password(new_password="N3w-password!", old_password="Wr0ng-password")
    assert resp.get("statusCode") != 200, resp
    # a too-short new password is 400/2029
    api_err(me.update_password(new_password="short", old_password=PASSWORD), 400, 2029)

    ok(me.update_password(new_password="N3w-password!", old_password=PASSWORD))
    # every session is revoked
    assert post_client.introspect_token(tokens["access_token"])["active"] is False
    dead = post_client.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert dead.get("error") == "invalid_grant", dead
    resp = me.get_profile()
    assert resp.get("statusCode") == 401, resp
    # the new password works, the old one does not
    api_err(post_client.sign_in_by_email_password(password_user["email"], PASSWORD), 403, 2333)
    ok(post_client.sign_in_by_email_password(password_user["email"], "N3w-password!"))


def test_profile_without_token_is_401(post_client):
    err(post_client.get_profile(), 401)


# --------------------------------------------------------------------------
# Wire details the SDKs hide
# --------------------------------------------------------------------------


def test_scope_without_openid_has_no_id_token(post_client, password_user):
    data = ok(post_client.sign_in_by_email_password(password_user["email"], PASSWORD,
                                                    options={"scope": "profile email"}))
    assert data.get("access_token") and not data.get("id_token"), data
    assert not data.get("refresh_token"), data


def test_wrong_passcode_is_403_2001(post_client, sinks, make_user, ids):
    user = make_user(email=ids.email())
    code = sinks.email_code(user["email"], lambda: ok(post_client.send_email("CHANNEL_LOGIN", user["email"])))
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    api_err(post_client.sign_in_by_email_passcode(user["email"], wrong), 403, 2001)
    # the code is bound to its address
    api_err(post_client.sign_in_by_email_passcode(ids.email(), code), 403, 2001)


def test_protocol_statuses_and_bodies(env, apps, password_user):
    app = apps[POST]
    tokens = signed_in(env, apps, password_user, POST)
    creds = {"client_id": app.app_id, "client_secret": app.secret}
    r = requests.post(env.url + "/oidc/token/revocation", data=dict(creds, token=tokens["access_token"]),
                      timeout=10)
    assert r.status_code == 200 and r.content == b"", (r.status_code, r.text)
    r = requests.post(env.url + "/oidc/token",
                      data=dict(creds, grant_type="refresh_token", refresh_token="nope"), timeout=10)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant", r.text
    r = requests.post(env.url + "/oidc/token", auth=(app.app_id, "wrong"),
                      data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
                      timeout=10)
    assert r.status_code == 401 and r.json()["error"] == "invalid_client", r.text
    assert r.headers.get("www-authenticate", "").lower().startswith("basic"), r.headers
    # UserInfo with a revoked token: 401 invalid_token
    r = requests.get(env.url + "/oidc/me", params={"access_token": tokens["access_token"]}, timeout=10)
    assert r.status_code == 401 and r.json()["error"] == "invalid_token", r.text


def test_oauth_path_family(env, apps, password_user):
    """protocol='oauth' sends the same calls under /oauth."""
    tokens = signed_in(env, apps, password_user, POST)
    app = apps[POST]
    c = AuthenticationClient(app_id=app.app_id, app_secret=app.secret, app_host=env.url, protocol="oauth")
    assert c.introspect_token(tokens["access_token"])["active"] is True
    new = c.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert new.get("access_token"), new
    assert c.get_user_info_by_access_token(new["access_token"])["sub"] == password_user["userId"]
    assert c.revoke_token(new["access_token"]) is True
    assert c.introspect_token(new["access_token"])["active"] is False
