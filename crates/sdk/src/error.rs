//! The SDK's error type.

/// What can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered an envelope whose `statusCode` is not 200 (a business error), or a
    /// protocol endpoint answered an HTTP error status with a body that is not an RFC 6749
    /// error (`message` is then its `message` member or an excerpt of the body).
    #[error(
        "API error: statusCode={status_code}, apiCode={}, message={message}{}",
        fmt_api_code(*.api_code),
        fmt_request_id(.request_id.as_deref())
    )]
    Api {
        /// The envelope's `statusCode` (or the HTTP status of a protocol endpoint).
        status_code: u16,
        /// The envelope's fine-grained `apiCode`, when present.
        api_code: Option<u32>,
        /// The server's (localised) message.
        message: String,
        /// The envelope's `requestId`, when present.
        request_id: Option<String>,
    },
    /// A protocol endpoint (`/oidc/token`, `/oidc/token/introspection`,
    /// `/oidc/token/revocation`, `/oidc/me`) answered an HTTP error status with an RFC 6749
    /// §5.2 error body `{error, error_description}`.
    ///
    /// [`status_code`](Error::status_code) gives the HTTP status,
    /// [`oauth_error`](Error::oauth_error) the `error` code (`invalid_grant`, `invalid_client`,
    /// `invalid_token`, ...) and [`message`](Error::message) the `error_description`.
    #[error(
        "OAuth error: HTTP {status}, error={error}{}",
        .description.as_deref().map(|d| format!(", error_description={d}")).unwrap_or_default()
    )]
    OAuth {
        /// The HTTP status (400, 401, ...).
        status: u16,
        /// The RFC `error` code.
        error: String,
        /// The RFC `error_description`, when present.
        description: Option<String>,
    },
    /// A token failed local verification
    /// ([`introspect_token_offline`](crate::AuthenticationClient::introspect_token_offline)).
    #[error("invalid token: {0}")]
    InvalidToken(InvalidTokenReason),
    /// The request could not be sent or its answer not received (connection, TLS, timeout).
    #[error("HTTP error: {0}")]
    Http(#[from] reqwest::Error),
    /// The body is not the expected JSON; `message` says what was expected and quotes the
    /// beginning of the body.
    #[error("unexpected response: {message}")]
    Decode {
        /// What went wrong, with a short excerpt of the body.
        message: String,
    },
    /// A request could not be encoded (a body or query that does not serialize to JSON).
    #[error("cannot encode the request: {message}")]
    Encode {
        /// What went wrong.
        message: String,
    },
    /// The client options are unusable (empty id, malformed host, missing secret, ...).
    #[error("invalid options: {0}")]
    Options(String),
}

/// Why [`introspect_token_offline`](crate::AuthenticationClient::introspect_token_offline)
/// refused a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InvalidTokenReason {
    /// Not a compact JWS of three base64url segments with a JSON header and a JSON object
    /// payload.
    Malformed,
    /// The header's `alg` is not `RS256`.
    UnsupportedAlgorithm,
    /// The header has no `kid`, or no RSA key of the server's JWKS has that `kid`.
    UnknownKey,
    /// The signature does not verify with the key.
    BadSignature,
    /// `exp` is missing or in the past.
    Expired,
    /// `nbf` is in the future.
    NotYetValid,
    /// `aud` is missing or does not name the application.
    WrongAudience,
    /// `iss` is not the issuer of the server's discovery document.
    WrongIssuer,
}

impl std::fmt::Display for InvalidTokenReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InvalidTokenReason::Malformed => "the token is not a well-formed JWT",
            InvalidTokenReason::UnsupportedAlgorithm => "the token is not signed with RS256",
            InvalidTokenReason::UnknownKey => "no key of the server's JWKS has the token's kid",
            InvalidTokenReason::BadSignature => "the signature does not verify",
            InvalidTokenReason::Expired => "the token has expired (or has no exp)",
            InvalidTokenReason::NotYetValid => "the token is not valid yet (nbf)",
            InvalidTokenReason::WrongAudience => "the token was not issued to this application",
            InvalidTokenReason::WrongIssuer => "the token was not issued by this server",
        })
    }
}

