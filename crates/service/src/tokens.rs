//! The token service: issuing token sets at sign-in, rotating refresh tokens, verifying,
//! introspecting and revoking access tokens.
//!
//! Every sign-in opens a session (its id is the `sid` claim); refresh tokens belong to the
//! session and rotate on every use; a reused one revokes the session. Revoking the session ends
//! its access tokens too, because verification checks the session.

use crate::Services;
use crate::test_seam::PausePoint;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::jws::{b64_safe_json, peek_header};
use authgate_core::scope::Scope;
use authgate_core::token::{ACCESS_TOKEN_TYPE, AccessClaims, half_hash, sha256_hex, user_claims};
use authgate_core::user::{User, UserKey};
use authgate_proto::tokens::{Introspection, TokenSet};
use authgate_store::{RefreshOutcome, Session};
use base64::Engine;
use serde_json::{Value, json};

/// The scope of a sign-in when none is asked for.
pub const DEFAULT_SCOPE: &str = "openid profile";

/// Why a refresh was refused (RFC 6749 `invalid_grant` in every case, told apart in logs),
/// or that it could not be done.
#[derive(Debug)]
pub enum RefreshError {
    /// Unknown, expired, revoked, or issued to another client.
    Invalid,
    /// Presented a second time: the session was revoked.
    Reused,
    /// The refresh itself failed (logged where it happened).
    Failed(ApiError),
}

impl<E: Into<ApiError>> From<E> for RefreshError {
    fn from(e: E) -> Self {
        RefreshError::Failed(e.into())
    }
}

fn new_refresh_token() -> Result<String, ApiError> {
    let mut b = [0u8; 32];
    authgate_core::ids::fill_random(&mut b)?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

fn sign_json(state: &Services, value: &Value) -> Result<String, ApiError> {
    let key = state.keys.active().ok_or_else(ApiError::internal)?;
    key.sign(&b64_safe_json(value)).map_err(|e| {
        tracing::error!(error = %e, "token signing failed");
        ApiError::internal()
    })
}

/// What an id token's `at_hash` / `c_hash` are computed over (OIDC Core 3.1.3.6, 3.3.2.11).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdTokenHashes<'a> {
    /// The access token issued with the id token (`at_hash`).
    pub access_token: Option<&'a str>,
    /// The authorization code returned with the id token (`c_hash`, hybrid flow).
    pub code: Option<&'a str>,
}

/// Signs the id token of `session` for `user` (`openid` scope), with the given hashes.
pub fn sign_id_token(
    state: &Services,
    session: &Session,
    user: &User,
    app: &Application,
    hashes: IdTokenHashes<'_>,
) -> Result<String, ApiError> {
    let now = state.clock.now_secs();
    let scope = Scope::parse(&session.scope);
    let mut id = user_claims(user, &scope);
    id.insert("iss".into(), json!(state.issuer()));
    id.insert("aud".into(), json!(app.id));
    id.insert("iat".into(), json!(now));
    id.insert(
        "exp".into(),
        json!(now + app.settings.lifetimes.id_token_ttl),
    );
    id.insert("auth_time".into(), json!(session.auth_time / 1000));
    id.insert("sid".into(), json!(session.id));
    if let Some(at) = hashes.access_token {
        id.insert("at_hash".into(), json!(half_hash(at)));
    }
    if let Some(code) = hashes.code {
        id.insert("c_hash".into(), json!(half_hash(code)));
    }
    if let Some(n) = &session.nonce {
        id.insert("nonce".into(), json!(n));
    }
    sign_json(state, &Value::Object(id))
}

