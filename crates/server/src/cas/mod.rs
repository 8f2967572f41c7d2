//! The CAS 1.0 / 2.0 / 3.0 identity provider (spec §4.8, docs/cas.md).
//!
//! - `GET /cas-idp/{appId}` and `/cas-idp/{appId}/login` — login ([`login`]).
//! - `GET /cas-idp/{appId}/validate`, `/serviceValidate`, `/p3/serviceValidate` — ticket
//!   validation ([`validate`]).
//! - `GET /cas-idp/logout`, `/cas-idp/{appId}/logout` — logout ([`logout`]).
//!
//! An application takes part when its `cas_enabled` setting is on (`casProviderEnabled`); its
//! redirect URIs are its services ([`service`]). Tickets are single-use, bound to the
//! application and the service, and live 5 minutes ([`ticket`]).

pub mod attempt;
pub mod login;
pub mod logout;
pub mod page;
pub mod params;
pub mod ticket;
pub mod validate;
pub mod xml;

use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The CAS routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(logout::cas_logout))
        .routes(routes!(login::cas_login))
        .routes(routes!(login::cas_login_path))
        .routes(routes!(logout::cas_app_logout))
        .routes(routes!(validate::cas_validate))
        .routes(routes!(validate::cas_service_validate))
        .routes(routes!(validate::cas_p3_service_validate))
}
