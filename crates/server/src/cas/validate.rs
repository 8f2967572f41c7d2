//! Ticket validation: CAS 1.0 `validate` (`text/plain`), CAS 2.0 `serviceValidate` and CAS 3.0
//! `p3/serviceValidate` (XML by default, JSON with `format=JSON`). Failures are answered
//! HTTP 200 in the standard `serviceResponse` wrapper (`INVALID_REQUEST`, `INVALID_TICKET`,
//! `INVALID_SERVICE`), as CAS clients expect. Proxy granting (`pgtUrl`) is not offered and is
//! ignored.
//!
//! The user is the account's `username`, else its email, else its phone, else its id. The
//! attributes are the OIDC standard claims of the user record (the claims mapping of the
//! OIDC provider, scopes `profile email phone address external_id`).

use super::params::CasParams;
use super::ticket;
use super::xml;
use crate::state::AppState;
use authgate_core::scope::Scope;
use authgate_core::token::user_claims;
use authgate_core::user::{User, UserKey};
use authgate_proto::cas::{CasAttributes, CasServiceResponse};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// The scopes whose claims are released as attributes.
const ATTRIBUTE_SCOPES: &str = "profile email phone address external_id";

/// A CAS validation error code with its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `service` or `ticket` missing.
    MissingParameter,
    /// Unknown, expired, used, or issued to another application.
    BadTicket,
    /// `renew` asked and the ticket came from the SSO session.
    NotFromNewLogin,
    /// The user can no longer sign in.
    UserUnavailable,
    /// The ticket was issued for another service.
    OtherService,
    /// The application does not exist or has CAS off.
    NotCasApp,
    /// The server failed.
    Internal,
}

impl Refusal {
    /// The CAS error code.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::MissingParameter => "INVALID_REQUEST",
            Refusal::BadTicket | Refusal::NotFromNewLogin | Refusal::UserUnavailable => {
                "INVALID_TICKET"
            }
            Refusal::OtherService | Refusal::NotCasApp => "INVALID_SERVICE",
            Refusal::Internal => "INTERNAL_ERROR",
        }
    }

    /// The description.
    pub fn description(self) -> &'static str {
        match self {
            Refusal::MissingParameter => "service and ticket are required",
            Refusal::BadTicket => "the ticket is unknown, expired or already used",
            Refusal::NotFromNewLogin => {
                "renew was asked and the ticket was not issued from a new sign-in"
            }
            Refusal::UserUnavailable => "the user can no longer sign in",
            Refusal::OtherService => "the ticket was issued for another service",
            Refusal::NotCasApp => "the application does not exist or does not accept CAS",
            Refusal::Internal => "internal error",
        }
    }
}

/// The login name CAS reports for `user`.
fn user_name(user: &User) -> String {
    let ids = &user.ids;
    ids.username
        .as_deref()
        .or(ids.email.as_deref())
        .or(ids.phone.as_deref())
        .unwrap_or(&user.id)
        .to_owned()
}

/// Validates the request's ticket for `app_id`: the user's name and attributes.
async fn check(
    state: &AppState,
    app_id: &str,
    params: &CasParams,
) -> Result<(String, CasAttributes), Refusal> {
    let (Some(service), Some(presented)) = (params.service.as_deref(), params.ticket.as_deref())
    else {
        return Err(Refusal::MissingParameter);
    };
    // Taken first: one validation attempt per ticket, whatever its outcome.
    let grant = ticket::take(state, presented).await;
    let app = state
        .store
        .get_app(app_id)
        .await
        .map_err(|_| Refusal::Internal)?
        .filter(|a| a.settings.cas_enabled)
        .ok_or(Refusal::NotCasApp)?;
    let grant = grant
        .filter(|g| g.app_id == app.id)
        .ok_or(Refusal::BadTicket)?;
    if grant.service != service {
        return Err(Refusal::OtherService);
    }
    if params.renew && !grant.from_new_login {
        return Err(Refusal::NotFromNewLogin);
    }
    let user = state
        .store
        .get_user(&grant.pool_id, &UserKey::Id(grant.user_id.clone()))
        .await
        .map_err(|_| Refusal::Internal)?
        .filter(|u| u.status.may_sign_in())
        .ok_or(Refusal::UserUnavailable)?;
    let claims = user_claims(&user, &Scope::parse(ATTRIBUTE_SCOPES));
    let attributes =
        serde_json::from_value(Value::Object(claims)).map_err(|_| Refusal::Internal)?;
    Ok((user_name(&user), attributes))
}

