//! Server-side verification of the HMAC-SHA1 request signatures that the Node
//! management SDK (`authing-node-sdk` 4.x) puts on every management request
//! (wire spec §1.6.2).
//!
//! The SDK sends `authorization: authing {accessKeyId}:{signature}` where
//! `signature = Base64(HMAC-SHA1(accessKeySecret, StringToSign))` and
//!
//! ```text
//! StringToSign = METHOD "\n" CanonicalHeaders CanonicalResource
//! ```
//!
//! The server never sees the SDK's parameter object, only the query string
//! (GET) or the JSON body (every other method), so this module rebuilds the
//! canonical resource from those and compares signatures in constant time.

use std::collections::BTreeMap;

use aws_lc_rs::hmac;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::value::RawValue;
use subtle::{Choice, ConstantTimeEq};

/// The authorization scheme (case-sensitive) the Node SDK uses.
pub const AUTHORIZATION_SCHEME: &str = "authing";

/// The fixed `StringToSign` of a websocket subscription signature.
pub const WEBSOCKET_STRING_TO_SIGN: &str = "websocket\n";

/// Why a signed management request was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The request body is not valid JSON.
    #[error("request body is not valid JSON: {0}")]
    MalformedBody(String),
    /// The request body is valid JSON but not an object.
    #[error("request body must be a JSON object")]
    BodyNotObject,
    /// The provided signature is not a base64-encoded HMAC-SHA1 tag.
    #[error("signature is not a base64-encoded HMAC-SHA1 value")]
    MalformedSignature,
    /// The signature does not match the request.
    #[error("signature does not match the request")]
    Mismatch,
}

/// Where the signed parameters of a request come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedParams<'a> {
    /// The request carries no signed parameters.
    None,
    /// The raw (still percent-encoded) query string, without the leading `?`.
    Query(&'a str),
    /// The raw JSON request body; an empty body means no parameters.
    JsonBody(&'a [u8]),
}

impl<'a> SignedParams<'a> {
    /// Picks the signed parameter source the Node SDK uses for `method`:
    /// the query string for `GET`, the JSON body for every other method.
    pub fn for_method(method: &str, raw_query: Option<&'a str>, body: &'a [u8]) -> Self {
        if method.eq_ignore_ascii_case("GET") {
            raw_query.map_or(Self::None, Self::Query)
        } else {
            Self::JsonBody(body)
        }
    }
}

/// Splits an `authorization` header value of the form
/// `authing {accessKeyId}:{base64 signature}` into the access key id and the
/// base64 signature. Returns `None` for any other scheme or shape.
pub fn parse_authorization(header: &str) -> Option<(&str, &str)> {
    let credentials = header
        .trim()
        .strip_prefix(AUTHORIZATION_SCHEME)?
        .strip_prefix(' ')?
        .trim_start();
    let (access_key_id, signature) = credentials.split_once(':')?;
    if access_key_id.is_empty() || signature.is_empty() {
        return None;
    }
    Some((access_key_id, signature))
}

/// Builds the `StringToSign` from the request method, all request headers
/// (only `date` and `x-authing-*` are used) and the canonical resource.
pub fn string_to_sign<'h>(
    method: &str,
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    canonical_resource: &str,
) -> String {
    format!(
        "{method}\n{}{canonical_resource}",
        canonical_headers(headers)
    )
}

/// Computes `Base64(HMAC-SHA1(secret, string_to_sign))` with the standard
/// (padded) base64 alphabet, exactly as the SDK does.
pub fn sign(secret: &[u8], string_to_sign: &str) -> String {
    STANDARD.encode(hmac_sha1(secret, string_to_sign))
}

/// Builds the canonical resource (`Path` or `Path?k1=v1&k2=v2…`) for a
/// request path and its signed parameters.
pub fn canonical_resource(path: &str, params: SignedParams<'_>) -> Result<String, SignatureError> {
    let pairs = signed_pairs(params)?;
    Ok(render_resource(path, &pairs))
}

