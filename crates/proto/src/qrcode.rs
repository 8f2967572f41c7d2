//! QR-code and push login on the wire (spec §2.2, §2.3, §3).

use crate::tokens::TokenSet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// QR status (`status` of polls and stream events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum QrStatus {
    /// Shown, not yet scanned.
    Pending,
    /// Scanned by the app, waiting for confirmation.
    Scanned,
    /// Confirmed: a ticket (or the token set) is ready.
    Authorized,
    /// Cancelled by the app user.
    Cancelled,
    /// Not finished within its validity.
    Expired,
    /// Unknown or forgotten code.
    Error,
}

/// An app-side action on a QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum QrAction {
    /// The app scanned the code.
    Scan,
    /// The user confirmed the login.
    Confirm,
    /// The user refused the login.
    Cancel,
}

/// `POST /api/v3/gene-qrcode`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GeneQrCodeRequest {
    /// `MOBILE_APP` (the WeChat types are not supported).
    #[serde(rename = "type")]
    pub kind: String,
    /// Merged into the user's custom data on confirmation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
    /// Free-form context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
}

/// `gene-qrcode` data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct GeneQrCodeData {
    /// The code id (the app reads it as `random` from the QR content).
    pub qrcode_id: String,
    /// URL of the PNG image (`…/api/v3/qrcode-image/{qrcodeId}.png`; `.svg` also served).
    pub url: String,
}

/// `{displayName, photo}` of the scanning user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct BriefUserInfo {
    /// Display name.
    pub display_name: String,
    /// Avatar URL.
    pub photo: String,
}

/// The poll answer (`check-qrcode-status` / `get-qrcode-status`) and each stream event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QrStatusData {
    /// Status.
    pub status: QrStatus,
    /// From SCANNED on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brief_user_info: Option<BriefUserInfo>,
    /// On AUTHORIZED (unless the pool returns the token set instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// On AUTHORIZED when the pool returns full user info to the web poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_set: Option<TokenSet>,
}

impl QrStatusData {
    /// A bare status.
    pub fn of(status: QrStatus) -> Self {
        Self {
            status,
            brief_user_info: None,
            ticket: None,
            token_set: None,
        }
    }

    /// Whether no further change can come.
    pub fn is_final(&self) -> bool {
        !matches!(self.status, QrStatus::Pending | QrStatus::Scanned)
    }
}

/// `?qrcodeId=` of the status endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct QrCodeIdQuery {
    /// The code id.
    pub qrcode_id: String,
}

/// `POST /api/v3/change-qrcode-status` and `/set-qrcode-status`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangeQrStatusRequest {
    /// The code id.
    pub qrcode_id: String,
    /// What the app user does.
    pub action: QrAction,
}

/// `POST /api/v3/exchange-tokenset-with-qrcode-ticket`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeTicketRequest {
    /// The ticket of an AUTHORIZED code.
    pub ticket: String,
    /// App id (client_secret_post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// App secret (client_secret_post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}
