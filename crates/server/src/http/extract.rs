//! Extractors that answer bad input with the envelope instead of axum's plain-text
//! rejections, and tolerate the official SDKs' encodings (spec §1.2).

use super::error::AppError;
use super::query::from_query;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// A JSON body. An empty body counts as `{}`; the Content-Type is not insisted on.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::from(Msg::BodyTooLarge)
            } else {
                ApiError::bad_request(Msg::InvalidJson {
                    detail: rejection.body_text(),
                })
            }
        })?;
        parse_json(&bytes).map(Json)
    }
}

/// Parses a JSON body into `T`, naming what is wrong in the error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| AppError(json_error(&e)))
}

fn json_error(e: &serde_json::Error) -> ApiError {
    let text = e.to_string();
    // Drop serde_json's " at line 1 column 20" suffix: it means nothing to API callers.
    let detail = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(head, _)| head);
    if let Some(name) = detail
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return ApiError::missing(name);
    }
    ApiError::bad_request(Msg::InvalidJson {
        detail: detail.to_string(),
    })
}

/// A form body (`application/x-www-form-urlencoded`) of a protocol endpoint, parsed as such
/// whatever the Content-Type says (the Node SDK omits it), or as JSON when it is a JSON object.
/// Fields are strings; unknown fields are ignored.
#[derive(Debug, Default)]
pub struct Form(pub std::collections::HashMap<String, String>);

impl Form {
    /// A field, if present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = super::OAuthError;

    async fn from_request(req: Request, state: &S) -> Result<Self, super::OAuthError> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| super::OAuthError::invalid_request("the request body cannot be read"))?;
        let trimmed = bytes.trim_ascii_start();
        if trimmed.first() == Some(&b'{') {
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(trimmed)
                .map_err(|_| {
                super::OAuthError::invalid_request("the JSON body is malformed")
            })?;
            let fields = map
                .into_iter()
                .filter_map(|(k, v)| match v {
                    serde_json::Value::String(s) => Some((k, s)),
                    serde_json::Value::Null => None,
                    other => Some((k, other.to_string())),
                })
                .collect();
            return Ok(Form(fields));
        }
        Ok(Form(form_urlencoded::parse(&bytes).into_owned().collect()))
    }
}

/// A query string, decoded leniently (`True`/`False`, `k[]`, repeated and comma lists).
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        from_query(parts.uri.query().unwrap_or_default())
            .map(Query)
            .map_err(|e| {
                AppError(ApiError::bad_request(Msg::Invalid {
                    detail: e.to_string(),
                }))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct B {
        user_id: String,
        limit: Option<i64>,
    }

    #[test]
    fn json_errors_name_the_problem() {
        let e = parse_json::<B>(b"{}").unwrap_err().0;
        assert_eq!(
            e.msg,
            Msg::MissingParameter {
                name: "userId".into()
            }
        );
        let e = parse_json::<B>(b"").unwrap_err().0;
        assert_eq!(e.status, 400);
        let e = parse_json::<B>(br#"{"userId": 1}"#).unwrap_err().0;
        assert!(
            matches!(e.msg, Msg::InvalidJson { ref detail } if detail.contains("invalid type"))
        );
        let e = parse_json::<B>(b"{nope").unwrap_err().0;
        assert!(matches!(e.msg, Msg::InvalidJson { .. }));
        assert!(parse_json::<B>(br#"{"userId":"u","limit":null}"#).is_ok());
    }
}
