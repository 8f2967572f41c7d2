//! Users: identifiers, status, profile, and the rules that keep them valid.

use crate::clock::EpochMillis;
use crate::error::ApiError;
pub use authgate_proto::user_types::{Gender, Profile, UserSource, UserStatus};

/// How a user is named in a lookup (`userIdType` on the wire, for the kinds authgate keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserKey {
    /// By server id.
    Id(String),
    /// By email, case-insensitively.
    Email(String),
    /// By phone number.
    Phone(String),
    /// By username.
    Username(String),
    /// By external id.
    ExternalId(String),
}

impl UserKey {
    /// Builds a key from a `userIdType` wire value and the id; `None` for unknown types.
    pub fn from_wire(user_id_type: &str, value: String) -> Option<Self> {
        match user_id_type {
            "user_id" => Some(UserKey::Id(value)),
            "email" => Some(UserKey::Email(value)),
            "phone" => Some(UserKey::Phone(value)),
            "username" => Some(UserKey::Username(value)),
            "external_id" => Some(UserKey::ExternalId(value)),
            _ => None,
        }
    }
}

/// Maximum length of any single profile or identifier value.
pub const MAX_FIELD_LEN: usize = 512;

/// The identifiers a user can be found by, each unique within a user pool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identifiers {
    /// Email as given (compared case-insensitively).
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Phone country code, e.g. `+86`.
    pub phone_country_code: Option<String>,
    /// Username (case-sensitive).
    pub username: Option<String>,
    /// Id in an external system.
    pub external_id: Option<String>,
}

/// A user of a user pool.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// Server id.
    pub id: String,
    /// The user pool.
    pub pool_id: String,
    /// Account status.
    pub status: UserStatus,
    /// When the status last changed.
    pub status_changed_at: Option<EpochMillis>,
    /// Identifiers.
    pub ids: Identifiers,
    /// Whether the email is verified.
    pub email_verified: bool,
    /// Whether the phone is verified.
    pub phone_verified: bool,
    /// Gender.
    pub gender: Gender,
    /// Profile fields.
    pub profile: Profile,
    /// Custom data (a JSON object).
    pub custom_data: serde_json::Map<String, serde_json::Value>,
    /// argon2id PHC string, if a password is set.
    pub password_hash: Option<String>,
    /// When the password was last set.
    pub password_last_set_at: Option<EpochMillis>,
    /// Whether the next sign-in must reset the password.
    pub reset_password_on_next_login: bool,
    /// Number of sign-ins.
    pub logins_count: i64,
    /// Last sign-in time.
    pub last_login: Option<EpochMillis>,
    /// Last sign-in IP.
    pub last_ip: Option<String>,
    /// Origin of the account.
    pub source: UserSource,
    /// Creation time.
    pub created_at: EpochMillis,
    /// Last update time.
    pub updated_at: EpochMillis,
}

impl User {
    /// A new activated user with the given identifiers and no password.
    pub fn new(
        id: String,
        pool_id: String,
        ids: Identifiers,
        source: UserSource,
        now: EpochMillis,
    ) -> Self {
        Self {
            id,
            pool_id,
            status: UserStatus::Activated,
            status_changed_at: None,
            ids,
            email_verified: false,
            phone_verified: false,
            gender: Gender::U,
            profile: Profile::default(),
            custom_data: serde_json::Map::new(),
            password_hash: None,
            password_last_set_at: None,
            reset_password_on_next_login: false,
            logins_count: 0,
            last_login: None,
            last_ip: None,
            source,
            created_at: now,
            updated_at: now,
        }
    }

    /// The name to show for the user: name, nickname, username, email or phone, in that order.
    pub fn display_name(&self) -> &str {
        self.profile
            .name
            .as_deref()
            .or(self.profile.nickname.as_deref())
            .or(self.ids.username.as_deref())
            .or(self.ids.email.as_deref())
            .or(self.ids.phone.as_deref())
            .unwrap_or_default()
    }

    /// Changes the status, recording when.
    pub fn set_status(&mut self, status: UserStatus, now: EpochMillis) {
        if self.status != status {
            self.status = status;
            self.status_changed_at = Some(now);
        }
    }