/// Verifies a Node-SDK management signature.
///
/// `path` is the request path as the SDK wrote it (no host, no query).
/// When the request carries no parameters both `Path` and `Path?` are
/// accepted (the SDK's "all keys undefined" quirk).
pub fn verify<'h>(
    secret: &[u8],
    method: &str,
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
    path: &str,
    params: SignedParams<'_>,
    provided_signature_b64: &str,
) -> Result<(), SignatureError> {
    let provided = decode_signature(provided_signature_b64)?;
    let prefix = format!("{method}\n{}", canonical_headers(headers));
    let matched = candidate_resources(path, params)?
        .iter()
        .map(|resource| {
            let expected = hmac_sha1(secret, &format!("{prefix}{resource}"));
            expected.as_slice().ct_eq(&provided)
        })
        .fold(Choice::from(0), |acc, hit| acc | hit);
    verdict(matched)
}

/// Verifies a websocket subscription signature (`StringToSign = "websocket\n"`).
pub fn verify_websocket(secret: &[u8], provided_signature_b64: &str) -> Result<(), SignatureError> {
    verify_string_to_sign(secret, WEBSOCKET_STRING_TO_SIGN, provided_signature_b64)
}

/// Verifies a signature over an already built `StringToSign`.
pub fn verify_string_to_sign(
    secret: &[u8],
    string_to_sign: &str,
    provided_signature_b64: &str,
) -> Result<(), SignatureError> {
    let provided = decode_signature(provided_signature_b64)?;
    let expected = hmac_sha1(secret, string_to_sign);
    verdict(expected.as_slice().ct_eq(&provided))
}

fn verdict(matched: Choice) -> Result<(), SignatureError> {
    if bool::from(matched) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

fn hmac_sha1(secret: &[u8], message: &str) -> Vec<u8> {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    hmac::sign(&key, message.as_bytes()).as_ref().to_vec()
}

fn decode_signature(signature_b64: &str) -> Result<Vec<u8>, SignatureError> {
    let bytes = STANDARD
        .decode(signature_b64.trim())
        .map_err(|_| SignatureError::MalformedSignature)?;
    let expected_len = hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY
        .digest_algorithm()
        .output_len;
    if bytes.len() == expected_len {
        Ok(bytes)
    } else {
        Err(SignatureError::MalformedSignature)
    }
}

/// `name:value\n` for every `date` / `x-authing-*` header, sorted by name.
fn canonical_headers<'h>(headers: impl IntoIterator<Item = (&'h str, &'h str)>) -> String {
    let mut signed: Vec<(String, String)> = headers
        .into_iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .filter(|(name, _)| name == "date" || name.starts_with("x-authing-"))
        .map(|(name, value)| (name, normalize_header_value(value)))
        .collect();
    signed.sort_by(|a, b| a.0.cmp(&b.0));
    signed
        .iter()
        .map(|(name, value)| format!("{name}:{value}\n"))
        .collect()
}

/// Replaces `\t \n \r \f` by spaces, then trims like JavaScript's `trim()`.
fn normalize_header_value(value: &str) -> String {
    let spaced: String = value
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{000C}' => ' ',
            other => other,
        })
        .collect();
    spaced.trim_matches(is_js_whitespace).to_owned()
}

/// JavaScript `WhiteSpace` and `LineTerminator` (the set `trim()` removes).
fn is_js_whitespace(c: char) -> bool {
    c == '\u{FEFF}' || (c != '\u{0085}' && c.is_whitespace())
}

/// Candidate resources: the canonical one, plus `Path?` when there are no
/// parameters.
fn candidate_resources(
    path: &str,
    params: SignedParams<'_>,
) -> Result<Vec<String>, SignatureError> {
    let pairs = signed_pairs(params)?;
    let mut candidates = vec![render_resource(path, &pairs)];
    if pairs.is_empty() {
        candidates.push(format!("{path}?"));
    }
    Ok(candidates)
}

