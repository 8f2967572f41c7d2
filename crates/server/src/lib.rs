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
pub mod codes;
pub mod compat;
pub mod config;
pub mod cors;
mod health;
pub mod http;
pub mod keys;
pub mod lockout;
pub mod master_key;
mod metrics;
pub mod mgmt;
pub mod notify;
pub mod oidc;
pub mod openapi;
pub mod pages;
pub mod password_transport;
pub mod passwords;
pub mod push;
pub mod qr;
pub mod rate_limit;
pub mod request_log;
pub mod server;
pub mod shutdown;
pub mod state;
pub mod test_seam;
pub mod tls;
pub mod tokens;
pub mod user_actions;
pub mod user_auth;
pub mod user_patch;
pub mod user_view;
pub mod web;

pub use config::{LogFormat, ServerConfig};
pub use server::{RunningServer, ServeError, run, start};
