//! Targeted writes of a user: what a change or a sign-in sets, and nothing else.
//!
//! A user row has many writers at once — an administrator, the user's own account calls,
//! the user's sign-ins. None of them saves a whole row it read earlier, as that would undo
//! whatever another writer stored in between: each says which fields it sets
//! ([`UserPatch`], [`SignIn`]) and the store writes only those.

use super::Session;
use authgate_core::user::{Gender, Profile, User, UserStatus};
use serde_json::{Map, Value};

/// A change to named fields of one user; `None` (or empty) leaves a field as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserPatch {
    /// New status (`status_changed_at` moves only when it differs from the stored one).
    pub status: Option<UserStatus>,
    /// New email (`Some(None)` removes it).
    pub email: Option<Option<String>>,
    /// New phone (`Some(None)` removes it).
    pub phone: Option<Option<String>>,
    /// New phone country code (`Some(None)` removes it).
    pub phone_country_code: Option<Option<String>>,
    /// New username (`Some(None)` removes it).
    pub username: Option<Option<String>>,
    /// New external id (`Some(None)` removes it).
    pub external_id: Option<Option<String>>,
    /// Whether the email is verified.
    pub email_verified: Option<bool>,
    /// Whether the phone is verified.
    pub phone_verified: Option<bool>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Profile fields to write, by column name (see [`Profile::FIELDS`]), `None` clearing one.
    pub profile: Vec<(&'static str, Option<String>)>,
    /// Custom data keys to set, merged into the stored object (other keys are kept).
    pub custom_data: Map<String, Value>,
    /// A new password hash (`password_last_set_at` becomes the time of the write).
    pub password_hash: Option<String>,
    /// Whether the next sign-in must reset the password.
    pub reset_password_on_next_login: Option<bool>,
}

impl UserPatch {
    /// The profile fields `patch` has set, as a patch of their columns.
    pub fn profile_of(patch: &Profile) -> Vec<(&'static str, Option<String>)> {
        Profile::FIELDS
            .iter()
            .filter_map(|(_, column)| patch.get(column).map(|v| (*column, Some(v.to_string()))))
            .collect()
    }

    /// The fields in which `after` differs from `before` (custom data: the keys added or
    /// changed; a key removed from `after` is not removed from the store). For handlers that
    /// change a copy of the user they read and must write back only what they changed.
    pub fn between(before: &User, after: &User) -> Self {
        fn changed<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        let (a, b) = (&before.ids, &after.ids);
        UserPatch {
            status: changed(&before.status, &after.status),
            email: changed(&a.email, &b.email),
            phone: changed(&a.phone, &b.phone),
            phone_country_code: changed(&a.phone_country_code, &b.phone_country_code),
            username: changed(&a.username, &b.username),
            external_id: changed(&a.external_id, &b.external_id),
            email_verified: changed(&before.email_verified, &after.email_verified),
            phone_verified: changed(&before.phone_verified, &after.phone_verified),
            gender: changed(&before.gender, &after.gender),
            profile: Profile::FIELDS
                .iter()
                .filter(|(_, c)| before.profile.get(c) != after.profile.get(c))
                .map(|(_, c)| (*c, after.profile.get(c).map(str::to_string)))
                .collect(),
            custom_data: after
                .custom_data
                .iter()
                .filter(|(k, v)| before.custom_data.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            password_hash: changed(&before.password_hash, &after.password_hash).flatten(),
            reset_password_on_next_login: changed(
                &before.reset_password_on_next_login,
                &after.reset_password_on_next_login,
            ),
        }
    }

    /// Applies the patch to an in-memory copy (to validate the result before writing it).
    pub fn apply_to(&self, user: &mut User, now: i64) {
        if let Some(s) = self.status {
            user.set_status(s, now);
        }
        let ids = &mut user.ids;
        for (slot, value) in [
            (&mut ids.email, &self.email),
            (&mut ids.phone, &self.phone),
            (&mut ids.phone_country_code, &self.phone_country_code),
            (&mut ids.username, &self.username),
            (&mut ids.external_id, &self.external_id),
        ] {
            if let Some(v) = value {
                slot.clone_from(v);
            }
        }
        if let Some(v) = self.email_verified {
            user.email_verified = v;
        }
        if let Some(v) = self.phone_verified {
            user.phone_verified = v;
        }
        if let Some(g) = self.gender {
            user.gender = g;
        }
        for (column, value) in &self.profile {
            user.profile.set(column, value.clone());
        }
        user.custom_data.extend(self.custom_data.clone());
        if let Some(h) = &self.password_hash {
            user.password_hash = Some(h.clone());
            user.password_last_set_at = Some(now);
        }
        if let Some(v) = self.reset_password_on_next_login {
            user.reset_password_on_next_login = v;
        }
    }

    /// Whether the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == UserPatch::default()
    }

    /// Whether the patch must end the user's sessions: a status that forbids signing in, or a
    /// new password. The store revokes them in the same transaction as the change, so no
    /// sign-in can slip a session in between.
    pub fn ends_sessions(&self) -> bool {
        self.status.is_some_and(|s| !s.may_sign_in()) || self.password_hash.is_some()
    }
}

/// What [`crate::Store::patch_user`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum PatchOutcome {
    /// Written; the user as stored afterwards.
    Updated(Box<User>),
    /// No such user.
    NotFound,
    /// The user changed since the caller read it (its `updated_at` moved): nothing written.
    Stale,
}

/// An address a sign-in proved the user receives (a code sent there was entered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvedAddress {
    /// The email.
    Email,
    /// The phone.
    Phone,
}

/// A session to open with a sign-in, and its first refresh token `(hash, expires_at)`.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// The session.
    pub session: &'a Session,
    /// Its first refresh token, if any.
    pub refresh: Option<(&'a str, i64)>,
}

/// A successful sign-in to record: statistics, what it proved, custom data it carried, and
/// the session it opens. Recorded only while the user may still sign in and still has the
/// credential the sign-in checked.
#[derive(Debug, Clone, Copy)]
pub struct SignIn<'a> {
    /// The user's pool.
    pub pool_id: &'a str,
    /// The user.
    pub user_id: &'a str,
    /// The password hash the user had when the sign-in read it: a sign-in that raced a
    /// password change is refused, whatever credential it checked.
    pub password_hash: Option<&'a str>,
    /// When (ms): the new `last_login`.
    pub at: i64,
    /// The client IP: the new `last_ip`.
    pub ip: Option<&'a str>,
    /// Custom data keys the sign-in sets (merged; other keys are kept).
    pub custom_data: Option<&'a Map<String, Value>>,
    /// The address the sign-in proved, marked verified.
    pub proved: Option<ProvedAddress>,
    /// The session to open in the same transaction, if the sign-in ends in tokens.
    pub session: Option<NewSession<'a>>,
}
