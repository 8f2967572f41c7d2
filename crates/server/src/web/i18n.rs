//! The hosted pages' language and message catalogue (English and Simplified Chinese).
//!
//! The language is the `lang` query parameter (`en-US`, `zh-CN`, or just `en` / `zh`) when it
//! names one of the two, else the first of them `Accept-Language` prefers, else English.

use authgate_core::lang::Lang;

/// Every text of the hosted pages, in one language. `{app}` and `{name}` are placeholders
/// filled (escaped) by the templates.
#[derive(Debug)]
pub struct Catalogue {
    /// The `lang` attribute and the `lang` query value of this language.
    pub code: &'static str,
    /// Name of the other language, on the switch link.
    pub other_language: &'static str,
    /// Title of the QR login page.
    pub qr_title: &'static str,
    /// Heading, with `{app}`.
    pub qr_heading: &'static str,
    /// Waiting for a scan.
    pub qr_pending: &'static str,
    /// Scanned, with `{name}`.
    pub qr_scanned: &'static str,
    /// Confirmed.
    pub qr_authorized: &'static str,
    /// The manual submit button, should the automatic one not happen.
    pub qr_continue: &'static str,
    /// Cancelled on the phone.
    pub qr_cancelled: &'static str,
    /// Expired.
    pub qr_expired: &'static str,
    /// Unknown or failed code.
    pub qr_error: &'static str,
    /// The refresh button.
    pub qr_refresh: &'static str,
    /// Accessible label of the QR image.
    pub qr_image_label: &'static str,
    /// Shown when scripts are off.
    pub noscript: &'static str,
    /// Title of the error page.
    pub error_title: &'static str,
    /// The retry link.
    pub retry: &'static str,
    /// Error: `app_id` missing.
    pub err_app_missing: &'static str,
    /// Error: no such application.
    pub err_app_unknown: &'static str,
    /// Error: the application has no redirect URI.
    pub err_no_redirect: &'static str,
    /// Error: `redirect_uri` is not registered.
    pub err_redirect_mismatch: &'static str,
    /// Error: a parameter is malformed.
    pub err_bad_request: &'static str,
    /// Error: CSRF token or browser binding missing or wrong.
    pub err_forged: &'static str,
    /// Error: the code is not (or no longer) confirmed.
    pub err_not_confirmed: &'static str,
    /// Error: the account may not sign in.
    pub err_user_unavailable: &'static str,
    /// Error: too many requests.
    pub err_rate_limited: &'static str,
    /// Error: anything else.
    pub err_internal: &'static str,
}

/// English.
pub const EN_US: Catalogue = Catalogue {
    code: "en-US",
    other_language: "中文",
    qr_title: "Sign in with a QR code",
    qr_heading: "Sign in to {app}",
    qr_pending: "Open the app on your phone and scan this code.",
    qr_scanned: "Scanned by {name}. Confirm the sign-in on your phone.",
    qr_authorized: "Confirmed. Signing you in…",
    qr_continue: "Continue",
    qr_cancelled: "The sign-in was cancelled on the phone.",
    qr_expired: "This QR code has expired.",
    qr_error: "This QR code can no longer be used.",
    qr_refresh: "Get a new code",
    qr_image_label: "QR code to scan with the app",
    noscript: "This page needs JavaScript to follow the scan.",
    error_title: "Sign-in failed",
    retry: "Try again",
    err_app_missing: "The sign-in link is incomplete: app_id is missing.",
    err_app_unknown: "The application of this sign-in link does not exist.",
    err_no_redirect: "The application has no registered redirect URI. Ask its administrator to register one.",
    err_redirect_mismatch: "The redirect URI of this sign-in link is not registered for the application.",
    err_bad_request: "The sign-in link is malformed.",
    err_forged: "This sign-in was not started in this browser, or the page is out of date. Start again.",
    err_not_confirmed: "The QR code has not been confirmed on the phone, or was already used.",
    err_user_unavailable: "This account cannot sign in. Contact the administrator.",
    err_rate_limited: "Too many attempts. Wait a minute and try again.",
    err_internal: "Something went wrong on our side. Try again in a moment.",
};

