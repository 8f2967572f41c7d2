//! The SDK's error type.

/// What can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered an envelope whose `statusCode` is not 200 (a business error), or a
    /// protocol endpoint answered an HTTP error status with a JSON error body.
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

fn fmt_api_code(code: Option<u32>) -> String {
    code.map_or_else(|| "none".to_owned(), |c| c.to_string())
}

fn fmt_request_id(id: Option<&str>) -> String {
    id.map(|id| format!(", requestId={id}")).unwrap_or_default()
}

impl Error {
    /// The business `statusCode` of an [`Error::Api`], or the HTTP status of an
    /// [`Error::Http`] that has one.
    pub fn status_code(&self) -> Option<u16> {
        match self {
            Error::Api { status_code, .. } => Some(*status_code),
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
        let e = Error::Options("x".into());
        assert_eq!(e.status_code(), None);
        assert_eq!(e.api_code(), None);
    }
}
