//! `loginConfig`: which sign-in methods the hosted login page offers, checked once when
//! written ([`LoginConfig::parse`]) and held typed, so the pages match on [`LoginMethod`]
//! rather than on strings.
//!
//! Stored as its wire record (`into`/`try_from` the proto type): documents written before
//! the types read back unchanged, and one that breaks the rules does not read at all.

use super::checks::{Checked, invalid, parse_each, parse_one};
use crate::ApiError;
use crate::wire::wire_enum;
use authgate_proto::apps as wire;

wire_enum! {
    /// A basic sign-in method (`enabledBasicLoginMethods`).
    pub enum LoginMethod {
        /// A code sent by SMS.
        PhoneCode => "PHONE_CODE",
        /// A code sent by email.
        EmailCode => "EMAIL_CODE",
        /// Phone number and password.
        PhonePassword => "PHONE_PASSWORD",
        /// Email address and password.
        EmailPassword => "EMAIL_PASSWORD",
        /// Username and password.
        UsernamePassword => "USERNAME_PASSWORD",
        /// A QR code scanned with the pool's own app.
        SelfBuiltAppQrcode => "SELF_BUILT_APP_QRCODE",
    }
}

wire_enum! {
    /// The kind of the method shown first (`defaultLoginMethod.connectionType`).
    pub enum ConnectionType {
        /// A code.
        Passcode => "PASSCODE",
        /// A password.
        Password => "PASSWORD",
        /// A QR code.
        Qrcode => "QRCODE",
        /// An LDAP connection.
        Ldap => "LDAP",
        /// An Active Directory connection.
        Ad => "AD",
    }
}

wire_enum! {
    /// Which app scans the QR code (`defaultLoginMethod.qrcodeType`).
    pub enum QrcodeType {
        /// The pool's own app.
        SelfBuiltApp => "SELF_BUILT_APP",
        /// A WeChat official account.
        WechatOfficialAccount => "WECHAT_OFFICIAL_ACCOUNT",
        /// A WeChat mini program.
        WechatMiniProgram => "WECHAT_MINI_PROGRAM",
    }
}

/// The hosted login page's settings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "wire::LoginConfig", into = "wire::LoginConfig")]
pub struct LoginConfig {
    /// One page for sign-in and registration.
    pub merge_login_and_register_page: bool,
    /// The enabled methods, as given (order and repeats kept for the wire).
    pub enabled_basic_login_methods: Vec<LoginMethod>,
    /// The kind of method shown first.
    pub default_connection_type: ConnectionType,
    /// Which app scans the QR code; `None` when given as `""`.
    pub default_qrcode_type: Option<QrcodeType>,
}

/// No identity-provider connections exist in authgate yet, so none can be named.
fn no_connection(name: &str, given: bool) -> Checked<()> {
    if given {
        return Err(invalid(
            name,
            "no identity-provider connection exists in this user pool",
        ));
    }
    Ok(())
}

impl LoginConfig {
    /// Checks a `loginConfig` as create and update take it.
    pub fn parse(input: &wire::LoginConfigInput) -> Checked<Self> {
        let c = &input.config;
        let enabled = parse_each(
            "loginConfig.enabledBasicLoginMethods",
            &c.enabled_basic_login_methods,
            LoginMethod::from_wire,
            LoginMethod::one_of_text,
        )?;
        let m = &c.default_login_method;
        let connection = parse_one(
            "loginConfig.defaultLoginMethod.connectionType",
            &m.connection_type,
            ConnectionType::from_wire,
            ConnectionType::one_of_text,
        )?;
        let qrcode = if m.qrcode_type.is_empty() {
            None
        } else {
            Some(parse_one(
                "loginConfig.defaultLoginMethod.qrcodeType",
                &m.qrcode_type,
                QrcodeType::from_wire,
                QrcodeType::one_of_text,
            )?)
        };
        for (name, id) in [
            (
                "loginConfig.defaultLoginMethod.qrcodeExtIdpConnId",
                &m.qrcode_ext_idp_conn_id,
            ),
            (
                "loginConfig.defaultLoginMethod.adExtIdpConnId",
                &m.ad_ext_idp_conn_id,
            ),
            (
                "loginConfig.defaultLoginMethod.ldapExtIdpConnId",
                &m.ldap_ext_idp_conn_id,
            ),
        ] {
            no_connection(name, !id.is_empty())?;
        }
        no_connection(
            "loginConfig.enabledExtIdpConnIds",
            !input.enabled_ext_idp_conn_ids.is_empty(),
        )?;
        no_connection(
            "loginConfig.enabledExtIdpConns",
            !c.enabled_ext_idp_conns.is_empty(),
        )?;
        Ok(Self {
            merge_login_and_register_page: c.merge_login_and_register_page,
            enabled_basic_login_methods: enabled,
            default_connection_type: connection,
            default_qrcode_type: qrcode,
        })
    }

    /// Whether `m` is enabled.
    pub fn enables(&self, m: LoginMethod) -> bool {
        self.enabled_basic_login_methods.contains(&m)
    }

    /// The wire record (`show_authorization_page` is the application's third-party flag).
    pub fn to_wire(&self, show_authorization_page: bool) -> wire::LoginConfig {
        wire::LoginConfig {
            merge_login_and_register_page: self.merge_login_and_register_page,
            enabled_basic_login_methods: self
                .enabled_basic_login_methods
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            default_login_method: wire::DefaultLoginMethod {
                connection_type: self.default_connection_type.as_str().into(),
                qrcode_type: self
                    .default_qrcode_type
                    .map_or_else(String::new, |q| q.as_str().into()),
                ..wire::DefaultLoginMethod::default()
            },
            enabled_ext_idp_conns: Vec::new(),
            show_authorization_page,
        }
    }
}

impl TryFrom<wire::LoginConfig> for LoginConfig {
    type Error = ApiError;

    fn try_from(config: wire::LoginConfig) -> Checked<Self> {
        Self::parse(&wire::LoginConfigInput {
            config,
            ..wire::LoginConfigInput::default()
        })
    }
}

impl From<LoginConfig> for wire::LoginConfig {
    fn from(c: LoginConfig) -> Self {
        c.to_wire(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_round_trips_the_wire_record() {
        let input: wire::LoginConfigInput = serde_json::from_value(json!({
            "enabledBasicLoginMethods": ["EMAIL_CODE", "SELF_BUILT_APP_QRCODE", "EMAIL_CODE"],
            "defaultLoginMethod": {"connectionType": "QRCODE", "qrcodeType": ""}
        }))
        .unwrap();
        let c = LoginConfig::parse(&input).unwrap();
        assert_eq!(
            c.enabled_basic_login_methods,
            [
                LoginMethod::EmailCode,
                LoginMethod::SelfBuiltAppQrcode,
                LoginMethod::EmailCode
            ]
        );
        assert!(c.enables(LoginMethod::EmailCode) && !c.enables(LoginMethod::PhoneCode));
        assert_eq!(c.default_qrcode_type, None);
        let stored = serde_json::to_value(&c).unwrap();
        assert_eq!(stored["defaultLoginMethod"]["qrcodeType"], "");
        let back: LoginConfig = serde_json::from_value(stored).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn a_stored_document_breaking_the_rules_does_not_read() {
        let bad = json!({"enabledBasicLoginMethods": ["FACE"]});
        assert!(serde_json::from_value::<LoginConfig>(bad).is_err());
        let conn = json!({"enabledExtIdpConns": [{"id": "c1"}]});
        assert!(serde_json::from_value::<LoginConfig>(conn).is_err());
    }
}
