//! What every successful or failed sign-in does, whatever the method: the login history (the
//! user action log), the user's sign-in statistics, the token set.
//!
//! A sign-in reads the user, spends argon2 time on the credential, then writes — and an
//! administrator may change the user in between. So it writes only its own fields, in one
//! transaction with its session, and only while the user may still sign in with the password
//! it read ([`authgate_store::Store::record_sign_in`]); otherwise it fails as if the change
//! had come first.

use super::policy::{unknown_account, wrong_password};
use crate::Services;
use crate::test_seam::PausePoint;
use crate::tokens;
use crate::user_actions;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::{User, UserKey};
use authgate_core::user_pool::UserPool;
use authgate_proto::tokens::TokenSet;
use authgate_store::{NewSession, ProvedAddress, SignIn};

/// Who asks, as the surface saw it: what the history records of a sign-in beside the user.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// Client IP (the caller's `options.clientIp` when given, else the peer).
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// The id of the request, tying history rows to request logs (empty outside a request).
    pub request_id: String,
}

/// Who is signing in where.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The application.
    pub app: Application,
    /// Its pool.
    pub pool: UserPool,
    /// Who asks.
    pub client: Client,
    /// How the user signs in.
    pub method: SignInMethod,
    /// The identifier tried.
    pub account: Option<String>,
    /// The address the sign-in proved (a code sent there), marked verified with it.
    pub proved: Option<ProvedAddress>,
}

impl Attempt {
    /// An attempt of `method` by `client` in `app`.
    pub fn new(app: Application, pool: UserPool, client: Client, method: SignInMethod) -> Self {
        Self {
            app,
            pool,
            client,
            method,
            account: None,
            proved: None,
        }
    }

    async fn record(&self, state: &Services, user_id: Option<&str>, error: Option<&ApiError>) {
        user_actions::record(
            state,
            user_actions::Event {
                event_type: user_actions::event::LOGIN,
                pool_id: &self.pool.id,
                user_id,
                app_id: Some(&self.app.id),
                method: self.method.as_str(),
                account: self.account.as_deref(),
                error,
                ip: self.client.ip.as_deref(),
                user_agent: self.client.user_agent.as_deref(),
            },
            &self.client.request_id,
        )
        .await;
    }

    /// Records a failure and hands the error back.
    pub async fn fail(&self, state: &Services, user_id: Option<&str>, e: ApiError) -> ApiError {
        self.record(state, user_id, Some(&e)).await;
        e
    }

    /// Records a successful sign-in (statistics, custom data, history) and answers the user as
    /// stored; for flows that hand out something other than a token set (hosted pages).
    pub async fn record_success(
        &self,
        state: &Services,
        user: User,
        custom_data: Option<serde_json::Value>,
    ) -> Result<User, ApiError> {
        self.record_sign_in(state, &user, custom_data, None).await
    }

    /// Completes a successful sign-in: statistics, custom data, history, tokens. The session
    /// is opened in the same transaction as the statistics, so a user suspended meanwhile gets
    /// none.
    pub async fn succeed(
        &self,
        state: &Services,
        user: User,
        scope: &Scope,
        custom_data: Option<serde_json::Value>,
    ) -> Result<TokenSet, ApiError> {
        let pending = tokens::PendingSession::new(state, &user, &self.app, scope, None, None)?;
        let user = self
            .record_sign_in(state, &user, custom_data, Some(&pending))
            .await?;
        pending.mint(state, &user, &self.app)
    }

    /// Writes the sign-in (and opens `session`, if any) unless the user changed in a way that
    /// forbids it since `user` was read and checked: then the attempt fails as it would have
    /// had the change come first. Never writes back anything else of `user`.
    async fn record_sign_in(
        &self,
        state: &Services,
        user: &User,
        custom_data: Option<serde_json::Value>,
        session: Option<&tokens::PendingSession>,
    ) -> Result<User, ApiError> {
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
            ip: self.client.ip.as_deref(),
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
    async fn refused(&self, state: &Services, user: &User) -> ApiError {
        let now = state
            .store
            .get_user(&user.pool_id, &UserKey::Id(user.id.clone()))
            .await;
        let reveal = self.pool.settings.reveal_account_existence;
        let e = match now {
            Err(e) => return e.into(),
            Ok(None) => unknown_account(reveal),
            Ok(Some(u)) if !u.status.may_sign_in() => tokens::disabled(&u),
            Ok(Some(_)) => wrong_password(reveal),
        };
        self.fail(state, Some(&user.id), e).await
    }
}
