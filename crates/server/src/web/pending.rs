//! Where the authorization requests waiting for a sign-in are kept, and the one fact the
//! hosted pages read of them: the registered redirect URI the sign-in returns to (their CSP
//! `form-action`, [`super::form_action`]). The authorization endpoint writes and reads the
//! whole request ([`crate::oidc::authorize`]); the key and the fields read here are the
//! contract between the two.

use crate::state::AppState;
use authgate_store::ephemeral::Key;
use serde::Deserialize;

/// Longest request id accepted (ids are 256-bit random hex).
const MAX_ID_LEN: usize = 128;

/// The ephemeral-store key of request `id`, when `id` can be one.
pub fn key(id: &str) -> Option<Key<'_>> {
    (!id.is_empty() && id.len() <= MAX_ID_LEN).then_some(Key::AuthorizeRequest { id })
}

/// The part of a stored request read here.
#[derive(Debug, Deserialize)]
struct Stored {
    request: Request,
}

#[derive(Debug, Deserialize)]
struct Request {
    app_id: String,
    redirect_uri: String,
}

/// The registered redirect URI of application `app_id`'s request `id`, while it waits for
/// the user.
pub async fn redirect_uri(state: &AppState, id: &str, app_id: &str) -> Option<String> {
    let raw = state.ephemeral.get(&key(id)?).await?;
    let stored: Stored = serde_json::from_str(&raw).ok()?;
    (stored.request.app_id == app_id).then_some(stored.request.redirect_uri)
}