/// Signs the access (and id) token of `session` for `user`.
fn mint(
    state: &Services,
    session: &Session,
    user: &User,
    app: &Application,
    refresh_token: Option<String>,
) -> Result<TokenSet, ApiError> {
    let now = state.clock.now_secs();
    let ttl = app.settings.lifetimes.access_token_ttl;
    let scope = Scope::parse(&session.scope);
    let claims = AccessClaims {
        iss: state.issuer(),
        sub: user.id.clone(),
        aud: app.id.clone(),
        scope: scope.to_string(),
        iat: now,
        exp: now + ttl,
        jti: authgate_core::ids::new_alnum(22)?,
        sid: session.id.clone(),
        pool: user.pool_id.clone(),
        typ: ACCESS_TOKEN_TYPE.into(),
        client_id: None,
    };
    let access_token = sign_json(
        state,
        &serde_json::to_value(&claims).map_err(|_| ApiError::internal())?,
    )?;
    let id_token = if scope.has("openid") {
        let hashes = IdTokenHashes {
            access_token: Some(&access_token),
            code: None,
        };
        Some(sign_id_token(state, session, user, app, hashes)?)
    } else {
        None
    };
    Ok(TokenSet {
        scope: scope.to_string(),
        access_token,
        id_token,
        refresh_token,
        token_type: "Bearer".into(),
        expire_in: ttl,
        expires_in: ttl,
    })
}

/// Issues a machine-to-machine access token (client credentials grant): `sub` and
/// `client_id` = `client_id` (the application or the access key), `aud` = `app`, no session,
/// no id token, no refresh token. One signature, no database write.
pub fn mint_client_token(
    state: &Services,
    client_id: &str,
    app: &Application,
    scope: &Scope,
) -> Result<TokenSet, ApiError> {
    let now = state.clock.now_secs();
    let ttl = app.settings.lifetimes.access_token_ttl;
    let claims = AccessClaims {
        iss: state.issuer(),
        sub: client_id.to_string(),
        aud: app.id.clone(),
        scope: scope.to_string(),
        iat: now,
        exp: now + ttl,
        jti: authgate_core::ids::new_alnum(22)?,
        sid: String::new(),
        pool: app.pool_id.clone(),
        typ: ACCESS_TOKEN_TYPE.into(),
        client_id: Some(client_id.to_string()),
    };
    let access_token = sign_json(
        state,
        &serde_json::to_value(&claims).map_err(|_| ApiError::internal())?,
    )?;
    Ok(TokenSet {
        scope: claims.scope,
        access_token,
        id_token: None,
        refresh_token: None,
        token_type: "Bearer".into(),
        expire_in: ttl,
        expires_in: ttl,
    })
}

/// Opens a session for a successful sign-in and returns its token set.
pub async fn issue(
    state: &Services,
    user: &User,
    app: &Application,
    scope: &Scope,
    nonce: Option<String>,
) -> Result<TokenSet, ApiError> {
    Ok(open_session(state, user, app, scope, nonce).await?.0)
}

/// [`issue`], also answering the new session's id.
pub async fn open_session(
    state: &Services,
    user: &User,
    app: &Application,
    scope: &Scope,
    nonce: Option<String>,
) -> Result<(TokenSet, String), ApiError> {
    open_session_at(state, user, app, scope, nonce, None).await
}

/// [`open_session`] for a user who authenticated at `auth_time` (ms; `None`: now), e.g. in
/// an SSO session before the authorization code was issued. Refused as a disabled account when
/// the user can no longer sign in (the store checks it under the user's row lock).
pub async fn open_session_at(
    state: &Services,
    user: &User,
    app: &Application,
    scope: &Scope,
    nonce: Option<String>,
    auth_time: Option<i64>,
) -> Result<(TokenSet, String), ApiError> {
    let pending = PendingSession::new(state, user, app, scope, nonce, auth_time)?;
    if !state
        .store
        .create_session(&pending.session, pending.refresh_row())
        .await?
    {
        return Err(disabled(user));
    }
    let id = pending.session.id.clone();
    Ok((pending.mint(state, user, app)?, id))
}

/// The error of a sign-in by a user whose status forbids it (403).
pub fn disabled(user: &User) -> ApiError {
    authgate_core::messages::Msg::AccountDisabled {
        status: user.status.as_str().into(),
    }
    .into()
}

