//! The OAuth 2.0 / OIDC vocabulary an application is registered with and a request names:
//! grant types, response types and response modes. Parsed where a request or a setting is
//! read; matched exhaustively after.

use crate::wire::wire_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

wire_enum! {
    /// A grant type (RFC 6749, RFC 8628). Applications may be registered with any of them;
    /// the token endpoint serves `authorization_code`, `refresh_token` and
    /// `client_credentials`.
    pub enum GrantType {
        /// RFC 6749 §4.1.
        AuthorizationCode => "authorization_code",
        /// RFC 6749 §4.2.
        Implicit => "implicit",
        /// RFC 6749 §6.
        RefreshToken => "refresh_token",
        /// RFC 6749 §4.4.
        ClientCredentials => "client_credentials",
        /// RFC 6749 §4.3.
        Password => "password",
        /// RFC 8628.
        DeviceCode => "urn:ietf:params:oauth:grant-type:device_code",
    }
}

impl GrantType {
    /// The grant types the token endpoint serves, in the discovery document's order.
    pub const SERVED: [GrantType; 3] = [
        GrantType::AuthorizationCode,
        GrantType::RefreshToken,
        GrantType::ClientCredentials,
    ];
}

wire_enum! {
    /// A part of a `response_type`.
    pub enum ResponseTypePart {
        /// An authorization code.
        Code => "code",
        /// An id token.
        IdToken => "id_token",
        /// An access token.
        Token => "token",
    }
}

/// A `response_type`: `none`, or distinct parts in the order given (OAuth 2.0 Multiple
/// Response Types allows any order, and the order given is the order answered).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResponseType(Vec<ResponseTypePart>);

impl ResponseType {
    /// `code`: the only response type the authorization endpoint serves.
    pub fn code() -> Self {
        Self(vec![ResponseTypePart::Code])
    }

    /// `none`, or space-separated distinct parts; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        if s == "none" {
            return Some(Self(Vec::new()));
        }
        let mut parts = Vec::new();
        for p in s.split(' ') {
            let part = ResponseTypePart::from_wire(p)?;
            if parts.contains(&part) {
                return None;
            }
            parts.push(part);
        }
        Some(Self(parts))
    }

    /// Whether this is exactly `code`.
    pub fn is_code(&self) -> bool {
        self.0 == [ResponseTypePart::Code]
    }
}

impl std::fmt::Display for ResponseType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let parts: Vec<&str> = self.0.iter().map(|p| p.as_str()).collect();
        f.write_str(&parts.join(" "))
    }
}

impl Serialize for ResponseType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ResponseType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a response_type")))
    }
}

wire_enum! {
    /// How the authorization endpoint's answer reaches the client (`response_mode`).
    pub enum ResponseMode {
        /// In the redirect URI's query.
        Query => "query",
        /// In the redirect URI's fragment.
        Fragment => "fragment",
        /// POSTed by an auto-submitting form (OAuth 2.0 Form Post Response Mode).
        FormPost => "form_post",
        /// Posted by `window.postMessage` to the opener or parent window.
        WebMessage => "web_message",
    }
}

/// Reads a stored list leniently: entries that no longer parse are dropped rather than
/// making the whole application unreadable.
pub(crate) fn known_only<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let raw = Vec::<serde_json::Value>::deserialize(d)?;
    Ok(raw
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_type_spellings() {
        for (g, s) in GrantType::ALL {
            assert_eq!(GrantType::from_wire(s), Some(*g));
            assert_eq!(serde_json::to_value(g).unwrap(), *s);
        }
        assert_eq!(GrantType::from_wire("magic"), None);
        assert!(serde_json::from_str::<GrantType>("\"magic\"").is_err());
    }

    #[test]
    fn response_types() {
        for ok in [
            "code",
            "none",
            "code id_token",
            "id_token code",
            "code id_token token",
        ] {
            let t = ResponseType::parse(ok).unwrap();
            assert_eq!(t.to_string(), ok, "spelling kept");
        }
        for bad in [
            "",
            "code code",
            "none code",
            "Code",
            "code  token",
            "device",
        ] {
            assert_eq!(ResponseType::parse(bad), None, "{bad:?}");
        }
        assert!(ResponseType::parse("code").unwrap().is_code());
        assert!(!ResponseType::parse("code id_token").unwrap().is_code());
        assert_eq!(ResponseType::code().to_string(), "code");
    }

    #[test]
    fn response_modes() {
        assert_eq!(
            ResponseMode::from_wire("form_post"),
            Some(ResponseMode::FormPost)
        );
        assert_eq!(ResponseMode::from_wire("FORM_POST"), None);
        assert_eq!(
            serde_json::to_value(ResponseMode::WebMessage).unwrap(),
            "web_message"
        );
    }

    #[test]
    fn unknown_stored_entries_are_dropped() {
        #[derive(Deserialize)]
        struct S {
            #[serde(deserialize_with = "known_only")]
            g: Vec<GrantType>,
        }
        let s: S =
            serde_json::from_str(r#"{"g": ["implicit", "magic", 3, "refresh_token"]}"#).unwrap();
        assert_eq!(s.g, [GrantType::Implicit, GrantType::RefreshToken]);
    }
}
