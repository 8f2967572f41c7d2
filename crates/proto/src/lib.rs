//! # authgate-proto
//!
//! The GenAuth V3 wire, spelled exactly as GenAuth spells it: the response [`envelope`],
//! request and response bodies of each API area, and the enums they share. The server and
//! the SDK both use these types, so the two cannot drift apart.
//!
//! With the `openapi` feature every type also derives its OpenAPI schema.

pub mod access_keys;
pub mod account;
pub mod apps;
pub mod audit;
pub mod auth;
pub mod cas;
pub mod de;
pub mod departments;
pub mod envelope;
pub mod global_mfa;
pub mod groups;
pub mod mgmt;
pub mod oidc;
pub mod permissions;
pub mod push;
pub mod qrcode;
pub mod roles;
pub mod sessions;
pub mod tokens;
pub mod user_types;
pub mod users;

pub use envelope::{Envelope, Page, SuccessData};
