//! # authgate-service
//!
//! The operations of authgate with no HTTP in them. The surfaces of `authgate-server`
//! (`/api/v3`, management, hosted pages, OIDC, CAS) parse a request, call an operation here and
//! shape its answer; the rules live once, below all of them. Operations fail with
//! [`authgate_core::ApiError`]; a store failure becomes one through
//! `From<StoreError> for ApiError` (in the store crate), so `?` works on both.
//!
//! This crate does not depend on axum, `http`, tower or hyper: its manifest is the boundary.

pub mod access_keys;
pub mod account;
pub mod apps;
pub mod auth_code;
pub mod avatar;
pub mod codes;
pub mod consent;
pub mod contact;
pub mod keys;
pub mod lockout;
pub mod notify;
pub mod one_time;
pub mod password_transport;
pub mod passwords;
pub mod push;
pub mod qr;
pub mod rate_limit;
pub mod send_code;
mod services;
pub mod sign_in;
pub mod sign_up;
pub mod sso;
pub mod test_seam;
pub mod tokens;
pub mod user_actions;
pub mod user_patch;
pub mod user_view;

pub use services::{Mode, Parts, Services};
