//! Push login (spec §2.3, §3.2): the web side asks for a sign-in by account and polls (or
//! streams) the code; the user's signed-in device hears the push on
//! `GET /api/v3/pushcode-stream` and confirms or cancels it with the user's token.
//!
//! - **Push target**: a user can be pushed to when they have an active session in an
//!   application of their pool (see [`crate::push`]); otherwise `signin-by-push` answers
//!   sign-in's ambiguous 403 / 2333 (the same as an unknown account), or 400 / 40023 in pools
//!   that reveal account existence.
//! - **Tokens**: minted at CONFIRM for the code's application and scope (default
//!   `openid profile`) and handed out **once** (spec §7 item 9): the first
//!   `check-pushcode-status` poll or `pushcode-status-stream` event after the confirmation
//!   carries `tokenSet`, atomically (compare-and-set on the stored code); later ones answer
//!   `AUTHORIZED` without it.

use super::app_context::{AppContext, pool_of};
use super::status_stream::{self, StreamedStatus};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::{AppError, AppResult, Data, Empty, Json, Query};
use crate::push::store::{self as push_store, StoredPush};
use crate::push::{self, devices};
use crate::rate_limit;
use crate::state::AppState;
use crate::tokens::DEFAULT_SCOPE;
use crate::user_auth::CurrentUser;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::push::{PushCode, PushError, PushStatus};
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::User;
use authgate_proto::envelope::SuccessData;
use authgate_proto::push::{
    ChangePushStatusRequest, PushCodeIdQuery, PushRelationAppsData, PushRelationAppsRequest,
    PushStatusData, SignInByPushData, SignInByPushRequest,
};
use authgate_proto::tokens::TokenSet;
use authgate_service::account::required;
use authgate_service::sign_in::{Attempt, Client, find_by_account, unknown_account};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

impl StreamedStatus for PushStatusData {
    fn is_final(&self) -> bool {
        PushStatusData::is_final(self)
    }
}

fn not_found() -> AppError {
    ApiError::from(Msg::PushCodeNotFound).into()
}

fn refused(e: PushError) -> AppError {
    let msg = match e {
        PushError::Expired => Msg::PushCodeExpired,
        PushError::OtherUser => Msg::PushCodeOtherUser,
        PushError::Finished => Msg::PushCodeFinished,
    };
    ApiError::from(msg).into()
}

/// The user `account` names, if they may be pushed to; failures go to the login history.
/// Unknown and disabled accounts get sign-in's ambiguous answer.
async fn target(state: &AppState, attempt: &Attempt, account: &str) -> Result<User, AppError> {
    let user = find_by_account(state, &attempt.pool, account)
        .await?
        .filter(|u| u.status.may_sign_in());
    let Some(user) = user else {
        let e = unknown_account(attempt.pool.settings.reveal_account_existence);
        return Err(attempt.fail(state, None, e).await.into());
    };
    if !push::reachable(state, &user).await? {
        // Telling "no device" from "no account" would reveal which accounts exist: only pools
        // that reveal account existence get the precise answer.
        let reveal = attempt.pool.settings.reveal_account_existence;
        let e = if reveal {
            ApiError::from(Msg::PushTargetMissing)
        } else {
            unknown_account(false)
        };
        return Err(attempt.fail(state, Some(&user.id), e).await.into());
    }
    Ok(user)
}

/// Start a push login: the user's signed-in devices are told at once.
#[utoipa::path(post, path = "/api/v3/signin-by-push", tag = "push",
    request_body = SignInByPushRequest,
    responses((status = 200, description = "Envelope; data: {pushCodeId, expireTime}", body = SignInByPushData)))]