/// Simplified Chinese.
pub const ZH_CN: Catalogue = Catalogue {
    code: "zh-CN",
    other_language: "English",
    qr_title: "扫码登录",
    qr_heading: "登录 {app}",
    qr_pending: "请打开手机 App 扫描二维码。",
    qr_scanned: "{name} 已扫码，请在手机上确认登录。",
    qr_authorized: "已确认，正在登录…",
    qr_continue: "继续",
    qr_cancelled: "已在手机上取消登录。",
    qr_expired: "二维码已过期。",
    qr_error: "二维码已失效。",
    qr_refresh: "刷新二维码",
    qr_image_label: "请用 App 扫描的二维码",
    noscript: "本页面需要启用 JavaScript 才能跟踪扫码状态。",
    error_title: "登录失败",
    retry: "重试",
    err_app_missing: "登录链接不完整：缺少 app_id。",
    err_app_unknown: "登录链接中的应用不存在。",
    err_no_redirect: "该应用没有登记回调地址，请联系应用管理员登记。",
    err_redirect_mismatch: "登录链接中的回调地址未在该应用中登记。",
    err_bad_request: "登录链接格式有误。",
    err_forged: "此次登录不是在本浏览器中发起的，或页面已过期，请重新开始。",
    err_not_confirmed: "二维码尚未在手机上确认，或已被使用。",
    err_user_unavailable: "该账号无法登录，请联系管理员。",
    err_rate_limited: "尝试次数过多，请一分钟后再试。",
    err_internal: "服务器出错了，请稍后再试。",
};

/// The catalogue of `lang`.
pub fn catalogue(lang: Lang) -> &'static Catalogue {
    match lang {
        Lang::EnUs => &EN_US,
        Lang::ZhCn => &ZH_CN,
    }
}

/// The other language (for the switch link).
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::EnUs => Lang::ZhCn,
        Lang::ZhCn => Lang::EnUs,
    }
}

/// One of the two languages by a tag (`en-US`, `en`, `zh-CN`, `zh-Hans`, …; case-insensitive).
fn by_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("zh") {
        Some(Lang::ZhCn)
    } else if primary.eq_ignore_ascii_case("en") {
        Some(Lang::EnUs)
    } else {
        None
    }
}

/// The language preferred by an `Accept-Language` value (RFC 9110 §12.5.4): by weight, ties
/// in order; entries with `q=0` or of other languages are skipped.
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(u16, Lang)> = None;
    for entry in header.split(',') {
        let mut parts = entry.split(';');
        let tag = parts.next().unwrap_or_default();
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), parse_weight);
        let (Some(lang), Some(w)) = (by_tag(tag), weight) else {
            continue;
        };
        if w > 0 && best.is_none_or(|(b, _)| w > b) {
            best = Some((w, lang));
        }
    }
    best.map(|(_, l)| l)
}

/// A `q` value in thousandths (`0.8` → 800); `None` when malformed.
fn parse_weight(q: &str) -> Option<u16> {
    let v: f32 = q.trim().parse().ok()?;
    (0.0..=1.0)
        .contains(&v)
        // In range 0..=1000 by the check above.
        .then(|| (v * 1000.0).round() as u16)
}

/// The page language: the `lang` parameter when it names a supported language, else
/// `Accept-Language`, else English.
pub fn negotiate(lang_param: Option<&str>, accept_language: Option<&str>) -> Lang {
    lang_param
        .and_then(by_tag)
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or(Lang::EnUs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_then_header_then_english() {
        assert_eq!(negotiate(Some("zh-CN"), Some("en")), Lang::ZhCn);
        assert_eq!(negotiate(Some("en-US"), Some("zh-CN")), Lang::EnUs);
        assert_eq!(negotiate(Some("fr"), Some("zh-CN,zh;q=0.9")), Lang::ZhCn);
        assert_eq!(
            negotiate(None, Some("fr-FR, en;q=0.5, zh;q=0.7")),
            Lang::ZhCn
        );
        assert_eq!(negotiate(None, Some("zh;q=0, en-GB")), Lang::EnUs);
        assert_eq!(negotiate(None, Some("de, fr;q=0.9")), Lang::EnUs);
        assert_eq!(negotiate(None, Some("zh;q=abc")), Lang::EnUs);
        assert_eq!(negotiate(None, None), Lang::EnUs);
    }

    #[test]
    fn catalogues_are_complete_and_distinct() {
        for lang in [Lang::EnUs, Lang::ZhCn] {
            let c = catalogue(lang);
            assert!(c.qr_heading.contains("{app}"));
            assert!(c.qr_scanned.contains("{name}"));
            assert_eq!(by_tag(c.code), Some(lang));
            assert_ne!(catalogue(other(lang)).code, c.code);
            assert_eq!(other(other(lang)), lang);
        }
        assert_ne!(EN_US.qr_expired, ZH_CN.qr_expired);
    }
}
