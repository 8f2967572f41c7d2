//! Management authentication, both schemes of spec §1.6: a management token
//! (`authorization: Bearer …` from the Python and Go SDKs, the bare token with no scheme from
//! the Java SDK since 3.1.4, §1.6.3) or a per-request HMAC-SHA1 signature
//! (`authorization: authing AK:signature`, Node SDK). Either way the handlers receive a
//! [`ManagementCtx`] naming the user pool they act on.

use super::token::{ManagementClaims, TOKEN_TYPE, enabled_key, key_secret};
use crate::http::AppError;
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::access_key::AccessKey;
use authgate_core::messages::Msg;
use authgate_core::mgmt_signature::{self, SignedParams};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Leeway on token expiry: the Python SDK reuses a token until exactly `expires_in` elapsed.
const EXPIRY_LEEWAY_SECS: i64 = 60;
/// Largest accepted distance between a signed request's `date` and the server's clock.
const DATE_WINDOW_SECS: i64 = 15 * 60;

/// Who is calling the management API.
#[derive(Debug, Clone)]
pub struct ManagementCtx {
    /// The user pool being managed.
    pub pool_id: String,
    /// The access key that authenticated the call.
    pub access_key_id: String,
}

fn unauthorized(msg: Msg) -> AppError {
    AppError(ApiError::from(msg))
}

/// Middleware guarding every management route.
pub async fn require(State(state): State<AppState>, req: Request, next: Next) -> Response {
    match authenticate(&state, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn authenticate(state: &AppState, req: Request) -> Result<Request, AppError> {
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim()
        .to_string();
    let mut req = req;
    let ctx = if let Some(token) = strip_bearer(&header).or_else(|| raw_token(&header)) {
        let pool_header = req
            .headers()
            .get("x-authing-userpool-id")
            .and_then(|v| v.to_str().ok());
        by_token(state, token, pool_header).await?
    } else if let Some((ak, signature)) = mgmt_signature::parse_authorization(&header) {
        let (ctx, rebuilt) = by_signature(state, ak, signature, req).await?;
        req = rebuilt;
        ctx
    } else {
        return Err(unauthorized(Msg::ManagementCredentialsMissing));
    };
    req.extensions_mut().insert(ctx);
    Ok(req)
}

fn strip_bearer(header: &str) -> Option<&str> {
    let (scheme, rest) = header.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| rest.trim())
        .filter(|t| !t.is_empty())
}

/// The Java SDK's header: the management token itself, no scheme. Any single word is taken
/// for a token (and then has to verify as one); a value with a space is a scheme we parse
/// elsewhere or do not know.
fn raw_token(header: &str) -> Option<&str> {
    (!header.is_empty() && !header.contains(char::is_whitespace)).then_some(header)
}

async fn by_token(
    state: &AppState,
    token: &str,
    pool_header: Option<&str>,
) -> Result<ManagementCtx, AppError> {
    let invalid = || unauthorized(Msg::ManagementTokenInvalid);
    let kid = authgate_core::jws::peek_header(token)
        .ok()
        .and_then(|h| h.kid)
        .ok_or_else(invalid)?;
    let key = state
        .keys
        .find_or_reload(&state.store, &state.master, &kid, state.clock.now_millis())
        .await
        .ok_or_else(invalid)?;
    let payload = key.verify(token).map_err(|_| invalid())?;
    let claims: ManagementClaims = serde_json::from_slice(&payload).map_err(|_| invalid())?;
    if claims.typ != TOKEN_TYPE || claims.iss != state.issuer() {
        return Err(invalid());
    }
    if claims.exp + EXPIRY_LEEWAY_SECS < state.clock.now_secs() {
        return Err(invalid());
    }
    if pool_header
        .map(str::trim)
        .is_some_and(|p| !p.is_empty() && p != claims.scoped_userpool_id)
    {
        return Err(unauthorized(Msg::ManagementPoolMismatch));
    }
    // A disabled or deleted key revokes the tokens minted with it.
    let access_key = enabled_key(state, &claims.sub).await?;
    note_use(state, &access_key).await;
    Ok(ManagementCtx {
        pool_id: access_key.pool_id,
        access_key_id: access_key.id,
    })
}

async fn by_signature(
    state: &AppState,
    access_key_id: &str,
    signature: &str,
    req: Request,
) -> Result<(ManagementCtx, Request), AppError> {
    let key = enabled_key(state, access_key_id).await?;
    check_date(
        state,
        req.headers().get("date").and_then(|v| v.to_str().ok()),
    )?;
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, state.body_limit)
        .await
        .map_err(|_| AppError(ApiError::from(Msg::BodyTooLarge)))?;
    let secret = key_secret(state, &key)?;
    // The SDK signs its path string before axios percent-encodes it (e.g. literal `{id}`).
    let path = crate::http::query::percent_decode(parts.uri.path());
    let headers = parts
        .headers
        .iter()
        .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)));
    let params = SignedParams::for_method(parts.method.as_str(), parts.uri.query(), &bytes);
    mgmt_signature::verify(
        secret.as_bytes(),
        parts.method.as_str(),
        headers,
        &path,
        params,
        signature,
    )
    .map_err(|_| unauthorized(Msg::SignatureMismatch))?;
    note_use(state, &key).await;
    let ctx = ManagementCtx {
        pool_id: key.pool_id,
        access_key_id: key.id,
    };
    Ok((ctx, Request::from_parts(parts, Body::from(bytes))))
}

/// Records that `key` authenticated a request (at most once a minute; never fails the call).
pub async fn note_use(state: &AppState, key: &AccessKey) {
    let now = state.clock.now_millis();
    if key.last_use_due(now)
        && let Err(e) = state.store.touch_access_key(&key.id, now).await
    {
        tracing::warn!(error = %e, "access key last use not recorded");
    }
}

fn check_date(state: &AppState, date: Option<&str>) -> Result<(), AppError> {
    let bad = || unauthorized(Msg::SignatureDateInvalid);
    let when = httpdate::parse_http_date(date.ok_or_else(bad)?).map_err(|_| bad())?;
    let secs = when
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| bad())?
        .as_secs();
    let secs = i64::try_from(secs).map_err(|_| bad())?;
    if (secs - state.clock.now_secs()).abs() > DATE_WINDOW_SECS {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_and_paths() {
        assert_eq!(strip_bearer("Bearer abc"), Some("abc"));
        assert_eq!(strip_bearer("bearer  abc "), Some("abc"));
        assert_eq!(strip_bearer("Bearer "), None);
        assert_eq!(strip_bearer("authing a:b"), None);
    }

    #[test]
    fn raw_tokens_are_single_words() {
        assert_eq!(raw_token("eyJ.a.b"), Some("eyJ.a.b"));
        assert_eq!(raw_token(""), None);
        assert_eq!(raw_token("authing a:b"), None);
        assert_eq!(raw_token("Bearer x"), None);
    }
}
