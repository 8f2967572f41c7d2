//! `POST /api/v3/signup`: by password (username or email) or by email / phone code; the rules
//! are the service's ([`authgate_service::sign_up`]).

use super::app_context::AppContext;
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::{AppResult, Data, Json};
use crate::rate_limit;
use crate::state::AppState;
use crate::user_view::{ViewFlags, render};
use authgate_proto::auth::SignUpRequest;
use authgate_proto::users::UserDto;
use authgate_service::sign_up::register;
use axum::extract::State;
use serde_json::Value;

/// Register a user; answers the new User.
#[utoipa::path(post, path = "/api/v3/signup", tag = "authentication",
    request_body = SignUpRequest,
    responses((status = 200, description = "Envelope; data: User", body = UserDto)))]
pub async fn signup(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    headers: axum::http::HeaderMap,
    Json(req): Json<SignUpRequest>,
) -> AppResult<Data<Value>> {
    rate_limit::check_ip(&state, "signup", ip.0.as_deref()).await?;
    let client = sign_in_client(&ip, None, &headers);
    let user = register(&state, &ctx.pool, &ctx.app.id, &client, req).await?;
    Ok(Data(render(
        &user,
        ViewFlags {
            custom_data: true,
            ..ViewFlags::default()
        },
    )))
}
