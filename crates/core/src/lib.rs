//! # authgate-core
//!
//! The domain of authgate with no I/O: identifiers, the clock abstraction, user pools,
//! applications, users, access keys, password hashing rules, encryption at rest, token
//! signing primitives, management request signatures, and [`ApiError`] — the one error type
//! every API answer is derived from.
//!
//! Everything here is deterministic given its inputs (time comes from a [`clock::Clock`],
//! randomness from [`ids`]) so rules can be tested without sleeping or a database.

pub mod access_key;
pub mod application;
pub mod clock;
pub mod code;
pub mod department;
pub mod error;
pub mod group;
pub mod ids;
pub mod jws;
pub mod lang;
pub mod messages;
pub mod mgmt_signature;
pub mod oauth;
pub mod password;
pub mod password_policy;
pub mod permission;
pub mod push;
pub mod qrcode;
pub mod role;
pub mod scope;
pub mod secret;
pub mod secret_box;
pub mod sign_in;
pub mod timefmt;
pub mod token;
pub mod user;
pub mod user_pool;
mod wire;

pub use error::{ApiError, ApiResult};
