//! The admin audit log, the user action log and the session questions of the management API.

/// One successful management write, as appended to the admin audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Entry id.
    pub id: String,
    /// The managed user pool.
    pub pool_id: String,
    /// The access key that made the call.
    pub actor_key_id: String,
    /// The operation, as its path names it (`create-user`).
    pub operation: String,
    /// GenAuth's `operationType` (`create`, `update`, …).
    pub operation_type: String,
    /// GenAuth's `resourceType` (`user`, `role`, …).
    pub resource_type: String,
    /// The ids the call acted on, comma-separated.
    pub target: Option<String>,
    /// The request parameters (JSON, secrets redacted).
    pub params: Option<String>,
    /// A summary of the state before (JSON), when the handler gave one.
    pub origin_value: Option<String>,
    /// A summary of the state after (JSON, secrets redacted).
    pub target_value: Option<String>,
    /// Whether the write succeeded (failed writes are not recorded, so always true today).
    pub success: bool,
    /// Client IP.
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// The request id.
    pub request_id: String,
    /// When (ms).
    pub created_at: i64,
}

/// Filters of `get-admin-audit-logs`.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this request.
    pub request_id: Option<String>,
    /// Only from this IP.
    pub ip: Option<String>,
    /// Only this operation type.
    pub operation_type: Option<String>,
    /// Only this resource type.
    pub resource_type: Option<String>,
    /// Only by this actor (access key id).
    pub actor: Option<String>,
    /// Only successes / failures.
    pub success: Option<bool>,
    /// From (ms, inclusive).
    pub start: Option<i64>,
    /// Until (ms, inclusive).
    pub end: Option<i64>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// One event of a user (a sign-in attempt, a sign-out, a registration, a profile change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserAction {
    /// Record id.
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// The user, when known.
    pub user_id: Option<String>,
    /// The application.
    pub app_id: Option<String>,
    /// GenAuth's `eventType` (`login`, `logout`, `register`, `updateUserPassword`, …).
    pub event_type: String,
    /// How (`password`, `passcode`, …) or what, for the event.
    pub method: String,
    /// The account identifier that was tried (sign-ins).
    pub account: Option<String>,
    /// Whether it succeeded.
    pub success: bool,
    /// The apiCode of a failure.
    pub api_code: Option<i64>,
    /// Client IP.
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// The request id.
    pub request_id: Option<String>,
    /// Free-form detail (JSON).
    pub detail: Option<String>,
    /// When (ms).
    pub created_at: i64,
}

/// Filters of `get-user-action-logs` and `get-user-login-history`.
#[derive(Debug, Clone, Default)]
pub struct UserActionQuery {
    /// Only this request.
    pub request_id: Option<String>,
    /// Only from this IP.
    pub ip: Option<String>,
    /// Only this event type.
    pub event_type: Option<String>,
    /// Only this user.
    pub user_id: Option<String>,
    /// Only this application.
    pub app_id: Option<String>,
    /// Only successes / failures.
    pub success: Option<bool>,
    /// From (ms, inclusive).
    pub start: Option<i64>,
    /// Until (ms, inclusive).
    pub end: Option<i64>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}
