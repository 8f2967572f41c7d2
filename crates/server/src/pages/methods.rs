//! Which sign-in and sign-up methods the hosted pages offer for an application: its typed
//! `loginConfig` / `registerConfig` (spec §5.3.7, checked when written) narrowed to what the
//! server can deliver, so handlers never look at JSON.
//!
//! Without a `loginConfig` the login page offers password (email, phone, username), email code
//! and QR code.

use authgate_core::application::login_config::{ConnectionType, LoginMethod};
use authgate_core::application::register_config::{RegisterDefault, RegisterMethod};
use authgate_core::application::{Application, LoginConfig, RegisterConfig};

/// Which code deliveries the server is configured for: a method sending a code is offered
/// only when its code can be delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivery {
    /// An SMTP sender is configured.
    pub email: bool,
    /// An SMS provider is configured.
    pub sms: bool,
}

impl Delivery {
    /// The deliveries `notify` can make.
    pub fn of(notify: &crate::notify::Notifier) -> Self {
        Self {
            email: notify.mailer.is_some(),
            sms: notify.sms.is_some(),
        }
    }

    /// Whether any code can be delivered (the forgot-password page needs one).
    pub fn any(self) -> bool {
        self.email || self.sms
    }
}

/// A tab of the login page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Account and password.
    Password,
    /// A code sent by email or SMS.
    Code,
    /// A QR code scanned with the app.
    Qrcode,
}

impl Tab {
    /// The `tab` query value.
    pub fn wire(self) -> &'static str {
        match self {
            Tab::Password => "password",
            Tab::Code => "code",
            Tab::Qrcode => "qrcode",
        }
    }

    /// The tab a `tab` query value names.
    pub fn parse(s: &str) -> Option<Self> {
        [Tab::Password, Tab::Code, Tab::Qrcode]
            .into_iter()
            .find(|t| t.wire() == s)
    }
}

/// What an account typed into the password form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    /// Has an `@`.
    Email,
    /// Digits, optionally after `+`.
    Phone,
    /// Anything else.
    Username,
}

impl AccountKind {
    /// The kind of `account` (trimmed).
    pub fn of(account: &str) -> Self {
        let a = account.trim();
        let digits = a.strip_prefix('+').unwrap_or(a);
        if a.contains('@') {
            AccountKind::Email
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            AccountKind::Phone
        } else {
            AccountKind::Username
        }
    }
}

/// The sign-in methods of an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginMethods {
    /// `EMAIL_PASSWORD`.
    pub email_password: bool,
    /// `PHONE_PASSWORD`.
    pub phone_password: bool,
    /// `USERNAME_PASSWORD`.
    pub username_password: bool,
    /// `EMAIL_CODE`.
    pub email_code: bool,
    /// `PHONE_CODE`.
    pub phone_code: bool,
    /// `SELF_BUILT_APP_QRCODE`.
    pub qrcode: bool,
    /// The tab shown first (always an enabled one when any is).
    pub default_tab: Tab,
}

impl Default for LoginMethods {
    fn default() -> Self {
        Self {
            email_password: true,
            phone_password: true,
            username_password: true,
            email_code: true,
            phone_code: false,
            qrcode: true,
            default_tab: Tab::Password,
        }
    }
}

impl LoginMethods {
    /// The methods of `config`.
    pub fn from_config(config: &LoginConfig) -> Self {
        let on = |m: LoginMethod| config.enables(m);
        let mut m = Self {
            email_password: on(LoginMethod::EmailPassword),
            phone_password: on(LoginMethod::PhonePassword),
            username_password: on(LoginMethod::UsernamePassword),
            email_code: on(LoginMethod::EmailCode),
            phone_code: on(LoginMethod::PhoneCode),
            qrcode: on(LoginMethod::SelfBuiltAppQrcode),
            default_tab: Tab::Password,
        };
        let wanted = match config.default_connection_type {
            ConnectionType::Passcode => Tab::Code,
            ConnectionType::Qrcode => Tab::Qrcode,
            ConnectionType::Password | ConnectionType::Ldap | ConnectionType::Ad => Tab::Password,
        };
        m.default_tab = m
            .tabs()
            .into_iter()
            .find(|t| *t == wanted)
            .unwrap_or_else(|| m.tabs().first().copied().unwrap_or(Tab::Password));
        m
    }

    /// The methods of `app`.
    pub fn of(app: &Application) -> Self {
        app.settings
            .login_config
            .as_ref()
            .map_or_else(Self::default, Self::from_config)
    }

