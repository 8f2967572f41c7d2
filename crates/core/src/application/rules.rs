//! What an application's configuration may hold: limits on lifetimes and texts, and the
//! shape of the pool-unique `appIdentifier` (grant and response types are the enums of
//! [`crate::oauth`]).

/// The id-token signing algorithm authgate uses.
pub const ID_TOKEN_ALG: &str = "RS256";

/// Longest access-token lifetime (s): one day.
pub const MAX_ACCESS_TOKEN_TTL: i64 = 86_400;
/// Longest id-token lifetime (s): one day.
pub const MAX_ID_TOKEN_TTL: i64 = 86_400;
/// Longest refresh-token lifetime (s): one year.
pub const MAX_REFRESH_TOKEN_TTL: i64 = 365 * 86_400;

/// Longest `appIdentifier`.
pub const MAX_IDENTIFIER_LEN: usize = 64;
/// Longest `appName` (characters).
pub const MAX_NAME_LEN: usize = 128;
/// Longest `appDescription` (characters).
pub const MAX_DESCRIPTION_LEN: usize = 1024;
/// Longest URI (logo, redirect, initLoginUri).
pub const MAX_URI_LEN: usize = 2048;
/// Most redirect URIs of one kind per application.
pub const MAX_REDIRECT_URIS: usize = 50;

/// Whether `s` is a valid `appIdentifier`: 1–64 ASCII letters, digits, `-` or `_`, starting
/// with a letter or digit.
pub fn is_valid_identifier(s: &str) -> bool {
    s.len() <= MAX_IDENTIFIER_LEN
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Longest identifier derived from a name, leaving room for a uniqueness suffix.
const DERIVED_MAX: usize = 48;

/// An `appIdentifier` derived from an application name: lowercase ASCII letters and digits,
/// other runs of characters become one `-`; `app` when nothing is left (e.g. a Chinese name).
pub fn identifier_from_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(DERIVED_MAX));
    for c in name.chars() {
        if out.len() >= DERIVED_MAX {
            break;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "app".into()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["a", "my-app", "App_2", &"x".repeat(64)] {
            assert!(is_valid_identifier(ok), "{ok}");
        }
        for bad in ["", "-a", "_a", "a b", "应用", "a.b", &"x".repeat(65)] {
            assert!(!is_valid_identifier(bad), "{bad}");
        }
    }

    #[test]
    fn derived_identifiers_are_valid() {
        assert_eq!(identifier_from_name("My Shop (EU)"), "my-shop-eu");
        assert_eq!(identifier_from_name("  --Admin--  "), "admin");
        assert_eq!(identifier_from_name("商城"), "app");
        let long = identifier_from_name(&"ab ".repeat(40));
        assert!(
            long.len() <= DERIVED_MAX && is_valid_identifier(&long),
            "{long}"
        );
        for name in ["商城 Mall", "a", "Ünïcode", "x-y_z"] {
            assert!(is_valid_identifier(&identifier_from_name(name)), "{name}");
        }
    }
}
