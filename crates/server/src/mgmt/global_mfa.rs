//! The pool's global MFA settings: which factors are on (`OTP`, `SMS`, `EMAIL`, `FACE`).
//! Stored in the pool settings and answered; sign-in enforcement comes with the MFA flows.

use super::audit_layer::AuditBefore;
use super::auth::ManagementCtx;
use super::security::settings_of;
use crate::http::{AppError, AppResult, Data, Json};
use crate::state::AppState;
use authgate_core::ApiError;
use authgate_core::user_pool::GlobalMfa;
use authgate_proto::global_mfa::{DisableMfaSettings, MFA_FACTORS, MfaSettings};
use axum::Extension;
use axum::extract::State;
use serde_json::json;

/// Checks factor names (case-insensitive) and answers them upper-case, without duplicates.
fn factors(name: &str, given: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for f in given {
        let upper = f.trim().to_ascii_uppercase();
        if !MFA_FACTORS.contains(&upper.as_str()) {
            return Err(
                ApiError::invalid(name, format!("'{f}' is not one of {MFA_FACTORS:?}")).into(),
            );
        }
        if !out.contains(&upper) {
            out.push(upper);
        }
    }
    Ok(out)
}

fn wire(m: &GlobalMfa) -> MfaSettings {
    MfaSettings {
        enabled_factors: m.enabled_factors.clone(),
    }
}

/// Stores `next` as the pool's global MFA settings; answers them with the previous ones.
async fn store(
    state: &AppState,
    pool_id: &str,
    change: impl FnOnce(&GlobalMfa) -> GlobalMfa,
) -> AppResult<(Extension<AuditBefore>, Data<MfaSettings>)> {
    let mut settings = settings_of(state, pool_id).await?;
    let before = AuditBefore(json!(wire(&settings.global_mfa)));
    settings.global_mfa = change(&settings.global_mfa);
    state
        .store
        .update_pool_settings(pool_id, &settings, state.clock.now_millis())
        .await?;
    Ok((Extension(before), Data(wire(&settings.global_mfa))))
}

/// The enabled MFA factors.
#[utoipa::path(get, path = "/api/v3/get-global-mfa-settings", tag = "security",
    responses((status = 200, description = "Envelope; data: {enabledFactors}", body = MfaSettings)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn get_global_mfa_settings(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
) -> AppResult<Data<MfaSettings>> {
    Ok(Data(wire(
        &settings_of(&state, &m.pool_id).await?.global_mfa,
    )))
}

/// Set the enabled MFA factors (the list replaces the current one).
#[utoipa::path(post, path = "/api/v3/update-global-mfa-settings", tag = "security",
    request_body = MfaSettings,
    responses((status = 200, description = "Envelope; data: {enabledFactors}", body = MfaSettings)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn update_global_mfa_settings(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<MfaSettings>,
) -> AppResult<(Extension<AuditBefore>, Data<MfaSettings>)> {
    let enabled = factors("enabledFactors", &req.enabled_factors)?;
    store(&state, &m.pool_id, |_| GlobalMfa {
        enabled_factors: enabled,
    })
    .await
}

/// Turn MFA factors off; the others stay as they are.
#[utoipa::path(post, path = "/api/v3/disable-global-mfa-settings", tag = "security",
    request_body = DisableMfaSettings,
    responses((status = 200, description = "Envelope; data: {enabledFactors}", body = MfaSettings)),
    security(("management_token" = []), ("hmac_signature" = [])))]
pub async fn disable_global_mfa_settings(
    State(state): State<AppState>,
    Extension(m): Extension<ManagementCtx>,
    Json(req): Json<DisableMfaSettings>,
) -> AppResult<(Extension<AuditBefore>, Data<MfaSettings>)> {
    let off = factors("disableFactors", &req.disable_factors)?;
    store(&state, &m.pool_id, |current| GlobalMfa {
        enabled_factors: current
            .enabled_factors
            .iter()
            .filter(|f| !off.contains(f))
            .cloned()
            .collect(),
    })
    .await
}
