//! [`ApiError`]: the one error type every API failure becomes.
//!
//! It carries the GenAuth business `statusCode`, the fine-grained `apiCode` and a catalogue
//! message. The server turns it into the envelope (on `/api/v3`) in exactly one place.
//!
//! apiCodes reuse GenAuth's where one fits (`2004` user not found, `2026` user exists, …);
//! failures GenAuth has no code for use `statusCode * 100 + n` (e.g. `40000` bad input).

use crate::messages::Msg;

/// Result alias for operations that fail with an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

/// An API failure: business status, apiCode and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}/{api_code}: {msg:?}")]
pub struct ApiError {
    /// HTTP-like business status (`statusCode` in the envelope).
    pub status: u16,
    /// Fine-grained code (`apiCode` in the envelope).
    pub api_code: u32,
    /// The message, rendered per language when answered.
    pub msg: Msg,
}

/// apiCodes of authgate (GenAuth's where one exists).
pub mod codes {
    /// Bad input: malformed JSON, wrong types, missing or invalid parameters.
    pub const INVALID_INPUT: u32 = 40000;
    /// No management credentials.
    pub const MGMT_CREDENTIALS_MISSING: u32 = 40101;
    /// Management token invalid or expired.
    pub const MGMT_TOKEN_INVALID: u32 = 40102;
    /// HMAC signature mismatch or bad date.
    pub const MGMT_SIGNATURE_INVALID: u32 = 40103;
    /// Unknown access key.
    pub const MGMT_ACCESS_KEY_UNKNOWN: u32 = 40104;
    /// Wrong access key secret.
    pub const MGMT_ACCESS_KEY_SECRET_WRONG: u32 = 40105;
    /// Unknown route.
    pub const ROUTE_NOT_FOUND: u32 = 40400;
    /// Wrong method.
    pub const METHOD_NOT_ALLOWED: u32 = 40500;
    /// Body too large.
    pub const BODY_TOO_LARGE: u32 = 41300;
    /// Captcha required (GenAuth).
    pub const CAPTCHA_REQUIRED: u32 = 2000;
    /// Verification code wrong or expired (GenAuth).
    pub const CODE_INVALID: u32 = 2001;
    /// User does not exist (GenAuth).
    pub const USER_NOT_FOUND: u32 = 2004;
    /// User locked / disabled (GenAuth).
    pub const USER_DISABLED: u32 = 2005;
    /// Wrong password (GenAuth).
    pub const PASSWORD_WRONG: u32 = 2006;
    /// Password decryption failed (GenAuth).
    pub const PASSWORD_DECRYPT_FAILED: u32 = 2016;
    /// Not logged in (GenAuth).
    pub const NOT_LOGGED_IN: u32 = 2020;
    /// Registration disabled for the application (GenAuth).
    pub const REGISTER_DISABLED: u32 = 2031;
    /// Account locked after repeated failures (GenAuth).
    pub const ACCOUNT_LOCKED: u32 = 2057;
    /// Old password wrong (GenAuth legacy).
    pub const OLD_PASSWORD_WRONG: u32 = 2203;
    /// Account or password wrong, deliberately ambiguous (GenAuth).
    pub const ACCOUNT_OR_PASSWORD_WRONG: u32 = 2333;
    /// Client authentication failed.
    pub const CLIENT_AUTH_FAILED: u32 = 40110;
    /// A one-time token is invalid or expired.
    pub const TOKEN_INVALID: u32 = 40111;
    /// Too many requests.
    pub const RATE_LIMITED: u32 = 42900;
    /// QR code unknown or gone.
    pub const QRCODE_NOT_FOUND: u32 = 40420;
    /// QR code action refused: scan first, or the code expired (400).
    pub const QRCODE_ACTION_INVALID: u32 = 40020;
    /// QR code action refused: another user, or a user of another pool (403).
    pub const QRCODE_ACTION_FORBIDDEN: u32 = 40320;
    /// QR code action refused: scanned already, or finished (409).
    pub const QRCODE_ACTION_CONFLICT: u32 = 40920;
    /// QR ticket unknown.
    pub const TICKET_UNKNOWN: u32 = 40421;
    /// QR ticket expired.
    pub const TICKET_EXPIRED: u32 = 40021;
    /// QR ticket already used.
    pub const TICKET_USED: u32 = 40921;
    /// QR ticket issued to another application.
    pub const TICKET_OTHER_APP: u32 = 40321;
    /// Push code unknown or gone.
    pub const PUSHCODE_NOT_FOUND: u32 = 40422;
    /// Push code answered after its validity.
    pub const PUSHCODE_EXPIRED: u32 = 40022;
    /// Push code answered by another user than the one it was pushed to.
    pub const PUSHCODE_OTHER_USER: u32 = 40322;
    /// Push code answered already.
    pub const PUSHCODE_FINISHED: u32 = 40922;
    /// The account has no signed-in device to push to.
    pub const PUSH_TARGET_MISSING: u32 = 40023;
    /// Delivery (email / SMS) is not configured or failed.
    pub const DELIVERY_FAILED: u32 = 50200;
    /// Application does not exist (GenAuth).
    pub const APP_NOT_FOUND: u32 = 2011;
    /// Application identifier (domain) already taken (GenAuth).
    pub const APP_IDENTIFIER_TAKEN: u32 = 2039;
    /// The pool's default application cannot be deleted.
    pub const DEFAULT_APP_UNDELETABLE: u32 = 40301;
    /// User pool does not exist (GenAuth).
    pub const USER_POOL_NOT_FOUND: u32 = 2224;
    /// Access key does not exist in this pool.
    pub const ACCESS_KEY_NOT_FOUND: u32 = 40440;
    /// The root access key cannot be disabled or deleted.
    pub const ROOT_ACCESS_KEY_PROTECTED: u32 = 40340;
    /// An access key cannot disable or delete itself.
    pub const OWN_ACCESS_KEY_PROTECTED: u32 = 40341;
    /// User already exists (GenAuth).
    pub const USER_EXISTS: u32 = 2026;
    /// Role does not exist.
    pub const ROLE_NOT_FOUND: u32 = 40441;
    /// Group does not exist.
    pub const GROUP_NOT_FOUND: u32 = 40442;
    /// Permission namespace does not exist.
    pub const NAMESPACE_NOT_FOUND: u32 = 40443;
    /// Role code already used in the namespace.
    pub const ROLE_CODE_TAKEN: u32 = 40941;
    /// Group code already used in the pool.
    pub const GROUP_CODE_TAKEN: u32 = 40942;
    /// Internal error.
    pub const INTERNAL: u32 = 50000;
    /// A namespace, resource or permission target does not exist.
    pub const PERMISSION_TARGET_NOT_FOUND: u32 = 40446;
    /// A namespace or resource code is taken.
    pub const PERMISSION_CODE_TAKEN: u32 = 40940;
    /// The built-in namespace `default` cannot be changed.
    pub const DEFAULT_NAMESPACE_RESERVED: u32 = 40342;
    /// Not implemented in authgate.
    pub const NOT_IMPLEMENTED: u32 = 50100;
    /// A dependency is unavailable.
    pub const UNAVAILABLE: u32 = 50300;
    /// Organisation does not exist.
    pub const ORGANIZATION_NOT_FOUND: u32 = 40450;
    /// Department does not exist.
    pub const DEPARTMENT_NOT_FOUND: u32 = 40451;
    /// Another organisation of the pool has this code.
    pub const ORGANIZATION_CODE_TAKEN: u32 = 40950;
    /// Another department of the organisation has this code or open id.
    pub const DEPARTMENT_FIELD_TAKEN: u32 = 40951;
    /// A department has sub-departments and cannot be deleted.
    pub const DEPARTMENT_HAS_CHILDREN: u32 = 40952;
    /// Moving a department under itself or one of its descendants.
    pub const DEPARTMENT_CYCLE: u32 = 40050;
    /// The root department cannot be moved, deleted or given a parent.
    pub const ROOT_DEPARTMENT_FIXED: u32 = 40051;
}

