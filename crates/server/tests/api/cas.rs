//! The CAS identity provider over HTTP: login from the SSO session or through the hosted
//! login page, the three validation endpoints in both formats, ticket rules (single use,
//! bound to the service, 5 minutes), gateway, renew, and logout.

use crate::common::{TestServer, app_user, sso_cookie};
use reqwest::header;
use serde_json::{Value, json};
use std::collections::HashMap;

const SERVICE: &str = "http://127.0.0.1:9/cas";
const SERVICE_ENC: &str = "http%3A%2F%2F127.0.0.1%3A9%2Fcas";

/// An application with `redirect_uris` and CAS on or off; answers its id.
async fn cas_app(ts: &TestServer, cas: bool, redirect_uris: &[&str]) -> String {
    let token = ts.mgmt_token().await;
    let b = ts
        .post_json(
            "/api/v3/create-application",
            &json!({"appName": "Wiki", "appType": "web", "redirectUris": redirect_uris,
                    "logoutRedirectUris": ["http://127.0.0.1:9/bye"],
                    "casProviderEnabled": cas}),
            Some(&token),
        )
        .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["casProviderEnabled"], cas, "{b}");
    b["data"]["appId"].as_str().unwrap().to_string()
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// GET with the session cookie (when given), redirects not followed.
async fn get(ts: &TestServer, path: &str, session: Option<&str>) -> reqwest::Response {
    let mut req = browser().get(ts.url(path));
    if let Some(s) = session {
        req = req.header(header::COOKIE, format!("authgate_session={s}"));
    }
    req.send().await.unwrap()
}

