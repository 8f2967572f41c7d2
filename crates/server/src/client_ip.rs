//! The client's IP address: the peer address, or the proxy headers when configured to trust them.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::SocketAddr;

use crate::state::AppState;

/// The requesting client's IP, if known.
#[derive(Debug, Clone)]
pub struct ClientIp(pub Option<String>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientIp(of_request(
            &parts.headers,
            &parts.extensions,
            state.config.trust_proxy_headers,
        )))
    }
}

/// The client IP of a request: the first `x-forwarded-for` / the `x-real-ip` address when
/// `trust_proxy_headers`, else the peer address.
pub fn of_request(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    trust_proxy_headers: bool,
) -> Option<String> {
    if trust_proxy_headers {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .or_else(|| headers.get("x-real-ip").and_then(|v| v.to_str().ok()))
            .map(str::trim)
            .filter(|v| !v.is_empty());
        if let Some(ip) = forwarded {
            return Some(ip.to_string());
        }
    }
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}

/// The user agent header.
pub fn user_agent(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(256).collect())
}

/// Who asks, for the sign-in history: the caller's `client_ip_option` (the API's
/// `options.clientIp`) when given, else the client IP; the user agent; the request id.
pub fn sign_in_client(
    ip: &ClientIp,
    client_ip_option: Option<&str>,
    headers: &axum::http::HeaderMap,
) -> authgate_service::sign_in::Client {
    authgate_service::sign_in::Client {
        ip: client_ip_option
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or_else(|| ip.0.clone()),
        user_agent: user_agent(headers),
        request_id: crate::http::context::current().request_id,
    }
}