impl ApiError {
    /// An error with an explicit status, code and message.
    pub fn new(status: u16, api_code: u32, msg: Msg) -> Self {
        Self {
            status,
            api_code,
            msg,
        }
    }

    /// 400: a required parameter is missing.
    pub fn missing(name: impl Into<String>) -> Self {
        Self::new(
            400,
            codes::INVALID_INPUT,
            Msg::MissingParameter { name: name.into() },
        )
    }

    /// 400: a parameter has a bad value.
    pub fn invalid(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::new(
            400,
            codes::INVALID_INPUT,
            Msg::InvalidParameter {
                name: name.into(),
                reason: reason.into(),
            },
        )
    }

    /// 400: a message that already says what is wrong.
    pub fn bad_request(msg: Msg) -> Self {
        Self::new(400, codes::INVALID_INPUT, msg)
    }

    /// 401 on the management API.
    pub fn mgmt_unauthorized(api_code: u32, msg: Msg) -> Self {
        Self::new(401, api_code, msg)
    }

    /// 404: the user does not exist.
    pub fn user_not_found() -> Self {
        Self::new(404, codes::USER_NOT_FOUND, Msg::UserNotFound)
    }

    /// 409: another user already has this identifier.
    pub fn user_exists(field: impl Into<String>) -> Self {
        Self::new(
            409,
            codes::USER_EXISTS,
            Msg::UserAlreadyExists {
                field: field.into(),
            },
        )
    }

