//! What the browser-facing surfaces share — the hosted pages ([`crate::pages`]), the
//! authorization endpoint's pages ([`crate::oidc::authorize`]) and the CAS pages
//! ([`crate::cas`]): the catalogue and language negotiation, the page layout and its
//! escaping, the responses with their security headers, the branding, cookies, the `next`
//! rule, sign-in targets and the CSP `form-action` sources.
//!
//! Nothing here imports a surface: the surfaces import this.

pub mod branding;
pub mod cas_service;
pub mod cookies;
pub mod error;
pub mod escape;
pub mod form_action;
pub mod i18n;
pub mod layout;
pub mod next;
pub mod pending;
pub mod response;
pub mod target;