fn render_resource(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("{path}?{}", query.join("&"))
}

/// The signed `(key, rendered value)` pairs, sorted in JavaScript order.
fn signed_pairs(params: SignedParams<'_>) -> Result<Vec<(String, String)>, SignatureError> {
    let mut pairs = match params {
        SignedParams::None => Vec::new(),
        SignedParams::Query(raw) => query_pairs(raw),
        SignedParams::JsonBody(body) => body_pairs(body)?,
    };
    pairs.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    Ok(pairs)
}

/// Values collected for one query key.
#[derive(Default)]
struct QueryValues {
    is_array: bool,
    values: Vec<String>,
}

/// Form-decodes a query string; `k[]` and repeated keys become JSON arrays.
fn query_pairs(raw: &str) -> Vec<(String, String)> {
    let mut collected: BTreeMap<String, QueryValues> = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
        let (name, is_array) = match key.strip_suffix("[]") {
            Some(name) => (name.to_owned(), true),
            None => (key.into_owned(), false),
        };
        let entry = collected.entry(name).or_default();
        entry.is_array |= is_array;
        entry.values.push(value.into_owned());
    }
    collected
        .into_iter()
        .map(|(name, entry)| {
            let rendered = render_query_values(&entry);
            (name, rendered)
        })
        .collect()
}

fn render_query_values(entry: &QueryValues) -> String {
    match (entry.is_array, entry.values.as_slice()) {
        (false, [single]) => single.clone(),
        (_, values) => json_string_array(values),
    }
}

/// Compact JSON array of strings, escaped like `JSON.stringify`.
fn json_string_array(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_default()
}

/// Top-level members of a JSON object body: decoded text for strings, raw
/// JSON text for everything else.
fn body_pairs(body: &[u8]) -> Result<Vec<(String, String)>, SignatureError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let raw: &RawValue = serde_json::from_slice(body).map_err(malformed_body)?;
    if !raw.get().starts_with('{') {
        return Err(SignatureError::BodyNotObject);
    }
    let members: BTreeMap<String, &RawValue> =
        serde_json::from_str(raw.get()).map_err(malformed_body)?;
    members
        .into_iter()
        .map(|(key, value)| Ok((key, render_body_value(value)?)))
        .collect()
}

fn render_body_value(value: &RawValue) -> Result<String, SignatureError> {
    let text = value.get();
    if text.starts_with('"') {
        serde_json::from_str(text).map_err(malformed_body)
    } else {
        Ok(text.to_owned())
    }
}

