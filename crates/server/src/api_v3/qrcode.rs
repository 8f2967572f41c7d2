//! Self-built-app QR-code login (spec §2.2, §3.1): the web side creates and polls (or streams)
//! a code, the organisation's app scans and confirms it with the user's token, the web side
//! exchanges the ticket for a TokenSet.

use super::app_context::{AppContext, app_id_header, pool_of};
use crate::client_auth::{self, BodyCredentials, Endpoint, basic_credentials};
use crate::client_ip::{ClientIp, sign_in_client};
use crate::http::{AppError, AppResult, Data, Empty, Json, Query};
use crate::qr::image;
use crate::qr::store::{self as qr_store, StoredQr};
use crate::qr::ticket::{self, TicketGrant};
use crate::rate_limit;
use crate::state::AppState;
use crate::tokens::{self, DEFAULT_SCOPE};
use crate::user_auth::CurrentUser;
use authgate_core::ApiError;
use authgate_core::application::Application;
use authgate_core::messages::Msg;
use authgate_core::qrcode::{Actor, QrError, QrStatus};
use authgate_core::scope::Scope;
use authgate_core::sign_in::SignInMethod;
use authgate_core::user::UserKey;
use authgate_proto::envelope::SuccessData;
use authgate_proto::qrcode::{
    BriefUserInfo, ChangeQrStatusRequest, ExchangeTicketRequest, GeneQrCodeData, GeneQrCodeRequest,
    QrCodeIdQuery, QrStatusData,
};
use authgate_proto::tokens::TokenSet;
use authgate_service::sign_in::Attempt;
use authgate_store::{PatchOutcome, UserPatch};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

/// Create a QR code (`type: MOBILE_APP`).
#[utoipa::path(post, path = "/api/v3/gene-qrcode", tag = "qrcode",
    request_body = GeneQrCodeRequest,
    responses((status = 200, description = "Envelope; data: {qrcodeId, url}", body = GeneQrCodeData)))]
pub async fn gene_qrcode(
    State(state): State<AppState>,
    ctx: AppContext,
    ip: ClientIp,
    Json(req): Json<GeneQrCodeRequest>,
) -> AppResult<Data<GeneQrCodeData>> {
    match req.kind.as_str() {
        "MOBILE_APP" => {}
        "WECHAT_MINIPROGRAM" | "WECHAT_OFFICIAL_ACCOUNT" => {
            return Err(ApiError::not_implemented(format!("QR codes of type {}", req.kind)).into());
        }
        other => {
            return Err(
                ApiError::invalid("type", format!("unknown QR code type '{other}'")).into(),
            );
        }
    }
    let custom_data = match req.custom_data {
        None | Some(serde_json::Value::Null) => None,
        Some(v @ serde_json::Value::Object(_)) => Some(v),
        Some(_) => return Err(ApiError::invalid("customData", "must be an object").into()),
    };
    rate_limit::check_ip(&state, "gene-qrcode", ip.0.as_deref()).await?;
    let code = qr_store::issue(&state, &ctx.pool, &ctx.app.id, custom_data).await?;
    let url = format!("{}/api/v3/qrcode-image/{}.png", state.public_base, code.id);
    let qrcode_id = code.id;
    Ok(Data(GeneQrCodeData { qrcode_id, url }))
}

/// The QR image: `{qrcodeId}.png` or `{qrcodeId}.svg`.
#[utoipa::path(get, path = "/api/v3/qrcode-image/{file}", tag = "qrcode",
    params(("file" = String, Path, description = "`{qrcodeId}.png` or `{qrcodeId}.svg`")),
    responses((status = 200, description = "PNG or SVG image"), (status = 404, description = "Envelope error")))]
