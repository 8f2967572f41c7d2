"""CAS with a client nobody here wrote: plain HTTP as a CAS client library does it (login
redirect, CAS 1.0 /validate, CAS 2.0 /serviceValidate and CAS 3.0 /p3/serviceValidate parsed
with the standard XML parser, JSON), the GenAuth Python SDK's CAS login and logout URLs, single
sign-on with an OIDC application of the same pool, and the CAS failure codes.
"""
import xml.etree.ElementTree as ET

import pytest
import requests
from authing import AuthenticationClient

from helpers import Browser, create_app, query_of

SERVICE = "https://wiki.example/cas"
OTHER = "https://other.example/cas"
PASSWORD = "Corr3ct-horse!"
NS = {"cas": "http://www.yale.edu/tp/cas"}


@pytest.fixture
def cas_app(mgmt):
    created = []
    app_id, _ = create_app(mgmt, created, redirect_uris=[SERVICE],
                           logout_redirect_uris=["https://wiki.example/"],
                           cas_provider_enabled=True)
    yield app_id
    for a in created:
        mgmt.delete_application(app_id=a)


@pytest.fixture
def user(make_user, ids):
    tag = ids.tag()
    return make_user(email=ids.email(tag), username=ids.username(tag), password=PASSWORD,
                     nickname="Ada " + tag)


def login_url(env, app_id, service=SERVICE):
    return requests.Request("GET", "%s/cas-idp/%s" % (env.url, app_id),
                            params={"service": service}).prepare().url


def ticket_of(url, service=SERVICE):
    assert url.startswith(service + ("&" if "?" in service else "?")), url
    t = query_of(url)["ticket"]
    assert t.startswith("ST-"), t
    return t


def validate(env, app_id, path, ticket, service=SERVICE, **extra):
    return requests.get("%s/cas-idp/%s/%s" % (env.url, app_id, path), timeout=10,
                        params=dict(service=service, ticket=ticket, **extra))


def xml_answer(resp):
    """(user, attributes) of a success, or ('FAILURE', code) of a failure."""
    assert resp.status_code == 200, resp.text
    root = ET.fromstring(resp.text)
    assert root.tag == "{%s}serviceResponse" % NS["cas"], resp.text
    ok = root.find("cas:authenticationSuccess", NS)
    if ok is None:
        fail = root.find("cas:authenticationFailure", NS)
        assert fail is not None and fail.text and fail.text.strip(), resp.text
        return "FAILURE", fail.get("code")
    attrs = {el.tag.split("}", 1)[1]: el.text for el in ok.find("cas:attributes", NS)}
    return ok.find("cas:user", NS).text, attrs


def test_cas2_and_cas3_validation_with_sso(env, cas_app, user):
    browser = Browser(env.url)
    t = ticket_of(browser.authorize(login_url(env, cas_app), user["email"], PASSWORD))
    who, attrs = xml_answer(validate(env, cas_app, "serviceValidate", t))
    assert who == user["username"], (who, attrs)
    assert attrs["sub"] == user["userId"] and attrs["email"] == user["email"], attrs
    assert attrs["nickname"] == user["nickname"], attrs
    # Single use: a second validation fails.
    assert xml_answer(validate(env, cas_app, "serviceValidate", t)) == ("FAILURE", "INVALID_TICKET")

    # The SSO session gives the next ticket without a page; CAS 3.0 answers the same.
    stop = browser.walk(login_url(env, cas_app))
    t = ticket_of(stop.url)
    who, attrs = xml_answer(validate(env, cas_app, "p3/serviceValidate", t))
    assert who == user["username"] and attrs["sub"] == user["userId"], attrs

    # JSON format.
    t = ticket_of(browser.walk(login_url(env, cas_app)).url)
    body = validate(env, cas_app, "p3/serviceValidate", t, format="JSON").json()
    success = body["serviceResponse"]["authenticationSuccess"]
    assert success["user"] == user["username"] and success["attributes"]["sub"] == user["userId"]

    # CAS 1.0.
    t = ticket_of(browser.walk(login_url(env, cas_app)).url)
    resp = validate(env, cas_app, "validate", t)
    assert resp.text == "yes\n%s\n" % user["username"], resp.text
    assert validate(env, cas_app, "validate", t).text == "no\n\n"

    # A service carrying its page in the query is accepted; its ticket is bound to it.
    page = SERVICE + "?next=%2Fpage"
    t = ticket_of(browser.walk(login_url(env, cas_app, page)).url, page)
    assert xml_answer(validate(env, cas_app, "serviceValidate", t, service=SERVICE)) == (
        "FAILURE", "INVALID_SERVICE")