fn location(resp: &reqwest::Response) -> String {
    assert_eq!(resp.status(), 302, "{resp:?}");
    resp.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// The ticket of a redirect to `service`.
fn ticket_of(resp: &reqwest::Response, service: &str) -> String {
    let loc = location(resp);
    let rest = loc
        .strip_prefix(service)
        .unwrap_or_else(|| panic!("{loc} is not {service}"));
    let t = rest
        .rsplit_once("ticket=")
        .unwrap_or_else(|| panic!("no ticket in {loc}"))
        .1
        .to_string();
    assert!(t.starts_with("ST-") && t.len() == 67, "{t}");
    t
}

/// A ticket for `service` from the SSO session `session`.
async fn ticket(ts: &TestServer, app_id: &str, session: &str, service: &str) -> String {
    let enc: String = url::form_urlencoded::byte_serialize(service.as_bytes()).collect();
    let resp = get(
        ts,
        &format!("/cas-idp/{app_id}?service={enc}"),
        Some(session),
    )
    .await;
    ticket_of(&resp, service)
}

async fn text(ts: &TestServer, path: &str) -> (String, String) {
    let resp = get(ts, path, None).await;
    assert_eq!(resp.status(), 200);
    let ct = resp.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_string();
    (ct, resp.text().await.unwrap())
}

/// `serviceValidate` (or `p3/serviceValidate`) with `format=JSON`.
async fn validate_json(ts: &TestServer, app_id: &str, p3: bool, query: &str) -> Value {
    let p = if p3 { "p3/" } else { "" };
    let (ct, body) = text(
        ts,
        &format!("/cas-idp/{app_id}/{p}serviceValidate?format=JSON&{query}"),
    )
    .await;
    assert_eq!(ct, "application/json");
    serde_json::from_str(&body).unwrap()
}

fn failure_code(v: &Value) -> &str {
    v["serviceResponse"]["authenticationFailure"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not a failure: {v}"))
}

/// Asserts an HTML page without redirect containing `text`: an error page (400/404) unless it
/// is the signed-in or signed-out page.
async fn assert_page(resp: reqwest::Response, text: &str) {
    let expected: &[u16] = if text.contains("signed out") || text.contains("signed in") {
        &[200]
    } else {
        &[400, 404]
    };
    assert!(
        expected.contains(&resp.status().as_u16()),
        "{text}: {}",
        resp.status()
    );
    assert!(resp.headers().get(header::LOCATION).is_none());
    assert!(
        resp.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(resp.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    let html = resp.text().await.unwrap();
    assert!(html.contains(text), "{text} not in {html}");
}

#[tokio::test]
async fn full_flow_through_the_login_page() {
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let user_token = app_user(&ts, "casey").await;

    // No session: to the hosted login page, which returns to this endpoint.
    let service = format!("{SERVICE}?next=%2Fdocs");
    let enc: String = url::form_urlencoded::byte_serialize(service.as_bytes()).collect();
    let resp = get(&ts, &format!("/cas-idp/{app_id}?service={enc}"), None).await;
    let loc = location(&resp);
    let login = url::Url::parse(&format!("http://x{loc}")).unwrap();
    assert_eq!(login.path(), "/login");
    let q: HashMap<_, _> = login.query_pairs().into_owned().collect();
    assert_eq!(q["app_id"], app_id);
    let next = &q["next"];
    assert!(
        next.starts_with(&format!("/cas-idp/{app_id}?service=")),
        "{next}"
    );
    assert!(next.contains("attempt="), "{next}");

    // The login page signs the user in, opens the session and sends the browser to `next`.
    let session = sso_cookie(&ts, &app_id, &user_token).await;
    let resp = get(&ts, next, Some(&session)).await;
    let st = ticket_of(&resp, &format!("{service}&"));
    assert!(location(&resp).starts_with(&format!("{service}&ticket=ST-")));

    // A fresh sign-in satisfies renew at validation.
    let v = validate_json(
        &ts,
        &app_id,
        false,
        &format!("service={}&ticket={st}&renew=true", urlenc(&service)),
    )
    .await;
    let ok = &v["serviceResponse"]["authenticationSuccess"];
    assert_eq!(ok["user"], "casey", "{v}");
    let attrs = &ok["attributes"];
    assert_eq!(attrs["nickname"], "casey nick");
    assert!(attrs["sub"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(attrs["gender"], "U");
    assert!(attrs["updated_at"].is_string(), "{attrs}");
    ts.stop().await;
}

fn urlenc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn validation_endpoints_formats_and_ticket_rules() {
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let other_app = cas_app(&ts, true, &[SERVICE]).await;
    let user_token = app_user(&ts, "vera").await;
    let session = sso_cookie(&ts, &app_id, &user_token).await;

    // CAS 1.0.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let (ct, body) = text(
        &ts,
        &format!("/cas-idp/{app_id}/validate?service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert!(ct.starts_with("text/plain"), "{ct}");
    assert_eq!(body, "yes\nvera\n");
    let (_, body) = text(
        &ts,
        &format!("/cas-idp/{app_id}/validate?service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(body, "no\n\n", "single use");

    // CAS 2.0 XML (the default) and CAS 3.0 XML.
    for p3 in ["", "p3/"] {
        let st = ticket(&ts, &app_id, &session, SERVICE).await;
        let (ct, xml) = text(
            &ts,
            &format!("/cas-idp/{app_id}/{p3}serviceValidate?service={SERVICE_ENC}&ticket={st}"),
        )
        .await;
        assert!(ct.starts_with("application/xml"), "{ct}");
        assert!(
            xml.starts_with("<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>vera</cas:user><cas:attributes>"),
            "{xml}"
        );
        assert!(
            xml.contains("<cas:nickname>vera nick</cas:nickname>"),
            "{xml}"
        );
        let (_, xml) = text(
            &ts,
            &format!("/cas-idp/{app_id}/{p3}serviceValidate?service={SERVICE_ENC}&ticket={st}"),
        )
        .await;
        assert!(
            xml.contains("<cas:authenticationFailure code=\"INVALID_TICKET\">"),
            "{xml}"
        );
    }

    // CAS 3.0 JSON; reuse is INVALID_TICKET.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let q = format!("service={SERVICE_ENC}&ticket={st}");
    let v = validate_json(&ts, &app_id, true, &q).await;
    assert_eq!(
        v["serviceResponse"]["authenticationSuccess"]["user"],
        "vera"
    );
    let v = validate_json(&ts, &app_id, true, &q).await;
    assert_eq!(failure_code(&v), "INVALID_TICKET");
    assert!(v["serviceResponse"]["authenticationFailure"]["description"].is_string());

    // Another service: INVALID_SERVICE, and the ticket is used up by the attempt.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let v = validate_json(
        &ts,
        &app_id,
        false,
        &format!("service=http%3A%2F%2F127.0.0.1%3A9%2Fother&ticket={st}"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_SERVICE");
    let v = validate_json(
        &ts,
        &app_id,
        false,
        &format!("service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_TICKET");

    // Another application's endpoint: INVALID_TICKET.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let v = validate_json(
        &ts,
        &other_app,
        false,
        &format!("service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_TICKET");

    // Expired after 5 minutes (server clock).
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    ts.clock.advance(5 * 60 * 1000 + 1);
    let v = validate_json(
        &ts,
        &app_id,
        false,
        &format!("service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_TICKET");

    // A ticket of the SSO session does not satisfy renew.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let v = validate_json(
        &ts,
        &app_id,
        false,
        &format!("service={SERVICE_ENC}&ticket={st}&renew=true"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_TICKET");

    // Malformed requests.
    for q in [
        format!("service={SERVICE_ENC}"),
        "ticket=ST-1".to_string(),
        String::new(),
        "service=&ticket=".to_string(),
    ] {
        let v = validate_json(&ts, &app_id, false, &q).await;
        assert_eq!(failure_code(&v), "INVALID_REQUEST", "{q}");
    }
    for bogus in ["ST-0000", "PT-1", "%3Cx%3E", "ST-%00"] {
        let v = validate_json(
            &ts,
            &app_id,
            false,
            &format!("service={SERVICE_ENC}&ticket={bogus}"),
        )
        .await;
        assert_eq!(failure_code(&v), "INVALID_TICKET", "{bogus}");
    }
    let (_, xml) = text(
        &ts,
        &format!("/cas-idp/{app_id}/serviceValidate?service={SERVICE_ENC}"),
    )
    .await;
    assert!(xml.contains("code=\"INVALID_REQUEST\""), "{xml}");
    ts.stop().await;
}

#[tokio::test]
async fn bad_links_get_pages_and_non_cas_apps_are_refused() {
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let plain_app = cas_app(&ts, false, &[SERVICE]).await;
    let user_token = app_user(&ts, "wes").await;
    let session = sso_cookie(&ts, &app_id, &user_token).await;

    let cases = [
        (
            format!("/cas-idp/{plain_app}?service={SERVICE_ENC}"),
            "does not accept CAS",
        ),
        (
            format!("/cas-idp/nope?service={SERVICE_ENC}"),
            "does not exist",
        ),
        (
            format!("/cas-idp/{app_id}?service=https%3A%2F%2Fevil.example%2Fcas"),
            "is not registered",
        ),
        (
            format!("/cas-idp/{app_id}/login?service={SERVICE_ENC}%2Fevil"),
            "is not registered",
        ),
        (
            format!("/cas-idp/{app_id}?service={SERVICE_ENC}%23frag"),
            "is not registered",
        ),
    ];
    for (path, text) in &cases {
        assert_page(get(&ts, path, Some(&session)).await, text).await;
        assert_page(get(&ts, path, None).await, text).await;
    }
    // A service with a query string is the registered one.
    let t = ticket(&ts, &app_id, &session, &format!("{SERVICE}?a=1&b=2")).await;
    assert!(t.starts_with("ST-"));
    // `/login` is the same endpoint.
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}/login?service={SERVICE_ENC}"),
        Some(&session),
    )
    .await;
    ticket_of(&resp, SERVICE);
    // Python's bare `?service` with a session: the signed-in page.
    assert_page(
        get(&ts, &format!("/cas-idp/{app_id}?service"), Some(&session)).await,
        "You are signed in",
    )
    .await;

    // Validation on an application without CAS.
    let st = ticket(&ts, &app_id, &session, SERVICE).await;
    let v = validate_json(
        &ts,
        &plain_app,
        false,
        &format!("service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(failure_code(&v), "INVALID_SERVICE");
    let (_, body) = text(
        &ts,
        &format!("/cas-idp/nope/validate?service={SERVICE_ENC}&ticket={st}"),
    )
    .await;
    assert_eq!(body, "no\n\n");
    ts.stop().await;
}

#[tokio::test]
async fn gateway_and_renew() {
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let user_token = app_user(&ts, "gus").await;

    // Gateway without a session: back to the service, no ticket.
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}&gateway=true"),
        None,
    )
    .await;
    assert_eq!(location(&resp), SERVICE);
    let session = sso_cookie(&ts, &app_id, &user_token).await;
    // Gateway with a session: a ticket.
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}&gateway=true"),
        Some(&session),
    )
    .await;
    ticket_of(&resp, SERVICE);

    // Renew with a session: to the login page anyway.
    ts.clock.advance(1000);
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}&renew=true"),
        Some(&session),
    )
    .await;
    let loc = location(&resp);
    assert!(loc.starts_with("/login?"), "{loc}");
    let next = url::Url::parse(&format!("http://x{loc}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "next")
        .unwrap()
        .1
        .into_owned();
    assert!(next.contains("renew=true"), "{next}");
    // Back with the old session (no new sign-in): refused, not looped.
    assert_page(get(&ts, &next, Some(&session)).await, "sign in again").await;
    // Back after a new sign-in: a ticket that satisfies renew. (A used attempt cannot be
    // replayed, so start again.)
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}&renew=true"),
        Some(&session),
    )
    .await;
    let loc = location(&resp);
    let next = url::Url::parse(&format!("http://x{loc}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "next")
        .unwrap()
        .1
        .into_owned();
    let fresh = sso_cookie(&ts, &app_id, &user_token).await;
    let resp = get(&ts, &next, Some(&fresh)).await;
    let st = ticket_of(&resp, SERVICE);
    let v = validate_json(
        &ts,
        &app_id,
        true,
        &format!("service={SERVICE_ENC}&ticket={st}&renew=true"),
    )
    .await;
    assert_eq!(
        v["serviceResponse"]["authenticationSuccess"]["user"], "gus",
        "{v}"
    );
    // The attempt is used: replaying `next` is refused.
    assert_page(get(&ts, &next, Some(&fresh)).await, "sign in again").await;
    ts.stop().await;
}

#[tokio::test]
async fn logout_ends_the_session_and_returns_only_to_registered_urls() {
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let user_token = app_user(&ts, "lou").await;

    let session = sso_cookie(&ts, &app_id, &user_token).await;
    let resp = get(
        &ts,
        &format!("/cas-idp/logout?url={SERVICE_ENC}%3Fbye%3D1"),
        Some(&session),
    )
    .await;
    assert_eq!(location(&resp), format!("{SERVICE}?bye=1"));
    let cleared = resp.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cleared.starts_with("authgate_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    // The session is gone: the login goes to the login page.
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}"),
        Some(&session),
    )
    .await;
    assert!(location(&resp).starts_with("/login?"));

    // Unregistered target: the signed-out page, session ended all the same.
    let session = sso_cookie(&ts, &app_id, &user_token).await;
    let resp = get(
        &ts,
        "/cas-idp/logout?url=https%3A%2F%2Fevil.example%2F",
        Some(&session),
    )
    .await;
    assert!(
        resp.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_page(resp, "You are signed out").await;
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}?service={SERVICE_ENC}"),
        Some(&session),
    )
    .await;
    assert!(location(&resp).starts_with("/login?"));

    // The application's logout: `service`, or a logout redirect URI in `url`; also without a session.
    let session = sso_cookie(&ts, &app_id, &user_token).await;
    let resp = get(
        &ts,
        &format!("/cas-idp/{app_id}/logout?service={SERVICE_ENC}"),
        Some(&session),
    )
    .await;
    assert_eq!(location(&resp), SERVICE);
    let resp = get(
        &ts,
        &format!(
            "/cas-idp/{app_id}/logout?service={SERVICE_ENC}&url=http%3A%2F%2F127.0.0.1%3A9%2Fbye"
        ),
        None,
    )
    .await;
    assert_eq!(location(&resp), "http://127.0.0.1:9/bye");
    assert_page(
        get(&ts, "/cas-idp/logout", None).await,
        "You are signed out",
    )
    .await;
    ts.stop().await;
}

#[tokio::test]
async fn rust_sdk_builds_the_urls_and_validates_tickets() {
    use authgate_sdk::{
        AuthenticationClient, AuthenticationClientOptions, CasValidation, LogoutUrlOptions,
    };
    let ts = TestServer::start().await;
    let app_id = cas_app(&ts, true, &[SERVICE]).await;
    let user_token = app_user(&ts, "sid").await;
    let session = sso_cookie(&ts, &app_id, &user_token).await;
    let sdk = AuthenticationClient::new(AuthenticationClientOptions::new(&app_id, ts.server.url()))
        .unwrap();

    let login = sdk.build_cas_login_url(Some(SERVICE)).unwrap();
    let path = login.strip_prefix(&ts.server.url()).unwrap();
    let st = ticket_of(&get(&ts, path, Some(&session)).await, SERVICE);
    match sdk.validate_ticket_v2(&st, SERVICE).await.unwrap() {
        CasValidation::Success(ok) => {
            assert_eq!(ok.user, "sid");
            assert_eq!(ok.attributes.nickname.as_deref(), Some("sid nick"));
            assert_eq!(ok.attributes.gender.as_deref(), Some("U"));
        }
        other => panic!("{other:?}"),
    }
    match sdk.validate_ticket_v2(&st, SERVICE).await.unwrap() {
        CasValidation::Failure(f) => assert_eq!(f.code, "INVALID_TICKET"),
        other => panic!("{other:?}"),
    }
    let st = ticket_of(&get(&ts, path, Some(&session)).await, SERVICE);
    match sdk
        .validate_ticket_v2(&st, "http://127.0.0.1:9/other")
        .await
        .unwrap()
    {
        CasValidation::Failure(f) => assert_eq!(f.code, "INVALID_SERVICE"),
        other => panic!("{other:?}"),
    }
    let st = ticket_of(&get(&ts, path, Some(&session)).await, SERVICE);
    assert_eq!(
        sdk.validate_ticket_v1(&st, SERVICE)
            .await
            .unwrap()
            .as_deref(),
        Some("sid")
    );
    assert_eq!(sdk.validate_ticket_v1(&st, SERVICE).await.unwrap(), None);

    let logout = sdk
        .build_logout_url(&LogoutUrlOptions::Cas {
            url: Some(SERVICE.into()),
        })
        .unwrap();
    let resp = get(
        &ts,
        logout.strip_prefix(&ts.server.url()).unwrap(),
        Some(&session),
    )
    .await;
    assert_eq!(location(&resp), SERVICE);
    ts.stop().await;
}