pub async fn qrcode_image(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let (id, ext) = file
        .rsplit_once('.')
        .ok_or_else(|| ApiError::invalid("file", "must end in .png or .svg"))?;
    let (q, _) = qr_store::load(&state, id)
        .await
        .ok_or_else(|| ApiError::from(Msg::QrCodeNotFound))?;
    let content = image::content(&q.code);
    let render_err = |e: image::ImageError| {
        tracing::error!(error = %e, "QR image rendering failed");
        AppError(ApiError::internal())
    };
    let (mime, body) = match ext {
        "png" => ("image/png", image::png(&content, 6).map_err(render_err)?),
        "svg" => (
            "image/svg+xml",
            image::svg(&content).map_err(render_err)?.into_bytes(),
        ),
        _ => return Err(ApiError::invalid("file", "must end in .png or .svg").into()),
    };
    Ok((
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

async fn status_of(state: &AppState, q: QrCodeIdQuery) -> AppResult<Data<QrStatusData>> {
    if q.qrcode_id.trim().is_empty() {
        return Err(ApiError::missing("qrcodeId").into());
    }
    Ok(Data(qr_store::deliver(state, &q.qrcode_id).await))
}

/// Poll a QR code's status (Python SDK path). Unknown codes report `ERROR`.
#[utoipa::path(get, path = "/api/v3/check-qrcode-status", tag = "qrcode", params(QrCodeIdQuery),
    responses((status = 200, description = "Envelope; data: {status, briefUserInfo, ticket, tokenSet}", body = QrStatusData)))]
pub async fn check_qrcode_status(
    State(state): State<AppState>,
    Query(q): Query<QrCodeIdQuery>,
) -> AppResult<Data<QrStatusData>> {
    status_of(&state, q).await
}

/// Poll a QR code's status (Node SDK path). Unknown codes report `ERROR`.
#[utoipa::path(get, path = "/api/v3/get-qrcode-status", tag = "qrcode", params(QrCodeIdQuery),
    responses((status = 200, description = "Envelope; data: {status, briefUserInfo, ticket, tokenSet}", body = QrStatusData)))]
pub async fn get_qrcode_status(
    State(state): State<AppState>,
    Query(q): Query<QrCodeIdQuery>,
) -> AppResult<Data<QrStatusData>> {
    status_of(&state, q).await
}

fn refused(e: QrError) -> AppError {
    let reason = e.to_string();
    let msg = match e {
        QrError::WrongPool | QrError::OtherUser => Msg::QrActionForbidden { reason },
        QrError::Expired | QrError::ScanFirst => Msg::QrActionInvalid { reason },
        QrError::AlreadyScanned | QrError::Finished => Msg::QrActionConflict { reason },
    };
    ApiError::from(msg).into()
}

async fn app_of(state: &AppState, id: &str) -> Result<Application, AppError> {
    state
        .store
        .get_app(id)
        .await?
        .ok_or_else(|| ApiError::app_not_found().into())
}

/// Applies an app-side action with the state machine; retries when another node raced.
async fn change(
    state: &AppState,
    me: &CurrentUser,
    req: ChangeQrStatusRequest,
) -> Result<(), AppError> {
    if req.qrcode_id.trim().is_empty() {
        return Err(ApiError::missing("qrcodeId").into());
    }
    for _ in 0..3 {
        let (mut q, raw) = qr_store::load(state, &req.qrcode_id)
            .await
            .ok_or_else(|| ApiError::from(Msg::QrCodeNotFound))?;
        let now = state.clock.now_millis();
        let actor = Actor {
            user_id: &me.user.id,
            pool_id: &me.user.pool_id,
        };
        let status = q.code.apply(req.action, &actor, now).map_err(refused)?;
        match status {
            QrStatus::Scanned => {
                q.brief_user_info = Some(BriefUserInfo {
                    display_name: me.user.display_name().to_string(),
                    photo: me.user.profile.photo.clone().unwrap_or_default(),
                });
            }
            QrStatus::Authorized => authorize(state, me, &mut q, now).await?,
            _ => {}
        }
        if qr_store::replace(state, &raw, &q).await? {
            return Ok(());
        }
    }
    Err(refused(QrError::Finished))
}

/// CONFIRM: merge the code's custom data into the user, then mint the ticket (or the token set
/// when the pool returns full user info to the web poll).
async fn authorize(
    state: &AppState,
    me: &CurrentUser,
    q: &mut StoredQr,
    now: i64,
) -> Result<(), AppError> {
    // Re-read: the extractor's copy may predate a concurrent change.
    let mut user = state
        .store
        .get_user(&me.user.pool_id, &UserKey::Id(me.user.id.clone()))
        .await?
        .ok_or_else(ApiError::not_logged_in)?;
    if let Some(serde_json::Value::Object(extra)) = &q.code.custom_data {
        // Only the code's keys are written: nothing else of the user is saved back.
        let patch = UserPatch {
            custom_data: extra.clone(),
            ..UserPatch::default()
        };
        user = match state
            .store
            .patch_user(&user.pool_id, &user.id, &patch, None, now)
            .await?
        {
            PatchOutcome::Updated(stored) => *stored,
            PatchOutcome::NotFound | PatchOutcome::Stale => {
                return Err(ApiError::not_logged_in().into());
            }
        };
    }
    let app = app_of(state, &q.code.app_id).await?;
    let settings = pool_of(state, &app).await?.settings.qrcode_login_strategy;
    if settings.return_full_user_info {
        q.token_set =
            Some(tokens::issue(state, &user, &app, &Scope::parse(DEFAULT_SCOPE), None).await?);
    } else {
        let grant = TicketGrant {
            user_id: user.id.clone(),
            app_id: q.code.app_id.clone(),
            pool_id: q.code.pool_id.clone(),
            expires_at: now + settings.ticket_expires_in.max(1) * 1000,
            used: false,
        };
        q.ticket = Some(ticket::mint(state, &grant).await?);
    }
    Ok(())
}