pub async fn signin_by_push(
    State(state): State<AppState>,
    ctx: AppContext,
    headers: HeaderMap,
    ip: ClientIp,
    Json(req): Json<SignInByPushRequest>,
) -> AppResult<Data<SignInByPushData>> {
    rate_limit::check_ip(&state, "signin-by-push", ip.0.as_deref()).await?;
    let account = required("account", &req.account)?;
    let opts = req.options.unwrap_or_default();
    let custom_data = match opts.custom_data {
        None | Some(serde_json::Value::Null) => None,
        Some(v @ serde_json::Value::Object(_)) => Some(v),
        Some(_) => return Err(ApiError::invalid("options.customData", "must be an object").into()),
    };
    let scope = opts
        .scope
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT_SCOPE);
    let client = sign_in_client(&ip, None, &headers);
    let mut attempt = Attempt::new(ctx.app, ctx.pool, client, SignInMethod::Push);
    attempt.account = Some(account.to_string());
    let user = target(&state, &attempt, account).await?;
    let now = state.clock.now_millis();
    let p = StoredPush {
        code: PushCode {
            id: authgate_core::ids::new_secret_hex(16)?,
            pool_id: attempt.pool.id.clone(),
            app_id: attempt.app.id.clone(),
            user_id: user.id,
            scope: Scope::parse(scope).to_string(),
            created_at: now,
            expires_at: now + push::EXPIRES_IN_SECS * 1000,
            answer: PushStatus::Pushed,
        },
        account: account.to_string(),
        app_name: attempt.app.name.clone(),
        ip: attempt.client.ip.clone(),
        user_agent: attempt.client.user_agent.clone(),
        custom_data,
        context: opts.context,
        token_set: None,
    };
    push_store::create(&state, &p).await?;
    devices::announce(&state, &p).await?;
    Ok(Data(SignInByPushData {
        push_code_id: p.code.id,
        expire_time: push::EXPIRES_IN_SECS,
    }))
}

/// Poll a push code's status. After CONFIRM the **first** poll (or stream event) carries
/// `tokenSet` and consumes it; later polls answer `AUTHORIZED` alone. Unknown codes report
/// `ERROR`.
#[utoipa::path(get, path = "/api/v3/check-pushcode-status", tag = "push", params(PushCodeIdQuery),
    responses((status = 200, description = "Envelope; data: {status, tokenSet (once)}", body = PushStatusData)))]
pub async fn check_pushcode_status(
    State(state): State<AppState>,
    Query(q): Query<PushCodeIdQuery>,
) -> AppResult<Data<PushStatusData>> {
    let id = required("pushCodeId", &q.push_code_id)?;
    Ok(Data(push_store::poll(&state, id).await?))
}

/// Mints the token set of a confirmed code: a sign-in of the user in the code's application,
/// from the web side's IP and user agent, with the code's scope and custom data.
async fn mint(state: &AppState, user: &User, p: &StoredPush) -> Result<TokenSet, AppError> {
    let app = state
        .store
        .get_app(&p.code.app_id)
        .await?
        .ok_or_else(ApiError::app_not_found)?;
    let pool = pool_of(state, &app).await?;
    let client = Client {
        ip: p.ip.clone(),
        user_agent: p.user_agent.clone(),
        request_id: crate::http::context::current().request_id,
    };
    let mut attempt = Attempt::new(app, pool, client, SignInMethod::Push);
    attempt.account = Some(p.account.clone());
    let scope = Scope::parse(&p.code.scope);
    Ok(attempt
        .succeed(state, user.clone(), &scope, p.custom_data.clone())
        .await?)
}

/// Applies the answer while holding the code's claim.
async fn answer_claimed(
    state: &AppState,
    me: &CurrentUser,
    req: &ChangePushStatusRequest,
    id: &str,
) -> Result<(), AppError> {
    let (mut p, raw) = push_store::load(state, id).await.ok_or_else(not_found)?;
    let now = state.clock.now_millis();
    let status = p
        .code
        .apply(req.action, &me.user.id, now)
        .map_err(refused)?;
    if status == PushStatus::Authorized {
        p.token_set = Some(mint(state, &me.user, &p).await?);
    }
    if !push_store::replace(state, &raw, &p).await? {
        return Err(refused(PushError::Finished));
    }
    Ok(devices::resolved(state, &p, status).await?)
}

/// CONFIRM / CANCEL by the target user while the code is PUSHED and unexpired. The state is
/// checked first (so only the target user may claim), then again under the claim.
async fn answer(
    state: &AppState,
    me: &CurrentUser,
    req: &ChangePushStatusRequest,
) -> Result<(), AppError> {
    let id = required("pushCodeId", &req.push_code_id)?;
    let (p, _) = push_store::load(state, id).await.ok_or_else(not_found)?;
    p.code
        .clone()
        .apply(req.action, &me.user.id, state.clock.now_millis())
        .map_err(refused)?;
    let claim = push_store::claim(state, id)
        .await?
        .ok_or_else(|| refused(PushError::Finished))?;
    let result = answer_claimed(state, me, req, id).await;
    push_store::release(state, claim).await;
    result
}