/// A body with its content type, not cached.
fn answer(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// CAS 1.0: `yes\n<user>\n` or `no\n\n`.
#[utoipa::path(get, path = "/cas-idp/{appId}/validate", tag = "cas",
    params(
        ("appId" = String, Path, description = "The CAS application"),
        ("service" = String, Query, description = "The service the ticket was issued for"),
        ("ticket" = String, Query, description = "The service ticket (`ST-…`), good once"),
        ("renew" = Option<bool>, Query, description = "Accept only a ticket of a new sign-in"),
    ),
    responses((status = 200, description = "`yes\\n<user>\\n` or `no\\n\\n`", content_type = "text/plain")))]
pub async fn cas_validate(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let params = CasParams::parse(query.as_deref());
    let body = match check(&state, &app_id, &params).await {
        Ok((user, _)) => format!("yes\n{user}\n"),
        Err(_) => "no\n\n".to_owned(),
    };
    answer(StatusCode::OK, "text/plain; charset=utf-8", body)
}

/// The CAS 2.0 / 3.0 answer of a validation, in the asked format.
async fn service_validate(state: &AppState, app_id: &str, query: Option<&str>) -> Response {
    let params = CasParams::parse(query);
    let (status, response) = match check(state, app_id, &params).await {
        Ok((user, attributes)) => (
            StatusCode::OK,
            CasServiceResponse::success(user, attributes),
        ),
        Err(r) => {
            let status = if r == Refusal::Internal {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::OK
            };
            (
                status,
                CasServiceResponse::failure(r.code(), r.description()),
            )
        }
    };
    let json = params
        .format
        .as_deref()
        .is_some_and(|f| f.eq_ignore_ascii_case("json"));
    if json {
        let body = serde_json::to_string(&response).unwrap_or_default();
        answer(status, "application/json", body)
    } else {
        answer(
            status,
            "application/xml; charset=utf-8",
            xml::render(&response),
        )
    }
}

/// CAS 2.0 `serviceValidate`.
#[utoipa::path(get, path = "/cas-idp/{appId}/serviceValidate", tag = "cas",
    params(
        ("appId" = String, Path, description = "The CAS application"),
        ("service" = String, Query, description = "The service the ticket was issued for"),
        ("ticket" = String, Query, description = "The service ticket (`ST-…`), good once"),
        ("format" = Option<String>, Query, description = "`XML` (default) or `JSON`"),
        ("renew" = Option<bool>, Query, description = "Accept only a ticket of a new sign-in"),
    ),
    responses((status = 200, description = "`cas:serviceResponse` (XML) or `{serviceResponse}` (JSON), success or failure", body = CasServiceResponse)))]
pub async fn cas_service_validate(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    service_validate(&state, &app_id, query.as_deref()).await
}

/// CAS 3.0 `p3/serviceValidate` (the same answer, attributes included).
#[utoipa::path(get, path = "/cas-idp/{appId}/p3/serviceValidate", tag = "cas",
    params(
        ("appId" = String, Path, description = "The CAS application"),
        ("service" = String, Query, description = "The service the ticket was issued for"),
        ("ticket" = String, Query, description = "The service ticket (`ST-…`), good once"),
        ("format" = Option<String>, Query, description = "`XML` (default) or `JSON`"),
        ("renew" = Option<bool>, Query, description = "Accept only a ticket of a new sign-in"),
    ),
    responses((status = 200, description = "As `serviceValidate`", body = CasServiceResponse)))]
pub async fn cas_p3_service_validate(
    State(state): State<AppState>,
    Path(app_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    service_validate(&state, &app_id, query.as_deref()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::user::{Identifiers, UserSource};

    #[test]
    fn user_name_falls_back() {
        let mut u = User::new(
            "u1".into(),
            "p".into(),
            Identifiers::default(),
            UserSource::AdminCreated,
            0,
        );
        assert_eq!(user_name(&u), "u1");
        u.ids.phone = Some("+1".into());
        assert_eq!(user_name(&u), "+1");
        u.ids.email = Some("a@b.c".into());
        assert_eq!(user_name(&u), "a@b.c");
        u.ids.username = Some("ada".into());
        assert_eq!(user_name(&u), "ada");
        assert_eq!(Refusal::OtherService.code(), "INVALID_SERVICE");
        assert_eq!(Refusal::NotFromNewLogin.code(), "INVALID_TICKET");
    }
}
