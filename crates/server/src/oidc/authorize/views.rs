//! The authorization endpoint's pages: select account, consent, the form-post answer, the
//! signed-out page and error pages; texts in English and Simplified Chinese. Every value is
//! escaped ([`escape`]); the only script is the form-post auto-submit, carrying the nonce.

use crate::pages::branding::Branding;
use crate::pages::i18n::Catalogue;
use crate::pages::response::{self, Page};
use crate::pages::templates::{document, escape};
use authgate_core::lang::Lang;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// The texts of these pages in one language. `{app}` and `{name}` are filled, escaped.
#[derive(Debug)]
pub struct Texts {
    /// Title of the select-account page.
    pub select_title: &'static str,
    /// Its heading, with `{app}`.
    pub select_heading: &'static str,
    /// The continue button, with `{name}`.
    pub select_continue: &'static str,
    /// The other-account button.
    pub select_other: &'static str,
    /// Title of the consent page.
    pub consent_title: &'static str,
    /// Its heading, with `{app}`.
    pub consent_heading: &'static str,
    /// Who is signed in, with `{name}`.
    pub consent_signed_in_as: &'static str,
    /// Before the list of scopes.
    pub consent_asks: &'static str,
    /// The approve button.
    pub consent_allow: &'static str,
    /// The deny button.
    pub consent_deny: &'static str,
    /// Title of the form-post page.
    pub form_post_title: &'static str,
    /// Its button (without scripts).
    pub form_post_continue: &'static str,
    /// Title of the signed-out page.
    pub signed_out_title: &'static str,
    /// Its message.
    pub signed_out: &'static str,
    /// A post-logout redirect URI that is not registered.
    pub err_logout_redirect: &'static str,
    /// The request expired or was used.
    pub err_request_expired: &'static str,
    /// Description of each known scope.
    pub scopes: [(&'static str, &'static str); 7],
}

/// English.
pub const EN_US: Texts = Texts {
    select_title: "Choose an account",
    select_heading: "Continue to {app}",
    select_continue: "Continue as {name}",
    select_other: "Use another account",
    consent_title: "Authorize access",
    consent_heading: "{app} wants to access your account",
    consent_signed_in_as: "Signed in as {name}",
    consent_asks: "It asks to:",
    consent_allow: "Allow",
    consent_deny: "Deny",
    form_post_title: "Signing you in",
    form_post_continue: "Continue",
    signed_out_title: "Signed out",
    signed_out: "You have signed out.",
    err_logout_redirect: "You have signed out, but the address to return to is not registered for the application.",
    err_request_expired: "This sign-in request has expired or was already completed. Go back to the application and start again.",
    scopes: [
        ("openid", "Know who you are"),
        ("profile", "See your profile (name, nickname, picture)"),
        ("email", "See your email address"),
        ("phone", "See your phone number"),
        ("address", "See your address"),
        ("offline_access", "Stay signed in when you are away"),
        ("username", "See your username"),
    ],
};

/// Simplified Chinese.
pub const ZH_CN: Texts = Texts {
    select_title: "选择账号",
    select_heading: "继续前往 {app}",
    select_continue: "以 {name} 的身份继续",
    select_other: "使用其他账号",
    consent_title: "授权访问",
    consent_heading: "{app} 请求访问你的账号",
    consent_signed_in_as: "当前登录：{name}",
    consent_asks: "它请求：",
    consent_allow: "允许",
    consent_deny: "拒绝",
    form_post_title: "正在登录",
    form_post_continue: "继续",
    signed_out_title: "已退出",
    signed_out: "你已退出登录。",
    err_logout_redirect: "你已退出登录，但要返回的地址未在该应用中登记。",
    err_request_expired: "此登录请求已过期或已完成，请返回应用重新开始。",
    scopes: [
        ("openid", "知道你是谁"),
        ("profile", "查看你的资料（姓名、昵称、头像）"),
        ("email", "查看你的邮箱"),
        ("phone", "查看你的手机号"),
        ("address", "查看你的地址"),
        ("offline_access", "在你离开时保持登录"),
        ("username", "查看你的用户名"),
    ],
};

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::EnUs => &EN_US,
        Lang::ZhCn => &ZH_CN,
    }
}

/// These pages' extra styles (the shared sheet hides buttons outside the QR page's states).
const CSS: &str = ".authz .button{display:inline-block;margin:8px 4px 0}\
.authz .secondary{background:#6b7280}.authz ul{text-align:left}";

fn fill(text: &str, placeholder: &str, value: &str) -> String {
    escape(text).replace(placeholder, &escape(value))
}

fn style(nonce: &str) -> String {
    format!("<style nonce=\"{}\">{CSS}</style>", escape(nonce))
}

/// A page answered with the security headers.
pub fn page(status: StatusCode, html: String, nonce: String, cookies: Vec<String>) -> Response {
    Page {
        status,
        html,
        nonce,
        form_targets: Vec::new(),
        img_sources: Vec::new(),
        cookies,
    }
    .into_response()
}

/// What the interaction pages post back.
#[derive(Debug)]
pub struct Interaction<'a> {
    /// The stored request id.
    pub id: &'a str,
    /// The CSRF token.
    pub csrf: &'a str,
    /// The application's name.
    pub app_name: &'a str,
    /// The application's branding.
    pub brand: &'a Branding,
    /// The signed-in user's display name.
    pub user_name: &'a str,
}

fn hidden(v: &Interaction<'_>) -> String {
    format!(
        "<input type=\"hidden\" name=\"id\" value=\"{}\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escape(v.id),
        escape(v.csrf)
    )
}