    /// These methods less the code methods `d` cannot deliver; the default tab moves to the
    /// first remaining one when it went.
    pub fn deliverable(mut self, d: Delivery) -> Self {
        self.email_code &= d.email;
        self.phone_code &= d.sms;
        if !self.has(self.default_tab) {
            self.default_tab = self.tabs().first().copied().unwrap_or(Tab::Password);
        }
        self
    }

    /// Whether any password method is on.
    pub fn password(&self) -> bool {
        self.email_password || self.phone_password || self.username_password
    }

    /// Whether any code method is on.
    pub fn code(&self) -> bool {
        self.email_code || self.phone_code
    }

    /// Whether `tab` is on.
    pub fn has(&self, tab: Tab) -> bool {
        match tab {
            Tab::Password => self.password(),
            Tab::Code => self.code(),
            Tab::Qrcode => self.qrcode,
        }
    }

    /// The enabled tabs, in page order.
    pub fn tabs(&self) -> Vec<Tab> {
        [Tab::Password, Tab::Code, Tab::Qrcode]
            .into_iter()
            .filter(|t| self.has(*t))
            .collect()
    }

    /// Whether a password sign-in with an account of `kind` is on.
    pub fn password_for(&self, kind: AccountKind) -> bool {
        match kind {
            AccountKind::Email => self.email_password,
            AccountKind::Phone => self.phone_password,
            AccountKind::Username => self.username_password,
        }
    }

    /// Whether a code sign-in to an address of `kind` is on (codes go to emails and phones).
    pub fn code_for(&self, kind: AccountKind) -> bool {
        match kind {
            AccountKind::Email => self.email_code,
            AccountKind::Phone => self.phone_code,
            AccountKind::Username => false,
        }
    }
}

/// A sign-up method of the hosted sign-up page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupMethod {
    /// `EMAIL_PASSWORD`.
    EmailPassword,
    /// `EMAIL_CODE`.
    EmailCode,
    /// `PHONE_CODE`.
    PhoneCode,
}

impl SignupMethod {
    /// Every method, in page order.
    pub const ALL: [SignupMethod; 3] = [
        SignupMethod::EmailPassword,
        SignupMethod::EmailCode,
        SignupMethod::PhoneCode,
    ];

    /// The wire name (also the form's `method` value).
    pub fn wire(self) -> &'static str {
        match self {
            SignupMethod::EmailPassword => "EMAIL_PASSWORD",
            SignupMethod::EmailCode => "EMAIL_CODE",
            SignupMethod::PhoneCode => "PHONE_CODE",
        }
    }

    /// The method a wire name names.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.wire() == s)
    }

    /// The `registerConfig` method this is.
    pub fn register_method(self) -> RegisterMethod {
        match self {
            SignupMethod::EmailPassword => RegisterMethod::EmailPassword,
            SignupMethod::EmailCode => RegisterMethod::EmailCode,
            SignupMethod::PhoneCode => RegisterMethod::PhoneCode,
        }
    }

    /// Whether the method proves an address with a code.
    pub fn by_code(self) -> bool {
        self != SignupMethod::EmailPassword
    }
}

/// The sign-up methods of an application (never empty: a config enabling none gets none of
/// the page, see [`SignupMethods::any`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupMethods {
    /// Enabled methods, in page order.
    pub enabled: Vec<SignupMethod>,
    /// The method shown first.
    pub default: Option<SignupMethod>,
}

impl SignupMethods {
    /// The methods of `config`.
    pub fn from_config(config: &RegisterConfig) -> Self {
        let enabled: Vec<SignupMethod> = SignupMethod::ALL
            .into_iter()
            .filter(|m| config.enables(m.register_method()))
            .collect();
        let by_code = config.default_register_method == RegisterDefault::Passcode;
        let default = enabled
            .iter()
            .copied()
            .find(|m| m.by_code() == by_code)
            .or_else(|| enabled.first().copied());
        Self { enabled, default }
    }

    /// The methods of `app`.
    pub fn of(app: &Application) -> Self {
        app.settings.register_config.as_ref().map_or_else(
            || Self::from_config(&RegisterConfig::default()),
            Self::from_config,
        )
    }

    /// These methods less the code methods `d` cannot deliver; the default moves to the
    /// first remaining one when it went.
    pub fn deliverable(mut self, d: Delivery) -> Self {
        self.enabled.retain(|m| match m {
            SignupMethod::EmailPassword => true,
            SignupMethod::EmailCode => d.email,
            SignupMethod::PhoneCode => d.sms,
        });
        if self.default.is_some_and(|m| !self.enabled.contains(&m)) {
            self.default = self.enabled.first().copied();
        }
        self
    }

