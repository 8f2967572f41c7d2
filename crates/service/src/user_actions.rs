//! The user action log (`get-user-action-logs`): the one function that records what end users
//! do — sign-in attempts (every method), registrations, password changes. Stored in the login
//! history table, with the request id of the current request.

use crate::Services;
use authgate_core::ApiError;
use authgate_store::UserAction;

/// GenAuth `eventType` values authgate records.
pub mod event {
    /// A sign-in attempt.
    pub const LOGIN: &str = "login";
    /// A registration.
    pub const REGISTER: &str = "register";
    /// A password change or reset.
    pub const UPDATE_PASSWORD: &str = "updateUserPassword";
}

/// One event to record.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// GenAuth `eventType` (see [`event`]).
    pub event_type: &'static str,
    /// User pool.
    pub pool_id: &'a str,
    /// The user, when known.
    pub user_id: Option<&'a str>,
    /// The application, when known.
    pub app_id: Option<&'a str>,
    /// How (`password`, `passcode`, …).
    pub method: &'a str,
    /// The account identifier tried (sign-ins).
    pub account: Option<&'a str>,
    /// The failure, if it failed.
    pub error: Option<&'a ApiError>,
    /// Client IP.
    pub ip: Option<&'a str>,
    /// User agent.
    pub user_agent: Option<&'a str>,
}

impl<'a> Event<'a> {
    /// A successful event of `user_id` with nothing else known yet.
    pub fn of_user(event_type: &'static str, pool_id: &'a str, user_id: &'a str) -> Self {
        Self {
            event_type,
            pool_id,
            user_id: Some(user_id),
            app_id: None,
            method: "",
            account: None,
            error: None,
            ip: None,
            user_agent: None,
        }
    }
}

/// Records an event of the request `request_id` (empty outside a request). The log never
/// turns the action it describes into a failure: a store error is logged and swallowed.
pub async fn record(state: &Services, e: Event<'_>, request_id: &str) {
    let owned = |s: Option<&str>| s.map(str::to_string);
    let action = UserAction {
        id: authgate_core::ids::new_id().unwrap_or_default(),
        pool_id: e.pool_id.to_string(),
        user_id: owned(e.user_id),
        app_id: owned(e.app_id),
        event_type: e.event_type.to_string(),
        method: e.method.to_string(),
        account: owned(e.account),
        success: e.error.is_none(),
        api_code: e.error.map(|err| i64::from(err.api_code)),
        ip: owned(e.ip),
        user_agent: owned(e.user_agent),
        request_id: (!request_id.is_empty()).then(|| request_id.to_string()),
        detail: None,
        created_at: state.clock.now_millis(),
    };
    if let Err(err) = state.store.record_user_action(&action).await {
        tracing::error!(error = %err, event = e.event_type, "user action not recorded");
    }
}
