//! What the branding of an application's hosted pages may hold: a primary colour, custom CSS
//! and a footer text, checked when written and again when a page is rendered (a stored value
//! from before these rules is dropped rather than trusted).

/// Longest `brandingConfig.customCSS` (bytes).
pub const MAX_CUSTOM_CSS_LEN: usize = 16 * 1024;
/// Longest `brandingConfig.footerText` (characters).
pub const MAX_FOOTER_LEN: usize = 200;
/// Longest `data:` logo (bytes of the whole URL).
pub const MAX_DATA_LOGO_LEN: usize = 64 * 1024;
/// The `data:` URL prefixes a logo may start with: images that cannot run script in `<img>`.
pub const DATA_LOGO_PREFIXES: &[&str] = &["data:image/png;base64,", "data:image/svg+xml;base64,"];

/// Whether `c` is `#rgb` or `#rrggbb` (hex digits, either case).
pub fn is_valid_color(c: &str) -> bool {
    c.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Why custom CSS is refused, or `None` when it may be served inside the page's `<style>`.
/// `</` is refused anywhere (it could close the element); so are NUL and other control
/// characters besides tab and line ends.
pub fn custom_css_problem(css: &str) -> Option<String> {
    if css.len() > MAX_CUSTOM_CSS_LEN {
        return Some(format!("at most {MAX_CUSTOM_CSS_LEN} bytes"));
    }
    if css.contains("</") {
        return Some("must not contain '</'".into());
    }
    if css
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Some("must not contain control characters".into());
    }
    None
}

/// Whether `logo` is a `data:` URL of an allowed image type, base64, within the size bound.
pub fn is_valid_data_logo(logo: &str) -> bool {
    logo.len() <= MAX_DATA_LOGO_LEN
        && DATA_LOGO_PREFIXES.iter().any(|p| {
            logo.strip_prefix(p).is_some_and(|b64| {
                !b64.is_empty()
                    && b64
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors() {
        for ok in ["#fff", "#A1b2C3", "#000000"] {
            assert!(is_valid_color(ok), "{ok}");
        }
        for bad in [
            "fff", "#ffff", "#gggggg", "#fff;}", "red", "", "#", "#12345",
        ] {
            assert!(!is_valid_color(bad), "{bad}");
        }
    }

    #[test]
    fn css() {
        assert_eq!(custom_css_problem(".card{border:1px solid #000}"), None);
        assert!(custom_css_problem("a{}</style><script>x</script>").is_some());
        assert!(custom_css_problem("a{}</STYLE>").is_some());
        assert!(custom_css_problem("a{}\u{0}").is_some());
        assert!(custom_css_problem(&"a".repeat(MAX_CUSTOM_CSS_LEN + 1)).is_some());
    }

    #[test]
    fn data_logos() {
        assert!(is_valid_data_logo("data:image/png;base64,iVBORw0KGgo="));
        assert!(is_valid_data_logo("data:image/svg+xml;base64,PHN2Zz4="));
        assert!(!is_valid_data_logo("data:text/html;base64,PHN2Zz4="));
        assert!(!is_valid_data_logo("data:image/svg+xml,<svg onload=x>"));
        assert!(!is_valid_data_logo("data:image/png;base64,"));
        assert!(!is_valid_data_logo("data:image/png;base64,a\"b"));
    }
}
