//! The hosted pages' HTML, written by hand (two small pages do not need a template engine).
//! Every interpolated value goes through [`escape`]; the only raw markup inserted is the QR
//! code's SVG, which the server renders itself. Styles and the script are inline, carrying the
//! response's CSP nonce; no attribute holds a style or an event handler.

use super::branding::Branding;
use super::i18n::Catalogue;

/// The pages' stylesheet.
const CSS: &str = include_str!("assets/page.css");
/// The QR login page's script.
const QR_JS: &str = include_str!("assets/qrcode.js");

/// `s` escaped for HTML text and double- or single-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A catalogue text with `{placeholder}` replaced by `value`, both escaped.
fn fill(text: &str, placeholder: &str, value: &str) -> String {
    escape(text).replace(placeholder, &escape(value))
}

/// The document around `body`, branded with `brand` (header, colour, custom CSS, footer).
/// The footer holds the language switch and the configured footer text; there is no footer
/// when neither is given.
pub fn document(
    c: &Catalogue,
    nonce: &str,
    brand: &Branding,
    title: &str,
    body: &str,
    switch_href: Option<&str>,
    script: Option<&str>,
) -> String {
    let styles = brand.styles(nonce);
    let nonce = escape(nonce);
    let mut footer: Vec<String> = Vec::new();
    if let Some(h) = switch_href {
        footer.push(format!(
            "<a href=\"{}\">{}</a>",
            escape(h),
            escape(c.other_language)
        ));
    }
    if let Some(text) = &brand.footer {
        footer.push(format!(
            "<span class=\"footer-text\">{}</span>",
            escape(text)
        ));
    }
    let footer = if footer.is_empty() {
        String::new()
    } else {
        format!("<footer>{}</footer>", footer.join(" · "))
    };
    let script = script.map_or_else(String::new, |js| {
        format!("<script nonce=\"{nonce}\">{js}</script>")
    });
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"referrer\" content=\"no-referrer\"><link rel=\"icon\" href=\"data:,\">\
         <title>{title}</title><style nonce=\"{nonce}\">{CSS}</style>{styles}</head>\
         <body>{header}{body}{footer}{script}</body></html>\n",
        lang = escape(c.code),
        title = escape(title),
        header = brand.header(),
    )
}

/// What the QR login page shows.
#[derive(Debug)]
pub struct QrLoginView<'a> {
    /// The application's branding.
    pub brand: &'a Branding,
    /// The application's display name.
    pub app_name: &'a str,
    /// The code id.
    pub qrcode_id: &'a str,
    /// The code's SVG (rendered by the server).
    pub svg: &'a str,
    /// The CSRF token of the completion form.
    pub csrf: &'a str,
    /// This page's address (retry target of a failed completion).
    pub retry_href: &'a str,
    /// The same page in the other language.
    pub switch_href: &'a str,
}

/// The inline SVG: without its XML declaration, labelled for assistive technology.
fn inline_svg(svg: &str, label: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    svg[start..].replacen(
        "<svg",
        &format!("<svg role=\"img\" aria-label=\"{}\"", escape(label)),
        1,
    )
}

/// The QR login page.
pub fn qr_login(c: &Catalogue, nonce: &str, v: &QrLoginView<'_>) -> String {
    let (before, after) = c
        .qr_scanned
        .split_once("{name}")
        .unwrap_or((c.qr_scanned, ""));
    let id = escape(v.qrcode_id);
    let body = format!(
        "<main class=\"card qr-login\" id=\"qr-login\" data-qrcode-id=\"{id}\" data-status=\"PENDING\">\
         <h1>{heading}</h1>\
         <div class=\"qr\">{svg}</div>\
         <p class=\"state s-pending\">{pending}</p>\
         <p class=\"state s-scanned\">{before}<strong id=\"qr-name\"></strong>{after}</p>\
         <p class=\"state s-authorized\">{authorized}</p>\
         <p class=\"state s-cancelled\">{cancelled}</p>\
         <p class=\"state s-expired\">{expired}</p>\
         <p class=\"state s-error\">{error}</p>\
         <form id=\"qr-complete\" method=\"post\" action=\"/login/qrcode/complete\">\
         <input type=\"hidden\" name=\"qrcodeId\" value=\"{id}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <input type=\"hidden\" name=\"retry\" value=\"{retry}\">\
         <button type=\"submit\" class=\"button continue\">{continue_}</button></form>\
         <button type=\"button\" id=\"qr-refresh\" class=\"button refresh\">{refresh}</button>\
         <noscript><p>{noscript}</p></noscript></main>",
        heading = fill(c.qr_heading, "{app}", v.app_name),
        svg = inline_svg(v.svg, c.qr_image_label),
        pending = escape(c.qr_pending),
        before = escape(before),
        after = escape(after),
        authorized = escape(c.qr_authorized),
        cancelled = escape(c.qr_cancelled),
        expired = escape(c.qr_expired),
        error = escape(c.qr_error),
        csrf = escape(v.csrf),
        retry = escape(v.retry_href),
        continue_ = escape(c.qr_continue),
        refresh = escape(c.qr_refresh),
        noscript = escape(c.noscript),
    );
    document(
        c,
        nonce,
        v.brand,
        c.qr_title,
        &body,
        Some(v.switch_href),
        Some(QR_JS),
    )
}

/// An error page with `message`, a retry link when `retry_href` is given, and a language
/// switch when `switch_href` is.
pub fn error(
    c: &Catalogue,
    nonce: &str,
    brand: &Branding,
    message: &str,
    retry_href: Option<&str>,
    switch_href: Option<&str>,
) -> String {
    let retry = retry_href.map_or_else(String::new, |h| {
        format!(
            "<a class=\"button\" href=\"{}\">{}</a>",
            escape(h),
            escape(c.retry)
        )
    });
    let body = format!(
        "<main class=\"card error\"><h1>{title}</h1><p>{message}</p>{retry}</main>",
        title = escape(c.error_title),
        message = escape(message),
    );
    document(c, nonce, brand, c.error_title, &body, switch_href, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::i18n::{EN_US, ZH_CN};

    #[test]
    fn escapes_everything_interpolated() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let html = qr_login(
            &EN_US,
            "n0nce",
            &QrLoginView {
                brand: &Branding::default(),
                app_name: "<script>alert(1)</script>",
                qrcode_id: "id\"><x",
                svg: "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0\"/></svg>",
                csrf: "t'k",
                retry_href: "/login/qrcode?app_id=a&state=<b>",
                switch_href: "/login/qrcode?lang=zh-CN",
            },
        );
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

    #[test]
    fn error_page_in_both_languages() {
        let en = error(
            &EN_US,
            "n",
            &Branding::default(),
            "Bad <thing>",
            Some("/login/qrcode?x=1&y=2"),
            None,
        );
        assert!(en.contains("<html lang=\"en-US\">"));
        assert!(en.contains("Bad &lt;thing&gt;"));
        assert!(en.contains("href=\"/login/qrcode?x=1&amp;y=2\""));
        assert!(!en.contains("<script"));
        let zh = error(
            &ZH_CN,
            "n",
            &Branding::default(),
            "坏了",
            None,
            Some("/login/qrcode?lang=en-US"),
        );
        assert!(zh.contains("登录失败") && zh.contains("English"));
        assert!(!zh.contains("class=\"button\""));
    }
}
