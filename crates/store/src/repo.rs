//! Repository traits: what the rest of authgate may ask of durable storage.
//!
//! [`crate::Store`] implements every trait for SQLite and PostgreSQL alike.

use crate::error::StoreResult;
use authgate_core::access_key::AccessKey;
use authgate_core::application::Application;
use authgate_core::user::{User, UserKey, UserStatus};
use authgate_core::user_pool::{PoolSettings, UserPool};
use std::future::Future;

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

/// User pools.
pub trait PoolRepo {
    /// The deployment's default pool, if `init` has run.
    fn default_pool(&self) -> impl Future<Output = StoreResult<Option<UserPool>>> + Send;
    /// A pool by id.
    fn get_pool(&self, id: &str) -> impl Future<Output = StoreResult<Option<UserPool>>> + Send;
    /// Stores a new pool.
    fn insert_pool(&self, pool: &UserPool) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces a pool's security settings; false when the pool does not exist.
    fn update_pool_settings(
        &self,
        id: &str,
        settings: &PoolSettings,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
}

/// Applications.
pub trait ApplicationRepo {
    /// An application by id.
    fn get_app(&self, id: &str) -> impl Future<Output = StoreResult<Option<Application>>> + Send;
    /// The default application of a pool.
    fn default_app(
        &self,
        pool_id: &str,
    ) -> impl Future<Output = StoreResult<Option<Application>>> + Send;
    /// Stores a new application.
    fn insert_app(&self, app: &Application) -> impl Future<Output = StoreResult<()>> + Send;
    /// A pool's applications, newest first: the total count and one page.
    fn list_apps(
        &self,
        pool_id: &str,
        query: &AppQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<Application>)>> + Send;
    /// Overwrites a stored application (matched by pool and id) — everything but its id,
    /// pool, default flag, secret and creation time; false when it no longer exists.
    fn update_app(&self, app: &Application) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Replaces an application's sealed secret; false when it does not exist. Kept apart from
    /// [`ApplicationRepo::update_app`] so a concurrent update cannot bring an old secret back.
    fn set_app_secret(
        &self,
        pool_id: &str,
        id: &str,
        secret_sealed: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes an application of a pool; false when it did not exist.
    fn delete_app(&self, pool_id: &str, id: &str)
    -> impl Future<Output = StoreResult<bool>> + Send;
}

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

/// Management access keys.
pub trait AccessKeyRepo {
    /// An access key by id.
    fn get_access_key(
        &self,
        id: &str,
    ) -> impl Future<Output = StoreResult<Option<AccessKey>>> + Send;
    /// The root access key of a pool.
    fn root_access_key(
        &self,
        pool_id: &str,
    ) -> impl Future<Output = StoreResult<Option<AccessKey>>> + Send;
    /// Stores a new access key.
    fn insert_access_key(&self, key: &AccessKey) -> impl Future<Output = StoreResult<()>> + Send;
    /// A pool's access keys, oldest first.
    fn list_access_keys(
        &self,
        pool_id: &str,
        filter: &AccessKeyFilter,
    ) -> impl Future<Output = StoreResult<Vec<AccessKey>>> + Send;
    /// Enables or disables a key of a pool; false when it does not exist.
    fn set_access_key_enabled(
        &self,
        pool_id: &str,
        id: &str,
        enabled: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes a key of a pool; false when it did not exist.
    fn delete_access_key(
        &self,
        pool_id: &str,
        id: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Records that a key authenticated a request at `now`.
    fn touch_access_key(&self, id: &str, now: i64) -> impl Future<Output = StoreResult<()>> + Send;
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

/// Token signing keys.
pub trait SigningKeyRepo {
    /// Every key not yet retired, newest first.
    fn list_signing_keys(&self) -> impl Future<Output = StoreResult<Vec<StoredSigningKey>>> + Send;
    /// Stores a new key.
    fn insert_signing_key(
        &self,
        key: &StoredSigningKey,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Makes `key` (active) the signing key of its `alg`: in one transaction, every other
    /// active key of that `alg` stops signing and is given `retire_at`. Concurrent rotations
    /// are serialised, so exactly one key stays active.
    fn rotate_signing_key(
        &self,
        key: &StoredSigningKey,
        retire_at: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
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

/// First-run set-up.
pub trait BootstrapRepo {
    /// Stores `candidate`'s pool, key and app where no default exists yet, and returns the
    /// defaults that are in force afterwards (the existing ones on every later run).
    fn ensure_defaults(
        &self,
        candidate: Defaults,
    ) -> impl Future<Output = StoreResult<Defaults>> + Send;
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

/// Users.
pub trait UserRepo {
    /// Stores a new user.
    fn insert_user(&self, user: &User) -> impl Future<Output = StoreResult<()>> + Send;
    /// Stores several new users in one transaction: all or none.
    fn insert_users(&self, users: &[User]) -> impl Future<Output = StoreResult<()>> + Send;
    /// A user of `pool_id` by key.
    fn get_user(
        &self,
        pool_id: &str,
        key: &UserKey,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Searches a pool's users; returns the total count and one page.
    fn list_users(
        &self,
        pool_id: &str,
        query: &UserQuery,
    ) -> impl Future<Output = StoreResult<(i64, Vec<User>)>> + Send;
    /// Writes the fields `patch` names onto user `id` of `pool_id` at `now` (`updated_at` moves
    /// forward, strictly, so it serves as the row's version), in one transaction that also
    /// revokes every session of the user when [`UserPatch::ends_sessions`]. With
    /// `expect_updated_at`, writes only if the stored `updated_at` still has that value
    /// (optimistic concurrency for callers that validated the patch against what they read).
    /// Answers the user as stored afterwards.
    fn patch_user(
        &self,
        pool_id: &str,
        id: &str,
        patch: &UserPatch,
        expect_updated_at: Option<i64>,
        now: i64,
    ) -> impl Future<Output = StoreResult<PatchOutcome>> + Send;
    /// Records a successful sign-in in one transaction: `logins_count + 1`, `last_login`,
    /// `last_ip`, the proved address, the custom data it carried, and the session it opens —
    /// only while the user is still `Activated` and still has `sign_in.password_hash`. The
    /// conditional update takes the user's row lock first, so a concurrent status change (which
    /// revokes sessions in its own transaction) either sees this session and revokes it, or
    /// refuses it. Answers the user as stored afterwards, or `None` when refused.
    fn record_sign_in(
        &self,
        sign_in: &SignIn<'_>,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    /// Stores new users and their department memberships `(user, department ids)` in one
    /// transaction: all or none. The departments must exist in the users' pool.
    fn insert_users_in_departments(
        &self,
        users: &[(User, Vec<String>)],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Marks a user resigned (status `Resigned` at `now`) and removes, in one transaction, its
    /// role assignments, grants, groups, departments and sessions; false when it does not
    /// exist.
    fn resign_user(
        &self,
        pool_id: &str,
        user_id: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Deletes users of a pool by id, with their role assignments and grants, in one
    /// transaction; returns how many were deleted.
    fn delete_users(
        &self,
        pool_id: &str,
        ids: &[String],
    ) -> impl Future<Output = StoreResult<u64>> + Send;
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

/// Sessions, refresh tokens and revoked access tokens.
pub trait SessionRepo {
    /// Stores a new session, with its first refresh token `(hash, expires_at)` if any, while
    /// its user may sign in (the user's row is locked for the check, so a concurrent status
    /// change is ordered before or after); false, storing nothing, when the user may not.
    fn create_session(
        &self,
        session: &Session,
        refresh: Option<(&str, i64)>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// A session by id.
    fn get_session(&self, id: &str) -> impl Future<Output = StoreResult<Option<Session>>> + Send;
    /// Uses refresh token `old_hash` and stores `new_hash` in its place, atomically; a token
    /// presented twice revokes its session. The session's row is locked while it is checked,
    /// so a concurrent revocation (kick, suspension) either comes first and the rotation is
    /// refused, or comes after and revokes the new token with the session.
    fn rotate_refresh(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> impl Future<Output = StoreResult<RefreshOutcome>> + Send;
    /// A refresh token by hash.
    fn find_refresh(
        &self,
        hash: &str,
    ) -> impl Future<Output = StoreResult<Option<RefreshInfo>>> + Send;
    /// Revokes one session; false when it was not active.
    fn revoke_session(&self, id: &str, now: i64) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Revokes every active session of a user (of the given apps only, when named).
    fn revoke_user_sessions(
        &self,
        pool_id: &str,
        user_id: &str,
        app_ids: Option<&[String]>,
        now: i64,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// Revokes one access token until its expiry.
    fn revoke_jti(
        &self,
        jti: &str,
        expires_at: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Whether the user has a session that is neither revoked nor over.
    fn has_active_session(
        &self,
        pool_id: &str,
        user_id: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// The state of an access token's session and id, in one query.
    fn token_state(
        &self,
        session_id: &str,
        jti: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<TokenState>> + Send;
    /// Deletes sessions, refresh tokens and revocations past their expiry.
    fn sweep_expired(&self, now: i64) -> impl Future<Output = StoreResult<u64>> + Send;
}

/// Consents given on the consent page: the scopes a user granted an application.
pub trait ConsentRepo {
    /// The scope (space-separated) `user_id` granted `app_id`, if any.
    fn get_consent(
        &self,
        user_id: &str,
        app_id: &str,
    ) -> impl Future<Output = StoreResult<Option<String>>> + Send;
    /// Records that `user_id` (of `pool_id`) granted `app_id` exactly `scope`, replacing what
    /// was granted before.
    fn put_consent(
        &self,
        pool_id: &str,
        user_id: &str,
        app_id: &str,
        scope: &str,
        now: i64,
    ) -> impl Future<Output = StoreResult<()>> + Send;
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

/// The login history.
pub trait LoginHistoryRepo {
    /// Appends a record.
    fn record_login(&self, record: &LoginRecord) -> impl Future<Output = StoreResult<()>> + Send;
    /// A user's records, newest first: total count and one page.
    fn list_logins(
        &self,
        pool_id: &str,
        user_id: &str,
        offset: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<(i64, Vec<LoginRecord>)>> + Send;
}
