//! Application management (spec §5.3.7): create, get, list, update, delete, and the client
//! secret (read and rotate). An application's client-authentication methods, grant and
//! response types and token lifetimes live in its `oidcConfig`.

mod view;

use super::auth::ManagementCtx;
use super::paging::page_window;
use crate::http::{AppError, AppResult, Data, Json, Query};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::application::{AppSettings, AppType, Application, changes, rules};
use authgate_core::ids;
use authgate_proto::apps::{
    AppIdRequest, ApplicationDto, ApplicationSecretData, CreateApplicationRequest,
    ListApplicationsQuery, UpdateApplicationRequest,
};
use authgate_proto::{Page, SuccessData};
use authgate_store::{AppQuery, StoreError};
use axum::Extension;
use axum::extract::State;

/// Attempts at finding a free identifier when it is derived from the name.
const IDENTIFIER_ATTEMPTS: usize = 4;

/// The application `id` of the caller's pool; another pool's is "not found" too.
async fn find_app(state: &AppState, pool_id: &str, id: &str) -> AppResult<Application> {
    let id = id.trim();
    if id.is_empty() {
        return Err(ApiError::missing("appId").into());
    }
    match state.store.get_app(id).await? {
        Some(app) if app.pool_id == pool_id => Ok(app),
        _ => Err(ApiError::app_not_found().into()),
    }
}

fn secret_failure(app_id: &str, e: &authgate_core::secret_box::SecretBoxError) -> AppError {
    tracing::error!(app = %app_id, error = %e, "application secret could not be sealed or opened");
    AppError(ApiError::internal())
}

/// A new client secret and its sealed form for application `app_id`.
fn new_secret(state: &AppState, app_id: &str) -> AppResult<(String, String)> {
    let secret = ids::new_client_secret()?;
    let sealed = state
        .master
        .seal_str(&Application::seal_context(app_id), &secret)
        .map_err(|e| secret_failure(app_id, &e))?;
    Ok((secret, sealed))
}

/// Stores a new application; a derived identifier that is taken gets a random suffix.
async fn insert_unique(state: &AppState, app: &mut Application, derived: bool) -> AppResult<()> {
    let base = app.identifier.clone();
    for _ in 0..IDENTIFIER_ATTEMPTS {
        match state.store.insert_app(app).await {
            Err(StoreError::Conflict {
                field: "appIdentifier",
            }) if derived => {
                let suffix = ids::new_alnum(6)?.to_ascii_lowercase();
                app.identifier = format!("{base}-{suffix}");
            }
            other => return other.map_err(AppError::from),
        }
    }
    Err(ApiError::app_identifier_taken().into())
}