/// The select-account page.
pub fn select_account(c: &Catalogue, t: &Texts, nonce: &str, v: &Interaction<'_>) -> String {
    let body = format!(
        "{style}<main class=\"card authz\"><h1>{heading}</h1>\
         <form method=\"post\" action=\"{path}\">{hidden}\
         <button type=\"submit\" class=\"button\" name=\"action\" value=\"continue\">{cont}</button>\
         <button type=\"submit\" class=\"button secondary\" name=\"action\" value=\"switch\">{other}</button>\
         </form></main>",
        style = style(nonce),
        heading = fill(t.select_heading, "{app}", v.app_name),
        path = super::CONTINUE_PATH,
        hidden = hidden(v),
        cont = fill(t.select_continue, "{name}", v.user_name),
        other = escape(t.select_other),
    );
    document(c, nonce, v.brand, t.select_title, &body, None, None)
}

/// The consent page listing `scope`.
pub fn consent(c: &Catalogue, t: &Texts, nonce: &str, v: &Interaction<'_>, scope: &str) -> String {
    let items: String = scope
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let text = t.scopes.iter().find(|(k, _)| *k == s).map_or(s, |(_, d)| d);
            format!("<li>{}</li>", escape(text))
        })
        .collect();
    let body = format!(
        "{style}<main class=\"card authz\"><h1>{heading}</h1><p>{who}</p><p>{asks}</p>\
         <ul id=\"scopes\">{items}</ul>\
         <form method=\"post\" action=\"{path}\">{hidden}\
         <button type=\"submit\" class=\"button\" name=\"action\" value=\"approve\">{allow}</button>\
         <button type=\"submit\" class=\"button secondary\" name=\"action\" value=\"deny\">{deny}</button>\
         </form></main>",
        style = style(nonce),
        heading = fill(t.consent_heading, "{app}", v.app_name),
        who = fill(t.consent_signed_in_as, "{name}", v.user_name),
        asks = escape(t.consent_asks),
        path = super::CONTINUE_PATH,
        hidden = hidden(v),
        allow = escape(t.consent_allow),
        deny = escape(t.consent_deny),
    );
    document(c, nonce, v.brand, t.consent_title, &body, None, None)
}

/// The form-post answer: a form to `action` with `pairs`, submitted by a script at once.
pub fn form_post(c: &Catalogue, nonce: &str, action: &str, pairs: &[(&str, String)]) -> String {
    let t = texts(crate::pages::i18n::negotiate(Some(c.code), None));
    let inputs: String = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let body = format!(
        "{style}<main class=\"card authz\"><form id=\"form-post\" method=\"post\" action=\"{action}\">\
         {inputs}<noscript><button type=\"submit\" class=\"button\">{cont}</button></noscript>\
         </form></main>",
        style = style(nonce),
        action = escape(action),
        cont = escape(t.form_post_continue),
    );
    document(
        c,
        nonce,
        &Branding::default(),
        t.form_post_title,
        &body,
        None,
        Some("document.getElementById('form-post').submit();"),
    )
}

/// The signed-out page (`message`: the signed-out text or an error).
pub fn signed_out(c: &Catalogue, t: &Texts, nonce: &str, message: &str, error: bool) -> String {
    let class = if error {
        "card authz error"
    } else {
        "card authz"
    };
    let body = format!(
        "<main class=\"{class}\"><h1>{title}</h1><p>{message}</p></main>",
        title = escape(t.signed_out_title),
        message = escape(message),
    );
    document(
        c,
        nonce,
        &Branding::default(),
        t.signed_out_title,
        &body,
        None,
        None,
    )
}

/// An error page with `message` (never a redirect).
pub fn error_page(c: &Catalogue, status: StatusCode, message: &str) -> Response {
    let Ok(nonce) = response::nonce() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = crate::pages::templates::error(c, &nonce, &Branding::default(), message, None, None);
    page(status, html, nonce, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::i18n::EN_US as C_EN;

    #[test]
    fn pages_escape_and_carry_the_nonce() {
        let v = Interaction {
            id: "i\"d",
            csrf: "c<",
            app_name: "<b>Shop</b>",
            brand: &Branding::default(),
            user_name: "Ann & Bob",
        };
        let html = consent(&C_EN, &EN_US, "n1", &v, "openid weird<scope> email");
        assert!(html.contains("&lt;b&gt;Shop&lt;/b&gt; wants to access your account"));
        assert!(html.contains("Signed in as Ann &amp; Bob"));
        assert!(html.contains("<li>weird&lt;scope&gt;</li>"));
        assert!(html.contains("<li>See your email address</li>"));
        assert!(html.contains("value=\"i&quot;d\"") && html.contains("value=\"c&lt;\""));
        assert!(html.contains("<style nonce=\"n1\">"));
        let html = form_post(
            &C_EN,
            "n2",
            "https://a.example/cb?x=\"",
            &[("code", "a&b".into()), ("state", "<s>".into())],
        );
        assert!(html.contains("action=\"https://a.example/cb?x=&quot;\""));
        assert!(html.contains("name=\"code\" value=\"a&amp;b\""));
        assert!(html.contains("value=\"&lt;s&gt;\""));
        assert!(html.contains("<script nonce=\"n2\">"));
        for t in [&EN_US, &ZH_CN] {
            assert!(t.select_continue.contains("{name}"));
            assert!(t.consent_heading.contains("{app}"));
        }
    }
}
