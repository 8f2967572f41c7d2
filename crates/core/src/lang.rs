//! Languages of API messages (`x-authing-lang`).

/// A language the message catalogue is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    EnUs,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Picks the language from an `x-authing-lang` header value; anything unknown is English.
    pub fn from_header(value: Option<&str>) -> Self {
        match value.map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("zh-CN") || v.eq_ignore_ascii_case("zh") => {
                Lang::ZhCn
            }
            _ => Lang::EnUs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_selects_language() {
        assert_eq!(Lang::from_header(Some("zh-CN")), Lang::ZhCn);
        assert_eq!(Lang::from_header(Some("en-US")), Lang::EnUs);
        assert_eq!(Lang::from_header(Some("")), Lang::EnUs);
        assert_eq!(Lang::from_header(None), Lang::EnUs);
    }
}
