//! `GET /api/v2/oidc/validate_token`: the Java SDK's online token check
//! (`AuthenticationClient.validateToken`, spec §1.6.3).
//!
//! The SDK sends exactly one of `?access_token=` or `?id_token=` (its values are not
//! URL-encoded; JWTs need no encoding) and reads the answer as a flat object: the token's
//! claims when it is valid, `{code, message}` when it is not. Its HTTP client throws on any
//! non-2xx status, so both answers are HTTP 200; there is no envelope.
//!
//! Valid means: signed by one of our keys (by `kid`), issued by us, not expired, and its
//! session (and, for an access token, its own id) not revoked. An access token presented as
//! an id token, or the reverse, is refused.

use crate::state::AppState;
use crate::tokens;
use authgate_core::error::codes;
use axum::Json;
use axum::extract::{RawQuery, State};
use serde_json::{Map, Value, json};

/// Which kind of token was presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Access,
    Id,
}

/// The token of the query and its kind; `Err` names what is wrong with the query.
fn presented(query: &str) -> Result<(Kind, String), &'static str> {
    let mut found = None;
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let kind = match k.as_ref() {
            "access_token" => Kind::Access,
            "id_token" => Kind::Id,
            _ => continue,
        };
        if v.is_empty() {
            continue;
        }
        if found.is_some() {
            return Err("pass either access_token or id_token, not both");
        }
        found = Some((kind, v.into_owned()));
    }
    found.ok_or("access_token or id_token is required")
}

fn refusal(message: &str) -> Json<Value> {
    Json(json!({ "code": codes::NOT_LOGGED_IN, "message": message }))
}

/// The claims of `token` if our key (by `kid`) signed it, we issued it and it has not expired.
async fn signed_claims(state: &AppState, token: &str) -> Option<Map<String, Value>> {
    let kid = authgate_core::jws::peek_header(token).ok()?.kid?;
    let key = state
        .keys
        .find_or_reload(&state.store, &state.master, &kid, state.clock.now_millis())
        .await?;
    let payload = key.verify(token).ok()?;
    let claims: Map<String, Value> = serde_json::from_slice(&payload).ok()?;
    let issuer_ok = claims.get("iss").and_then(Value::as_str) == Some(state.issuer().as_str());
    let live = claims
        .get("exp")
        .and_then(Value::as_i64)
        .is_some_and(|exp| exp > state.clock.now_secs());
    (issuer_ok && live).then_some(claims)
}

/// Whether the id token's session (its `sid`, when it has one) is still open.
async fn session_open(state: &AppState, claims: &Map<String, Value>) -> bool {
    let Some(sid) = claims.get("sid").and_then(Value::as_str) else {
        return true;
    };
    match state
        .store
        .token_state(sid, "", state.clock.now_millis())
        .await
    {
        Ok(s) => s.session_active,
        Err(e) => {
            tracing::warn!(error = %e, "session state unavailable");
            false
        }
    }
}

/// Checks an access or id token online; answers its claims, or `{code, message}`.
#[utoipa::path(get, path = "/api/v2/oidc/validate_token", tag = "oidc",
    params(
        ("access_token" = Option<String>, Query, description = "an access token to check"),
        ("id_token" = Option<String>, Query, description = "or an id token"),
    ),
    responses((status = 200, description = "The token's claims, or {code, message} when it is not valid")))]
pub async fn validate_token(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Json<Value> {
    let (kind, token) = match presented(query.as_deref().unwrap_or_default()) {
        Ok(found) => found,
        Err(message) => return refusal(message),
    };
    let Some(claims) = signed_claims(&state, &token).await else {
        return refusal("the token is invalid or expired");
    };
    let valid = match kind {
        // Type, session and revocation of the token itself.
        Kind::Access => tokens::verify_access(&state, &token).await.is_ok(),
        // Access and management tokens carry a `typ`; id tokens do not.
        Kind::Id => !claims.contains_key("typ") && session_open(&state, &claims).await,
    };
    if !valid {
        return refusal("the token is invalid or expired");
    }
    Json(Value::Object(claims))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_one_token() {
        assert_eq!(
            presented("access_token=a.b.c"),
            Ok((Kind::Access, "a.b.c".into()))
        );
        assert_eq!(presented("id_token=x&other=1"), Ok((Kind::Id, "x".into())));
        assert!(presented("").is_err());
        assert!(presented("access_token=").is_err());
        assert!(presented("access_token=a&id_token=b").is_err());
    }
}
