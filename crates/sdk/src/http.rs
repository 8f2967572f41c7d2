//! The HTTP layer both clients share: one `reqwest::Client` with the SDK's default headers,
//! request descriptions, query encoding, and decoding of the envelope and of plain JSON.

use crate::error::{Error, Result};
use authgate_proto::Envelope;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;
use std::time::Duration;

/// `x-authing-app-id`: the application (authentication) or the tenant (management).
pub(crate) const APP_ID_HEADER: HeaderName = HeaderName::from_static("x-authing-app-id");
/// `x-authing-userpool-id`: the pool, decoded from the management token.
pub(crate) const USERPOOL_ID_HEADER: HeaderName = HeaderName::from_static("x-authing-userpool-id");
/// `x-authing-lang`: language of messages.
pub(crate) const LANG_HEADER: HeaderName = HeaderName::from_static("x-authing-lang");
/// `x-authing-sdk-version`.
pub(crate) const SDK_VERSION_HEADER: HeaderName = HeaderName::from_static("x-authing-sdk-version");
/// The value of `x-authing-sdk-version`.
pub(crate) const SDK_VERSION: &str = concat!("authgate-rust-sdk:", env!("CARGO_PKG_VERSION"));

/// How many characters of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// A header value built from a caller-supplied string; `what` names it in the error.
pub(crate) fn header_value(value: &str, what: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value)
        .map_err(|_| Error::Options(format!("{what} is not a valid HTTP header value")))
}

/// A header value carrying a credential (kept out of `Debug` output by reqwest).
pub(crate) fn sensitive_header_value(value: &str, what: &str) -> Result<HeaderValue> {
    let mut v = header_value(value, what)?;
    v.set_sensitive(true);
    Ok(v)
}

/// The body of a request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// No body.
    Empty,
    /// A JSON body (`content-type: application/json`).
    Json(Value),
    /// An `application/x-www-form-urlencoded` body (the OIDC token family).
    Form(Vec<(String, String)>),
}

/// One request, described independently of the client so that it can be sent again (the
/// management client retries once with a renewed token).
#[derive(Debug, Clone)]
pub(crate) struct ApiRequest {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Body,
    headers: HeaderMap,
}

impl ApiRequest {
    /// A request with no query, body or headers.
    pub(crate) fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::Empty,
            headers: HeaderMap::new(),
        }
    }

    /// `GET path`.
    pub(crate) fn get(path: impl Into<String>) -> Self {
        ApiRequest::new(Method::GET, path)
    }

    /// `POST path`.
    pub(crate) fn post(path: impl Into<String>) -> Self {
        ApiRequest::new(Method::POST, path)
    }

    /// Adds the fields of `params` (a struct or map) to the query string; see [`query_pairs`].
    pub(crate) fn query<Q: Serialize + ?Sized>(mut self, params: &Q) -> Result<Self> {
        self.query.extend(query_pairs(params)?);
        Ok(self)
    }

    /// Sets a JSON body.
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Result<Self> {
        let value = serde_json::to_value(body).map_err(|e| Error::Encode {
            message: format!("JSON body: {e}"),
        })?;
        self.body = Body::Json(value);
        Ok(self)
    }

    /// Sets a form body.
    pub(crate) fn form(mut self, fields: Vec<(String, String)>) -> Self {
        self.body = Body::Form(fields);
        self
    }

    /// Sets (replaces) a header of this request only.
    pub(crate) fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The body, to add client credentials to.
    pub(crate) fn body_mut(&mut self) -> &mut Body {
        &mut self.body
    }

    /// The request's own headers (added to the client's default headers).
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request's own headers, mutably.
    pub(crate) fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }
}

/// Encodes `params` as query pairs the way the official SDKs do: `null` fields are left out,
/// booleans are `true` / `false`, numbers in decimal, arrays as repeated keys
/// (`userIds=a&userIds=b`), nested objects as compact JSON.
pub(crate) fn query_pairs<Q: Serialize + ?Sized>(params: &Q) -> Result<Vec<(String, String)>> {
    let value = serde_json::to_value(params).map_err(|e| Error::Encode {
        message: format!("query parameters: {e}"),
    })?;
    let object = match value {
        Value::Object(object) => object,
        Value::Null => return Ok(Vec::new()),
        other => {
            return Err(Error::Encode {
                message: format!("query parameters must be an object, not {other}"),
            });
        }
    };
    let mut pairs = Vec::with_capacity(object.len());
    for (key, value) in object {
        match value {
            Value::Array(items) => {
                for item in items {
                    if let Some(text) = scalar_text(item) {
                        pairs.push((key.clone(), text));
                    }
                }
            }
            other => {
                if let Some(text) = scalar_text(other) {
                    pairs.push((key, text));
                }
            }
        }
    }
    Ok(pairs)
}

fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s),
        nested @ (Value::Array(_) | Value::Object(_)) => Some(nested.to_string()),
    }
}

/// The HTTP client of one SDK client.
#[derive(Debug, Clone)]
pub(crate) struct HttpLayer {
    client: reqwest::Client,
    base_url: String,
}

impl HttpLayer {
    /// A client for `base_url` (already normalised) sending `default_headers` plus
    /// `x-authing-sdk-version` on every request, each request bounded by `timeout`.
    pub(crate) fn new(
        base_url: String,
        timeout: Duration,
        mut default_headers: HeaderMap,
    ) -> Result<Self> {
        default_headers.insert(SDK_VERSION_HEADER, HeaderValue::from_static(SDK_VERSION));
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .default_headers(default_headers)
            .build()?;
        Ok(HttpLayer { client, base_url })
    }

    /// The normalised base URL, e.g. `https://example.authing.cn`.
    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The reqwest request of `request`, with `extra_headers` on top of its own.
    fn builder(
        &self,
        request: &ApiRequest,
        extra_headers: Option<&HeaderMap>,
    ) -> reqwest::RequestBuilder {
        let url = format!("{}{}", self.base_url, request.path);
        let mut headers = request.headers.clone();
        if let Some(extra) = extra_headers {
            for (name, value) in extra {
                headers.insert(name.clone(), value.clone());
            }
        }
        let mut builder = self
            .client
            .request(request.method.clone(), url)
            .headers(headers);
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        match &request.body {
            Body::Empty => builder,
            Body::Json(value) => builder.json(value),
            Body::Form(fields) => builder.form(fields),
        }
    }

    async fn send(
        &self,
        request: &ApiRequest,
        extra_headers: Option<&HeaderMap>,
    ) -> Result<(StatusCode, Vec<u8>)> {
        let response = self.builder(request, extra_headers).send().await?;
        let status = response.status();
        let body = response.bytes().await?;
        Ok((status, body.to_vec()))
    }

    /// Sends `request` and answers as soon as the response head arrives, the body unread (event
    /// streams); `timeout` replaces the client's for this request, body included.
    pub(crate) async fn open(
        &self,
        request: &ApiRequest,
        timeout: Duration,
    ) -> Result<reqwest::Response> {
        Ok(self.builder(request, None).timeout(timeout).send().await?)
    }

    /// Sends `request` and decodes the envelope's `data` as `T`; `statusCode != 200` becomes
    /// [`Error::Api`]. For envelope-only endpoints use `T = ()`.
    pub(crate) async fn envelope<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T> {
        let (status, body) = self.send(request, None).await?;
        decode_envelope(status, &body)
    }

    /// [`envelope`](Self::envelope) with `extra_headers` set on top of the request's own
    /// (credentials that change between attempts, so the request need not be copied).
    pub(crate) async fn envelope_with<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
        extra_headers: &HeaderMap,
    ) -> Result<T> {
        let (status, body) = self.send(request, Some(extra_headers)).await?;
        decode_envelope(status, &body)
    }

    /// Sends `request` and decodes a plain JSON body (protocol endpoints, no envelope); an HTTP
    /// error status becomes [`Error::OAuth`] or [`Error::Api`] (see [`plain_error`]).
    pub(crate) async fn plain_json<T: DeserializeOwned>(&self, request: &ApiRequest) -> Result<T> {
        let (status, body) = self.send(request, None).await?;
        decode_plain(status, &body)
    }

    /// Sends `request` to a protocol endpoint whose success carries nothing to decode (RFC 7009
    /// revocation: 200 with an empty body); an HTTP error status is decoded as by
    /// [`plain_json`](Self::plain_json).
    pub(crate) async fn plain_empty(&self, request: &ApiRequest) -> Result<()> {
        let (status, body) = self.send(request, None).await?;
        if status.is_success() {
            Ok(())
        } else {
            Err(plain_error(status, &body))
        }
    }

    /// Sends `request` to a protocol endpoint answering plain text (CAS 1.0 `validate`); an
    /// HTTP error status is decoded as by [`plain_json`](Self::plain_json).
    pub(crate) async fn plain_text(&self, request: &ApiRequest) -> Result<String> {
        let (status, body) = self.send(request, None).await?;
        if status.is_success() {
            Ok(String::from_utf8_lossy(&body).into_owned())
        } else {
            Err(plain_error(status, &body))
        }
    }
}

