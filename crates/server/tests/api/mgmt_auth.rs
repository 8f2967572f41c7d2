//! Management authentication (spec §1.6): the Python SDK's token and the Node SDK's HMAC
//! signatures, and every way they can be wrong.

use crate::common::{FetchJson, TestServer, assert_error};
use authgate_core::mgmt_signature::{SignedParams, canonical_resource, sign, string_to_sign};
use base64::Engine;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

#[tokio::test]
async fn token_payload_is_what_the_python_sdk_decodes() {
    let ts = TestServer::start().await;
    let d = &ts.server.defaults;
    let body = ts
        .post_json(
            "/api/v3/get-management-token",
            &json!({"accessKeyId": d.access_key_id, "accessKeySecret": d.access_key_secret}),
            None,
        )
        .await;
    assert_eq!(body["data"]["expires_in"], 7200);
    assert!(body.get("apiCode").is_none(), "no apiCode on success");
    let token = body["data"]["access_token"].as_str().unwrap();
    let payload = token.split('.').nth(1).unwrap();
    assert!(
        !payload.contains('-') && !payload.contains('_'),
        "{payload}"
    );
    // What the Python SDK does: pad, standard alphabet.
    let padded = format!("{payload}{}", "=".repeat((4 - payload.len() % 4) % 4));
    let raw = base64::engine::general_purpose::STANDARD
        .decode(padded)
        .unwrap();
    let claims: Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(claims["scoped_userpool_id"], d.user_pool_id.as_str());
    ts.stop().await;
}

#[tokio::test]
async fn wrong_credentials_are_401_with_distinct_codes() {
    let ts = TestServer::start().await;
    let d = &ts.server.defaults;
    let cases = [
        (
            json!({"accessKeyId": d.access_key_id, "accessKeySecret": "wrong"}),
            40105,
        ),
        (
            json!({"accessKeyId": "nope", "accessKeySecret": "x"}),
            40104,
        ),
    ];
    for (req, code) in cases {
        let body = ts
            .post_json("/api/v3/get-management-token", &req, None)
            .await;
        assert_error(&body, 401);
        assert_eq!(body["apiCode"], code, "{body}");
    }
    let body = ts
        .post_json(
            "/api/v3/get-management-token",
            &json!({"accessKeyId": "x"}),
            None,
        )
        .await;
    assert_eq!(
        assert_error(&body, 400),
        "Parameter accessKeySecret is required"
    );
    ts.stop().await;
}

#[tokio::test]
async fn bearer_token_rules() {
    let ts = TestServer::start().await;
    let token = ts.mgmt_token().await;
    let pool = ts.server.defaults.user_pool_id.clone();
    let get = |t: String, pool_header: Option<String>| {
        let mut req = ts
            .http
            .get(ts.url("/api/v3/list-users"))
            .header("authorization", format!("Bearer {t}"));
        if let Some(p) = pool_header {
            req = req.header("x-authing-userpool-id", p);
        }
        async move { req.fetch_json().await }
    };
    assert_eq!(
        get(token.clone(), Some(pool.clone())).await["statusCode"],
        200
    );
    assert_eq!(get(token.clone(), None).await["statusCode"], 200);

    let body = get(token.clone(), Some("other-pool".into())).await;
    assert_error(&body, 401);

    for bad in ["garbage", "a.b.c", &format!("{token}x")] {
        let body = get(bad.to_string(), None).await;
        assert_error(&body, 401);
        assert_eq!(body["apiCode"], 40102);
    }
    // Forged payload, original signature.
    let mut parts: Vec<String> = token.split('.').map(String::from).collect();
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
        "{{\"scoped_userpool_id\":\"{pool}\",\"typ\":\"management\"}}"
    ));
    assert_error(&get(parts.join("."), None).await, 401);

    // Expiry: valid within the 60 s leeway, refused after it.
    ts.clock.advance((7200 + 30) * 1000);
    assert_eq!(get(token.clone(), None).await["statusCode"], 200);
    ts.clock.advance(60 * 1000);
    assert_error(&get(token, None).await, 401);
    ts.stop().await;
}

/// Signs a request the way authing-node-sdk 4.0.1 does.
struct Signer<'a> {
    ak: &'a str,
    sk: &'a str,
    date: String,
}

