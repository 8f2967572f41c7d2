//! CAS ticket validation answers (spec §4.8, §7 item 12): the JSON form of CAS 2.0 / 3.0
//! `serviceValidate`, `{serviceResponse: {authenticationSuccess | authenticationFailure}}`.
//!
//! The server answers failures inside the standard `serviceResponse` wrapper; GenAuth's SDK
//! types describe them without it, so [`CasServiceResponse`] reads both shapes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A `serviceValidate` answer in its JSON form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasServiceResponse {
    /// The wrapped outcome.
    #[serde(rename = "serviceResponse")]
    pub service_response: CasOutcome,
}

/// The outcome of a validation: exactly one member is present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CasOutcome {
    /// The ticket was valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_success: Option<CasSuccess>,
    /// The ticket was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_failure: Option<CasFailure>,
}

impl CasServiceResponse {
    /// A success for `user` with `attributes`.
    pub fn success(user: String, attributes: CasAttributes) -> Self {
        CasServiceResponse {
            service_response: CasOutcome {
                authentication_success: Some(CasSuccess { user, attributes }),
                authentication_failure: None,
            },
        }
    }

    /// A failure with a CAS error `code` (`INVALID_TICKET`, …) and a description.
    pub fn failure(code: &str, description: &str) -> Self {
        CasServiceResponse {
            service_response: CasOutcome {
                authentication_success: None,
                authentication_failure: Some(CasFailure {
                    code: code.to_owned(),
                    description: description.to_owned(),
                }),
            },
        }
    }

    /// Reads either the standard wrapped answer or GenAuth's unwrapped failure
    /// `{authenticationFailure: {code, description}}`; `None` for anything else.
    pub fn from_value(value: Value) -> Option<Self> {
        let outcome = match value {
            Value::Object(mut map) => match map.remove("serviceResponse") {
                Some(inner) => serde_json::from_value::<CasOutcome>(inner).ok()?,
                None => serde_json::from_value::<CasOutcome>(Value::Object(map)).ok()?,
            },
            _ => return None,
        };
        let exactly_one =
            outcome.authentication_success.is_some() != outcome.authentication_failure.is_some();
        exactly_one.then_some(CasServiceResponse {
            service_response: outcome,
        })
    }
}

/// `authenticationSuccess`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasSuccess {
    /// The user's login name.
    pub user: String,
    /// The user's attributes.
    #[serde(default)]
    pub attributes: CasAttributes,
}

/// `authenticationFailure`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasFailure {
    /// `INVALID_REQUEST`, `INVALID_TICKET`, `INVALID_SERVICE`, …
    pub code: String,
    /// What went wrong.
    #[serde(default)]
    pub description: String,
}

/// The user attributes released with a ticket (the OIDC standard claims; absent when the
/// user has no value).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasAttributes {
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Preferred username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Profile page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Web site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email address is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// `M`, `F` or `U`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birthdate: Option<String>,
    /// Time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zoneinfo: Option<String>,
    /// Locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Whether the phone number is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<CasAddress>,
    /// Last update of the profile (ISO-8601, as the ID-token claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Id of the user in an external system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// WeChat union id (GenAuth; authgate has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
    /// Any other attribute.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `address` attribute.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasAddress {
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Region or province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The whole address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatted: Option<String>,
    /// Other members (`street_address`, `locality`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_failure_shapes_and_success_read() {
        let wrapped = json!({"serviceResponse": {"authenticationFailure":
            {"code": "INVALID_TICKET", "description": "used"}}});
        let r = CasServiceResponse::from_value(wrapped.clone()).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), wrapped);
        let bare = json!({"authenticationFailure": {"code": "INVALID_SERVICE", "description": ""}});
        let r = CasServiceResponse::from_value(bare).unwrap();
        assert_eq!(
            r.service_response.authentication_failure.unwrap().code,
            "INVALID_SERVICE"
        );
        let ok = json!({"serviceResponse": {"authenticationSuccess": {"user": "ada",
            "attributes": {"sub": "u1", "email_verified": true, "address": {"country": "FR",
            "locality": "Paris"}, "custom": 1}}}});
        let r = CasServiceResponse::from_value(ok.clone()).unwrap();
        let s = r.service_response.authentication_success.clone().unwrap();
        assert_eq!(s.user, "ada");
        assert_eq!(s.attributes.email_verified, Some(true));
        let address = s.attributes.address.clone().unwrap();
        assert_eq!(address.country.as_deref(), Some("FR"));
        assert_eq!(address.extra["locality"], "Paris");
        assert_eq!(s.attributes.extra["custom"], 1);
        assert_eq!(serde_json::to_value(&r).unwrap(), ok);
        for bad in [
            json!([]),
            json!({}),
            json!({"serviceResponse": {}}),
            json!({"serviceResponse": {"authenticationSuccess": {"user": "a"},
                "authenticationFailure": {"code": "X"}}}),
        ] {
            assert_eq!(CasServiceResponse::from_value(bad.clone()), None, "{bad}");
        }
    }
}
