//! OAuth / OIDC scopes.

/// A set of scopes, in the order given, without duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope(Vec<String>);

impl Scope {
    /// Parses a space-separated scope string.
    pub fn parse(s: &str) -> Self {
        let mut v: Vec<String> = Vec::new();
        for part in s.split_whitespace() {
            if !v.iter().any(|x| x == part) {
                v.push(part.to_string());
            }
        }
        Scope(v)
    }

    /// Whether `name` is included.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|s| s == name)
    }

    /// Only the scopes also in `other`, in this scope's order.
    pub fn intersect(&self, other: &Scope) -> Scope {
        Scope(self.0.iter().filter(|s| other.has(s)).cloned().collect())
    }

    /// Whether there are no scopes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The scopes.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

/// RFC 6749 §3.3 `scope-token`: printable ASCII except space, `"` and `\`.
pub fn is_scope_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_tokens() {
        assert!(is_scope_token("orders:read"));
        assert!(is_scope_token("https://api.example/x"));
        assert!(!is_scope_token("a\"b"));
        assert!(!is_scope_token("a\\b"));
        assert!(!is_scope_token("é"));
        assert!(!is_scope_token(""));
    }

    #[test]
    fn parse_dedup_display() {
        let s = Scope::parse("openid  profile openid offline_access");
        assert_eq!(s.to_string(), "openid profile offline_access");
        assert!(s.has("offline_access"));
        assert!(!s.has("email"));
        let narrowed = s.intersect(&Scope::parse("profile openid"));
        assert_eq!(narrowed.to_string(), "openid profile");
    }
}
