"""OIDC with clients nobody here wrote: Authlib (OAuth2Session, configured from discovery alone)
and the official GenAuth Python SDK's protocol helpers, each signing in on the hosted login page
(driven over HTTP by helpers.Browser), then refresh, UserInfo and logout; single sign-on across
two applications of one pool; the client-credentials grant; and the RFC errors of the negative
cases. Expired codes (10 minutes by the server clock) are covered by the Rust integration test
`oidc_authorize::an_expired_code_is_refused`, not here.
"""
import secrets

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authing import AuthenticationClient
from joserfc import jwt
from joserfc.jwk import KeySet

from helpers import Browser, create_app, ok, query_of

CB = "https://rp.example/cb"
OUT = "https://rp.example/signed-out"
PASSWORD = "Corr3ct-horse!"
SCOPE = "openid profile email offline_access"
ALL_GRANTS = ["authorization_code", "refresh_token", "client_credentials"]


@pytest.fixture(scope="module")
def meta(env):
    """The discovery document, fetched at the root like a generic client would."""
    resp = requests.get(env.url + "/.well-known/openid-configuration", timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture
def make_app(mgmt):
    created = []

    def _make(method="client_secret_post", **fields):
        oidc = {"token_endpoint_auth_method": method,
                "introspection_endpoint_auth_method": method,
                "revocation_endpoint_auth_method": method}
        oidc.update(fields.pop("oidc", {}))
        return create_app(mgmt, created, redirect_uris=[CB], logout_redirect_uris=[OUT],
                          oidc_config=oidc, **fields)

    yield _make
    for app_id in created:
        mgmt.delete_application(app_id=app_id)


@pytest.fixture
def user(make_user, ids):
    tag = ids.tag()
    data = make_user(email=ids.email(tag), username=ids.username(tag), password=PASSWORD)
    return data


def authlib_session(meta, app_id, secret, method="client_secret_basic"):
    return OAuth2Session(app_id, secret, scope=SCOPE, redirect_uri=CB,
                         code_challenge_method="S256", token_endpoint_auth_method=method,
                         timeout=10)


def verify_id_token(meta, id_token, app_id, nonce=None):
    """Checks the id token's signature against the JWKS of the discovery document, and its
    iss, aud and nonce; returns its claims."""
    keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
    tok = jwt.decode(id_token, keys, algorithms=["RS256"])
    expect = {"iss": {"essential": True, "value": meta["issuer"]},
              "aud": {"essential": True, "value": app_id},
              "sub": {"essential": True}, "exp": {"essential": True}}
    if nonce is not None:
        expect["nonce"] = {"essential": True, "value": nonce}
    jwt.JWTClaimsRegistry(**expect).validate(tok.claims)
    return tok.claims


def oauth_error(fn):
    """The RFC 6749 `error` that `fn` (an Authlib call) raised."""
    with pytest.raises(OAuthError) as e:
        fn()
    return e.value.error


def token_post(meta, **form):
    """A raw token request; returns (status, body)."""
    resp = requests.post(meta["token_endpoint"], data=form, timeout=10)
    return resp.status_code, resp.json()


# ------------------------------------------------------------------ discovery ---

def test_discovery_document_at_the_root_and_under_the_issuer(env, meta):
    assert meta["issuer"] == env.url + "/oidc", meta
    under = requests.get(meta["issuer"] + "/.well-known/openid-configuration", timeout=10).json()
    assert under == meta
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                "end_session_endpoint", "revocation_endpoint", "introspection_endpoint"):
        assert meta.get(key, "").startswith(env.url + "/"), (key, meta)
    assert "S256" in meta["code_challenge_methods_supported"], meta
    assert {"authorization_code", "refresh_token", "client_credentials"} <= set(
        meta["grant_types_supported"]), meta


# ------------------------------------------------------------------ Authlib ---