/// A session about to be opened, with its first refresh token: built before the store write
/// (which may refuse it), minted after.
#[derive(Debug)]
pub struct PendingSession {
    /// The session row.
    pub session: Session,
    refresh: Option<(String, String)>,
    refresh_expires_at: i64,
}

impl PendingSession {
    /// A new session of `user` in `app` (with a refresh token when `scope` has
    /// `offline_access`), authenticated at `auth_time` (ms; `None`: now).
    pub fn new(
        state: &Services,
        user: &User,
        app: &Application,
        scope: &Scope,
        nonce: Option<String>,
        auth_time: Option<i64>,
    ) -> Result<Self, ApiError> {
        let now = state.clock.now_millis();
        let refresh_ttl_ms = app.settings.lifetimes.refresh_token_ttl * 1000;
        let session = Session {
            id: authgate_core::ids::new_alnum(22)?,
            pool_id: user.pool_id.clone(),
            user_id: user.id.clone(),
            app_id: app.id.clone(),
            scope: scope.to_string(),
            nonce,
            auth_time: auth_time.unwrap_or(now),
            created_at: now,
            expires_at: now + refresh_ttl_ms.max(app.settings.lifetimes.access_token_ttl * 1000),
            revoked_at: None,
        };
        let refresh = if scope.has("offline_access") {
            let token = new_refresh_token()?;
            let hash = sha256_hex(&token);
            Some((token, hash))
        } else {
            None
        };
        Ok(Self {
            session,
            refresh,
            refresh_expires_at: now + refresh_ttl_ms,
        })
    }

    /// The refresh token row to store with the session: `(hash, expires_at)`.
    pub fn refresh_row(&self) -> Option<(&str, i64)> {
        self.refresh
            .as_ref()
            .map(|(_, hash)| (hash.as_str(), self.refresh_expires_at))
    }

    /// Signs the token set of the stored session for `user` as stored.
    pub fn mint(
        self,
        state: &Services,
        user: &User,
        app: &Application,
    ) -> Result<TokenSet, ApiError> {
        mint(
            state,
            &self.session,
            user,
            app,
            self.refresh.map(|(t, _)| t),
        )
    }
}

/// Exchanges a refresh token of `app` for a new token set (with the next refresh token).
pub async fn refresh(
    state: &Services,
    app: &Application,
    refresh_token: &str,
) -> Result<TokenSet, RefreshError> {
    let hash = sha256_hex(refresh_token);
    // Another client must not be able to burn this client's token: check ownership first.
    match state.store.find_refresh(&hash).await? {
        Some(info) if info.session.app_id == app.id => {}
        _ => return Err(RefreshError::Invalid),
    }
    state
        .test_seam
        .pause(PausePoint::RefreshBeforeRotation)
        .await;
    let now = state.clock.now_millis();
    let next = new_refresh_token()?;
    let ttl_ms = app.settings.lifetimes.refresh_token_ttl * 1000;
    let session = match state
        .store
        .rotate_refresh(&hash, &sha256_hex(&next), now + ttl_ms, now)
        .await?
    {
        RefreshOutcome::Rotated(s) => s,
        RefreshOutcome::Reused => {
            tracing::warn!(app = %app.id, "refresh token reused: session revoked");
            return Err(RefreshError::Reused);
        }
        RefreshOutcome::Invalid => return Err(RefreshError::Invalid),
    };
    // A revocation from here on ends the new tokens with the session: they are checked
    // against it on every use.
    state.test_seam.pause(PausePoint::RefreshBeforeMint).await;
    let user = state
        .store
        .get_user(&session.pool_id, &UserKey::Id(session.user_id.clone()))
        .await?;
    let Some(user) = user.filter(|u| u.status.may_sign_in()) else {
        state.store.revoke_session(&session.id, now).await?;
        return Err(RefreshError::Invalid);
    };
    Ok(mint(state, &session, &user, app, Some(next))?)
}

