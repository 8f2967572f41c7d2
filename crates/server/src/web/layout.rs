//! The layout every hosted page shares (`templates/base.html`): language, title, the pages'
//! stylesheet and the application's branding (logo and name above the card, primary colour,
//! custom CSS, footer text), the language switch, and at most one built-in script — inline
//! style and script carrying the response's CSP nonce. Plus the two pages every surface
//! shows: an error and a notice.

use super::branding::Branding;
use super::escape::Static;
use super::i18n::Catalogue;
use super::response::{self, Page};
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The pages' stylesheet.
pub const CSS: Static = Static::new(include_str!("page.css"));

/// A link: where it goes and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `href` (escaped by the template like any value).
    pub href: String,
    /// The text.
    pub label: &'static str,
}

/// What the layout around a page's body needs.
#[derive(Debug)]
pub struct Layout<'a> {
    /// `<html lang>`.
    pub lang: &'static str,
    /// `<title>`.
    pub title: &'a str,
    /// The response's CSP nonce.
    pub nonce: &'a str,
    /// The application's branding ([`Branding::default`] when there is none).
    pub brand: &'a Branding,
    /// The shared stylesheet.
    pub css: Static,
    /// A page's own extra styles.
    pub page_css: Option<Static>,
    /// The same page in the other language.
    pub switch: Option<Link>,
    /// The page's script.
    pub script: Option<Static>,
}

impl<'a> Layout<'a> {
    /// A layout in `c`'s language titled `title`, without switch, script or extra styles.
    pub fn new(c: &Catalogue, nonce: &'a str, brand: &'a Branding, title: &'a str) -> Self {
        Self {
            lang: c.code,
            title,
            nonce,
            brand,
            css: CSS,
            page_css: None,
            switch: None,
            script: None,
        }
    }

    /// This layout with a link to `href`, the same page in the other language.
    pub fn switch(self, c: &Catalogue, href: String) -> Self {
        Self {
            switch: Some(Link {
                href,
                label: c.other_language,
            }),
            ..self
        }
    }
}

/// The error page (`templates/error.html`).
#[derive(Debug, Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// The layout.
    pub l: Layout<'a>,
    /// The heading.
    pub heading: &'a str,
    /// What went wrong, for the visitor.
    pub message: &'a str,
    /// A link to try again.
    pub retry: Option<Link>,
}

/// A notice (`templates/notice.html`): a heading and a paragraph in a card of `class`.
#[derive(Debug, Template)]
#[template(path = "notice.html")]
pub struct NoticePage<'a> {
    /// The layout.
    pub l: Layout<'a>,
    /// The card's classes.
    pub class: &'static str,
    /// The heading.
    pub heading: &'a str,
    /// The text.
    pub message: &'a str,
}

/// `page` rendered, or `None` (logged) when rendering failed.
pub fn render(page: &impl Template) -> Option<String> {
    page.render()
        .map_err(|e| tracing::error!(error = %e, "a page template failed to render"))
        .ok()
}

/// `html` answered as a page with `status`, or a bare 500 when rendering failed.
pub fn respond(
    status: StatusCode,
    html: Option<String>,
    nonce: String,
    brand: &Branding,
) -> Response {
    match html {
        Some(html) => Page {
            status,
            html,
            nonce,
            form_targets: Vec::new(),
            img_sources: brand.img_sources(),
            cookies: Vec::new(),
        }
        .into_response(),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// An error page with `message` in `c`'s language and `brand`, with a retry link when
/// `retry` is given and a language switch when `switch` is. No form, no script.
pub fn error(
    c: &Catalogue,
    brand: &Branding,
    status: StatusCode,
    message: &str,
    retry: Option<String>,
    switch: Option<String>,
) -> Response {
    let Ok(nonce) = response::nonce() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut l = Layout::new(c, &nonce, brand, c.error_title);
    if let Some(href) = switch {
        l = l.switch(c, href);
    }
    let html = render(&ErrorPage {
        l,
        heading: c.error_title,
        message,
        retry: retry.map(|href| Link {
            href,
            label: c.retry,
        }),
    });
    respond(status, html, nonce, brand)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{EN_US, ZH_CN};

    fn page(
        c: &Catalogue,
        brand: &Branding,
        message: &str,
        retry: Option<&str>,
        switch: Option<&str>,
    ) -> String {
        let mut l = Layout::new(c, "n0nce", brand, c.error_title);
        if let Some(s) = switch {
            l = l.switch(c, s.to_string());
        }
        render(&ErrorPage {
            l,
            heading: c.error_title,
            message,
            retry: retry.map(|h| Link {
                href: h.to_string(),
                label: c.retry,
            }),
        })
        .unwrap()
    }

    #[test]
    fn error_page_in_both_languages() {
        let en = page(
            &EN_US,
            &Branding::default(),
            "Bad <thing>",
            Some("/login/qrcode?x=1&y=2"),
            None,
        );
        assert!(
            en.starts_with("<!doctype html>\n<html lang=\"en-US\">"),
            "{en}"
        );
        assert!(en.contains("<p>Bad &lt;thing&gt;</p>"));
        assert!(
            en.contains("<a class=\"button\" href=\"/login/qrcode?x=1&amp;y=2\">Try again</a>")
        );
        assert!(en.contains("<style nonce=\"n0nce\">"));
        assert!(!en.contains("<script") && !en.contains("<footer>") && !en.contains("<header"));
        let zh = page(
            &ZH_CN,
            &Branding::default(),
            "坏了",
            None,
            Some("/login/qrcode?lang=en-US"),
        );
        assert!(
            zh.contains("登录失败")
                && zh.contains("<footer><a href=\"/login/qrcode?lang=en-US\">English</a></footer>")
        );
        assert!(!zh.contains("class=\"button\""));
    }

    #[test]
    fn branding_is_escaped_and_styles_carry_the_nonce() {
        let brand = Branding {
            name: Some("<script>alert(1)</script>".into()),
            logo: Some("https://cdn.example/l.png?a=1&b=\"><img src=x onerror=alert(1)>".into()),
            primary_color: Some("#0a0".into()),
            custom_css: crate::web::escape::StyleText::checked(".card > h1{color:#000}"),
            footer: Some("\"'><img src=x onerror=alert(1)></script>".into()),
        };
        let html = page(&EN_US, &brand, "m", None, Some("/x?lang=zh-CN&a=<b>"));
        assert!(
            html.contains(
                "<span class=\"brand-name\">&lt;script&gt;alert(1)&lt;/script&gt;</span>"
            )
        );
        assert!(html.contains("src=\"https://cdn.example/l.png?a=1&amp;b=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
        assert!(html.contains("<span class=\"footer-text\">&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;</span>"));
        assert!(html.contains("href=\"/x?lang=zh-CN&amp;a=&lt;b&gt;\">中文</a> · <span"));
        assert!(html.contains("<style nonce=\"n0nce\">:root{--primary:#0a0}</style>"));
        assert!(
            html.contains(
                "<style nonce=\"n0nce\" id=\"custom-css\">.card > h1{color:#000}</style>"
            )
        );
        assert!(!html.contains("<script") && !html.contains("<img src=x"));
        assert!(!html.contains(" style="), "no style attributes (CSP)");
    }

    #[test]
    fn templates_never_bypass_the_escaper() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // Unescaped output is only ever the `.html()` of a `web::escape` kind.
            assert!(
                !text.contains("|safe") && !text.contains("| safe"),
                "{}",
                path.display()
            );
            assert!(!text.contains("escape("), "{}", path.display());
        }
    }
}