def test_authlib_code_pkce_refresh_userinfo_logout(env, meta, make_app, user):
    app_id, secret = make_app("client_secret_basic")
    sess = authlib_session(meta, app_id, secret)
    verifier, nonce = generate_token(48), generate_token(16)
    url, state = sess.create_authorization_url(meta["authorization_endpoint"],
                                               code_verifier=verifier, nonce=nonce)
    assert "code_challenge=" in url and "code_challenge_method=S256" in url, url

    browser = Browser(env.url)
    back = browser.authorize(url, user["email"], PASSWORD)
    assert back.startswith(CB + "?"), back
    assert query_of(back)["state"] == state

    token = sess.fetch_token(meta["token_endpoint"], authorization_response=back,
                             code_verifier=verifier)
    assert token["token_type"].lower() == "bearer" and token.get("refresh_token"), token
    claims = verify_id_token(meta, token["id_token"], app_id, nonce)
    assert claims["sub"] == user["userId"]

    info = sess.get(meta["userinfo_endpoint"]).json()
    assert info["sub"] == user["userId"] and info["email"] == user["email"], info

    first_access = token["access_token"]
    refreshed = sess.refresh_token(meta["token_endpoint"])
    assert refreshed["access_token"] != first_access
    assert refreshed["refresh_token"] != token["refresh_token"], "refresh tokens rotate"
    info = sess.get(meta["userinfo_endpoint"]).json()
    assert info["sub"] == user["userId"], info

    # RP-initiated logout through the discovered end_session_endpoint.
    logout_state = generate_token(12)
    stop = browser.walk(requests.Request("GET", meta["end_session_endpoint"], params={
        "id_token_hint": refreshed.get("id_token") or token["id_token"],
        "post_logout_redirect_uri": OUT, "state": logout_state}).prepare().url)
    assert stop.url and stop.url.startswith(OUT), stop
    assert query_of(stop.url)["state"] == logout_state
    assert not browser.http.cookies.get("authgate_session")

    # The logout revoked what the session issued, and the browser must sign in again.
    assert oauth_error(lambda: sess.refresh_token(meta["token_endpoint"])) == "invalid_grant"
    resp = requests.get(meta["userinfo_endpoint"], timeout=10,
                        headers={"authorization": "Bearer " + refreshed["access_token"]})
    assert resp.status_code == 401, resp.text
    url, state = sess.create_authorization_url(meta["authorization_endpoint"],
                                               code_verifier=verifier, prompt="none")
    back = browser.authorize(url)
    assert query_of(back)["error"] == "login_required" and query_of(back)["state"] == state, back


def test_authlib_public_client_with_pkce(env, meta, make_app, user):
    app_id, _ = make_app("none")
    sess = OAuth2Session(app_id, None, scope=SCOPE, redirect_uri=CB, code_challenge_method="S256",
                         token_endpoint_auth_method="none", timeout=10)
    verifier = generate_token(48)
    url, _ = sess.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
    back = Browser(env.url).authorize(url, user["username"], PASSWORD)
    token = sess.fetch_token(meta["token_endpoint"], authorization_response=back,
                             code_verifier=verifier)
    assert verify_id_token(meta, token["id_token"], app_id)["sub"] == user["userId"]
    assert sess.refresh_token(meta["token_endpoint"])["access_token"]

    # A public client must use PKCE: without a challenge the answer is invalid_request.
    plain = OAuth2Session(app_id, None, scope=SCOPE, redirect_uri=CB, timeout=10)
    url, state = plain.create_authorization_url(meta["authorization_endpoint"])
    back = Browser(env.url).authorize(url)
    assert query_of(back)["error"] == "invalid_request" and query_of(back)["state"] == state, back


# ------------------------------------------------------------- SSO + GenAuth SDK ---

def sdk_client(env, app_id, secret, **kw):
    return AuthenticationClient(app_id=app_id, app_secret=secret, app_host=env.url,
                                redirect_uri=CB, post_logout_redirect_uri=OUT, **kw)


def test_genauth_sdk_code_pkce_refresh_userinfo_logout(env, meta, make_app, user):
    app_id, secret = make_app()
    c = sdk_client(env, app_id, secret)
    verifier = c.generate_code_challenge()
    challenge = c.generate_code_challenge_digest(verifier, "S256")
    url = c.build_authorize_url(scope=SCOPE, code_challenge=challenge, code_challenge_method="S256")
    q = query_of(url)
    assert q["prompt"] == "consent", "the SDK asks consent with offline_access: %s" % url

    browser = Browser(env.url)
    back = browser.authorize(url, user["username"], PASSWORD)
    assert query_of(back)["state"] == q["state"], back
    code = query_of(back)["code"]

    tokens = c.get_access_token_by_code(code, code_verifier=verifier)
    assert tokens.get("access_token") and tokens.get("refresh_token"), tokens
    claims = verify_id_token(meta, tokens["id_token"], app_id, q["nonce"])
    assert claims["sub"] == user["userId"]
    info = c.get_user_info_by_access_token(tokens["access_token"])
    assert info["sub"] == user["userId"], info

    again = c.get_new_access_token_by_refresh_token(tokens["refresh_token"])
    assert again.get("access_token") and again["access_token"] != tokens["access_token"], again
    assert c.get_user_info_by_access_token(again["access_token"])["sub"] == user["userId"]

    # The SDK's logout URL is not URL-encoded (spec §4.7); the server copes.
    logout = c.build_logout_url(redirect_uri=OUT, id_token=tokens["id_token"])
    stop = browser.walk(logout)
    assert stop.url == OUT or stop.url.startswith(OUT + "?"), stop
    refused = c.get_new_access_token_by_refresh_token(again["refresh_token"])
    assert refused.get("error") == "invalid_grant", refused


