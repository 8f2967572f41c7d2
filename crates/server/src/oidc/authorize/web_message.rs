//! The `web_message` response mode (OAuth 2.0 Web Message Response Mode, draft), as GenAuth's
//! browser SDK `@authing/web` uses it: `getLoginState` loads the authorization endpoint with
//! `prompt=none` in a hidden iframe, `loginWithPopup` in a popup, and both wait for a message
//! `{type: "authorization_response", response: {code | error, error_description, state}}` from
//! the server's origin.
//!
//! The answer is a small page whose only script (allowed by the CSP nonce) posts that message
//! to the window that opened or framed it, addressed to the origin of the *registered* redirect
//! URI: the browser drops it if that window is any other site, so the code reaches the
//! application only. The page may be framed by that origin alone (`frame-ancestors`), and a
//! popup closes itself once the message is posted.

use crate::cors::web_origin;
use crate::web::escape::{JsonScript, Static};
use crate::web::i18n::Catalogue;
use crate::web::layout::render;
use crate::web::response;
use askama::Template;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

/// Posts the response to the opener (popup) or the parent (iframe), then closes a popup.
const SCRIPT: Static = Static::new(
    "(function(){\
var d=JSON.parse(document.getElementById('authorization-response').textContent);\
var t=window.opener||(window.parent!==window?window.parent:null);\
if(!t){return;}\
t.postMessage({type:'authorization_response',response:d.response},d.origin);\
if(window.opener){window.close();}\
})();",
);

/// The message and where it may go, as the page's script reads them.
fn data(origin: &str, pairs: &[(&str, String)]) -> JsonScript {
    let response: Map<String, Value> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), Value::String(v.clone())))
        .collect();
    let mut doc = Map::new();
    doc.insert("origin".into(), Value::String(origin.to_string()));
    doc.insert("response".into(), Value::Object(response));
    JsonScript::of(&Value::Object(doc))
}

/// The page (`templates/web_message.html`).
#[derive(Debug, Template)]
#[template(path = "web_message.html")]
struct WebMessagePage<'a> {
    lang: &'static str,
    nonce: &'a str,
    data: JsonScript,
    script: Static,
}

/// The page's HTML.
fn html(c: &Catalogue, nonce: &str, origin: &str, pairs: &[(&str, String)]) -> Option<String> {
    render(&WebMessagePage {
        lang: c.code,
        nonce,
        data: data(origin, pairs),
        script: SCRIPT,
    })
}

/// The headers of the page: framed by `origin` only, script by `nonce` only.
fn secure(headers: &mut HeaderMap, nonce: &str, origin: &str) -> Result<(), ()> {
    let csp = format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; frame-ancestors {origin}; \
         base-uri 'none'; form-action 'none'"
    );
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_str(&csp).map_err(|_| ())?,
    );
    Ok(())
}

/// The answer `pairs` (code or error, and state) for the registered `redirect_uri`, setting
/// `cookies`. A redirect URI without a web origin (a custom scheme) cannot receive a message:
/// an error page then.
pub fn answer(
    c: &Catalogue,
    redirect_uri: &str,
    pairs: &[(&str, String)],
    cookies: &[String],
) -> Response {
    let Some(origin) = web_origin(redirect_uri) else {
        return super::views::error_page(c, StatusCode::BAD_REQUEST, c.err_bad_request);
    };
    let Ok(nonce) = response::nonce() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Some(html) = html(c, &nonce, &origin, pairs) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut resp = (StatusCode::OK, html).into_response();
    if secure(resp.headers_mut(), &nonce, &origin).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    for cookie in cookies {
        if let Ok(v) = HeaderValue::from_str(cookie) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::EN_US;

    async fn body_of(resp: Response) -> String {
        let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn posts_to_the_registered_origin_only_and_escapes() {
        let pairs = [
            ("code", "c0de".to_string()),
            ("state", "</script><script>alert(1)</script>&".to_string()),
        ];
        let resp = answer(
            &EN_US,
            "http://127.0.0.1:5000/cb?x=1",
            &pairs,
            &["a=b; Path=/".to_string()],
        );
        assert_eq!(resp.status(), StatusCode::OK);
        let h = resp.headers().clone();
        let csp = h[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("frame-ancestors http://127.0.0.1:5000;"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'nonce-"), "{csp}");
        assert!(h.get(header::X_FRAME_OPTIONS).is_none());
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(h[header::SET_COOKIE], "a=b; Path=/");
        let body = body_of(resp).await;
        assert!(
            body.contains("\"origin\":\"http://127.0.0.1:5000\""),
            "{body}"
        );
        assert!(body.contains("\"code\":\"c0de\""));
        assert!(!body.contains("</script><script>alert"), "{body}");
        assert!(body.contains("\\u003c/script\\u003e"));
        assert!(!body.contains("'*'"), "never a wildcard target");
    }

    #[tokio::test]
    async fn a_custom_scheme_cannot_receive_a_message() {
        let resp = answer(&EN_US, "myapp://done", &[("code", "x".into())], &[]);
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        assert!(!body_of(resp).await.contains("authorization_response"));
    }
}
