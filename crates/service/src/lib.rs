//! # authgate-service
//!
//! The operations of authgate with no HTTP in them. The surfaces of `authgate-server`
//! (`/api/v3`, management, hosted pages, OIDC, CAS) parse a request, call an operation here and
//! shape its answer; the rules live once, below all of them. Operations fail with
//! [`authgate_core::ApiError`]; a store failure becomes one through
//! `From<StoreError> for ApiError` (in the store crate), so `?` works on both.
//!
//! This crate does not depend on axum, `http`, tower or hyper: its manifest is the boundary.