def test_sso_across_two_applications_of_one_pool(env, meta, make_app, user):
    a_id, a_secret = make_app("client_secret_basic")
    b_id, b_secret = make_app()
    browser = Browser(env.url)

    # Application A (Authlib) signs the user in on the hosted page.
    sess = authlib_session(meta, a_id, a_secret)
    verifier = generate_token(48)
    url, _ = sess.create_authorization_url(meta["authorization_endpoint"], code_verifier=verifier)
    back = browser.authorize(url, user["email"], PASSWORD)
    a_tokens = sess.fetch_token(meta["token_endpoint"], authorization_response=back,
                                code_verifier=verifier)

    # Application B (the GenAuth SDK) gets a code without any page, even with prompt=none.
    c = sdk_client(env, b_id, b_secret)
    for extra in ("", "&prompt=none"):
        url = c.build_authorize_url(scope="openid profile email") + extra
        stop = browser.walk(url)
        assert stop.url and stop.url.startswith(CB + "?"), "B showed a page: %r" % (stop,)
        b_tokens = c.get_access_token_by_code(query_of(stop.url)["code"])
        b_claims = verify_id_token(meta, b_tokens["id_token"], b_id)
        assert b_claims["sub"] == user["userId"]
    a_claims = verify_id_token(meta, a_tokens["id_token"], a_id)
    assert a_claims["sub"] == b_claims["sub"]
    assert a_claims.get("auth_time") == b_claims.get("auth_time"), "one SSO session"

    # Another browser has no session: prompt=none answers login_required.
    stop = Browser(env.url).walk(c.build_authorize_url(scope="openid") + "&prompt=none")
    assert query_of(stop.url)["error"] == "login_required", stop


# -------------------------------------------------------------- client credentials ---

def test_client_credentials(env, meta, make_app):
    # Authlib with the application's own credentials (grant enabled, scopes listed).
    app_id, secret = make_app("client_secret_basic",
                              oidc={"grant_types": ALL_GRANTS, "scope": "books:read books:write"})
    sess = OAuth2Session(app_id, secret, scope="books:read", timeout=10,
                         token_endpoint_auth_method="client_secret_basic")
    token = sess.fetch_token(meta["token_endpoint"], grant_type="client_credentials")
    assert token["scope"] == "books:read" and "refresh_token" not in token, token
    assert "id_token" not in token, token
    assert oauth_error(lambda: OAuth2Session(app_id, secret, scope="books:delete", timeout=10)
                       .fetch_token(meta["token_endpoint"], grant_type="client_credentials")
                       ) == "invalid_scope"
    assert oauth_error(lambda: OAuth2Session(app_id, "wrong", timeout=10)
                       .fetch_token(meta["token_endpoint"], grant_type="client_credentials")
                       ) == "invalid_client"

    # An application without the grant: unauthorized_client.
    other_id, other_secret = make_app("client_secret_basic")
    assert oauth_error(lambda: OAuth2Session(other_id, other_secret, timeout=10)
                       .fetch_token(meta["token_endpoint"], grant_type="client_credentials")
                       ) == "unauthorized_client"



def test_client_credentials_genauth_sdk_access_key(env, meta, mgmt):
    """The SDK's M2M call: the pool's access key in the body. Python sends no application
    header, so the token's audience is the pool's default application, whose
    `oidcConfig.scope` lists what may be asked (set here, restored afterwards)."""
    def set_scope(scope):
        # The Python ManagementClient has no update_application: its HTTP client sends it.
        ok(mgmt.http_client.request(method="POST", url="/api/v3/update-application",
                                    json={"appId": env.app_id, "oidcConfig": {"scope": scope}}))

    before = ok(mgmt.get_application(app_id=env.app_id))["oidcConfig"].get("scope", "")
    set_scope("reports:read")
    try:
        c = AuthenticationClient(app_id=env.app_id, app_secret=env.app_secret, app_host=env.url)
        got = c.get_access_token_by_client_credentials("reports:read", env.access_key_id,
                                                       env.access_key_secret)
        assert got.get("access_token") and got["scope"] == "reports:read", got
        keys = KeySet.import_key_set(requests.get(meta["jwks_uri"], timeout=10).json())
        claims = jwt.decode(got["access_token"], keys, algorithms=["RS256"]).claims
        assert claims["aud"] == env.app_id and claims["sub"] == env.access_key_id, claims
        # No user behind it: UserInfo refuses it.
        info = c.get_user_info_by_access_token(got["access_token"])
        assert info.get("error") == "invalid_token" or "sub" not in info, info
        bad = c.get_access_token_by_client_credentials("reports:read", env.access_key_id, "wrong")
        assert bad.get("error") == "invalid_client", bad
        bad = c.get_access_token_by_client_credentials("reports:write", env.access_key_id,
                                                       env.access_key_secret)
        assert bad.get("error") == "invalid_scope", bad
    finally:
        set_scope(before)