    /// Checks the identifiers: at least one of username, email, phone; each well-formed.
    pub fn validate(&self) -> Result<(), ApiError> {
        let ids = &self.ids;
        if ids.username.is_none() && ids.email.is_none() && ids.phone.is_none() {
            return Err(ApiError::bad_request(
                crate::messages::Msg::UserIdentifierRequired,
            ));
        }
        if let Some(e) = &ids.email {
            validate_email(e)?;
        }
        if let Some(p) = &ids.phone {
            validate_phone(p)?;
        }
        if let Some(u) = &ids.username {
            validate_text("username", u)?;
        }
        if let Some(x) = &ids.external_id {
            validate_text("externalId", x)?;
        }
        for (wire, column) in Profile::FIELDS {
            if self
                .profile
                .get(column)
                .is_some_and(|v| v.len() > MAX_FIELD_LEN)
            {
                return Err(ApiError::invalid(*wire, "too long"));
            }
        }
        if serde_json::Value::Object(self.custom_data.clone())
            .to_string()
            .len()
            > 4096
        {
            return Err(ApiError::invalid(
                "customData",
                "must be less than 4096 characters",
            ));
        }
        Ok(())
    }
}

/// The form an email is compared in (lowercase).
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An identifier is non-empty after trimming and not absurdly long.
fn validate_text(name: &str, v: &str) -> Result<(), ApiError> {
    if v.trim().is_empty() {
        return Err(ApiError::invalid(name, "must not be empty"));
    }
    if v.len() > MAX_FIELD_LEN {
        return Err(ApiError::invalid(name, "too long"));
    }
    Ok(())
}

/// A plausible email: one `@`, something on both sides, a dot in the domain, no spaces.
pub fn validate_email(email: &str) -> Result<(), ApiError> {
    validate_text("email", email)?;
    let bad = || ApiError::invalid("email", "not a valid email address");
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.is_empty()
        || domain.contains('@')
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || email.chars().any(char::is_whitespace)
    {
        return Err(bad());
    }
    Ok(())
}

/// A plausible phone number: digits with optional leading `+`, spaces or dashes; 3–20 digits.
pub fn validate_phone(phone: &str) -> Result<(), ApiError> {
    validate_text("phone", phone)?;
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let ok_chars = phone
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (i == 0 && c == '+'));
    if !ok_chars || !(3..=20).contains(&digits) {
        return Err(ApiError::invalid("phone", "not a valid phone number"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(ids: Identifiers) -> User {
        User::new("u".into(), "p".into(), ids, UserSource::AdminCreated, 0)
    }

    #[test]
    fn needs_an_identifier() {
        let e = user(Identifiers::default()).validate().unwrap_err();
        assert_eq!(e.status, 400);
        let ok = user(Identifiers {
            username: Some("bob".into()),
            ..Default::default()
        });
        assert!(ok.validate().is_ok());
    }

    #[test]
    fn email_and_phone_rules() {
        for good in ["a@b.co", "A.B+c@example.com"] {
            assert!(validate_email(good).is_ok(), "{good}");
        }
        for bad in ["", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@b@c.d", "a@.b"] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
        for good in ["13800138000", "+86 138-0013-8000"] {
            assert!(validate_phone(good).is_ok(), "{good}");
        }
        for bad in ["", "12", "abc", "1+2345", "+"] {
            assert!(validate_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn profile_fields_by_column() {
        let mut p = Profile::default();
        p.set("given_name", Some("Ada".into()));
        assert_eq!(p.get("given_name"), Some("Ada"));
        assert!(Profile::FIELDS.contains(&("givenName", "given_name")));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json, serde_json::json!({"givenName": "Ada"}));
    }

    #[test]
    fn status_change_is_recorded() {
        let mut u = user(Identifiers {
            username: Some("x".into()),
            ..Default::default()
        });
        u.set_status(UserStatus::Suspended, 42);
        assert_eq!(u.status_changed_at, Some(42));
        assert!(!u.status.may_sign_in());
        assert_eq!(
            UserStatus::parse("Deactivated"),
            Some(UserStatus::Deactivated)
        );
        assert_eq!(UserStatus::parse("nope"), None);
    }
}
