//! Consent: which scopes a user granted a third-party application. The OIDC surface asks
//! whether a request is covered, and records an approval; the rule (a grant only grows, by
//! the scopes approved) lives here so another surface asking for consent cannot differ.

use crate::Services;
use authgate_core::ApiError;
use authgate_core::scope::Scope;

/// Whether `granted` covers every scope of `asked`.
pub fn covers(granted: Option<&str>, asked: &str) -> bool {
    let Some(granted) = granted else {
        return false;
    };
    let granted = Scope::parse(granted);
    Scope::parse(asked).iter().all(|s| granted.has(s))
}

/// Whether `user_id` has already granted `app_id` every scope of `asked`.
pub async fn granted(
    state: &Services,
    user_id: &str,
    app_id: &str,
    asked: &str,
) -> Result<bool, ApiError> {
    let granted = state.store.get_consent(user_id, app_id).await?;
    Ok(covers(granted.as_deref(), asked))
}

/// Adds the approved scopes to what `user_id` granted `app_id` (earlier grants stay).
pub async fn remember(
    state: &Services,
    pool_id: &str,
    user_id: &str,
    app_id: &str,
    approved: &str,
) -> Result<(), ApiError> {
    let granted = state.store.get_consent(user_id, app_id).await?;
    let mut all: Vec<String> = granted
        .as_deref()
        .map(|g| Scope::parse(g).iter().map(str::to_string).collect())
        .unwrap_or_default();
    for s in Scope::parse(approved).iter() {
        if !all.iter().any(|a| a == s) {
            all.push(s.to_string());
        }
    }
    state
        .store
        .put_consent(
            pool_id,
            user_id,
            app_id,
            &all.join(" "),
            state.clock.now_millis(),
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_covers_only_its_scopes() {
        assert!(covers(Some("openid profile email"), "openid email"));
        assert!(!covers(Some("openid"), "openid email"));
        assert!(!covers(None, "openid"));
    }
}