fn malformed_body(error: serde_json::Error) -> SignatureError {
    SignatureError::MalformedBody(error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const AK: &str = "AK123";
    const SK: &[u8] = b"SK456";

    const HEADERS: [(&str, &str); 6] = [
        ("date", "Mon, 01 Jan 2024 00:00:00 GMT"),
        ("x-authing-lang", "zh-CN"),
        ("x-authing-sdk-version", "authing-node-sdk:4.0.1"),
        ("x-authing-signature-method", "HMAC-SHA1"),
        (
            "x-authing-signature-nonce",
            "0123456789abcdef0123456789abcdef",
        ),
        ("x-authing-signature-version", "1.0"),
    ];

    const GET_QUERY: &str = "userIds[]=u1&userIds[]=u2&userIdType=user_id&withCustomData=false";
    const GET_RESOURCE: &str =
        r#"/api/v3/get-user-batch?userIdType=user_id&userIds=["u1","u2"]&withCustomData=false"#;
    const GET_AUTH: &str = "authing AK123:mM1v640fYWXOzc/o9NvG7kaBVCA=";

    const POST_BODY: &str = r#"{"username":"bob","password":"p@ss w","profile":{"b":1,"a":"x"},"emailVerified":true,"n":null,"tags":["a"]}"#;
    const POST_RESOURCE: &str = r#"/api/v3/create-user?emailVerified=true&n=null&password=p@ss w&profile={"b":1,"a":"x"}&tags=["a"]&username=bob"#;
    const POST_AUTH: &str = "authing AK123:JEgjF/aF9Hff+jEtZEkBF0zH/a0=";

    const WS_AUTH: &str = "authing AK123:CmLM1YP/UKOyKeZeeDX8sVdiOqQ=";

    fn signature_of(header: &str) -> &str {
        let (ak, signature) = parse_authorization(header).unwrap();
        assert_eq!(ak, AK);
        signature
    }

    fn resource(path: &str, params: SignedParams<'_>) -> String {
        canonical_resource(path, params).unwrap()
    }

    fn sign_resource(method: &str, resource: &str) -> String {
        sign(SK, &string_to_sign(method, HEADERS, resource))
    }

    fn verify_with(
        secret: &[u8],
        method: &str,
        path: &str,
        params: SignedParams<'_>,
        signature: &str,
    ) -> Result<(), SignatureError> {
        verify(secret, method, HEADERS, path, params, signature)
    }

    #[test]
    fn vector_get_user_batch() {
        let params = SignedParams::Query(GET_QUERY);
        assert_eq!(resource("/api/v3/get-user-batch", params), GET_RESOURCE);
        let expected_sts = format!(
            "GET\ndate:Mon, 01 Jan 2024 00:00:00 GMT\nx-authing-lang:zh-CN\n\
             x-authing-sdk-version:authing-node-sdk:4.0.1\nx-authing-signature-method:HMAC-SHA1\n\
             x-authing-signature-nonce:0123456789abcdef0123456789abcdef\n\
             x-authing-signature-version:1.0\n{GET_RESOURCE}"
        );
        assert_eq!(string_to_sign("GET", HEADERS, GET_RESOURCE), expected_sts);
        assert_eq!(
            format!("authing {AK}:{}", sign(SK, &expected_sts)),
            GET_AUTH
        );
        let signature = signature_of(GET_AUTH);
        verify_with(SK, "GET", "/api/v3/get-user-batch", params, signature).unwrap();
    }

    #[test]
    fn vector_create_user() {
        let params = SignedParams::JsonBody(POST_BODY.as_bytes());
        assert_eq!(resource("/api/v3/create-user", params), POST_RESOURCE);
        let signature = sign_resource("POST", POST_RESOURCE);
        assert_eq!(format!("authing {AK}:{signature}"), POST_AUTH);
        let signature = signature_of(POST_AUTH);
        verify_with(SK, "POST", "/api/v3/create-user", params, signature).unwrap();
    }

    #[test]
    fn vector_websocket() {
        assert_eq!(
            string_to_sign("websocket", [], ""),
            WEBSOCKET_STRING_TO_SIGN
        );
        let signature = sign(SK, WEBSOCKET_STRING_TO_SIGN);
        assert_eq!(format!("authing {AK}:{signature}"), WS_AUTH);
        verify_websocket(SK, signature_of(WS_AUTH)).unwrap();
        assert_eq!(
            verify_websocket(b"other", &signature),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn parse_authorization_shapes() {
        assert_eq!(
            parse_authorization("  authing AK:c2ln  "),
            Some(("AK", "c2ln"))
        );
        assert_eq!(
            parse_authorization("authing  AK:c2ln"),
            Some(("AK", "c2ln"))
        );
        assert_eq!(parse_authorization("Authing AK:c2ln"), None);
        assert_eq!(parse_authorization("authingAK:c2ln"), None);
        assert_eq!(parse_authorization("Bearer AK:c2ln"), None);
        assert_eq!(parse_authorization("authing AK"), None);
        assert_eq!(parse_authorization("authing :c2ln"), None);
        assert_eq!(parse_authorization("authing AK:"), None);
    }

    #[test]
    fn empty_params_accept_path_and_trailing_question_mark() {
        let path = "/api/v3/list-users";
        let cases = [
            ("GET", SignedParams::None),
            ("GET", SignedParams::Query("")),
            ("POST", SignedParams::JsonBody(b"")),
            ("POST", SignedParams::JsonBody(b"{}")),
            ("DELETE", SignedParams::JsonBody(b" { } ")),
        ];
        for (method, params) in cases {
            assert_eq!(resource(path, params), path);
            for signed in [path.to_owned(), format!("{path}?")] {
                let signature = sign_resource(method, &signed);
                verify_with(SK, method, path, params, &signature).unwrap();
            }
        }
    }

    #[test]
    fn non_empty_params_reject_bare_path() {
        let path = "/api/v3/get-user";
        let params = SignedParams::Query("userId=1");
        for signed in [path.to_owned(), format!("{path}?")] {
            let signature = sign_resource("GET", &signed);
            let outcome = verify_with(SK, "GET", path, params, &signature);
            assert_eq!(outcome, Err(SignatureError::Mismatch));
        }
    }

    #[test]
    fn keys_sorted_by_utf16_code_units() {
        // U+FF5E sorts after U+1F600 in UTF-8 byte order but before it in UTF-16.
        let query = "b=2&a=1&B=0&%F0%9F%98%80=smile&%EF%BD%9E=tilde&aa=3";
        let got = resource("/p", SignedParams::Query(query));
        assert_eq!(got, "/p?B=0&a=1&aa=3&b=2&\u{1F600}=smile&\u{FF5E}=tilde");
    }

    #[test]
    fn bracket_keys_become_arrays() {
        let got = resource("/p", SignedParams::Query("ids[]=a&x=1"));
        assert_eq!(got, r#"/p?ids=["a"]&x=1"#);
        let got = resource("/p", SignedParams::Query("ids[]=a&ids[]=b%22c"));
        assert_eq!(got, r#"/p?ids=["a","b\"c"]"#);
    }

    #[test]
    fn repeated_keys_become_arrays() {
        let got = resource("/p", SignedParams::Query("ids=a&ids=b&ids[]=c"));
        assert_eq!(got, r#"/p?ids=["a","b","c"]"#);
    }

    #[test]
    fn comma_values_stay_strings() {
        let got = resource("/p", SignedParams::Query("ids=a,b"));
        assert_eq!(got, "/p?ids=a,b");
    }

    #[test]
    fn query_form_decoding() {
        let query = "q=a+b%20c&mail=x%2By%40z.com&raw=:$,[]&empty=&flag";
        let got = resource("/p", SignedParams::Query(query));
        assert_eq!(got, "/p?empty=&flag=&mail=x+y@z.com&q=a b c&raw=:$,[]");
    }

    #[test]
    fn nested_values_keep_raw_text() {
        let body = br#"{"z":{"b":[1, 2],"a":{"y":"\u00e9"}},"m":[{"k":null}],"s":"\u00e9\n"}"#;
        let got = resource("/p", SignedParams::JsonBody(body));
        assert_eq!(
            got,
            "/p?m=[{\"k\":null}]&s=\u{e9}\n&z={\"b\":[1, 2],\"a\":{\"y\":\"\\u00e9\"}}"
        );
    }

    #[test]
    fn numbers_keep_raw_text() {
        let body = br#"{"price":1.50,"big":1e21,"neg":-0,"n":10}"#;
        let got = resource("/p", SignedParams::JsonBody(body));
        assert_eq!(got, "/p?big=1e21&n=10&neg=-0&price=1.50");
    }

    #[test]
    fn non_object_bodies_are_rejected() {
        for body in [&b"[1]"[..], b"\"x\"", b"null", b"3"] {
            let got = canonical_resource("/p", SignedParams::JsonBody(body));
            assert_eq!(got, Err(SignatureError::BodyNotObject));
        }
        let got = canonical_resource("/p", SignedParams::JsonBody(b"{\"a\":"));
        assert!(matches!(got, Err(SignatureError::MalformedBody(_))));
    }

    #[test]
    fn tampered_body_fails() {
        let signature = signature_of(POST_AUTH);
        let tampered = POST_BODY.replace("bob", "eve");
        let params = SignedParams::JsonBody(tampered.as_bytes());
        let outcome = verify_with(SK, "POST", "/api/v3/create-user", params, signature);
        assert_eq!(outcome, Err(SignatureError::Mismatch));
    }

    #[test]
    fn tampered_header_or_method_fails() {
        let signature = signature_of(GET_AUTH);
        let params = SignedParams::Query(GET_QUERY);
        let path = "/api/v3/get-user-batch";
        let mut headers = HEADERS.to_vec();
        headers[4].1 = "ffffffffffffffffffffffffffffffff";
        let outcome = verify(SK, "GET", headers, path, params, signature);
        assert_eq!(outcome, Err(SignatureError::Mismatch));
        let outcome = verify_with(SK, "DELETE", path, params, signature);
        assert_eq!(outcome, Err(SignatureError::Mismatch));
    }

    #[test]
    fn wrong_secret_fails() {
        let params = SignedParams::Query(GET_QUERY);
        let signature = signature_of(GET_AUTH);
        let outcome = verify_with(b"SK457", "GET", "/api/v3/get-user-batch", params, signature);
        assert_eq!(outcome, Err(SignatureError::Mismatch));
    }

    #[test]
    fn malformed_signature_is_reported() {
        let params = SignedParams::None;
        for signature in ["not base64!", "c2ln", ""] {
            let outcome = verify_with(SK, "GET", "/p", params, signature);
            assert_eq!(outcome, Err(SignatureError::MalformedSignature));
        }
    }

    #[test]
    fn canonical_headers_filter_sort_and_normalize() {
        let headers = [
            ("X-Authing-B", " two\twords\r\n"),
            ("content-type", "application/json"),
            ("Date", "\u{FEFF}today\u{000C}"),
            ("x-authing-a", "one"),
            ("authorization", "authing AK:sig"),
        ];
        let got = string_to_sign("PUT", headers, "/p");
        assert_eq!(
            got,
            "PUT\ndate:today\nx-authing-a:one\nx-authing-b:two words\n/p"
        );
    }

    #[test]
    fn params_source_follows_method() {
        let body = b"{}".as_slice();
        assert_eq!(
            SignedParams::for_method("GET", Some("a=1"), body),
            SignedParams::Query("a=1")
        );
        assert_eq!(
            SignedParams::for_method("GET", None, body),
            SignedParams::None
        );
        assert_eq!(
            SignedParams::for_method("DELETE", Some("a=1"), body),
            SignedParams::JsonBody(body)
        );
    }

    /// Independent JS-style rendering of a string map (what the SDK signs).
    fn js_resource(path: &str, map: &BTreeMap<String, String>) -> String {
        let mut keys: Vec<&String> = map.keys().collect();
        keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let parts: Vec<String> = keys.iter().map(|k| format!("{k}={}", map[*k])).collect();
        if parts.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    proptest! {
        #[test]
        fn body_sign_then_verify_round_trips(map in prop::collection::btree_map(".{0,8}", ".{0,12}", 0..6)) {
            let body = serde_json::to_vec(&map).unwrap();
            let params = SignedParams::JsonBody(&body);
            let signature = sign_resource("POST", &js_resource("/api/v3/x", &map));
            prop_assert_eq!(verify_with(SK, "POST", "/api/v3/x", params, &signature), Ok(()));
        }

        #[test]
        fn query_sign_then_verify_round_trips(map in prop::collection::btree_map(".{1,8}", ".{0,12}", 0..6)) {
            let map: BTreeMap<String, String> =
                map.into_iter().filter(|(k, _)| !k.ends_with("[]")).collect();
            let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(&map).finish();
            let params = SignedParams::Query(&query);
            let signature = sign_resource("GET", &js_resource("/api/v3/x", &map));
            prop_assert_eq!(verify_with(SK, "GET", "/api/v3/x", params, &signature), Ok(()));
        }
    }
}