/// The beginning of `body`, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().nth(EXCERPT_CHARS).is_some() {
        out.push('…');
    }
    if out.is_empty() {
        out.push_str("<empty>");
    }
    out
}

fn decode_error(what: &str, status: StatusCode, err: &serde_json::Error, body: &[u8]) -> Error {
    Error::Decode {
        message: format!("{what} (HTTP {status}): {err}; body: {}", excerpt(body)),
    }
}

/// Decodes an `/api/v3` answer. The envelope's `statusCode` is authoritative whatever the HTTP
/// status; a body that is not an envelope is [`Error::Decode`].
pub(crate) fn decode_envelope<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T> {
    let envelope: Envelope<Box<RawValue>> = serde_json::from_slice(body)
        .map_err(|e| decode_error("expected a JSON envelope", status, &e, body))?;
    if envelope.status_code != 200 {
        return Err(Error::Api {
            status_code: envelope.status_code,
            api_code: envelope.api_code,
            message: envelope.message,
            request_id: envelope.request_id,
        });
    }
    match envelope.data {
        Some(raw) => serde_json::from_str(raw.get()).map_err(|e| {
            decode_error(
                "the envelope's data has an unexpected shape",
                status,
                &e,
                raw.get().as_bytes(),
            )
        }),
        // `()` (envelope-only endpoints) and `Option<_>` accept a missing `data`.
        None => T::deserialize(Value::Null)
            .map_err(|e| decode_error("the envelope has no data", status, &e, body)),
    }
}

/// Decodes a plain JSON answer of a protocol endpoint; an HTTP error status becomes the error
/// of [`plain_error`].
pub(crate) fn decode_plain<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T> {
    if !status.is_success() {
        return Err(plain_error(status, body));
    }
    serde_json::from_slice(body).map_err(|e| decode_error("expected JSON", status, &e, body))
}