# ------------------------------------------------------------------- negatives ---

class Rp:
    """A signed-in browser and an Authlib session of one application: fresh codes on demand."""

    def __init__(self, env, meta, app_id, secret, user):
        self.meta, self.app_id, self.secret = meta, app_id, secret
        self.browser = Browser(env.url)
        self.user = user
        self.signed_in = False

    def code(self, verifier):
        sess = authlib_session(self.meta, self.app_id, self.secret, "client_secret_post")
        url, _ = sess.create_authorization_url(self.meta["authorization_endpoint"],
                                               code_verifier=verifier)
        if self.signed_in:
            back = self.browser.authorize(url)
        else:
            back = self.browser.authorize(url, self.user["email"], PASSWORD)
            self.signed_in = True
        return query_of(back)["code"]

    def redeem(self, code, verifier=None, redirect_uri=CB, app_id=None, secret=None):
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "client_id": app_id or self.app_id, "client_secret": secret or self.secret}
        if verifier is not None:
            form["code_verifier"] = verifier
        return token_post(self.meta, **form)


@pytest.fixture
def rp(env, meta, make_app, user):
    app_id, secret = make_app()
    return Rp(env, meta, app_id, secret, user)


def test_reused_code_is_invalid_grant_and_revokes_the_first_session(rp):
    v = generate_token(48)
    code = rp.code(v)
    status, first = rp.redeem(code, v)
    assert status == 200 and first.get("refresh_token"), first
    status, body = rp.redeem(code, v)
    assert (status, body["error"]) == (400, "invalid_grant"), body
    status, body = token_post(rp.meta, grant_type="refresh_token", client_id=rp.app_id,
                              client_secret=rp.secret, refresh_token=first["refresh_token"])
    assert (status, body["error"]) == (400, "invalid_grant"), body


def test_wrong_redirect_uri_at_the_token_endpoint(rp):
    v = generate_token(48)
    status, body = rp.redeem(rp.code(v), v, redirect_uri=CB + "/other")
    assert (status, body["error"]) == (400, "invalid_grant"), body


def test_missing_or_wrong_pkce_verifier(rp):
    v = generate_token(48)
    status, body = rp.redeem(rp.code(v))
    assert (status, body["error"]) == (400, "invalid_grant"), body
    status, body = rp.redeem(rp.code(v), generate_token(48))
    assert (status, body["error"]) == (400, "invalid_grant"), body


def test_code_presented_by_another_client(rp, make_app):
    other_id, other_secret = make_app()
    v = generate_token(48)
    status, body = rp.redeem(rp.code(v), v, app_id=other_id, secret=other_secret)
    assert (status, body["error"]) == (400, "invalid_grant"), body
    status, body = rp.redeem(rp.code(v), v, secret="not-the-secret")
    assert (status, body["error"]) == (401, "invalid_client"), body


def test_prompt_none_without_a_session(env, meta, rp):
    sess = authlib_session(meta, rp.app_id, rp.secret)
    url, state = sess.create_authorization_url(meta["authorization_endpoint"],
                                               code_verifier=generate_token(48), prompt="none")
    back = Browser(env.url).authorize(url)
    assert back.startswith(CB + "?"), back
    q = query_of(back)
    assert q["error"] == "login_required" and q["state"] == state and "code" not in q, q


def test_unregistered_redirect_uri_at_the_authorization_endpoint(env, meta, rp):
    sess = OAuth2Session(rp.app_id, rp.secret, scope=SCOPE, redirect_uri="https://evil.example/cb",
                         code_challenge_method="S256", timeout=10)
    url, _ = sess.create_authorization_url(meta["authorization_endpoint"],
                                           code_verifier=generate_token(48))
    stop = Browser(env.url).walk(url)
    # An HTML error page (RFC 6749 §4.1.2.1: never a redirect to an unverified URI).
    assert stop.page is not None and stop.page.status_code in (200, 400), stop
    assert "is not registered" in stop.page.text, stop


def test_unregistered_post_logout_redirect(env, meta, rp):
    v = generate_token(48)
    status, tokens = rp.redeem(rp.code(v), v)
    assert status == 200, tokens
    params = {"id_token_hint": tokens["id_token"],
              "post_logout_redirect_uri": "https://evil.example/bye", "state": "s"}
    url = requests.Request("GET", meta["end_session_endpoint"], params=params).prepare().url
    stop = rp.browser.walk(url)
    assert stop.page is not None and stop.page.status_code == 400, stop
    # Signed out all the same: the session's refresh token no longer works.
    status, body = token_post(meta, grant_type="refresh_token", client_id=rp.app_id,
                              client_secret=rp.secret, refresh_token=tokens["refresh_token"])
    assert (status, body["error"]) == (400, "invalid_grant"), body