/// App side: SCAN / CONFIRM / CANCEL (Python and Node; envelope without data).
#[utoipa::path(post, path = "/api/v3/change-qrcode-status", tag = "qrcode",
    request_body = ChangeQrStatusRequest,
    responses((status = 200, description = "Envelope without data")))]
pub async fn change_qrcode_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ChangeQrStatusRequest>,
) -> AppResult<Empty> {
    change(&state, &me, req).await?;
    Ok(Empty)
}

/// App side: SCAN / CONFIRM / CANCEL (Node; `{success}`).
#[utoipa::path(post, path = "/api/v3/set-qrcode-status", tag = "qrcode",
    request_body = ChangeQrStatusRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)))]
pub async fn set_qrcode_status(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(req): Json<ChangeQrStatusRequest>,
) -> AppResult<Data<SuccessData>> {
    change(&state, &me, req).await?;
    Ok(Data(SuccessData { success: true }))
}

/// The application exchanging a ticket: authenticated per its method, or — with no
/// credentials at all — allowed when the pool lets browsers exchange tickets.
async fn exchanging_app(
    state: &AppState,
    headers: &HeaderMap,
    req: &ExchangeTicketRequest,
) -> Result<Application, AppError> {
    let body = BodyCredentials {
        client_id: req.client_id.as_deref(),
        client_secret: req.client_secret.as_deref(),
    };
    let secretless = basic_credentials(headers).is_none()
        && req.client_secret.as_deref().is_none_or(str::is_empty);
    let hint = app_id_header(headers);
    if secretless {
        let id = req
            .client_id
            .as_deref()
            .filter(|s| !s.is_empty())
            .or(hint)
            .ok_or_else(ApiError::client_auth_failed)?;
        let app = app_of(state, id).await?;
        if pool_of(state, &app)
            .await?
            .settings
            .qrcode_login_strategy
            .allow_exchange_user_info_from_browser
        {
            return Ok(app);
        }
    }
    client_auth::authenticate(state, headers, body, hint, Endpoint::Token).await
}

/// Exchange the ticket of an AUTHORIZED code for a TokenSet (client authentication per the
/// application's method).
#[utoipa::path(post, path = "/api/v3/exchange-tokenset-with-qrcode-ticket", tag = "qrcode",
    request_body = ExchangeTicketRequest,
    responses((status = 200, description = "Envelope; data: TokenSet", body = TokenSet)))]
pub async fn exchange_tokenset_with_qrcode_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    ip: ClientIp,
    Json(req): Json<ExchangeTicketRequest>,
) -> AppResult<Data<TokenSet>> {
    if req.ticket.trim().is_empty() {
        return Err(ApiError::missing("ticket").into());
    }
    let app = exchanging_app(&state, &headers, &req).await?;
    let grant = ticket::redeem(&state, req.ticket.trim(), &app.id)
        .await
        .map_err(ApiError::from)?;
    let pool = pool_of(&state, &app).await?;
    let user = state
        .store
        .get_user(&grant.pool_id, &UserKey::Id(grant.user_id.clone()))
        .await?
        .filter(|u| u.status.may_sign_in())
        .ok_or_else(ApiError::user_not_found)?;
    let client = sign_in_client(&ip, None, &headers);
    let attempt = Attempt::new(app, pool, client, SignInMethod::Qrcode);
    let set = attempt
        .succeed(&state, user, &Scope::parse(DEFAULT_SCOPE), None)
        .await?;
    Ok(Data(set))
}

/// Server-Sent Events of the code's status: one `status` event now and at each change, closed
/// on a final state (AUTHORIZED, CANCELLED, EXPIRED, ERROR).
#[utoipa::path(get, path = "/api/v3/qrcode-status-stream", tag = "qrcode", params(QrCodeIdQuery),
    responses((status = 200, description = "text/event-stream of `status` events (data: QrStatusData)")))]
pub async fn qrcode_status_stream(
    State(state): State<AppState>,
    Query(q): Query<QrCodeIdQuery>,
) -> AppResult<Response> {
    super::status_stream::require_id(&q.qrcode_id, "qrcodeId")?;
    let topic = qr_store::topic(&q.qrcode_id);
    let reader = state.clone();
    let id = q.qrcode_id.clone();
    let sse = super::status_stream::follow(&state, &topic, move || {
        let (state, id) = (reader.clone(), id.clone());
        async move { qr_store::deliver(&state, &id).await }
    })
    .await?;
    Ok(sse.into_response())
}