    /// 500: an internal failure. Log the cause before returning this.
    pub fn internal() -> Self {
        Self::new(500, codes::INTERNAL, Msg::Internal)
    }

    /// 501: a GenAuth feature or option authgate does not implement.
    pub fn not_implemented(what: impl Into<String>) -> Self {
        Self::new(
            501,
            codes::NOT_IMPLEMENTED,
            Msg::NotImplemented { path: what.into() },
        )
    }

    /// 401: no valid user token (GenAuth 2020).
    pub fn not_logged_in() -> Self {
        Self::new(401, codes::NOT_LOGGED_IN, Msg::NotLoggedIn)
    }

    /// 403: the verification code is wrong, expired or used (GenAuth 2001).
    pub fn code_invalid() -> Self {
        Self::new(403, codes::CODE_INVALID, Msg::CodeInvalid)
    }

    /// 401: the application's credentials are wrong or missing.
    pub fn client_auth_failed() -> Self {
        Self::new(401, codes::CLIENT_AUTH_FAILED, Msg::ClientAuthFailed)
    }

    /// 429: too many requests.
    pub fn rate_limited() -> Self {
        Self::new(429, codes::RATE_LIMITED, Msg::RateLimited)
    }

    /// 404: the application does not exist (GenAuth 2011).
    pub fn app_not_found() -> Self {
        Self::new(404, codes::APP_NOT_FOUND, Msg::ApplicationNotFound)
    }

    /// 409: another application of the pool has this `appIdentifier` (GenAuth 2039).
    pub fn app_identifier_taken() -> Self {
        Self::new(409, codes::APP_IDENTIFIER_TAKEN, Msg::AppIdentifierTaken)
    }

    /// 403: the pool's default application cannot be deleted.
    pub fn default_app_undeletable() -> Self {
        Self::new(
            403,
            codes::DEFAULT_APP_UNDELETABLE,
            Msg::DefaultAppUndeletable,
        )
    }

    /// 404: the role does not exist (in that namespace of the caller's pool).
    pub fn role_not_found() -> Self {
        Self::new(404, codes::ROLE_NOT_FOUND, Msg::RoleNotFound)
    }

    /// 409: the namespace already has a role with this code.
    pub fn role_code_taken() -> Self {
        Self::new(409, codes::ROLE_CODE_TAKEN, Msg::RoleCodeTaken)
    }

    /// 404: the group does not exist in the caller's pool.
    pub fn group_not_found() -> Self {
        Self::new(404, codes::GROUP_NOT_FOUND, Msg::GroupNotFound)
    }

    /// 409: the pool already has a group with this code.
    pub fn group_code_taken() -> Self {
        Self::new(409, codes::GROUP_CODE_TAKEN, Msg::GroupCodeTaken)
    }

    /// 404: the permission namespace does not exist in the caller's pool.
    pub fn namespace_not_found() -> Self {
        Self::new(404, codes::NAMESPACE_NOT_FOUND, Msg::NamespaceNotFound)
    }

    /// 404: a namespace, resource, user, role, group or department of a permission call does
    /// not exist (`kind` names which).
    pub fn permission_target_not_found(kind: &str, code: &str) -> Self {
        Self::new(
            404,
            codes::PERMISSION_TARGET_NOT_FOUND,
            Msg::PermissionTargetNotFound {
                kind: kind.into(),
                code: code.into(),
            },
        )
    }

    /// 409: a namespace or resource with this code exists.
    pub fn permission_code_taken(kind: &str, code: &str) -> Self {
        Self::new(
            409,
            codes::PERMISSION_CODE_TAKEN,
            Msg::PermissionCodeTaken {
                kind: kind.into(),
                code: code.into(),
            },
        )
    }

    /// 403: the namespace `default` cannot be created, renamed or deleted.
    pub fn default_namespace_reserved() -> Self {
        Self::new(
            403,
            codes::DEFAULT_NAMESPACE_RESERVED,
            Msg::DefaultNamespaceReserved,
        )
    }

    /// 503: a dependency is unavailable.
    pub fn unavailable() -> Self {
        Self::new(503, codes::UNAVAILABLE, Msg::ServiceUnavailable)
    }
}

impl From<crate::ids::RandomError> for ApiError {
    fn from(_: crate::ids::RandomError) -> Self {
        ApiError::internal()
    }
}
