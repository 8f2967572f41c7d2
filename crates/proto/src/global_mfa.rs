//! The pool's global MFA settings (`get-` / `update-` / `disable-global-mfa-settings`).

use serde::{Deserialize, Serialize};

/// The MFA factors GenAuth names: `OTP`, `SMS`, `EMAIL`, `FACE`.
pub const MFA_FACTORS: &[&str] = &["OTP", "SMS", "EMAIL", "FACE"];

/// The settings, and the body of `update-global-mfa-settings`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaSettings {
    /// The enabled factors.
    pub enabled_factors: Vec<String>,
}

/// `POST /api/v3/disable-global-mfa-settings` body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DisableMfaSettings {
    /// The factors to turn off.
    pub disable_factors: Vec<String>,
}