def test_cas_failures(env, cas_app, user):
    browser = Browser(env.url)
    t = ticket_of(browser.authorize(login_url(env, cas_app), user["username"], PASSWORD))
    assert xml_answer(validate(env, cas_app, "serviceValidate", "ST-" + "0" * 64)) == (
        "FAILURE", "INVALID_TICKET")
    assert xml_answer(validate(env, cas_app, "serviceValidate", t, service=OTHER)) == (
        "FAILURE", "INVALID_SERVICE")
    # The failed attempt used the ticket up.
    assert xml_answer(validate(env, cas_app, "serviceValidate", t)) == ("FAILURE", "INVALID_TICKET")
    resp = requests.get("%s/cas-idp/%s/serviceValidate" % (env.url, cas_app),
                        params={"service": SERVICE}, timeout=10)
    assert xml_answer(resp) == ("FAILURE", "INVALID_REQUEST")

    # An unregistered service is an error page, never a redirect.
    stop = browser.walk(login_url(env, cas_app, OTHER))
    assert stop.page is not None and "Sign-in failed" in stop.page.text, stop

    # gateway=true without a session: back to the service without a ticket.
    stop = Browser(env.url).walk(login_url(env, cas_app) + "&gateway=true")
    assert stop.url == SERVICE, stop


def test_genauth_sdk_cas_login_and_logout(env, cas_app, user):
    c = AuthenticationClient(app_id=cas_app, app_host=env.url, protocol="cas")
    url = c.build_authorize_url(service=SERVICE)
    assert url == "%s/cas-idp/%s?service=%s" % (env.url, cas_app, SERVICE), url
    browser = Browser(env.url)
    t = ticket_of(browser.authorize(url, user["email"], PASSWORD))
    assert xml_answer(validate(env, cas_app, "serviceValidate", t))[0] == user["username"]

    # Logout (not URL-encoded by the SDK) ends the session and returns to the registered page.
    stop = browser.walk(c.build_logout_url(redirect_uri="https://wiki.example/"))
    assert stop.url == "https://wiki.example/", stop
    stop = browser.walk(login_url(env, cas_app))
    assert stop.page is not None and "/login/password" in stop.page.text, (
        "signed out: the login page again, got %r" % (stop,))


def test_cas_and_oidc_share_the_sso_session(env, mgmt, cas_app, user):
    """An OIDC application of the same pool signs in; the CAS application then issues a ticket
    without any page."""
    created = []
    app_id, secret = create_app(mgmt, created, redirect_uris=["https://rp.example/cb"])
    try:
        browser = Browser(env.url)
        c = AuthenticationClient(app_id=app_id, app_secret=secret, app_host=env.url,
                                 redirect_uri="https://rp.example/cb")
        back = browser.authorize(c.build_authorize_url(scope="openid profile"), user["email"],
                                 PASSWORD)
        assert "code" in query_of(back), back
        t = ticket_of(browser.walk(login_url(env, cas_app)).url)
        assert xml_answer(validate(env, cas_app, "p3/serviceValidate", t))[0] == user["username"]
    finally:
        for a in created:
            mgmt.delete_application(app_id=a)