/// App side: CONFIRM / CANCEL (Python and Node; envelope without data).
#[utoipa::path(post, path = "/api/v3/change-pushcode-status", tag = "push",
    request_body = ChangePushStatusRequest,
    responses((status = 200, description = "Envelope without data")))]
pub async fn change_pushcode_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ChangePushStatusRequest>,
) -> AppResult<Empty> {
    answer(&state, &me, &req).await?;
    Ok(Empty)
}

/// App side: CONFIRM / CANCEL (Node; `{success}`).
#[utoipa::path(post, path = "/api/v3/set-pushcode-status", tag = "push",
    request_body = ChangePushStatusRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn set_pushcode_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ChangePushStatusRequest>,
) -> AppResult<Data<SuccessData>> {
    answer(&state, &me, &req).await?;
    Ok(Data(SuccessData { success: true }))
}

/// App side: which application asked (only for the user the code was pushed to).
#[utoipa::path(post, path = "/api/v3/get-pushlogin-relation-apps", tag = "push",
    request_body = PushRelationAppsRequest,
    responses((status = 200, description = "Envelope; data: {appIds}", body = PushRelationAppsData)))]
pub async fn get_pushlogin_relation_apps(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<PushRelationAppsRequest>,
) -> AppResult<Data<PushRelationAppsData>> {
    required("appId", &req.app_id)?;
    let id = required("pushCodeId", &req.push_code_id)?;
    let (p, _) = push_store::load(&state, id).await.ok_or_else(not_found)?;
    if p.code.user_id != me.user.id {
        return Err(refused(PushError::OtherUser));
    }
    Ok(Data(PushRelationAppsData {
        app_ids: vec![p.code.app_id],
    }))
}

/// Server-Sent Events of one code's status for the web side: a `status` event now and at
/// each change, closed on a final state. The event that reports AUTHORIZED first carries the
/// token set and consumes it, exactly like a poll.
#[utoipa::path(get, path = "/api/v3/pushcode-status-stream", tag = "push", params(PushCodeIdQuery),
    responses((status = 200, description = "text/event-stream of `status` events (data: PushStatusData)")))]
pub async fn pushcode_status_stream(
    State(state): State<AppState>,
    Query(q): Query<PushCodeIdQuery>,
) -> AppResult<Response> {
    let id = required("pushCodeId", &q.push_code_id)?.to_string();
    let reader = state.clone();
    let watched = id.clone();
    let sse = status_stream::follow(&state, &push_store::topic(&watched), move || {
        let (state, id) = (reader.clone(), id.clone());
        async move {
            push_store::poll(&state, &id).await.unwrap_or_else(|e| {
                tracing::error!(error = ?e, "push code status not readable");
                PushStatusData::of(PushStatus::Error)
            })
        }
    })
    .await?;
    Ok(sse.into_response())
}

/// Server-Sent Events for the signed-in user's devices: `push` for each push addressed to
/// them — those waiting when the device connects, then each new one — (`{pushCodeId, appId,
/// appName, expireTime, expiresAt, ip, userAgent}`), and `resolved` when one is answered or
/// expires (`{pushCodeId, status}`). A connection lasts at most a minute (never past the
/// token's expiry); devices reconnect and are shown the pushes still waiting again.
#[utoipa::path(get, path = "/api/v3/pushcode-stream", tag = "push",
    responses((status = 200, description = "text/event-stream of `push` (PushNotice) and `resolved` (PushResolution) events")))]
pub async fn pushcode_stream(State(state): State<AppState>, me: CurrentUser) -> Response {
    let who = devices::Follower {
        pool_id: me.user.pool_id.clone(),
        user_id: me.user.id.clone(),
        token_expires_at: me.claims.exp.saturating_mul(1000),
    };
    let deliveries = devices::follow(&state, who)
        .await
        .map(|d| Ok::<_, std::convert::Infallible>(device_event(&d)));
    Sse::new(state.shutdown.close_on_signal(deliveries))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// The reconnection delay suggested to devices (SSE `retry`).
const DEVICE_RECONNECT_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// The SSE event of one delivery; the first of a connection also suggests the reconnection delay.
fn device_event(d: &devices::Delivery) -> Event {
    let e = Event::default()
        .event(d.event.name())
        .data(d.event.data().unwrap_or_default());
    if d.first {
        e.retry(DEVICE_RECONNECT_AFTER)
    } else {
        e
    }
}