/// Verifies a user's access token: our signature, type, issuer, expiry, and that neither its
/// session nor its id was revoked. Machine-to-machine tokens (no user, no session) are refused.
pub async fn verify_access(state: &Services, token: &str) -> Result<AccessClaims, ApiError> {
    let claims = verify_any_access(state, token).await?;
    if claims.sid.is_empty() {
        return Err(ApiError::not_logged_in());
    }
    Ok(claims)
}

/// [`verify_access`] for any access token, machine-to-machine ones included (introspection).
pub async fn verify_any_access(state: &Services, token: &str) -> Result<AccessClaims, ApiError> {
    let invalid = || ApiError::not_logged_in();
    let claims = decode_access(state, token).await.ok_or_else(invalid)?;
    let s = state
        .store
        .token_state(&claims.sid, &claims.jti, state.clock.now_millis())
        .await?;
    // Machine-to-machine tokens belong to no session: only their own revocation counts.
    let session_ok = claims.sid.is_empty() || s.session_active;
    if !session_ok || s.jti_revoked {
        return Err(invalid());
    }
    Ok(claims)
}

/// Checks signature, type, issuer and expiry only (no database, unless the `kid` is unknown:
/// the key table is then re-read, rate-limited, as another node may have rotated).
async fn decode_access(state: &Services, token: &str) -> Option<AccessClaims> {
    let kid = peek_header(token).ok()?.kid?;
    let key = state
        .keys
        .find_or_reload(&state.store, &state.master, &kid, state.clock.now_millis())
        .await?;
    let payload = key.verify(token).ok()?;
    let claims: AccessClaims = serde_json::from_slice(&payload).ok()?;
    (claims.typ == ACCESS_TOKEN_TYPE
        && claims.iss == state.issuer()
        && claims.exp > state.clock.now_secs())
    .then_some(claims)
}

/// RFC 7662 answer for `token` as seen by `app` (tokens of other pools are inactive).
pub async fn introspect(
    state: &Services,
    app: &Application,
    token: &str,
) -> Result<Introspection, ApiError> {
    let inactive = Introspection::default();
    if token.contains('.') {
        let Ok(c) = verify_any_access(state, token).await else {
            return Ok(inactive);
        };
        if c.pool != app.pool_id {
            return Ok(inactive);
        }
        return Ok(Introspection {
            active: true,
            scope: Some(c.scope),
            client_id: Some(c.client_id.clone().unwrap_or_else(|| c.aud.clone())),
            exp: Some(c.exp),
            iat: Some(c.iat),
            sub: Some(c.sub),
            aud: Some(c.aud),
            iss: Some(c.iss),
            token_type: Some("access_token".into()),
            jti: Some(c.jti),
        });
    }
    let now = state.clock.now_millis();
    let Some(info) = state.store.find_refresh(&sha256_hex(token)).await? else {
        return Ok(inactive);
    };
    let s = &info.session;
    if info.used || info.expires_at <= now || s.revoked_at.is_some() || s.pool_id != app.pool_id {
        return Ok(inactive);
    }
    Ok(Introspection {
        active: true,
        scope: Some(s.scope.clone()),
        client_id: Some(s.app_id.clone()),
        exp: Some(info.expires_at / 1000),
        iat: Some(s.created_at / 1000),
        sub: Some(s.user_id.clone()),
        aud: Some(s.app_id.clone()),
        iss: Some(state.issuer()),
        token_type: Some("refresh_token".into()),
        jti: None,
    })
}

/// RFC 7009: revokes `token` if `app` owns it; unknown tokens are silently ignored.
pub async fn revoke(state: &Services, app: &Application, token: &str) -> Result<(), ApiError> {
    let now = state.clock.now_millis();
    if token.contains('.') {
        if let Some(c) = decode_access(state, token)
            .await
            .filter(|c| c.aud == app.id)
        {
            state.store.revoke_jti(&c.jti, c.exp * 1000).await?;
        }
        return Ok(());
    }
    if let Some(info) = state.store.find_refresh(&sha256_hex(token)).await?
        && info.session.app_id == app.id
    {
        state.store.revoke_session(&info.session.id, now).await?;
    }
    Ok(())
}
