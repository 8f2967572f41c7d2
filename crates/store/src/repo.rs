//! The records the store takes and returns: queries, pages and rows of durable storage.
//!
//! The operations themselves are inherent methods of [`crate::Store`] (in `sql/`), one
//! implementation for SQLite and PostgreSQL alike.

use authgate_core::access_key::AccessKey;
use authgate_core::application::Application;
use authgate_core::user::UserStatus;
use authgate_core::user_pool::UserPool;

mod departments;
pub use departments::*;
mod groups;
pub use groups::*;
mod roles;
pub use roles::*;
mod audit;
pub use audit::*;
mod permissions;
pub use permissions::*;
mod custom_fields;
pub use custom_fields::*;
mod user_filter;
pub use user_filter::*;
mod user_write;
pub use user_write::*;
mod sso_sessions;
pub use sso_sessions::*;

/// A search over a pool's applications.
#[derive(Debug, Clone, Default)]
pub struct AppQuery {
    /// Case-insensitive substring of the name, identifier or id.
    pub keyword: Option<String>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Filters of `list-access-key`.
#[derive(Debug, Clone, Default)]
pub struct AccessKeyFilter {
    /// Only keys of this user.
    pub user_id: Option<String>,
    /// Only keys of this tenant.
    pub tenant_id: Option<String>,
    /// Only keys of this type.
    pub key_type: Option<String>,
    /// Only enabled (true) or disabled (false) keys.
    pub enabled: Option<bool>,
}

/// A signing key as stored: the private key sealed with the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSigningKey {
    /// Key id.
    pub kid: String,
    /// JWS algorithm (`RS256`).
    pub alg: String,
    /// PKCS#8 DER private key, sealed (context `signing-key:<kid>`), base64 text.
    pub private_sealed: String,
    /// Whether new tokens are signed with it.
    pub active: bool,
    /// Creation time (ms).
    pub created_at: i64,
    /// When the key leaves the JWKS (ms), if it is being retired.
    pub retire_at: Option<i64>,
}

/// The objects `authgate init` ensures exist.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// The default user pool.
    pub pool: UserPool,
    /// Its root access key.
    pub access_key: AccessKey,
    /// Its default application.
    pub app: Application,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// A search over a pool's users.
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    /// Case-insensitive substring to look for.
    pub keyword: Option<String>,
    /// Wire names of the fields the keyword is looked for in (empty: the main identifiers).
    pub search_fields: Vec<String>,
    /// Only users in this status.
    pub status: Option<UserStatus>,
    /// Only users updated at or after (ms).
    pub updated_from: Option<i64>,
    /// Only users updated at or before (ms).
    pub updated_to: Option<i64>,
    /// Sort keys as (wire field, order); default newest first.
    pub sort: Vec<(String, Order)>,
    /// Advanced filters, all of which must match.
    pub filters: Vec<UserFilter>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// The wire names of the fields `list-users` may sort by, with their columns.
pub const SORTABLE_FIELDS: &[(&str, &str)] = &[
    ("id", "id"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
    ("email", "email_norm"),
    ("username", "username"),
    ("externalId", "external_id"),
    ("phone", "phone"),
    ("status", "status"),
    ("statusChangedAt", "status_changed_at"),
    ("passwordLastSetAt", "password_last_set_at"),
    ("loginsCount", "logins_count"),
    ("gender", "gender"),
    ("lastLogin", "last_login"),
    ("userSourceType", "user_source_type"),
    ("phoneCountryCode", "phone_country_code"),
    ("lastIp", "last_ip"),
];

/// The wire names of the fields a keyword may be searched in, with their columns.
pub const SEARCHABLE_FIELDS: &[(&str, &str)] = &[
    ("id", "id"),
    ("phone", "phone"),
    ("email", "email_norm"),
    ("name", "name"),
    ("username", "username"),
    ("externalId", "external_id"),
    ("nickname", "nickname"),
    ("company", "company"),
    ("givenName", "given_name"),
    ("familyName", "family_name"),
    ("middleName", "middle_name"),
    ("profile", "profile"),
    ("preferredUsername", "preferred_username"),
    ("website", "website"),
    ("address", "address"),
    ("formatted", "formatted"),
    ("streetAddress", "street_address"),
    ("postalCode", "postal_code"),
    ("identityNumber", "identity_number"),
];

/// Fields searched when the caller names none.
pub const DEFAULT_SEARCH_FIELDS: &[&str] = &[
    "id",
    "email",
    "phone",
    "username",
    "name",
    "nickname",
    "externalId",
];

/// The column of a wire field in `table`, if the field is allowed there.
pub fn column_of(table: &[(&str, &'static str)], wire: &str) -> Option<&'static str> {
    table.iter().find(|(w, _)| *w == wire).map(|(_, c)| *c)
}

/// A sign-in session: one user in one application; the family of its refresh tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Session id (the `sid` claim of its access tokens).
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// User.
    pub user_id: String,
    /// Application.
    pub app_id: String,
    /// Granted scope.
    pub scope: String,
    /// The OIDC nonce of the sign-in, if any.
    pub nonce: Option<String>,
    /// When the user authenticated (ms).
    pub auth_time: i64,
    /// Creation time (ms).
    pub created_at: i64,
    /// When the session (and its refresh tokens) end (ms).
    pub expires_at: i64,
    /// When it was revoked (ms).
    pub revoked_at: Option<i64>,
}

/// What presenting a refresh token did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was valid: it is now used, the new one stored.
    Rotated(Session),
    /// The token had been used before: its whole session is now revoked.
    Reused,
    /// Unknown, expired, or its session is revoked or over.
    Invalid,
}

/// A refresh token as found (for introspection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshInfo {
    /// Its session.
    pub session: Session,
    /// Expiry (ms).
    pub expires_at: i64,
    /// Whether it has been used (rotated away).
    pub used: bool,
}

/// Whether an access token's session and id are still good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenState {
    /// The session exists, is not revoked and has not ended.
    pub session_active: bool,
    /// The token's `jti` was revoked.
    pub jti_revoked: bool,
}

/// One sign-in attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRecord {
    /// Record id.
    pub id: String,
    /// User pool.
    pub pool_id: String,
    /// The user, when known.
    pub user_id: Option<String>,
    /// The application.
    pub app_id: Option<String>,
    /// The account identifier that was tried.
    pub account: Option<String>,
    /// How (`password`, `passcode`, …).
    pub method: String,
    /// Whether it succeeded.
    pub success: bool,
    /// The apiCode of a failure.
    pub api_code: Option<i64>,
    /// Client IP.
    pub ip: Option<String>,
    /// User agent.
    pub user_agent: Option<String>,
    /// When (ms).
    pub created_at: i64,
}
