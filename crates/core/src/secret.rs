//! [`Secret<T>`]: a value whose `Debug` and `Display` never show it.
//!
//! App secrets, access-key secrets, passwords, refresh / one-time tokens, verification codes
//! and the master key end up in structs that get `{:?}`-formatted by logs, panics and
//! `tracing` fields. Wrapping them here makes leaking one a type error to opt into
//! ([`Secret::expose`]) instead of a formatting accident.

use std::fmt;

/// A value that is redacted when formatted; read it with [`Secret::expose`].
///
/// Serde is transparent so request and settings formats stay as they are on the wire.
#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

/// What every formatting of a [`Secret`] prints.
pub const REDACTED: &str = "[redacted]";

impl<T> Secret<T> {
    /// Wraps a secret value.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The secret itself; named so every place that reads one is easy to find.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret, e.g. to hash or encrypt it.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Request {
        account: String,
        password: Secret<String>,
    }

    #[test]
    fn debug_and_display_of_a_struct_hide_the_secret() {
        let request = Request {
            account: "alice".into(),
            password: Secret::new("hunter2-very-secret".to_string()),
        };
        let debug = format!("{request:?}");
        let pretty = format!("{request:#?}");
        assert!(debug.contains("alice"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(!pretty.contains("hunter2"), "{pretty}");
        assert!(debug.contains(REDACTED));
        assert_eq!(request.password.to_string(), REDACTED);
        assert_eq!(request.password.expose(), "hunter2-very-secret");
        assert_eq!(request.account, "alice");
    }

    #[test]
    fn serde_is_transparent_both_ways() {
        let secret: Secret<String> = serde_json::from_str("\"s3cr3t\"").unwrap();
        assert_eq!(secret.expose(), "s3cr3t");
        assert_eq!(serde_json::to_string(&secret).unwrap(), "\"s3cr3t\"");
        assert!(serde_json::from_str::<Secret<String>>("42").is_err());
    }
}
