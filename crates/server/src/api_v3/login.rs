//! What every successful or failed sign-in does, whatever the method: the login history (the
//! user action log),
//! the user's sign-in statistics, the token set; and the shared user lookups.

use crate::client_ip::ClientIp;
use crate::http::AppError;
use crate::state::AppState;
use crate::tokens;
use crate::user_actions;
use authgate_core::application::Application;
use authgate_core::scope::Scope;
use authgate_core::user::{User, UserKey};
use authgate_core::user_pool::UserPool;
use authgate_proto::tokens::TokenSet;
use authgate_store::UserRepo;

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
    /// `password`, `passcode`, …
    pub method: &'static str,
    /// The identifier tried.
    pub account: Option<String>,
}

impl Attempt {
    /// An attempt from request facts.
    pub fn new(
        app: Application,
        pool: UserPool,
        ip: &ClientIp,
        client_ip_option: Option<&str>,
        user_agent: Option<String>,
        method: &'static str,
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
                method: self.method,
                account: self.account.as_deref(),
                error,
                ip: self.ip.as_deref(),
                user_agent: self.user_agent.as_deref(),
            },
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
        mut user: User,
        custom_data: Option<serde_json::Value>,
    ) -> Result<User, AppError> {
        let now = state.clock.now_millis();
        user.logins_count += 1;
        user.last_login = Some(now);
        user.last_ip.clone_from(&self.ip);
        if let Some(serde_json::Value::Object(extra)) = custom_data {
            user.custom_data.extend(extra);
        }
        state.store.update_user(&user).await?;
        self.record(state, Some(&user.id), None).await;
        Ok(user)
    }

    /// Completes a successful sign-in: statistics, custom data, history, tokens.
    pub async fn succeed(
        &self,
        state: &AppState,
        user: User,
        scope: &Scope,
        custom_data: Option<serde_json::Value>,
    ) -> Result<TokenSet, AppError> {
        let user = self.record_success(state, user, custom_data).await?;
        tokens::issue(state, &user, &self.app, scope, None).await
    }
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