/// The error of a protocol endpoint's HTTP error status: an RFC 6749 §5.2 body (a string
/// `error`, optionally `error_description`) becomes [`Error::OAuth`]; any other body
/// [`Error::Api`] with the HTTP status and the body's `message` (or an excerpt of the body).
pub(crate) fn plain_error(status: StatusCode, body: &[u8]) -> Error {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if let Some(error) = field("error") {
        return Error::OAuth {
            status: status.as_u16(),
            error,
            description: field("error_description"),
        };
    }
    Error::Api {
        status_code: status.as_u16(),
        api_code: None,
        message: field("message").unwrap_or_else(|| excerpt(body)),
        request_id: field("requestId"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responder::Responder;
    use authgate_proto::{Page, SuccessData};
    use serde_json::json;

    fn ok() -> StatusCode {
        StatusCode::OK
    }

    #[test]
    fn success_envelope_yields_data() {
        let body = br#"{"statusCode":200,"message":"","data":{"success":true}}"#;
        let data: SuccessData = decode_envelope(ok(), body).unwrap();
        assert!(data.success);
        let page: Page<u32> = decode_envelope(
            ok(),
            br#"{"statusCode":200,"message":"","data":{"totalCount":3,"list":[1,2,3]}}"#,
        )
        .unwrap();
        assert_eq!(page.total_count, 3);
    }

    #[test]
    fn envelope_only_endpoints_decode_to_unit() {
        let _: () = decode_envelope(ok(), br#"{"statusCode":200,"message":""}"#).unwrap();
        let _: () = decode_envelope(ok(), br#"{"statusCode":200,"data":null}"#).unwrap();
    }

    #[test]
    fn error_envelope_becomes_api_error() {
        let body = br#"{"statusCode":403,"message":"Password is incorrect.","apiCode":2006,
                        "requestId":"req-9","data":null}"#;
        let err = decode_envelope::<SuccessData>(ok(), body).unwrap_err();
        match &err {
            Error::Api {
                status_code,
                api_code,
                message,
                request_id,
            } => {
                assert_eq!(*status_code, 403);
                assert_eq!(*api_code, Some(2006));
                assert_eq!(message, "Password is incorrect.");
                assert_eq!(request_id.as_deref(), Some("req-9"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(err.status_code(), Some(403));
        assert_eq!(err.api_code(), Some(2006));

        // An error envelope wins over an HTTP error status, and its data is ignored.
        let err = decode_envelope::<SuccessData>(
            StatusCode::NOT_FOUND,
            br#"{"statusCode":404,"message":"not found","data":{"whatever":1}}"#,
        )
        .unwrap_err();
        assert!(matches!(
            err,
            Error::Api {
                status_code: 404,
                api_code: None,
                ..
            }
        ));
    }

    #[test]
    fn non_envelope_bodies_are_decode_errors_with_an_excerpt() {
        let html = format!("<html>{}</html>", "x".repeat(1000));
        let err =
            decode_envelope::<SuccessData>(StatusCode::BAD_GATEWAY, html.as_bytes()).unwrap_err();
        let Error::Decode { message } = &err else {
            panic!("{err:?}")
        };
        assert!(message.contains("502"), "{message}");
        assert!(message.contains("<html>xxx"), "{message}");
        assert!(message.len() < 400, "{message}");

        let err = decode_envelope::<SuccessData>(ok(), b"").unwrap_err();
        assert!(matches!(&err, Error::Decode { message } if message.contains("<empty>")));
        // Missing data where data is required.
        let err = decode_envelope::<SuccessData>(ok(), br#"{"statusCode":200,"message":""}"#)
            .unwrap_err();
        assert!(matches!(&err, Error::Decode { message } if message.contains("no data")));
        // Data of the wrong shape.
        let err =
            decode_envelope::<SuccessData>(ok(), br#"{"statusCode":200,"data":[1]}"#).unwrap_err();
        assert!(matches!(&err, Error::Decode { message } if message.contains("[1]")));
        // JSON that is not an envelope.
        let err = decode_envelope::<SuccessData>(ok(), br#"{"success":true}"#).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }));
    }

    #[test]
    fn plain_json_errors() {
        let err = decode_plain::<Value>(
            StatusCode::BAD_REQUEST,
            br#"{"error":"invalid_grant","error_description":"code expired"}"#,
        )
        .unwrap_err();
        assert!(matches!(
            &err,
            Error::OAuth { status: 400, error, description: Some(d) }
                if error == "invalid_grant" && d == "code expired"
        ));
        assert_eq!(err.status_code(), Some(400));
        assert_eq!(err.oauth_error(), Some("invalid_grant"));
        assert_eq!(err.message(), Some("code expired"));
        let err = decode_plain::<Value>(StatusCode::UNAUTHORIZED, br#"{"error":"invalid_client"}"#)
            .unwrap_err();
        assert!(matches!(
            &err,
            Error::OAuth { status: 401, error, description: None } if error == "invalid_client"
        ));
        let err = decode_plain::<Value>(
            StatusCode::FORBIDDEN,
            br#"{"message":"forbidden","requestId":"r1"}"#,
        )
        .unwrap_err();
        assert!(matches!(
            &err,
            Error::Api { status_code: 403, message, request_id: Some(r), .. }
                if message == "forbidden" && r == "r1"
        ));
        let err = decode_plain::<Value>(StatusCode::NOT_FOUND, b"Not Found").unwrap_err();
        assert!(matches!(
            &err,
            Error::Api { status_code: 404, message, .. } if message == "Not Found"
        ));
        let err = decode_plain::<Value>(ok(), b"<html>").unwrap_err();
        assert!(matches!(err, Error::Decode { .. }));
        let v: Value = decode_plain(ok(), br#"{"keys":[]}"#).unwrap();
        assert_eq!(v, json!({"keys": []}));
    }

    #[test]
    fn query_encoding_matches_the_sdks() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Q {
            user_ids: Vec<&'static str>,
            user_id_type: Option<&'static str>,
            with_custom_data: bool,
            page: i64,
            missing: Option<bool>,
            nested: Value,
        }
        let pairs = query_pairs(&Q {
            user_ids: vec!["a", "b"],
            user_id_type: Some("user_id"),
            with_custom_data: false,
            page: 2,
            missing: None,
            nested: json!({"k": 1}),
        })
        .unwrap();
        let mut pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // Field order follows serde_json's map order (sorted unless `preserve_order`).
        pairs.sort_by_key(|(k, _)| *k);
        assert_eq!(
            pairs,
            [
                ("nested", r#"{"k":1}"#),
                ("page", "2"),
                ("userIdType", "user_id"),
                ("userIds", "a"),
                ("userIds", "b"),
                ("withCustomData", "false"),
            ]
        );
        assert!(query_pairs(&()).unwrap().is_empty());
        assert!(matches!(query_pairs(&[1, 2]), Err(Error::Encode { .. })));
    }

    #[tokio::test]
    async fn sends_query_body_and_headers_over_the_wire() {
        let server =
            Responder::start(|_req| (200, r#"{"statusCode":200,"message":""}"#.into())).await;
        let mut defaults = HeaderMap::new();
        defaults.insert(LANG_HEADER, HeaderValue::from_static("en-US"));
        let http = HttpLayer::new(server.url(), Duration::from_secs(5), defaults).unwrap();

        let get = ApiRequest::get("/api/v3/get-user-batch")
            .query(&json!({"userIds": ["u 1", "u2"], "withCustomData": true}))
            .unwrap()
            .header(APP_ID_HEADER, HeaderValue::from_static("tenant-1"));
        http.envelope::<()>(&get).await.unwrap();
        let post = ApiRequest::post("/api/v3/is-user-exists")
            .json(&json!({"username": "bob"}))
            .unwrap();
        http.envelope::<()>(&post).await.unwrap();
        let form = ApiRequest::post("/oidc/token").form(vec![
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), "a b".into()),
        ]);
        http.envelope::<()>(&form).await.unwrap();

        let reqs = server.requests();
        assert_eq!(reqs.len(), 3);
        assert_eq!(reqs[0].method, "GET");
        assert_eq!(
            reqs[0].sorted_target(),
            "/api/v3/get-user-batch?userIds=u+1&userIds=u2&withCustomData=true"
        );
        assert_eq!(reqs[0].header("x-authing-lang"), Some("en-US"));
        assert_eq!(reqs[0].header("x-authing-app-id"), Some("tenant-1"));
        assert_eq!(
            reqs[0].header("x-authing-sdk-version"),
            Some(concat!("authgate-rust-sdk:", env!("CARGO_PKG_VERSION")))
        );
        assert_eq!(reqs[1].method, "POST");
        assert_eq!(reqs[1].target, "/api/v3/is-user-exists");
        assert_eq!(reqs[1].header("content-type"), Some("application/json"));
        assert_eq!(reqs[1].json(), json!({"username": "bob"}));
        assert_eq!(reqs[1].header("x-authing-app-id"), None);
        assert_eq!(
            reqs[2].header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            reqs[2].body_text(),
            "grant_type=authorization_code&code=a+b"
        );
    }

    #[tokio::test]
    async fn api_errors_arrive_through_the_wire() {
        let server = Responder::start(|req| {
            if req.target.contains("html") {
                (502, "<html><body>Bad gateway</body></html>".into())
            } else {
                (
                    200,
                    r#"{"statusCode":404,"message":"用户不存在","apiCode":2004,"requestId":"abc"}"#
                        .into(),
                )
            }
        })
        .await;
        let http = HttpLayer::new(server.url(), Duration::from_secs(5), HeaderMap::new()).unwrap();
        let err = http
            .envelope::<SuccessData>(&ApiRequest::get("/api/v3/get-user"))
            .await
            .unwrap_err();
        assert_eq!(err.status_code(), Some(404));
        assert_eq!(err.api_code(), Some(2004));
        assert_eq!(err.request_id(), Some("abc"));
        assert!(err.to_string().contains("用户不存在"));
        let err = http
            .envelope::<SuccessData>(&ApiRequest::get("/html"))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Decode { message } if message.contains("Bad gateway")),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn connection_failures_are_http_errors() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let http = HttpLayer::new(url, Duration::from_secs(5), HeaderMap::new()).unwrap();
        let err = http
            .envelope::<()>(&ApiRequest::get("/api/v3/x"))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Http(_)), "{err:?}");
    }
}
