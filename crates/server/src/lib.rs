//! # authgate-server
//!
//! The axum application of authgate: the GenAuth V3 API under `/api/v3`, the management API,
//! the OIDC endpoints under `/oidc` and the hosted pages under `/login`, with the middleware every request passes (request id,
//! language, envelope, metrics, limits).
//!
//! Start it with [`start`] (tests, embedding) or [`run`] (the CLI), after [`bootstrap::init`]
//! when the database may be new.

pub mod api_v2;
pub mod api_v3;
pub mod app;
pub mod assets;
pub mod authz;
pub mod backup;
pub mod bootstrap;
pub mod cas;
pub mod client_auth;
pub mod client_ip;
pub mod compat;
pub mod config;
pub mod cors;
mod health;
pub mod http;
pub mod master_key;
mod metrics;
pub mod mgmt;
pub mod oidc;
pub mod openapi;
pub mod pages;
pub mod request_log;
pub mod server;
pub mod shutdown;
pub mod sso_cookie;
pub mod state;
pub mod tls;
pub mod user_auth;
pub mod views;
pub mod web;

pub use config::{LogFormat, ServerConfig};

// The operations moved to `authgate-service`; their old paths stay valid inside the server so
// handlers read `crate::tokens::…` as before.
pub use authgate_service::{
    auth_code, codes, keys, lockout, notify, password_transport, passwords, push, qr, rate_limit,
    test_seam, tokens, user_actions, user_patch, user_view,
};
pub use server::{RunningServer, ServeError, run, start};
