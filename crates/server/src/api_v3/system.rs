//! `GET /api/v3/system`: public server facts, notably the RSA key for encrypted passwords.

use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;

/// `{publicKey}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicKey {
    /// PEM SubjectPublicKeyInfo.
    pub public_key: String,
}

/// Versions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Versions {
    /// Server version.
    pub server: String,
}

/// The answer (a bare object, as GenAuth's documentation shows it; spec §7 item 5).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SystemInfo {
    /// RSA-OAEP key for `passwordEncryptType: rsa`.
    pub rsa: PublicKey,
    /// Versions.
    pub version: Versions,
}

/// Server facts: the RSA public key for `passwordEncryptType: rsa` (RSA-OAEP, SHA-256 or SHA-1).
#[utoipa::path(get, path = "/api/v3/system", tag = "authentication",
    responses((status = 200, body = SystemInfo)))]
pub async fn system(State(state): State<AppState>) -> Json<SystemInfo> {
    Json(SystemInfo {
        rsa: PublicKey {
            public_key: state.keys.transport().public_pem().to_string(),
        },
        version: Versions {
            server: env!("CARGO_PKG_VERSION").to_string(),
        },
    })
}
