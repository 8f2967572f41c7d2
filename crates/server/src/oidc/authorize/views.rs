//! The authorization endpoint's pages: select account, consent, the form-post answer, the
//! signed-out page and error pages; texts in English and Simplified Chinese. Rendered from
//! `templates/authorize_*.html`, `form_post.html` and the shared layout, which escape every
//! value; the only script is the form-post auto-submit, carrying the nonce.

use crate::web::branding::Branding;
use crate::web::escape::Static;
use crate::web::i18n::{self, Catalogue};
use crate::web::layout::{self, Layout, NoticePage, render};
use crate::web::response::Page;
use askama::Template;
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
const CSS: Static = Static::new(
    ".authz .button{display:inline-block;margin:8px 4px 0}\
.authz .secondary{background:#6b7280}.authz ul{text-align:left}",
);

/// The form-post page's script.
const FORM_POST_JS: Static = Static::new("document.getElementById('form-post').submit();");

/// A page answered with the security headers; a bare 500 when it could not be rendered.
pub fn page(
    status: StatusCode,
    html: Option<String>,
    nonce: String,
    cookies: Vec<String>,
) -> Response {
    let Some(html) = html else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
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

/// The layout of these pages.
fn authz_layout<'a>(
    c: &Catalogue,
    nonce: &'a str,
    brand: &'a Branding,
    title: &'a str,
) -> Layout<'a> {
    Layout {
        page_css: Some(CSS),
        ..Layout::new(c, nonce, brand, title)
    }
}

#[derive(Debug, Template)]
#[template(path = "authorize_select.html")]
struct SelectPage<'a> {
    l: Layout<'a>,
    t: &'a Texts,
    v: &'a Interaction<'a>,
    action: &'static str,
    heading: String,
    continue_as: String,
}

/// The select-account page.
pub fn select_account(
    c: &Catalogue,
    t: &Texts,
    nonce: &str,
    v: &Interaction<'_>,
) -> Option<String> {
    render(&SelectPage {
        l: authz_layout(c, nonce, v.brand, t.select_title),
        t,
        v,
        action: super::CONTINUE_PATH,
        heading: t.select_heading.replace("{app}", v.app_name),
        continue_as: t.select_continue.replace("{name}", v.user_name),
    })
}

#[derive(Debug, Template)]
#[template(path = "authorize_consent.html")]
struct ConsentPage<'a> {
    l: Layout<'a>,
    t: &'a Texts,
    v: &'a Interaction<'a>,
    action: &'static str,
    heading: String,
    signed_in_as: String,
    scopes: Vec<&'a str>,
}

/// The consent page listing `scope`.
pub fn consent(
    c: &Catalogue,
    t: &Texts,
    nonce: &str,
    v: &Interaction<'_>,
    scope: &str,
) -> Option<String> {
    let scopes = scope
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| {
            t.scopes
                .iter()
                .find(|(k, _)| *k == s)
                .map_or(s, |(_, d)| *d)
        })
        .collect();
    render(&ConsentPage {
        l: authz_layout(c, nonce, v.brand, t.consent_title),
        t,
        v,
        action: super::CONTINUE_PATH,
        heading: t.consent_heading.replace("{app}", v.app_name),
        signed_in_as: t.consent_signed_in_as.replace("{name}", v.user_name),
        scopes,
    })
}

#[derive(Debug, Template)]
#[template(path = "form_post.html")]
struct FormPostPage<'a> {
    l: Layout<'a>,
    action: &'a str,
    pairs: &'a [(&'a str, String)],
    continue_label: &'static str,
}

/// The form-post answer: a form to `action` with `pairs`, submitted by a script at once.
pub fn form_post(
    c: &Catalogue,
    nonce: &str,
    action: &str,
    pairs: &[(&str, String)],
) -> Option<String> {
    let t = texts(i18n::negotiate(Some(c.code), None));
    let brand = Branding::default();
    let mut l = authz_layout(c, nonce, &brand, t.form_post_title);
    l.script = Some(FORM_POST_JS);
    render(&FormPostPage {
        l,
        action,
        pairs,
        continue_label: t.form_post_continue,
    })
}

/// The signed-out page (`message`: the signed-out text or an error).
pub fn signed_out(
    c: &Catalogue,
    t: &Texts,
    nonce: &str,
    message: &str,
    error: bool,
) -> Option<String> {
    let brand = Branding::default();
    render(&NoticePage {
        l: Layout::new(c, nonce, &brand, t.signed_out_title),
        class: if error {
            "card authz error"
        } else {
            "card authz"
        },
        heading: t.signed_out_title,
        message,
    })
}

/// An error page with `message` (never a redirect).
pub fn error_page(c: &Catalogue, status: StatusCode, message: &str) -> Response {
    layout::error(c, &Branding::default(), status, message, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::EN_US as C_EN;

    #[test]
    fn pages_escape_and_carry_the_nonce() {
        let v = Interaction {
            id: "i\"d",
            csrf: "c<",
            app_name: "<b>Shop</b>",
            brand: &Branding::default(),
            user_name: "Ann & Bob",
        };
        let html = consent(&C_EN, &EN_US, "n1", &v, "openid weird<scope> email").unwrap();
        assert!(html.contains("&lt;b&gt;Shop&lt;/b&gt; wants to access your account"));
        assert!(html.contains("Signed in as Ann &amp; Bob"));
        assert!(html.contains("<li>weird&lt;scope&gt;</li>"));
        assert!(html.contains("<li>See your email address</li>"));
        assert!(html.contains("value=\"i&quot;d\"") && html.contains("value=\"c&lt;\""));
        assert!(html.contains("<style nonce=\"n1\">"));
        let html = select_account(&C_EN, &EN_US, "n1", &v).unwrap();
        assert!(html.contains("<h1>Continue to &lt;b&gt;Shop&lt;/b&gt;</h1>"));
        assert!(html.contains(">Continue as Ann &amp; Bob</button>"));
        let html = form_post(
            &C_EN,
            "n2",
            "https://a.example/cb?x=\"",
            &[("code", "a&b".into()), ("state", "<s>".into())],
        )
        .unwrap();
        assert!(html.contains("action=\"https://a.example/cb?x=&quot;\""));
        assert!(html.contains("name=\"code\" value=\"a&amp;b\""));
        assert!(html.contains("value=\"&lt;s&gt;\""));
        assert!(html.contains(
            "<script nonce=\"n2\">document.getElementById('form-post').submit();</script>"
        ));
        let html = signed_out(&C_EN, &EN_US, "n3", "<gone>", true).unwrap();
        assert!(html.contains(
            "<main class=\"card authz error\"><h1>Signed out</h1><p>&lt;gone&gt;</p></main>"
        ));
        for t in [&EN_US, &ZH_CN] {
            assert!(t.select_continue.contains("{name}"));
            assert!(t.consent_heading.contains("{app}"));
        }
    }
}
