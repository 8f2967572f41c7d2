//! An application's stored settings documents (`loginConfig`, `registerConfig`,
//! `brandingConfig`, stored as given on the wire) read into their typed form.

use serde::de::DeserializeOwned;

/// A stored settings document read as `T`; `None` (logged) when unreadable, so a page
/// falls back to the defaults instead of failing.
pub fn read<T: DeserializeOwned>(doc: &serde_json::Value, what: &str, app_id: &str) -> Option<T> {
    serde_json::from_value(doc.clone())
        .map_err(|e| {
            tracing::warn!(app = %app_id, what, error = %e, "stored configuration unreadable; defaults used");
        })
        .ok()
}
