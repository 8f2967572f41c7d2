//! Codes of directory entities (roles, groups, namespaces, resources, organisations; spec
//! §1.8): non-empty, at most 64 characters, ASCII identifier-like.

use crate::error::ApiError;
use crate::messages::Msg;

/// The longest code accepted.
pub const MAX_CODE_LEN: usize = 64;

/// Whether `c` may appear in a code: ASCII letters, digits and `_ : . -`.
fn code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-')
}

/// Checks the code in parameter `field` (`code`, `newCode`, …) of a `kind` (`role`, `group`):
/// empty or longer than [`MAX_CODE_LEN`] is "parameter `field` is invalid", any other
/// character than letters, digits and `_ : . -` is "invalid `kind` code: …".
pub fn validate_code(field: &str, kind: &str, code: &str) -> Result<(), ApiError> {
    if code.is_empty() {
        return Err(ApiError::invalid(field, "must not be empty"));
    }
    if code.chars().count() > MAX_CODE_LEN {
        return Err(ApiError::invalid(
            field,
            format!("at most {MAX_CODE_LEN} characters"),
        ));
    }
    if !code.chars().all(code_char) {
        return Err(ApiError::bad_request(Msg::InvalidCode {
            kind: kind.to_string(),
            code: code.to_string(),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn code_rules() {
        assert!(validate_code("code", "role", "admin").is_ok());
        assert!(validate_code("code", "role", "app:reader.v2-x_y").is_ok());
        assert!(validate_code("code", "role", &"a".repeat(64)).is_ok());
        let long = validate_code("code", "role", &"a".repeat(65)).unwrap_err();
        assert_eq!(long.status, 400);
        assert!(matches!(long.msg, Msg::InvalidParameter { .. }));
        assert!(validate_code("code", "role", "").is_err());
        for bad in ["额! ", " ", "a b", "a/b", "é"] {
            let e = validate_code("code", "role", bad).unwrap_err();
            assert_eq!(e.status, 400);
            assert_eq!(
                e.msg.render(Lang::EnUs),
                format!("invalid role code: {bad}")
            );
        }
    }
}
