//! `options.autoRegister`: a sign-in by an explicit identifier nobody has yet creates the user.

use super::Attempt;
use crate::Services;
use crate::avatar::default_avatar_url;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_core::user::{Identifiers, User, UserKey, UserSource};

/// Creates the user named by `key` (an explicit identifier) with `password`, if any. Without
/// a password the key was proved by a code, so it is marked verified.
pub(super) async fn register(
    state: &Services,
    attempt: &Attempt,
    key: UserKey,
    password: Option<String>,
) -> Result<User, ApiError> {
    let mut ids = Identifiers::default();
    let mut user_key_verified = (false, false);
    match key {
        UserKey::Email(e) => {
            ids.email = Some(e.trim().to_string());
            user_key_verified.0 = password.is_none();
        }
        UserKey::Phone(p) => {
            ids.phone = Some(p.trim().to_string());
            user_key_verified.1 = password.is_none();
        }
        UserKey::Username(u) => ids.username = Some(u.trim().to_string()),
        UserKey::Id(_) | UserKey::ExternalId(_) => {
            return Err(ApiError::bad_request(Msg::SignInIdentifierRequired));
        }
    }
    let now = state.clock.now_millis();
    let mut user = User::new(
        authgate_core::ids::new_id()?,
        attempt.pool.id.clone(),
        ids,
        UserSource::Register,
        now,
    );
    user.email_verified = user_key_verified.0;
    user.phone_verified = user_key_verified.1;
    user.profile.photo = Some(default_avatar_url(&state.public_base));
    user.validate()?;
    if let Some(p) = password {
        attempt.pool.settings.password_policy.check(&p)?;
        user.password_hash = Some(state.passwords.hash(p).await?);
        user.password_last_set_at = Some(now);
    }
    state.store.insert_user(&user).await?;
    Ok(user)
}
