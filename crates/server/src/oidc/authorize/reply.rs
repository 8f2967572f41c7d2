//! Answers of the authorization endpoint at the client's (trusted) redirect URI: the code, or
//! an error (RFC 6749 §4.1.2 / §4.1.2.1), with `state`, in the chosen response mode —
//! `query`, `fragment`, or `form_post` (OAuth 2.0 Form Post Response Mode: an auto-submitting
//! HTML form, its script allowed by the page's CSP nonce), or `web_message` ([`super::web_message`]).

use super::views;
use crate::web::i18n::Catalogue;
use crate::web::response::{self, Page};
use crate::web::target;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use authgate_core::oauth::ResponseMode;

/// An error answered at the redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    /// The RFC / OIDC `error` code.
    pub error: &'static str,
    /// `error_description`.
    pub description: String,
}

impl AuthError {
    /// An error with its code and description.
    pub fn new(error: &'static str, description: impl Into<String>) -> Self {
        Self {
            error,
            description: description.into(),
        }
    }

    /// `invalid_request`.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }
}

/// Where and how an answer goes.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    /// The registered redirect URI.
    pub redirect_uri: &'a str,
    /// The response mode.
    pub mode: ResponseMode,
    /// The client's `state`.
    pub state: Option<&'a str>,
}

impl Destination<'_> {
    /// The answer carrying `code`.
    pub fn code(&self, c: &Catalogue, code: &str, cookies: Vec<String>) -> Response {
        self.send(c, vec![("code", code.to_string())], cookies)
    }

    /// The answer carrying `e`.
    pub fn error(&self, c: &Catalogue, e: &AuthError, cookies: Vec<String>) -> Response {
        tracing::info!(error = e.error, description = %e.description, "authorization refused");
        self.send(
            c,
            vec![
                ("error", e.error.to_string()),
                ("error_description", e.description.clone()),
            ],
            cookies,
        )
    }

    fn send(
        &self,
        c: &Catalogue,
        mut pairs: Vec<(&str, String)>,
        cookies: Vec<String>,
    ) -> Response {
        if let Some(s) = self.state {
            pairs.push(("state", s.to_string()));
        }
        let Ok(mut url) = url::Url::parse(self.redirect_uri) else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        match self.mode {
            ResponseMode::Query => {
                {
                    let mut q = url.query_pairs_mut();
                    for (k, v) in &pairs {
                        q.append_pair(k, v);
                    }
                }
                response::see_other(url.as_str(), &cookies)
            }
            ResponseMode::Fragment => {
                let mut f = form_urlencoded::Serializer::new(String::new());
                for (k, v) in &pairs {
                    f.append_pair(k, v);
                }
                url.set_fragment(Some(&f.finish()));
                response::see_other(url.as_str(), &cookies)
            }
            ResponseMode::FormPost => {
                let Ok(nonce) = response::nonce() else {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                };
                let Some(html) = views::form_post(c, &nonce, self.redirect_uri, &pairs) else {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                };
                Page {
                    status: StatusCode::OK,
                    html,
                    nonce,
                    form_targets: target::form_action_source(self.redirect_uri)
                        .into_iter()
                        .collect(),
                    img_sources: Vec::new(),
                    cookies,
                }
                .into_response()
            }
            ResponseMode::WebMessage => {
                super::web_message::answer(c, self.redirect_uri, &pairs, &cookies)
            }
        }
    }
}
