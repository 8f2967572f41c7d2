//! The XML form of a validation answer (CAS 2.0 / 3.0 `cas:serviceResponse`), written by a
//! tiny writer that escapes every text it is given.

use authgate_proto::cas::CasServiceResponse;
use serde_json::Value;

/// The CAS namespace.
const NS: &str = "http://www.yale.edu/tp/cas";

/// `s` escaped for XML text and double-quoted attribute values. Characters XML 1.0 cannot
/// carry at all (most C0 controls) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `name` can be written as an element name as it is (attribute names come from the
/// server's own claim list; anything else is skipped rather than escaped).
fn safe_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An element writer.
struct Writer(String);

impl Writer {
    fn open(&mut self, name: &str) {
        self.0.push_str("<cas:");
        self.0.push_str(name);
        self.0.push('>');
    }

    fn close(&mut self, name: &str) {
        self.0.push_str("</cas:");
        self.0.push_str(name);
        self.0.push('>');
    }

    fn text_element(&mut self, name: &str, text: &str) {
        self.open(name);
        self.0.push_str(&escape(text));
        self.close(name);
    }

    /// An attribute: scalars as text, objects as nested elements, arrays as repeated
    /// elements, `null` omitted.
    fn value(&mut self, name: &str, value: &Value) {
        if !safe_name(name) {
            return;
        }
        match value {
            Value::Null => {}
            Value::String(s) => self.text_element(name, s),
            Value::Bool(b) => self.text_element(name, if *b { "true" } else { "false" }),
            Value::Number(n) => self.text_element(name, &n.to_string()),
            Value::Array(items) => items.iter().for_each(|v| self.value(name, v)),
            Value::Object(map) => {
                self.open(name);
                for (k, v) in map {
                    self.value(k, v);
                }
                self.close(name);
            }
        }
    }
}

/// The XML document of `response`.
pub fn render(response: &CasServiceResponse) -> String {
    let mut w = Writer(format!("<cas:serviceResponse xmlns:cas=\"{NS}\">"));
    let outcome = &response.service_response;
    if let Some(ok) = &outcome.authentication_success {
        w.open("authenticationSuccess");
        w.text_element("user", &ok.user);
        if let Ok(Value::Object(attrs)) = serde_json::to_value(&ok.attributes) {
            w.open("attributes");
            for (k, v) in &attrs {
                w.value(k, v);
            }
            w.close("attributes");
        }
        w.close("authenticationSuccess");
    } else if let Some(fail) = &outcome.authentication_failure {
        w.0.push_str(&format!(
            "<cas:authenticationFailure code=\"{}\">",
            escape(&fail.code)
        ));
        w.0.push_str(&escape(&fail.description));
        w.close("authenticationFailure");
    }
    w.close("serviceResponse");
    w.0.push('\n');
    w.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_proto::cas::CasAttributes;
    use serde_json::json;

    #[test]
    fn escapes_text_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1}\n"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;\n"
        );
    }

    #[test]
    fn success_and_failure_documents() {
        let attrs: CasAttributes = serde_json::from_value(json!({
            "sub": "u1", "name": "<Ada & \"Bob\">", "email_verified": true, "updated_at": "1970-01-01T00:00:07.000Z",
            "address": {"country": "FR"}, "bad name": "x", "list": ["a", "b"], "gone": null
        }))
        .unwrap();
        let xml = render(&CasServiceResponse::success("ada<".into(), attrs));
        assert!(xml.starts_with(
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\"><cas:authenticationSuccess><cas:user>ada&lt;</cas:user><cas:attributes>"
        ));
        assert!(xml.contains("<cas:name>&lt;Ada &amp; &quot;Bob&quot;&gt;</cas:name>"));
        assert!(xml.contains("<cas:email_verified>true</cas:email_verified>"));
        assert!(xml.contains("<cas:updated_at>1970-01-01T00:00:07.000Z</cas:updated_at>"));
        assert!(xml.contains("<cas:address><cas:country>FR</cas:country></cas:address>"));
        assert!(xml.contains("<cas:list>a</cas:list><cas:list>b</cas:list>"));
        assert!(!xml.contains("bad name") && !xml.contains("gone"));
        assert!(
            xml.ends_with("</cas:attributes></cas:authenticationSuccess></cas:serviceResponse>\n")
        );

        let xml = render(&CasServiceResponse::failure(
            "INVALID_TICKET",
            "ticket <x> used",
        ));
        assert_eq!(
            xml,
            "<cas:serviceResponse xmlns:cas=\"http://www.yale.edu/tp/cas\">\
             <cas:authenticationFailure code=\"INVALID_TICKET\">ticket &lt;x&gt; used\
             </cas:authenticationFailure></cas:serviceResponse>\n"
        );
    }
}