impl Signer<'_> {
    fn headers(&self) -> Vec<(&'static str, String)> {
        vec![
            ("date", self.date.clone()),
            ("x-authing-lang", "en-US".into()),
            ("x-authing-sdk-version", "authing-node-sdk:4.0.1".into()),
            ("x-authing-signature-method", "HMAC-SHA1".into()),
            (
                "x-authing-signature-nonce",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("x-authing-signature-version", "1.0".into()),
        ]
    }

    fn authorization(&self, method: &str, path: &str, params: SignedParams<'_>) -> String {
        let resource = canonical_resource(path, params).unwrap();
        let headers = self.headers();
        let sts = string_to_sign(
            method,
            headers.iter().map(|(k, v)| (*k, v.as_str())),
            &resource,
        );
        format!("authing {}:{}", self.ak, sign(self.sk.as_bytes(), &sts))
    }

    fn request(&self, rb: reqwest::RequestBuilder, auth: String) -> reqwest::RequestBuilder {
        let mut rb = rb.header("authorization", auth);
        for (k, v) in self.headers() {
            rb = rb.header(k, v);
        }
        rb
    }
}

fn now_http() -> String {
    httpdate::fmt_http_date(SystemTime::now())
}

#[tokio::test]
async fn hmac_signed_requests() {
    let ts = TestServer::start().await;
    let d = ts.server.defaults.clone();
    let signer = Signer {
        ak: &d.access_key_id,
        sk: &d.access_key_secret,
        date: now_http(),
    };

    // POST: the JSON body is signed.
    let body = r#"{"username":"hm","profile":"x","customData":{"b":1,"a":"x"}}"#;
    let auth = signer.authorization(
        "POST",
        "/api/v3/create-user",
        SignedParams::JsonBody(body.as_bytes()),
    );
    let resp: Value = signer
        .request(
            ts.http.post(ts.url("/api/v3/create-user")).body(body),
            auth.clone(),
        )
        .fetch_json()
        .await;
    assert_eq!(resp["statusCode"], 200, "{resp}");
    let id = resp["data"]["userId"].as_str().unwrap().to_string();

    // The same signature over a changed body fails.
    let tampered = body.replace("hm", "hx");
    let resp: Value = signer
        .request(
            ts.http.post(ts.url("/api/v3/create-user")).body(tampered),
            auth,
        )
        .fetch_json()
        .await;
    assert_error(&resp, 401);
    assert_eq!(resp["apiCode"], 40103);

    // GET: the query is signed, arrays as JSON.
    let query = format!("userIds[]={id}&withCustomData=true");
    let auth = signer.authorization("GET", "/api/v3/get-user-batch", SignedParams::Query(&query));
    let resp: Value = signer
        .request(
            ts.http
                .get(ts.url(&format!("/api/v3/get-user-batch?{query}"))),
            auth,
        )
        .fetch_json()
        .await;
    assert_eq!(resp["data"][0]["customData"]["a"], "x", "{resp}");

    // Wrong secret, unknown key, stale date, missing date.
    let wrong = Signer {
        sk: "nope",
        ..Signer {
            ak: signer.ak,
            sk: signer.sk,
            date: now_http(),
        }
    };
    let unknown = Signer {
        ak: "ghost",
        sk: signer.sk,
        date: now_http(),
    };
    let stale = Signer {
        ak: signer.ak,
        sk: signer.sk,
        date: httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(16 * 60)),
    };
    for (s, code) in [(&wrong, 40103), (&unknown, 40104), (&stale, 40103)] {
        let auth = s.authorization("GET", "/api/v3/list-users", SignedParams::None);
        let resp: Value = s
            .request(ts.http.get(ts.url("/api/v3/list-users")), auth)
            .fetch_json()
            .await;
        assert_error(&resp, 401);
        assert_eq!(resp["apiCode"], code, "{resp}");
    }
    let auth = signer.authorization("GET", "/api/v3/list-users", SignedParams::None);
    let resp: Value = ts
        .http
        .get(ts.url("/api/v3/list-users"))
        .header("authorization", auth)
        .fetch_json()
        .await;
    assert_error(&resp, 401);
    ts.stop().await;
}