    /// Whether `m` is enabled.
    pub fn has(&self, m: SignupMethod) -> bool {
        self.enabled.contains(&m)
    }

    /// Whether sign-up is offered at all.
    pub fn any(&self) -> bool {
        !self.enabled.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn login(v: serde_json::Value) -> LoginMethods {
        LoginMethods::from_config(&serde_json::from_value(v).unwrap())
    }

    #[test]
    fn login_config_to_tabs() {
        let m = login(
            json!({"enabledBasicLoginMethods": ["EMAIL_CODE", "SELF_BUILT_APP_QRCODE"],
            "defaultLoginMethod": {"connectionType": "QRCODE"}}),
        );
        assert_eq!(m.tabs(), vec![Tab::Code, Tab::Qrcode]);
        assert_eq!(m.default_tab, Tab::Qrcode);
        assert!(m.code_for(AccountKind::Email) && !m.code_for(AccountKind::Phone));
        // A default naming a disabled tab falls back to the first enabled one.
        let m = login(json!({"enabledBasicLoginMethods": ["PHONE_CODE"],
            "defaultLoginMethod": {"connectionType": "PASSWORD"}}));
        assert_eq!((m.tabs(), m.default_tab), (vec![Tab::Code], Tab::Code));
        let d = LoginMethods::default();
        assert_eq!(d.tabs(), vec![Tab::Password, Tab::Code, Tab::Qrcode]);
        assert!(!d.code_for(AccountKind::Username));
    }

    #[test]
    fn undeliverable_code_methods_are_not_offered() {
        let none = Delivery::default();
        let m = login(
            json!({"enabledBasicLoginMethods": ["EMAIL_CODE", "PHONE_CODE", "USERNAME_PASSWORD"],
            "defaultLoginMethod": {"connectionType": "PASSCODE"}}),
        );
        assert_eq!(m.default_tab, Tab::Code);
        let off = m.deliverable(none);
        assert_eq!(
            (off.tabs(), off.default_tab),
            (vec![Tab::Password], Tab::Password)
        );
        let sms = m.deliverable(Delivery {
            email: false,
            sms: true,
        });
        assert!(sms.code_for(AccountKind::Phone) && !sms.code_for(AccountKind::Email));
        assert_eq!(sms.default_tab, Tab::Code);
        let c: RegisterConfig = serde_json::from_value(json!({
            "enabledBasicRegisterMethods": ["EMAIL_CODE", "PHONE_CODE", "EMAIL_PASSWORD"],
            "defaultRegisterMethod": "PASSCODE"}))
        .unwrap();
        let s = SignupMethods::from_config(&c).deliverable(Delivery {
            email: true,
            sms: false,
        });
        assert_eq!(
            s.enabled,
            vec![SignupMethod::EmailPassword, SignupMethod::EmailCode]
        );
        assert_eq!(s.default, Some(SignupMethod::EmailCode));
        let s = SignupMethods::from_config(&c).deliverable(none);
        assert_eq!(
            (s.enabled.clone(), s.default),
            (
                vec![SignupMethod::EmailPassword],
                Some(SignupMethod::EmailPassword)
            )
        );
    }

    #[test]
    fn account_kinds() {
        assert_eq!(AccountKind::of(" a@b.c "), AccountKind::Email);
        assert_eq!(AccountKind::of("+8613800138000"), AccountKind::Phone);
        assert_eq!(AccountKind::of("alice"), AccountKind::Username);
        assert_eq!(AccountKind::of("+"), AccountKind::Username);
    }

    #[test]
    fn register_config_to_methods() {
        let c: RegisterConfig = serde_json::from_value(json!({
            "enabledBasicRegisterMethods": ["PHONE_CODE", "EMAIL_PASSWORD"],
            "defaultRegisterMethod": "PASSCODE"}))
        .unwrap();
        let m = SignupMethods::from_config(&c);
        assert_eq!(
            m.enabled,
            vec![SignupMethod::EmailPassword, SignupMethod::PhoneCode]
        );
        assert_eq!(m.default, Some(SignupMethod::PhoneCode));
        let none: RegisterConfig =
            serde_json::from_value(json!({"enabledBasicRegisterMethods": []})).unwrap();
        assert!(!SignupMethods::from_config(&none).any());
    }
}
