//! Integration tests: the server in-process on a free port with a throw-away database
//! (SQLite by default; PostgreSQL with `AUTHGATE_TEST_BACKEND=postgres` and
//! `AUTHGATE_TEST_POSTGRES_URL`), driven over real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod access_keys;
mod account;
mod apps;
mod audit;
mod backup;
mod branding;
mod browser;
mod cas;
mod cluster;
mod common;
mod compatibility;
mod cors;
mod departments;
mod error_shape;
mod form_action;
mod go_wire;
mod groups;
mod java_wire;
mod login_pages;
mod metrics;
mod mgmt_auth;
mod my;
mod oidc_authorize;
mod oidc_token;
mod openapi;
mod pages;
mod password_policy;
mod permissions;
mod public_config;
mod push;
mod qrcode;
mod race;
mod restart;
mod roles;
mod sessions_mgmt;
mod shutdown;
mod signin;
mod sinks;
mod tls;
mod users;
mod users_extra;
mod verify_codes;
mod web_message;
mod wire;
mod xss;
