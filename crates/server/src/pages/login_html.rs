//! The HTML of the hosted login, sign-up and forgot-password pages (see [`super::templates`]
//! for the document and the escaping rules: every interpolated value is escaped). No script:
//! tabs are links, the code is sent by a second submit button of the same form.

use super::branding::Branding;
use super::i18n::Catalogue;
use super::login_text::LoginTexts;
use super::templates::{document, escape};

/// What every form of the pages carries besides its own fields.
#[derive(Debug)]
pub struct Hidden<'a> {
    /// The CSRF token.
    pub csrf: &'a str,
    /// `(name, value)` pairs: `app_id`, `next`, `lang`, the tab or method.
    pub fields: Vec<(&'a str, String)>,
}

impl Hidden<'_> {
    fn html(&self) -> String {
        let mut out = format!(
            "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
            escape(self.csrf)
        );
        for (name, value) in &self.fields {
            out.push_str(&format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(name),
                escape(value)
            ));
        }
        out
    }
}

/// The frame of a page: heading, tabs, messages, the form, links.
#[derive(Debug)]
pub struct Frame<'a> {
    /// The application's branding.
    pub brand: &'a Branding,
    /// Document title.
    pub title: &'a str,
    /// Heading (already filled, unescaped).
    pub heading: String,
    /// Tabs: (label, href, current).
    pub tabs: Vec<(&'a str, String, bool)>,
    /// An error to show.
    pub error: Option<&'a str>,
    /// A notice to show.
    pub notice: Option<&'a str>,
    /// Links under the form: (label, href).
    pub links: Vec<(&'a str, String)>,
    /// The same page in the other language.
    pub switch_href: &'a str,
}

/// One input of a form.
#[derive(Debug)]
pub struct Field<'a> {
    /// `name`.
    pub name: &'a str,
    /// Label.
    pub label: &'a str,
    /// `type`.
    pub kind: &'a str,
    /// Pre-filled value.
    pub value: &'a str,
    /// `autocomplete`.
    pub autocomplete: &'a str,
}

/// A form: where it posts, its inputs, its buttons (label, `formaction` override).
#[derive(Debug)]
pub struct Form<'a> {
    /// `action`.
    pub action: &'a str,
    /// Hidden fields.
    pub hidden: Hidden<'a>,
    /// Visible inputs.
    pub fields: Vec<Field<'a>>,
    /// A secondary "send code" button posting to this address, if any.
    pub send_code: Option<(&'a str, &'a str)>,
    /// The submit button's label.
    pub submit: &'a str,
}

fn form_html(f: &Form<'_>) -> String {
    let mut out = format!(
        "<form method=\"post\" action=\"{}\">{}",
        escape(f.action),
        f.hidden.html()
    );
    for field in &f.fields {
        out.push_str(&format!(
            "<label for=\"f-{name}\">{label}</label><input id=\"f-{name}\" name=\"{name}\" \
             type=\"{kind}\" value=\"{value}\" autocomplete=\"{auto}\">",
            name = escape(field.name),
            label = escape(field.label),
            kind = escape(field.kind),
            value = escape(field.value),
            auto = escape(field.autocomplete),
        ));
    }
    if let Some((label, action)) = f.send_code {
        out.push_str(&format!(
            "<button type=\"submit\" class=\"button secondary\" formaction=\"{}\" \
             name=\"send\" value=\"1\">{}</button>",
            escape(action),
            escape(label)
        ));
    }
    out.push_str(&format!(
        "<button type=\"submit\" class=\"button\">{}</button></form>",
        escape(f.submit)
    ));
    out
}

/// A page of the login family with `content` (a form, or a paragraph) inside its frame.
pub fn page(c: &Catalogue, nonce: &str, frame: &Frame<'_>, content: &str) -> String {
    let mut body = format!(
        "<main class=\"card login\"><h1>{}</h1>",
        escape(&frame.heading)
    );
    if frame.tabs.len() > 1 {
        body.push_str("<nav class=\"tabs\">");
        for (label, href, current) in &frame.tabs {
            let cur = if *current {
                " aria-current=\"page\""
            } else {
                ""
            };
            body.push_str(&format!(
                "<a href=\"{}\"{cur}>{}</a>",
                escape(href),
                escape(label)
            ));
        }
        body.push_str("</nav>");
    }
    if let Some(e) = frame.error {
        body.push_str(&format!(
            "<p class=\"alert\" role=\"alert\">{}</p>",
            escape(e)
        ));
    }
    if let Some(n) = frame.notice {
        body.push_str(&format!(
            "<p class=\"notice\" role=\"status\">{}</p>",
            escape(n)
        ));
    }
    body.push_str(content);
    if !frame.links.is_empty() {
        body.push_str("<p class=\"links\">");
        for (label, href) in &frame.links {
            body.push_str(&format!(
                "<a href=\"{}\">{}</a>",
                escape(href),
                escape(label)
            ));
        }
        body.push_str("</p>");
    }
    body.push_str("</main>");
    document(
        c,
        nonce,
        frame.brand,
        frame.title,
        &body,
        Some(frame.switch_href),
        None,
    )
}

/// A page holding `form`.
pub fn form_page(c: &Catalogue, nonce: &str, frame: &Frame<'_>, form: &Form<'_>) -> String {
    page(c, nonce, frame, &form_html(form))
}

/// The QR tab's content: a text and a link to the QR page.
pub fn qr_tab(t: &LoginTexts, qr_href: &str) -> String {
    format!(
        "<p>{}</p><a class=\"button\" href=\"{}\">{}</a>",
        escape(t.qr_hint),
        escape(qr_href),
        escape(t.qr_link)
    )
}

/// A heading text with `{app}` filled: the result is escaped HTML, so callers unescape
/// nothing and [`page`] escapes the raw one — hence this answers the raw text.
pub fn heading(text: &str, app: &str) -> String {
    text.replace("{app}", app)
}

/// A paragraph (escaped).
pub fn paragraph(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::i18n::EN_US;

    #[test]
    fn everything_is_escaped() {
        let html = form_page(
            &EN_US,
            "n",
            &Frame {
                brand: &Branding::default(),
                title: "T",
                heading: heading("Sign in to {app}", "<b>"),
                tabs: vec![
                    ("A", "/login?x=1&y=\"".into(), true),
                    ("B", "/b".into(), false),
                ],
                error: Some("<e>"),
                notice: None,
                links: vec![("L", "/login/signup?a=<".into())],
                switch_href: "/s",
            },
            &Form {
                action: "/login/password",
                hidden: Hidden {
                    csrf: "c\"",
                    fields: vec![("next", "/oidc/x?a=1&b=\"".into())],
                },
                fields: vec![Field {
                    name: "account",
                    label: "Acc",
                    kind: "text",
                    value: "\"><script>",
                    autocomplete: "username",
                }],
                send_code: Some(("Send", "/login/code/send")),
                submit: "Go",
            },
        );
        assert!(html.contains("Sign in to &lt;b&gt;"));
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("value=\"/oidc/x?a=1&amp;b=&quot;\""));
        assert!(html.contains("&lt;e&gt;"));
        assert!(html.contains("aria-current=\"page\""));
        assert!(!html.contains("<script>"));
        assert!(!html.contains(" style="));
    }
}
