//! The two contact addresses a user binds, changes and proves with codes — email and phone —
//! described once: where they live on the user, how they are compared, which code channel
//! each step uses, and the errors about them.
//!
//! Channels: binding uses `CHANNEL_BIND_EMAIL` / `CHANNEL_BIND_PHONE`, unbinding
//! `CHANNEL_UNBIND_EMAIL` / `CHANNEL_UNBIND_PHONE`. A change proves the new address and the
//! bound one: email uses `CHANNEL_UPDATE_EMAIL` for both (spec §2.6); the SMS channels have no
//! "update" member (spec §1.9, the SDKs' `SmsChannel` docstrings), so a phone change proves
//! the new number on `CHANNEL_BIND_PHONE` and the bound number on `CHANNEL_UNBIND_PHONE` —
//! what the change does to each.

use crate::codes::CodeTarget;
use crate::one_time::Purpose;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::{User, UserKey, normalize_email, validate_email, validate_phone};

/// Email or phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// The email address.
    Email,
    /// The phone number (with its country code).
    Phone,
}

impl Contact {
    /// The wire name: `email` or `phone`.
    pub fn wire(self) -> &'static str {
        match self {
            Contact::Email => "email",
            Contact::Phone => "phone",
        }
    }

    /// The bound address, if any.
    pub fn bound(self, user: &User) -> Option<&str> {
        match self {
            Contact::Email => user.ids.email.as_deref(),
            Contact::Phone => user.ids.phone.as_deref(),
        }
    }

    /// The code target of `address` (`country_code` for phones only).
    pub fn target(self, address: &str, country_code: Option<&str>) -> CodeTarget {
        match self {
            Contact::Email => CodeTarget::email(address),
            Contact::Phone => CodeTarget::phone(address, country_code),
        }
    }

    /// The code target of the bound address: its stored country code unless `country_code`
    /// is given.
    pub fn bound_target(self, user: &User, country_code: Option<&str>) -> Option<CodeTarget> {
        let address = self.bound(user)?;
        let country = country_code
            .filter(|c| !c.trim().is_empty())
            .or(user.ids.phone_country_code.as_deref());
        Some(self.target(address, country))
    }

    /// The lookup key of `address`.
    pub fn key(self, address: &str) -> UserKey {
        match self {
            Contact::Email => UserKey::Email(address.trim().to_string()),
            Contact::Phone => UserKey::Phone(address.trim().to_string()),
        }
    }

    /// Checks that `address` is well-formed.
    pub fn validate(self, address: &str) -> Result<(), ApiError> {
        match self {
            Contact::Email => validate_email(address.trim())?,
            Contact::Phone => validate_phone(address.trim())?,
        }
        Ok(())
    }

    /// Whether two addresses are the same (emails case-insensitively).
    pub fn same(self, a: &str, b: &str) -> bool {
        match self {
            Contact::Email => normalize_email(a) == normalize_email(b),
            Contact::Phone => a.trim() == b.trim(),
        }
    }

    /// Binds `address` (proven by a code, so verified).
    pub fn set(self, user: &mut User, address: &str, country_code: Option<&str>) {
        let address = Some(address.trim().to_string());
        match self {
            Contact::Email => {
                user.ids.email = address;
                user.email_verified = true;
            }
            Contact::Phone => {
                user.ids.phone = address;
                user.ids.phone_country_code = country_code
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string);
                user.phone_verified = true;
            }
        }
    }

    /// Removes the address.
    pub fn clear(self, user: &mut User) {
        match self {
            Contact::Email => {
                user.ids.email = None;
                user.email_verified = false;
            }
            Contact::Phone => {
                user.ids.phone = None;
                user.ids.phone_country_code = None;
                user.phone_verified = false;
            }
        }
    }

    /// Code channel of binding.
    pub fn bind_channel(self) -> &'static str {
        match self {
            Contact::Email => "CHANNEL_BIND_EMAIL",
            Contact::Phone => "CHANNEL_BIND_PHONE",
        }
    }

    /// Code channel of unbinding.
    pub fn unbind_channel(self) -> &'static str {
        match self {
            Contact::Email => "CHANNEL_UNBIND_EMAIL",
            Contact::Phone => "CHANNEL_UNBIND_PHONE",
        }
    }

    /// Code channel proving the new address of a change.
    pub fn change_new_channel(self) -> &'static str {
        match self {
            Contact::Email => "CHANNEL_UPDATE_EMAIL",
            Contact::Phone => "CHANNEL_BIND_PHONE",
        }
    }

    /// Code channel proving the bound address of a change.
    pub fn change_old_channel(self) -> &'static str {
        match self {
            Contact::Email => "CHANNEL_UPDATE_EMAIL",
            Contact::Phone => "CHANNEL_UNBIND_PHONE",
        }
    }

    /// The one-time token purpose of a change.
    pub fn change_purpose(self) -> Purpose {
        match self {
            Contact::Email => Purpose::UpdateEmail,
            Contact::Phone => Purpose::UpdatePhone,
        }
    }

    /// The error of this kind of contact: email and phone have GenAuth codes of their own.
    fn error(self, email: Msg, phone: Msg) -> ApiError {
        ApiError::from(match self {
            Contact::Email => email,
            Contact::Phone => phone,
        })
    }

    fn field(self) -> String {
        self.wire().to_string()
    }

    /// 409: an address of this kind is already bound (GenAuth 2200 email / 2035 phone).
    pub fn already_bound(self) -> ApiError {
        self.error(Msg::EmailAlreadyBound, Msg::PhoneAlreadyBound)
    }

    /// 400: nothing of this kind is bound (GenAuth 2219).
    pub fn not_bound(self) -> ApiError {
        ApiError::from(Msg::NotBound {
            field: self.field(),
        })
    }

    /// 403: the address given as the old one is not the bound one (GenAuth 2037 / 2038).
    pub fn mismatch(self) -> ApiError {
        self.error(Msg::OldEmailMismatch, Msg::OldPhoneMismatch)
    }

    /// 400: the new address equals the bound one (GenAuth 2229 / 2230).
    pub fn unchanged(self) -> ApiError {
        self.error(Msg::EmailUnchanged, Msg::PhoneUnchanged)
    }

    /// Refuses to remove the address when the user would keep no username, email or phone
    /// (403, GenAuth 2217).
    pub fn ensure_not_last(self, user: &User) -> Result<(), ApiError> {
        let mut rest = user.clone();
        self.clear(&mut rest);
        let ids = &rest.ids;
        if ids.username.is_none() && ids.email.is_none() && ids.phone.is_none() {
            return Err(ApiError::from(Msg::LastIdentifier {
                field: self.field(),
            }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::user::{Identifiers, UserSource};

    fn user(email: Option<&str>, phone: Option<&str>) -> User {
        User::new(
            "u".into(),
            "p".into(),
            Identifiers {
                email: email.map(str::to_string),
                phone: phone.map(str::to_string),
                phone_country_code: phone.map(|_| "+86".to_string()),
                ..Identifiers::default()
            },
            UserSource::Register,
            0,
        )
    }

    #[test]
    fn last_identifier_is_kept() {
        let only_email = user(Some("a@b.io"), None);
        assert!(Contact::Email.ensure_not_last(&only_email).is_err());
        let both = user(Some("a@b.io"), Some("13800138000"));
        assert!(Contact::Email.ensure_not_last(&both).is_ok());
        assert!(Contact::Phone.ensure_not_last(&both).is_ok());
    }

    #[test]
    fn set_clear_and_targets() {
        let mut u = user(None, Some("13800138000"));
        assert_eq!(
            Contact::Phone.bound_target(&u, None),
            Some(CodeTarget::phone("13800138000", Some("+86")))
        );
        Contact::Email.set(&mut u, " A@B.io ", None);
        assert_eq!(u.ids.email.as_deref(), Some("A@B.io"));
        assert!(u.email_verified);
        assert!(Contact::Email.same("a@b.io", "A@B.IO"));
        Contact::Phone.clear(&mut u);
        assert!(u.ids.phone.is_none() && u.ids.phone_country_code.is_none());
        assert_eq!(Contact::Phone.change_new_channel(), "CHANNEL_BIND_PHONE");
        assert_eq!(Contact::Phone.change_old_channel(), "CHANNEL_UNBIND_PHONE");
        assert_eq!(Contact::Email.already_bound().api_code, 2200);
        assert_eq!(Contact::Phone.already_bound().api_code, 2035);
    }
}
