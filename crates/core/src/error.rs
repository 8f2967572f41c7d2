//! [`ApiError`]: the one error type every API failure becomes.
//!
//! It is a row of the error table ([`crate::messages`]): the [`Msg`] names the failure and the
//! table gives its GenAuth business `statusCode`, fine-grained `apiCode` and texts. An
//! `ApiError` can only be made from a `Msg`, so no status/code pair exists outside the table.
//! The server shapes it (GenAuth envelope or RFC 6749 body) by the handler's error type.
//!
//! apiCodes reuse GenAuth's where one fits (`2004` user not found, `2026` user exists, …);
//! failures GenAuth has no code for use `statusCode * 100 + n` (e.g. `40000` bad input).

use crate::messages::Msg;

/// Result alias for operations that fail with an [`ApiError`].
pub type ApiResult<T> = Result<T, ApiError>;

/// An API failure: business status, apiCode and message.
///
/// `status` and `api_code` are copied from the table when the error is made (they are read in
/// many places, and a field read is what those places already do); `#[non_exhaustive]` keeps
/// other crates from building one with a pair of their own: they go through [`From<Msg>`] or a
/// named constructor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}/{api_code}: {msg:?}")]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP-like business status (`statusCode` in the envelope).
    pub status: u16,
    /// Fine-grained code (`apiCode` in the envelope).
    pub api_code: u32,
    /// The message, rendered per language when answered.
    pub msg: Msg,
}

pub use crate::messages::codes;

impl From<Msg> for ApiError {
    fn from(msg: Msg) -> Self {
        Self {
            status: msg.status(),
            api_code: msg.api_code(),
            msg,
        }
    }
}

impl ApiError {
    /// 400: a required parameter is missing.
    pub fn missing(name: impl Into<String>) -> Self {
        Msg::MissingParameter { name: name.into() }.into()
    }

    /// 400: a parameter has a bad value.
    pub fn invalid(name: impl Into<String>, reason: impl Into<String>) -> Self {
        Msg::InvalidParameter {
            name: name.into(),
            reason: reason.into(),
        }
        .into()
    }

    /// A message that already says what is wrong; the table gives its status (every message
    /// passed here is a 400 "bad input" row).
    pub fn bad_request(msg: Msg) -> Self {
        msg.into()
    }

    /// 404: the user does not exist.
    pub fn user_not_found() -> Self {
        Msg::UserNotFound.into()
    }

    /// 409: another user already has this identifier.
    pub fn user_exists(field: impl Into<String>) -> Self {
        Msg::UserAlreadyExists {
            field: field.into(),
        }
        .into()
    }

    /// 500: an internal failure. Log the cause before returning this.
    pub fn internal() -> Self {
        Msg::Internal.into()
    }

    /// 501: a GenAuth feature or option authgate does not implement.
    pub fn not_implemented(what: impl Into<String>) -> Self {
        Msg::NotImplemented { path: what.into() }.into()
    }

    /// 401: no valid user token (GenAuth 2020).
    pub fn not_logged_in() -> Self {
        Msg::NotLoggedIn.into()
    }

    /// 403: the verification code is wrong, expired or used (GenAuth 2001).
    pub fn code_invalid() -> Self {
        Msg::CodeInvalid.into()
    }

    /// 401: the application's credentials are wrong or missing.
    pub fn client_auth_failed() -> Self {
        Msg::ClientAuthFailed.into()
    }

    /// 429: too many requests.
    pub fn rate_limited() -> Self {
        Msg::RateLimited.into()
    }

    /// 404: the application does not exist (GenAuth 2011).
    pub fn app_not_found() -> Self {
        Msg::ApplicationNotFound.into()
    }

    /// 409: another application of the pool has this `appIdentifier` (GenAuth 2039).
    pub fn app_identifier_taken() -> Self {
        Msg::AppIdentifierTaken.into()
    }

    /// 403: the pool's default application cannot be deleted.
    pub fn default_app_undeletable() -> Self {
        Msg::DefaultAppUndeletable.into()
    }

    /// 404: the role does not exist (in that namespace of the caller's pool).
    pub fn role_not_found() -> Self {
        Msg::RoleNotFound.into()
    }

    /// 409: the namespace already has a role with this code.
    pub fn role_code_taken() -> Self {
        Msg::RoleCodeTaken.into()
    }

    /// 404: the group does not exist in the caller's pool.
    pub fn group_not_found() -> Self {
        Msg::GroupNotFound.into()
    }

    /// 409: the pool already has a group with this code.
    pub fn group_code_taken() -> Self {
        Msg::GroupCodeTaken.into()
    }

    /// 404: the permission namespace does not exist in the caller's pool.
    pub fn namespace_not_found() -> Self {
        Msg::NamespaceNotFound.into()
    }

    /// 404: a namespace, resource, user, role, group or department of a permission call does
    /// not exist (`kind` names which).
    pub fn permission_target_not_found(kind: &str, code: &str) -> Self {
        Msg::PermissionTargetNotFound {
            kind: kind.into(),
            code: code.into(),
        }
        .into()
    }

    /// 409: a namespace or resource with this code exists.
    pub fn permission_code_taken(kind: &str, code: &str) -> Self {
        Msg::PermissionCodeTaken {
            kind: kind.into(),
            code: code.into(),
        }
        .into()
    }

    /// 403: the namespace `default` cannot be created, renamed or deleted.
    pub fn default_namespace_reserved() -> Self {
        Msg::DefaultNamespaceReserved.into()
    }

    /// 503: a dependency is unavailable.
    pub fn unavailable() -> Self {
        Msg::ServiceUnavailable.into()
    }

    /// 404: the user pool does not exist (GenAuth 2224).
    pub fn user_pool_not_found() -> Self {
        Msg::UserPoolNotFound.into()
    }
}

impl From<crate::ids::RandomError> for ApiError {
    fn from(_: crate::ids::RandomError) -> Self {
        ApiError::internal()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_takes_status_and_code_from_its_row() {
        let e = ApiError::from(Msg::OldPasswordRequired);
        assert_eq!((e.status, e.api_code), (400, codes::OLD_PASSWORD_REQUIRED));
        let e = ApiError::missing("userId");
        assert_eq!((e.status, e.api_code), (400, codes::INVALID_INPUT));
        let e = ApiError::unavailable();
        assert_eq!((e.status, e.api_code), (503, codes::UNAVAILABLE));
    }
}
