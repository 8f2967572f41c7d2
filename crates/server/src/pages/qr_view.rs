//! The view of the QR login page (`templates/qr_login.html`): the code as inline SVG, its
//! states (shown by the page's script), and the completion form the script posts.

use crate::web::branding::Branding;
use crate::web::escape::{QrSvg, Static};
use crate::web::i18n::Catalogue;
use crate::web::layout::{Layout, render};
use askama::Template;

/// The QR login page's script.
const QR_JS: Static = Static::new(include_str!("assets/qrcode.js"));

/// What the QR login page shows.
#[derive(Debug)]
pub struct QrLoginView<'a> {
    /// The application's branding.
    pub brand: &'a Branding,
    /// The application's display name.
    pub app_name: &'a str,
    /// The code id.
    pub qrcode_id: &'a str,
    /// The code's image.
    pub svg: &'a QrSvg,
    /// The CSRF token of the completion form.
    pub csrf: &'a str,
    /// This page's address (retry target of a failed completion).
    pub retry_href: &'a str,
    /// The same page in the other language.
    pub switch_href: &'a str,
}

#[derive(Debug, Template)]
#[template(path = "qr_login.html")]
struct QrLoginPage<'a> {
    l: Layout<'a>,
    c: &'a Catalogue,
    heading: String,
    qrcode_id: &'a str,
    svg: &'a QrSvg,
    scanned_before: &'a str,
    scanned_after: &'a str,
    csrf: &'a str,
    retry_href: &'a str,
}

/// The QR login page; `None` (logged) when it cannot be rendered.
pub fn qr_login(c: &'static Catalogue, nonce: &str, v: &QrLoginView<'_>) -> Option<String> {
    let (before, after) = c
        .qr_scanned
        .split_once("{name}")
        .unwrap_or((c.qr_scanned, ""));
    let mut l = Layout::new(c, nonce, v.brand, c.qr_title).switch(c, v.switch_href.to_string());
    l.script = Some(QR_JS);
    render(&QrLoginPage {
        l,
        c,
        heading: c.qr_heading.replace("{app}", v.app_name),
        qrcode_id: v.qrcode_id,
        svg: v.svg,
        scanned_before: before,
        scanned_after: after,
        csrf: v.csrf,
        retry_href: v.retry_href,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::EN_US;

    #[test]
    fn escapes_everything_interpolated() {
        let svg = QrSvg::of("x", EN_US.qr_image_label).unwrap();
        let html = qr_login(
            &EN_US,
            "n0nce",
            &QrLoginView {
                brand: &Branding::default(),
                app_name: "<script>alert(1)</script>",
                qrcode_id: "id\"><x",
                svg: &svg,
                csrf: "t'k",
                retry_href: "/login/qrcode?app_id=a&state=<b>",
                switch_href: "/login/qrcode?lang=zh-CN",
            },
        )
        .unwrap();
        assert!(!html.contains("<script>alert"));
        assert!(html.contains("Sign in to &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("data-qrcode-id=\"id&quot;&gt;&lt;x\""));
        assert!(html.contains("value=\"t&#39;k\""));
        assert!(html.contains("state=&lt;b&gt;"));
        assert!(!html.contains("<?xml"));
        assert!(
            html.contains("<svg role=\"img\" aria-label=\"QR code to scan with the app\" xmlns=")
        );
        assert!(html.contains("<script nonce=\"n0nce\">"));
        assert!(html.contains("<style nonce=\"n0nce\">"));
        assert!(
            !html.contains(" style="),
            "no inline style attributes (CSP)"
        );
        assert!(!html.contains(" onclick="), "no inline handlers (CSP)");
    }
}
