//! Texts of the hosted login, sign-up and forgot-password pages (English and Simplified
//! Chinese); the shared ones (errors, language switch) are in [`crate::web::i18n`].

use authgate_core::lang::Lang;

/// The login pages' texts in one language. `{app}` is filled (escaped) by the templates.
#[derive(Debug)]
pub struct LoginTexts {
    /// Title of the login page.
    pub login_title: &'static str,
    /// Heading, with `{app}`.
    pub login_heading: &'static str,
    /// Password tab.
    pub tab_password: &'static str,
    /// Code tab.
    pub tab_code: &'static str,
    /// QR-code tab.
    pub tab_qrcode: &'static str,
    /// Account field (password tab).
    pub account: &'static str,
    /// Password field.
    pub password: &'static str,
    /// New-password field.
    pub new_password: &'static str,
    /// Email-or-phone field (code tab, forgot password).
    pub address: &'static str,
    /// Email field.
    pub email: &'static str,
    /// Phone field.
    pub phone: &'static str,
    /// Code field.
    pub code: &'static str,
    /// Send-code button.
    pub send_code: &'static str,
    /// Notice after a code was sent.
    pub code_sent: &'static str,
    /// Sign-in button.
    pub submit_login: &'static str,
    /// Link to the QR page.
    pub qr_link: &'static str,
    /// Text of the QR tab.
    pub qr_hint: &'static str,
    /// Link to the sign-up page.
    pub signup_link: &'static str,
    /// Link to the forgot-password page.
    pub forgot_link: &'static str,
    /// Link back to the login page.
    pub back_to_login: &'static str,
    /// Title of the sign-up page.
    pub signup_title: &'static str,
    /// Heading, with `{app}`.
    pub signup_heading: &'static str,
    /// Sign-up tab: email and password.
    pub signup_email_password: &'static str,
    /// Sign-up tab: email code.
    pub signup_email_code: &'static str,
    /// Sign-up tab: SMS code.
    pub signup_phone_code: &'static str,
    /// Sign-up button.
    pub submit_signup: &'static str,
    /// Title of the forgot-password page.
    pub forgot_title: &'static str,
    /// Explanation of the forgot-password page.
    pub forgot_intro: &'static str,
    /// The forgot-password page when no code can be delivered.
    pub forgot_unavailable: &'static str,
    /// Reset button.
    pub submit_reset: &'static str,
    /// Notice on the login page after a reset.
    pub password_reset: &'static str,
    /// Title of the signed-in page.
    pub signed_in_title: &'static str,
    /// Text of the signed-in page.
    pub signed_in: &'static str,
    /// A method the application does not enable.
    pub method_disabled: &'static str,
    /// Sign-up is not enabled.
    pub signup_disabled: &'static str,
    /// `next` is not a local address of this server.
    pub err_next: &'static str,
}

/// English.
pub const EN_US: LoginTexts = LoginTexts {
    login_title: "Sign in",
    login_heading: "Sign in to {app}",
    tab_password: "Password",
    tab_code: "Email / SMS code",
    tab_qrcode: "QR code",
    account: "Email, phone or username",
    password: "Password",
    new_password: "New password",
    address: "Email or phone",
    email: "Email",
    phone: "Phone",
    code: "Verification code",
    send_code: "Send code",
    code_sent: "A code has been sent. It is valid for a few minutes.",
    submit_login: "Sign in",
    qr_link: "Show the QR code",
    qr_hint: "Scan a QR code with the app on your phone.",
    signup_link: "Create an account",
    forgot_link: "Forgot password?",
    back_to_login: "Back to sign in",
    signup_title: "Create an account",
    signup_heading: "Create an account for {app}",
    signup_email_password: "Email and password",
    signup_email_code: "Email code",
    signup_phone_code: "SMS code",
    submit_signup: "Sign up",
    forgot_title: "Reset your password",
    forgot_intro: "We send a code to the email or phone of your account; enter it with your new password.",
    forgot_unavailable: "Resetting a password here is not available: this server sends no codes. Ask your administrator.",
    submit_reset: "Set new password",
    password_reset: "Your password has been changed. Sign in with the new one.",
    signed_in_title: "Signed in",
    signed_in: "You are signed in. You can close this page.",
    method_disabled: "This method is not enabled for this application.",
    signup_disabled: "This application does not accept sign-ups.",
    err_next: "The sign-in link is malformed: its return address is not allowed.",
};

/// Simplified Chinese.
pub const ZH_CN: LoginTexts = LoginTexts {
    login_title: "登录",
    login_heading: "登录 {app}",
    tab_password: "密码登录",
    tab_code: "验证码登录",
    tab_qrcode: "扫码登录",
    account: "邮箱、手机号或用户名",
    password: "密码",
    new_password: "新密码",
    address: "邮箱或手机号",
    email: "邮箱",
    phone: "手机号",
    code: "验证码",
    send_code: "发送验证码",
    code_sent: "验证码已发送，几分钟内有效。",
    submit_login: "登录",
    qr_link: "显示二维码",
    qr_hint: "使用手机 App 扫描二维码登录。",
    signup_link: "注册账号",
    forgot_link: "忘记密码？",
    back_to_login: "返回登录",
    signup_title: "注册",
    signup_heading: "注册 {app} 账号",
    signup_email_password: "邮箱密码注册",
    signup_email_code: "邮箱验证码注册",
    signup_phone_code: "手机验证码注册",
    submit_signup: "注册",
    forgot_title: "重置密码",
    forgot_intro: "我们会向账号绑定的邮箱或手机发送验证码，请填写验证码和新密码。",
    forgot_unavailable: "此处无法重置密码：本服务器未配置验证码发送。请联系管理员。",
    submit_reset: "设置新密码",
    password_reset: "密码已修改，请使用新密码登录。",
    signed_in_title: "已登录",
    signed_in: "您已登录，可以关闭此页面。",
    method_disabled: "该应用未启用此方式。",
    signup_disabled: "该应用未开放注册。",
    err_next: "登录链接有误：返回地址不被允许。",
};

/// The texts of `lang`.
pub fn texts(lang: Lang) -> &'static LoginTexts {
    match lang {
        Lang::EnUs => &EN_US,
        Lang::ZhCn => &ZH_CN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_both_languages() {
        for l in [Lang::EnUs, Lang::ZhCn] {
            assert!(texts(l).login_heading.contains("{app}"));
            assert!(texts(l).signup_heading.contains("{app}"));
        }
        assert_ne!(EN_US.submit_login, ZH_CN.submit_login);
    }
}