fn fmt_api_code(code: Option<u32>) -> String {
    code.map_or_else(|| "none".to_owned(), |c| c.to_string())
}

fn fmt_request_id(id: Option<&str>) -> String {
    id.map(|id| format!(", requestId={id}")).unwrap_or_default()
}

impl Error {
    /// The business `statusCode` of an [`Error::Api`], the HTTP status of an
    /// [`Error::OAuth`], or the HTTP status of an [`Error::Http`] that has one.
    pub fn status_code(&self) -> Option<u16> {
        match self {
            Error::Api { status_code, .. } => Some(*status_code),
            Error::OAuth { status, .. } => Some(*status),
            Error::Http(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The `apiCode` of an [`Error::Api`], when the server sent one.
    pub fn api_code(&self) -> Option<u32> {
        match self {
            Error::Api { api_code, .. } => *api_code,
            _ => None,
        }
    }

    /// The RFC 6749 `error` code of an [`Error::OAuth`] (`invalid_grant`, ...).
    ///
    /// ```no_run
    /// # async fn demo(client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// match client.get_new_access_token_by_refresh_token("stale").await {
    ///     Err(e) if e.oauth_error() == Some("invalid_grant") => println!("sign in again"),
    ///     other => println!("{other:?}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn oauth_error(&self) -> Option<&str> {
        match self {
            Error::OAuth { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The server's message: the `message` of an [`Error::Api`], or the `error_description`
    /// of an [`Error::OAuth`].
    ///
    /// ```no_run
    /// # async fn demo(mut client: authgate_sdk::AuthenticationClient) -> authgate_sdk::Result<()> {
    /// if let Err(e) = client.sign_in_by_account_password("alice", "wrong", None).await {
    ///     println!("{}", e.message().unwrap_or("no message"));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api { message, .. } => Some(message),
            Error::OAuth { description, .. } => description.as_deref(),
            _ => None,
        }
    }

    /// The `requestId` of an [`Error::Api`], when the server sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// The result of every SDK call.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_accessors() {
        let e = Error::Api {
            status_code: 403,
            api_code: Some(2333),
            message: "Account not exists or password is incorrect.".into(),
            request_id: Some("r-1".into()),
        };
        assert_eq!(
            e.to_string(),
            "API error: statusCode=403, apiCode=2333, \
             message=Account not exists or password is incorrect., requestId=r-1"
        );
        assert_eq!(e.status_code(), Some(403));
        assert_eq!(e.api_code(), Some(2333));
        assert_eq!(e.request_id(), Some("r-1"));
        let e = Error::Api {
            status_code: 404,
            api_code: None,
            message: "user not found".into(),
            request_id: None,
        };
        assert_eq!(
            e.to_string(),
            "API error: statusCode=404, apiCode=none, message=user not found"
        );
        assert_eq!(e.message(), Some("user not found"));
        let e = Error::Options("x".into());
        assert_eq!(e.status_code(), None);
        assert_eq!(e.api_code(), None);
        assert_eq!(e.message(), None);
        assert_eq!(e.oauth_error(), None);
    }

    #[test]
    fn oauth_errors() {
        let e = Error::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("the refresh token is invalid".into()),
        };
        assert_eq!(
            e.to_string(),
            "OAuth error: HTTP 400, error=invalid_grant, \
             error_description=the refresh token is invalid"
        );
        assert_eq!(e.status_code(), Some(400));
        assert_eq!(e.oauth_error(), Some("invalid_grant"));
        assert_eq!(e.message(), Some("the refresh token is invalid"));
        assert_eq!(e.api_code(), None);
        let e = Error::OAuth {
            status: 401,
            error: "invalid_client".into(),
            description: None,
        };
        assert_eq!(e.to_string(), "OAuth error: HTTP 401, error=invalid_client");
        assert_eq!(e.message(), None);
        let e = Error::InvalidToken(InvalidTokenReason::Expired);
        assert_eq!(
            e.to_string(),
            "invalid token: the token has expired (or has no exp)"
        );
        assert_eq!(e.status_code(), None);
    }
}
