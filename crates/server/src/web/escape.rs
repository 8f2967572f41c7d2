//! How the page templates write values: every interpolated value is HTML-escaped by
//! [`Html`] (askama's auto-escaping, configured in `askama.toml`), and the only unescaped
//! output is the `.html()` of one of the kinds below ([`Static`], [`StyleText`],
//! [`JsonScript`], [`QrSvg`]), each safe by how it is made (their constructors are the only
//! way in) — never a string taken from a request or the database as it is.

use askama::filters::{Escaper, Safe};
use std::fmt::{self, Write};

/// The HTML escaper of the templates: `&`, `<`, `>`, `"` and `'` as `&amp;` `&lt;` `&gt;`
/// `&quot;` `&#39;` — safe in text and in double- or single-quoted attribute values.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Escaper for Html {
    fn write_escaped_str<W: Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        let mut last = 0;
        for (i, b) in string.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            dest.write_str(&string[last..i])?;
            dest.write_str(entity)?;
            last = i + 1;
        }
        dest.write_str(&string[last..])
    }
}

/// A script or stylesheet compiled into the server (`include_str!` or a literal): the only
/// way to make one is from a `&'static str`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Static(&'static str);

impl Static {
    /// The built-in text `s`.
    pub const fn new(s: &'static str) -> Self {
        Self(s)
    }
}

impl Static {
    /// The text, marked for the templates as needing no escaping.
    pub fn html(&self) -> Safe<&str> {
        Safe(self.0)
    }
}

/// The text of a `<style>` element from an administrator: CSS that cannot end its element
/// (no `</` and no `<!--`, so the HTML parser sees it as one raw text). Entities are not
/// decoded inside `<style>`, so it cannot be escaped — only refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleText(String);

impl StyleText {
    /// `css` when it cannot leave its element.
    pub fn checked(css: &str) -> Option<Self> {
        (!css.contains("</") && !css.contains("<!--")).then(|| Self(css.to_string()))
    }

    /// The CSS.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl StyleText {
    /// The text, marked for the templates as needing no escaping.
    pub fn html(&self) -> Safe<&str> {
        Safe(&self.0)
    }
}

/// A JSON document written into a `<script type="application/json">` element: `<`, `>`,
/// `&`, U+2028 and U+2029 are written as `\uXXXX` escapes, so no `</script>`, `<!--` or
/// entity can appear and the text stays the same JSON for `JSON.parse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonScript(String);

impl JsonScript {
    /// `value` serialized for a script element.
    pub fn of(value: &serde_json::Value) -> Self {
        let raw = value.to_string();
        let mut out = String::with_capacity(raw.len() + 16);
        for c in raw.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                _ => out.push(c),
            }
        }
        Self(out)
    }
}

impl JsonScript {
    /// The text, marked for the templates as needing no escaping.
    pub fn html(&self) -> Safe<&str> {
        Safe(&self.0)
    }
}

/// A QR code as inline SVG, rendered by the server from the code's content, without its XML
/// declaration and labelled for assistive technology (the label escaped by [`Html`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg(String);

impl QrSvg {
    /// The QR code of `content`, labelled `label`.
    pub fn of(content: &str, label: &str) -> Result<Self, crate::qr::image::ImageError> {
        let svg = crate::qr::image::svg(content)?;
        let start = svg.find("<svg").unwrap_or(0);
        let mut attrs = String::from("<svg role=\"img\" aria-label=\"");
        // Writing into a String cannot fail.
        let _ = Html.write_escaped_str(&mut attrs, label);
        attrs.push('"');
        Ok(Self(svg[start..].replacen("<svg", &attrs, 1)))
    }
}

impl QrSvg {
    /// The text, marked for the templates as needing no escaping.
    pub fn html(&self) -> Safe<&str> {
        Safe(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        Html.write_escaped_str(&mut out, s).unwrap();
        out
    }

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escaped(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escaped("中文 plain"), "中文 plain");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn qr_svg_is_inline_and_labelled() {
        let svg = QrSvg::of("https://example/qr?id=1", "scan \"me\" <now>").unwrap();
        let text = svg.html().0;
        assert!(
            text.starts_with("<svg role=\"img\" aria-label=\"scan &quot;me&quot; &lt;now&gt;\" "),
            "{text}"
        );
        assert!(!text.contains("<?xml") && text.ends_with("</svg>"));
    }

    #[test]
    fn style_text_cannot_end_its_element() {
        assert!(StyleText::checked(".a > .b { color: red }").is_some());
        assert!(StyleText::checked("a{}</style><script>x()</script>").is_none());
        assert!(StyleText::checked("a{}</STYLE>").is_none());
        assert!(StyleText::checked("<!-- a{}").is_none());
    }

    #[test]
    fn json_script_cannot_end_its_element() {
        let v = serde_json::json!({"s": "</script><script>alert(1)</script>&\u{2028}\u{2029}<!--"});
        let j = JsonScript::of(&v);
        let text = j.html().0;
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}') && !text.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, v);
    }
}