/// Create an application with its own id and client secret.
#[utoipa::path(post, path = "/api/v3/create-application", tag = "applications",
    request_body = CreateApplicationRequest,
    responses((status = 200, description = "Envelope; data: Application", body = ApplicationDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn create_application(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<CreateApplicationRequest>,
) -> AppResult<Data<ApplicationDto>> {
    let mut f = req.fields;
    if f.app_name.is_none() {
        return Err(ApiError::missing("appName").into());
    }
    let derived = f
        .app_identifier
        .as_deref()
        .is_none_or(|s| s.trim().is_empty());
    if derived {
        f.app_identifier = None;
    }
    let id = ids::new_id()?;
    let (_, secret_sealed) = new_secret(&state, &id)?;
    let now = state.clock.now_millis();
    let mut app = Application {
        id,
        pool_id: m.pool_id,
        name: String::new(),
        identifier: String::new(),
        description: None,
        logo: None,
        app_type: AppType::Web,
        is_default: false,
        secret_sealed,
        settings: AppSettings::default(),
        created_at: now,
        updated_at: now,
    };
    changes::apply(&mut app, f)?;
    if derived {
        app.identifier = rules::identifier_from_name(&app.name);
    }
    insert_unique(&state, &mut app, derived).await?;
    Ok(Data(view::render(&app)))
}

/// Get one application.
#[utoipa::path(get, path = "/api/v3/get-application", tag = "applications",
    params(AppIdRequest),
    responses((status = 200, description = "Envelope; data: Application", body = ApplicationDto)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_application(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<AppIdRequest>,
) -> AppResult<Data<ApplicationDto>> {
    let app = find_app(&state, &m.pool_id, &q.app_id).await?;
    Ok(Data(view::render(&app)))
}

/// Page through the pool's applications, newest first (limit ≤ 50); `keywords` matches
/// the name, identifier or id.
#[utoipa::path(get, path = "/api/v3/list-applications", tag = "applications",
    params(ListApplicationsQuery),
    responses((status = 200, description = "Envelope; data: {totalCount, list: Application[]}")),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn list_applications(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<ListApplicationsQuery>,
) -> AppResult<Data<Page<ApplicationDto>>> {
    let (offset, limit) = page_window(q.page, q.limit)?;
    if q.sso_enabled == Some(true) {
        return Err(ApiError::not_implemented("list-applications ssoEnabled=true").into());
    }
    if q.is_integrate_app == Some(true) {
        // Every authgate application is self-built.
        return Ok(Data(Page {
            total_count: 0,
            list: Vec::new(),
        }));
    }
    let query = AppQuery {
        keyword: q.keywords,
        offset,
        limit,
    };
    let (total, apps) = state.store.list_apps(&m.pool_id, &query).await?;
    Ok(Data(Page {
        total_count: total,
        list: apps.iter().map(view::render).collect(),
    }))
}

/// Update an application: only the members given change.
#[utoipa::path(post, path = "/api/v3/update-application", tag = "applications",
    request_body = UpdateApplicationRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_application(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<UpdateApplicationRequest>,
) -> AppResult<Data<SuccessData>> {
    for (name, on) in [
        ("ssoShowLaunchpad", req.sso_show_launchpad),
        ("enablePermissionApply", req.enable_permission_apply),
    ] {
        if on == Some(true) {
            return Err(ApiError::not_implemented(name).into());
        }
    }
    let mut app = find_app(&state, &m.pool_id, &req.app_id).await?;
    changes::apply(&mut app, req.fields)?;
    app.updated_at = state.clock.now_millis();
    if !state.store.update_app(&app).await? {
        return Err(ApiError::app_not_found().into());
    }
    Ok(Data(SuccessData { success: true }))
}

/// Delete an application; the pool's default application cannot be deleted.
#[utoipa::path(post, path = "/api/v3/delete-application", tag = "applications",
    request_body = AppIdRequest,
    responses((status = 200, description = "Envelope; data: {success}", body = SuccessData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn delete_application(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<AppIdRequest>,
) -> AppResult<Data<SuccessData>> {
    let app = find_app(&state, &m.pool_id, &req.app_id).await?;
    if app.is_default {
        return Err(ApiError::default_app_undeletable().into());
    }
    if !state.store.delete_app(&m.pool_id, &app.id).await? {
        return Err(ApiError::app_not_found().into());
    }
    tracing::info!(app = %app.id, "application deleted");
    Ok(Data(SuccessData { success: true }))
}

/// Read an application's client secret.
#[utoipa::path(get, path = "/api/v3/get-application-secret", tag = "applications",
    params(AppIdRequest),
    responses((status = 200, description = "Envelope; data: {secret}", body = ApplicationSecretData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_application_secret(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Query(q): Query<AppIdRequest>,
) -> AppResult<Data<ApplicationSecretData>> {
    let app = find_app(&state, &m.pool_id, &q.app_id).await?;
    let secret = state
        .master
        .open_str(&Application::seal_context(&app.id), &app.secret_sealed)
        .map_err(|e| secret_failure(&app.id, &e))?;
    Ok(Data(ApplicationSecretData { secret }))
}

/// Replace an application's client secret; the old one stops working at once.
#[utoipa::path(post, path = "/api/v3/refresh-application-secret", tag = "applications",
    request_body = AppIdRequest,
    responses((status = 200, description = "Envelope; data: {secret}", body = ApplicationSecretData)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn refresh_application_secret(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<AppIdRequest>,
) -> AppResult<Data<ApplicationSecretData>> {
    let app = find_app(&state, &m.pool_id, &req.app_id).await?;
    let (secret, sealed) = new_secret(&state, &app.id)?;
    let now = state.clock.now_millis();
    if !state
        .store
        .set_app_secret(&m.pool_id, &app.id, &sealed, now)
        .await?
    {
        return Err(ApiError::app_not_found().into());
    }
    tracing::info!(app = %app.id, "application secret rotated");
    Ok(Data(ApplicationSecretData { secret }))
}
