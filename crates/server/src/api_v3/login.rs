//! What every successful or failed sign-in does, whatever the method: the login history (the
//! user action log),
//! the user's sign-in statistics, the token set; and the shared user lookups.
//!
//! A sign-in reads the user, spends argon2 time on the credential, then writes — and an
//! administrator may change the user in between. So it writes only its own fields, in one
//! transaction with its session, and only while the user may still sign in with the password
//! it read ([`authgate_store::Store::record_sign_in`]); otherwise it fails as if the change
//! had come first.

use crate::client_ip::ClientIp;
use crate::http::AppError;
use crate::state::AppState;
use crate::test_seam::PausePoint;
use crate::tokens;
use crate::user_actions;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::messages::Msg;
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{User, UserKey};
use authgate_core::user_pool::UserPool;
use authgate_proto::tokens::TokenSet;
use authgate_store::{NewSession, ProvedAddress, SignIn};

/// Who is signing in where.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The application.
    pub app: Application,
    /// Its pool.
    pub pool: UserPool,
    /// Client IP (the caller's `options.clientIp` when given, else the peer).
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// How the user signs in.
    pub method: SignInMethod,
    /// The identifier tried.
    pub account: Option<String>,
    /// The address the sign-in proved (a code sent there), marked verified with it.
    pub proved: Option<ProvedAddress>,
}

impl Attempt {
    /// An attempt from request facts.
    pub fn new(
        app: Application,
        pool: UserPool,
        ip: &ClientIp,
        client_ip_option: Option<&str>,
        user_agent: Option<String>,
        method: SignInMethod,
    ) -> Self {
        Self {
            app,
            pool,
            ip: client_ip_option
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .or_else(|| ip.0.clone()),
            user_agent,
            method,
            account: None,
            proved: None,
        }
    }

    async fn record(&self, state: &AppState, user_id: Option<&str>, error: Option<&AppError>) {
        user_actions::record(
            state,
            user_actions::Event {
                event_type: user_actions::event::LOGIN,
                pool_id: &self.pool.id,
                user_id,
                app_id: Some(&self.app.id),
                method: self.method.as_str(),
                account: self.account.as_deref(),
                error: error.map(|e| &e.0),
                ip: self.ip.as_deref(),
                user_agent: self.user_agent.as_deref(),
            },
            &crate::http::context::current().request_id,
        )
        .await;
    }

    /// Records a failure and hands the error back.
    pub async fn fail(&self, state: &AppState, user_id: Option<&str>, e: AppError) -> AppError {
        self.record(state, user_id, Some(&e)).await;
        e
    }

    /// Records a successful sign-in (statistics, custom data, history) and answers the user as
    /// stored; for flows that hand out something other than a token set (hosted pages).
    pub async fn record_success(
        &self,
        state: &AppState,
        user: User,
        custom_data: Option<serde_json::Value>,
    ) -> Result<User, AppError> {
        self.record_sign_in(state, &user, custom_data, None).await
    }

    /// Completes a successful sign-in: statistics, custom data, history, tokens. The session
    /// is opened in the same transaction as the statistics, so a user suspended meanwhile gets
    /// none.
    pub async fn succeed(
        &self,
        state: &AppState,
        user: User,
        scope: &Scope,
        custom_data: Option<serde_json::Value>,
    ) -> Result<TokenSet, AppError> {
        let pending = tokens::PendingSession::new(state, &user, &self.app, scope, None, None)?;
        let user = self
            .record_sign_in(state, &user, custom_data, Some(&pending))
            .await?;
        Ok(pending.mint(state, &user, &self.app)?)
    }

    /// Writes the sign-in (and opens `session`, if any) unless the user changed in a way that
    /// forbids it since `user` was read and checked: then the attempt fails as it would have
    /// had the change come first. Never writes back anything else of `user`.
    async fn record_sign_in(
        &self,
        state: &AppState,
        user: &User,
        custom_data: Option<serde_json::Value>,
        session: Option<&tokens::PendingSession>,
    ) -> Result<User, AppError> {
        state.test_seam.pause(PausePoint::SignInVerified).await;
        let extra = match custom_data {
            Some(serde_json::Value::Object(extra)) => Some(extra),
            _ => None,
        };
        let sign_in = SignIn {
            pool_id: &user.pool_id,
            user_id: &user.id,
            password_hash: user.password_hash.as_deref(),
            at: state.clock.now_millis(),
            ip: self.ip.as_deref(),
            custom_data: extra.as_ref(),
            proved: self.proved,
            session: session.map(|p| NewSession {
                session: &p.session,
                refresh: p.refresh_row(),
            }),
        };
        match state.store.record_sign_in(&sign_in).await? {
            Some(stored) => {
                self.record(state, Some(&stored.id), None).await;
                Ok(stored)
            }
            None => Err(self.refused(state, user).await),
        }
    }

    /// The failure of a sign-in the store refused: the user is gone, no longer active, or
    /// has another password than the one the sign-in read.
    async fn refused(&self, state: &AppState, user: &User) -> AppError {
        let now = state
            .store
            .get_user(&user.pool_id, &UserKey::Id(user.id.clone()))
            .await;
        let reveal = self.pool.settings.reveal_account_existence;
        let e = match now {
            Err(e) => return e.into(),
            Ok(None) => unknown_account(reveal),
            Ok(Some(u)) if !u.status.may_sign_in() => tokens::disabled(&u).into(),
            Ok(Some(_)) => wrong_password(reveal),
        };
        self.fail(state, Some(&user.id), e).await
    }
}

/// The error for an account that does not exist (also answered by push sign-in): the
/// ambiguous 403/2333 unless the pool reveals account existence (404/2004).
pub(super) fn unknown_account(reveal: bool) -> AppError {
    if reveal {
        ApiError::user_not_found().into()
    } else {
        ambiguous()
    }
}

/// The error for a wrong password: 403/2006 when the pool reveals account existence, else
/// the ambiguous 403/2333.
pub(super) fn wrong_password(reveal: bool) -> AppError {
    if reveal {
        ApiError::from(Msg::PasswordWrong).into()
    } else {
        ambiguous()
    }
}

fn ambiguous() -> AppError {
    ApiError::from(Msg::AccountOrPasswordWrong).into()
}

/// A user of `pool` by an `account` value: an email when it has `@`, else a username, else a
/// phone number.
pub async fn find_by_account(
    state: &AppState,
    pool: &UserPool,
    account: &str,
) -> Result<Option<User>, AppError> {
    let account = account.trim();
    let keys = if account.contains('@') {
        vec![UserKey::Email(account.to_string())]
    } else {
        vec![
            UserKey::Username(account.to_string()),
            UserKey::Phone(account.to_string()),
        ]
    };
    for key in keys {
        if let Some(u) = state.store.get_user(&pool.id, &key).await? {
            return Ok(Some(u));
        }
    }
    Ok(None)
}
