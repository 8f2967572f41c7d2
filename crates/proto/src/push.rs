//! Push login on the wire (spec §2.3, §3.2), and authgate's device stream (beyond GenAuth).

use crate::tokens::TokenSet;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Push-code status (`status` of polls and stream events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum PushStatus {
    /// Waiting for the user.
    Pushed,
    /// Confirmed by the user.
    Authorized,
    /// Refused by the user.
    Cancelled,
    /// Not answered in time.
    Expired,
    /// Unknown or forgotten code.
    Error,
}

/// An app-side answer to a push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum PushAction {
    /// Allow the sign-in.
    Confirm,
    /// Refuse it.
    Cancel,
}

/// `options` of `POST /api/v3/signin-by-push`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInByPushOptions {
    /// Scope of the tokens minted on confirmation (default `openid profile`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// Free-form context (kept, not interpreted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Merged into the user's custom data on confirmation (an object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_data: Option<Value>,
}

/// `POST /api/v3/signin-by-push`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInByPushRequest {
    /// Username, email or phone number of the user to push to.
    #[serde(default)]
    pub account: String,
    /// Options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<SignInByPushOptions>,
}

/// `signin-by-push` data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInByPushData {
    /// The code id the web side polls with (≥ 128 random bits).
    pub push_code_id: String,
    /// Validity in seconds.
    pub expire_time: i64,
}

/// `?pushCodeId=` of the status endpoints.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PushCodeIdQuery {
    /// The code id.
    #[serde(default)]
    pub push_code_id: String,
}

/// The poll answer (`check-pushcode-status`) and each event of the code's status stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushStatusData {
    /// Status.
    pub status: PushStatus,
    /// On AUTHORIZED, once: the first poll or stream event after the confirmation carries
    /// the token set, later ones do not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_set: Option<TokenSet>,
}

impl PushStatusData {
    /// A bare status.
    pub fn of(status: PushStatus) -> Self {
        Self {
            status,
            token_set: None,
        }
    }

    /// Whether no further change can come.
    pub fn is_final(&self) -> bool {
        self.status != PushStatus::Pushed
    }
}

/// `POST /api/v3/change-pushcode-status` and `/set-pushcode-status`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePushStatusRequest {
    /// The code id.
    #[serde(default)]
    pub push_code_id: String,
    /// The user's answer.
    pub action: PushAction,
}

/// `POST /api/v3/get-pushlogin-relation-apps`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushRelationAppsRequest {
    /// The authenticator app's id.
    #[serde(default)]
    pub app_id: String,
    /// The code id.
    #[serde(default)]
    pub push_code_id: String,
}

/// `get-pushlogin-relation-apps` data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushRelationAppsData {
    /// The application that asked for the sign-in.
    pub app_ids: Vec<String>,
}

/// A push addressed to the user (event `push` of `GET /api/v3/pushcode-stream`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushNotice {
    /// The code to answer with `set-pushcode-status`.
    pub push_code_id: String,
    /// The application asking for the sign-in.
    pub app_id: String,
    /// Its name.
    pub app_name: String,
    /// Validity in seconds, as answered to `signin-by-push`.
    pub expire_time: i64,
    /// End of validity (ms since the epoch).
    pub expires_at: i64,
    /// The IP address that asked for the sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The user agent that asked for the sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

/// The end of a push (event `resolved` of `GET /api/v3/pushcode-stream`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushResolution {
    /// The code.
    pub push_code_id: String,
    /// AUTHORIZED, CANCELLED or EXPIRED.
    pub status: PushStatus,
}

/// One event of the user's device stream; the SSE event name is the tag.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum DeviceEvent {
    /// A push waiting for the user (new, or still pending when the device connects).
    Push(PushNotice),
    /// A push was answered or expired.
    Resolved(PushResolution),
}

impl DeviceEvent {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            DeviceEvent::Push(_) => "push",
            DeviceEvent::Resolved(_) => "resolved",
        }
    }

    /// The SSE data: the variant's own JSON, without the tag.
    pub fn data(&self) -> Result<String, serde_json::Error> {
        match self {
            DeviceEvent::Push(n) => serde_json::to_string(n),
            DeviceEvent::Resolved(r) => serde_json::to_string(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_spelling() {
        let d = SignInByPushData {
            push_code_id: "c".into(),
            expire_time: 120,
        };
        assert_eq!(
            serde_json::to_value(&d).unwrap(),
            json!({"pushCodeId": "c", "expireTime": 120})
        );
        let s: PushStatusData = serde_json::from_value(json!({"status": "PUSHED"})).unwrap();
        assert_eq!(s, PushStatusData::of(PushStatus::Pushed));
        assert!(!s.is_final());
        let r: ChangePushStatusRequest =
            serde_json::from_value(json!({"pushCodeId": "c", "action": "CANCEL"})).unwrap();
        assert_eq!(r.action, PushAction::Cancel);
        let e = DeviceEvent::Resolved(PushResolution {
            push_code_id: "c".into(),
            status: PushStatus::Expired,
        });
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            json!({"event": "resolved", "pushCodeId": "c", "status": "EXPIRED"})
        );
        assert_eq!(serde_json::from_value::<DeviceEvent>(v).unwrap(), e);
        assert_eq!(e.name(), "resolved");
        assert_eq!(
            e.data().unwrap(),
            r#"{"pushCodeId":"c","status":"EXPIRED"}"#
        );
    }
}
