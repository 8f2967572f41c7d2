//! `registerConfig`: which sign-up methods the hosted sign-up page offers, checked once when
//! written and held typed (stored as its wire record, like [`super::login_config`]).

use super::checks::{Checked, parse_each, parse_one};
use crate::ApiError;
use crate::wire::wire_enum;
use authgate_proto::apps as wire;

wire_enum! {
    /// A basic sign-up method (`enabledBasicRegisterMethods`).
    pub enum RegisterMethod {
        /// A phone number proved with an SMS code.
        PhoneCode => "PHONE_CODE",
        /// An email address proved with a code.
        EmailCode => "EMAIL_CODE",
        /// An email address and a password.
        EmailPassword => "EMAIL_PASSWORD",
    }
}

wire_enum! {
    /// The kind of sign-up method shown first (`defaultRegisterMethod`).
    pub enum RegisterDefault {
        /// A method proving an address with a code.
        Passcode => "PASSCODE",
        /// A password method.
        Password => "PASSWORD",
    }
}

/// The hosted sign-up page's settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "wire::RegisterConfig", into = "wire::RegisterConfig")]
pub struct RegisterConfig {
    /// The enabled methods, as given.
    pub enabled_basic_register_methods: Vec<RegisterMethod>,
    /// The kind of method shown first.
    pub default_register_method: RegisterDefault,
}

impl RegisterConfig {
    /// Checks a `registerConfig` as create and update take it.
    pub fn parse(c: &wire::RegisterConfig) -> Checked<Self> {
        Ok(Self {
            enabled_basic_register_methods: parse_each(
                "registerConfig.enabledBasicRegisterMethods",
                &c.enabled_basic_register_methods,
                RegisterMethod::from_wire,
                RegisterMethod::one_of_text,
            )?,
            default_register_method: parse_one(
                "registerConfig.defaultRegisterMethod",
                &c.default_register_method,
                RegisterDefault::from_wire,
                RegisterDefault::one_of_text,
            )?,
        })
    }

    /// Whether `m` is enabled.
    pub fn enables(&self, m: RegisterMethod) -> bool {
        self.enabled_basic_register_methods.contains(&m)
    }

    /// The wire record.
    pub fn to_wire(&self) -> wire::RegisterConfig {
        wire::RegisterConfig {
            enabled_basic_register_methods: self
                .enabled_basic_register_methods
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            default_register_method: self.default_register_method.as_str().into(),
        }
    }
}

impl Default for RegisterConfig {
    /// The wire defaults: every method, passwords first.
    fn default() -> Self {
        Self {
            enabled_basic_register_methods: vec![
                RegisterMethod::EmailPassword,
                RegisterMethod::EmailCode,
                RegisterMethod::PhoneCode,
            ],
            default_register_method: RegisterDefault::Password,
        }
    }
}

impl TryFrom<wire::RegisterConfig> for RegisterConfig {
    type Error = ApiError;

    fn try_from(c: wire::RegisterConfig) -> Checked<Self> {
        Self::parse(&c)
    }
}

impl From<RegisterConfig> for wire::RegisterConfig {
    fn from(c: RegisterConfig) -> Self {
        c.to_wire()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_agree_with_the_wire_defaults() {
        assert_eq!(
            RegisterConfig::default().to_wire(),
            wire::RegisterConfig::default()
        );
        assert_eq!(
            RegisterConfig::parse(&wire::RegisterConfig::default()).unwrap(),
            RegisterConfig::default()
        );
    }

    #[test]
    fn bad_methods_are_named() {
        let c: wire::RegisterConfig =
            serde_json::from_value(json!({"enabledBasicRegisterMethods": ["EMAIL_CODE", "FACE"]}))
                .unwrap();
        let e = RegisterConfig::parse(&c).unwrap_err();
        assert!(
            matches!(&e.msg, crate::messages::Msg::InvalidParameter { name, .. }
                if name == "registerConfig.enabledBasicRegisterMethods[1]"),
            "{e:?}"
        );
        assert!(
            serde_json::from_value::<RegisterConfig>(json!({"defaultRegisterMethod": "X"}))
                .is_err()
        );
    }
}
