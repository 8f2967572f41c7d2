//! The view of the hosted login, sign-up and forgot-password pages (`templates/login.html`):
//! heading, tabs, messages, one content (a form, the QR tab's link, a paragraph) and links.
//! Every value is escaped by the template. No script: tabs are links, the code is sent by a
//! second submit button of the same form.

use crate::web::branding::Branding;
use crate::web::i18n::Catalogue;
use crate::web::layout::{Layout, Link, render};
use askama::Template;

/// What every form of the pages carries besides its own fields.
#[derive(Debug)]
pub struct Hidden<'a> {
    /// The CSRF token.
    pub csrf: &'a str,
    /// `(name, value)` pairs: `app_id`, `next`, `lang`, the tab or method.
    pub fields: Vec<(&'a str, String)>,
}

/// The frame of a page: heading, tabs, messages, links.
#[derive(Debug)]
pub struct Frame<'a> {
    /// The application's branding.
    pub brand: &'a Branding,
    /// Document title.
    pub title: &'a str,
    /// Heading (placeholders filled; escaped by the template).
    pub heading: String,
    /// Tabs: (label, href, current).
    pub tabs: Vec<(&'a str, String, bool)>,
    /// An error to show.
    pub error: Option<&'a str>,
    /// A notice to show.
    pub notice: Option<&'a str>,
    /// Links under the content: (label, href).
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

/// A form: where it posts, its inputs, its buttons.
#[derive(Debug)]
pub struct Form<'a> {
    /// `action`.
    pub action: &'a str,
    /// Hidden fields.
    pub hidden: Hidden<'a>,
    /// Visible inputs.
    pub fields: Vec<Field<'a>>,
    /// A secondary "send code" button (label, `formaction`), if any.
    pub send_code: Option<(&'a str, &'a str)>,
    /// The submit button's label.
    pub submit: &'a str,
}

/// What a page shows inside its frame.
#[derive(Debug)]
pub enum Content<'a> {
    /// A form.
    Form(Form<'a>),
    /// The QR tab: a text and a link to the QR page.
    QrLink(&'a str, Link),
    /// A paragraph.
    Paragraph(&'a str),
    /// Nothing (the frame's messages say it all).
    Nothing,
}

/// The page (`templates/login.html`).
#[derive(Debug, Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    l: Layout<'a>,
    frame: &'a Frame<'a>,
    content: Content<'a>,
}

/// A page of the login family with `content` inside `frame`; `None` (logged) when it
/// cannot be rendered.
pub fn page(c: &Catalogue, nonce: &str, frame: &Frame<'_>, content: Content<'_>) -> Option<String> {
    render(&LoginPage {
        l: Layout::new(c, nonce, frame.brand, frame.title).switch(c, frame.switch_href.to_string()),
        frame,
        content,
    })
}

/// A heading text with `{app}` filled with `app` (the template escapes the result).
pub fn heading(text: &str, app: &str) -> String {
    text.replace("{app}", app)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::EN_US;

    #[test]
    fn everything_is_escaped() {
        let html = page(
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
            Content::Form(Form {
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
            }),
        )
        .unwrap();
        assert!(html.contains("<h1>Sign in to &lt;b&gt;</h1>"));
        assert!(html.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(html.contains("value=\"/oidc/x?a=1&amp;b=&quot;\""));
        assert!(html.contains("<input type=\"hidden\" name=\"csrf\" value=\"c&quot;\">"));
        assert!(html.contains("<p class=\"alert\" role=\"alert\">&lt;e&gt;</p>"));
        assert!(html.contains(
            "<a href=\"/login?x=1&amp;y=&quot;\" aria-current=\"page\">A</a><a href=\"/b\">B</a>"
        ));
        assert!(
            html.contains(
                "formaction=\"/login/code/send\" name=\"send\" value=\"1\">Send</button>"
            )
        );
        assert!(html.contains("<p class=\"links\"><a href=\"/login/signup?a=&lt;\">L</a></p>"));
        assert!(html.contains("<footer><a href=\"/s\">中文</a></footer>"));
        assert!(!html.contains("<script>"));
        assert!(!html.contains(" style="));
    }

    #[test]
    fn one_tab_shows_no_tab_bar_and_other_contents() {
        let frame = Frame {
            brand: &Branding::default(),
            title: "T",
            heading: "H".into(),
            tabs: vec![("A", "/a".into(), true)],
            error: None,
            notice: Some("N & M"),
            links: Vec::new(),
            switch_href: "/s",
        };
        let qr = Link {
            href: "/login/qrcode?app_id=a&next=%2Flogin".into(),
            label: "Show",
        };
        let html = page(&EN_US, "n", &frame, Content::QrLink("Scan <it>", qr)).unwrap();
        assert!(!html.contains("<nav"));
        assert!(html.contains("<p class=\"notice\" role=\"status\">N &amp; M</p>"));
        assert!(html.contains("<p>Scan &lt;it&gt;</p><a class=\"button\" href=\"/login/qrcode?app_id=a&amp;next=%2Flogin\">Show</a>"));
        let html = page(&EN_US, "n", &frame, Content::Paragraph("P")).unwrap();
        assert!(html.contains("<p>P</p></main>"));
        let html = page(&EN_US, "n", &frame, Content::Nothing).unwrap();
        assert!(html.contains("N &amp; M</p></main>"));
    }
}
