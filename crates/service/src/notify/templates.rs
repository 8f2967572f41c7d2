//! The texts of verification-code messages: one catalogue of purposes (by channel) and the
//! email (subject + body) and SMS templates built on it, in English and Chinese.
//!
//! Handlers never write these strings; they name the channel and the language.

use authgate_core::lang::Lang;

/// What a code is for, derived from its channel (`CHANNEL_LOGIN` → [`Purpose::Login`], …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `CHANNEL_LOGIN`.
    Login,
    /// `CHANNEL_REGISTER`.
    Register,
    /// `CHANNEL_RESET_PASSWORD`.
    ResetPassword,
    /// `CHANNEL_VERIFY_EMAIL_LINK`.
    VerifyEmail,
    /// `CHANNEL_UPDATE_EMAIL`.
    UpdateEmail,
    /// `CHANNEL_BIND_EMAIL`.
    BindEmail,
    /// `CHANNEL_UNBIND_EMAIL`.
    UnbindEmail,
    /// `CHANNEL_BIND_PHONE`.
    BindPhone,
    /// `CHANNEL_UNBIND_PHONE`.
    UnbindPhone,
    /// `CHANNEL_BIND_MFA`.
    BindMfa,
    /// `CHANNEL_VERIFY_MFA`.
    VerifyMfa,
    /// `CHANNEL_UNBIND_MFA`.
    UnbindMfa,
    /// `CHANNEL_UNLOCK_ACCOUNT`.
    UnlockAccount,
    /// `CHANNEL_COMPLETE_EMAIL`.
    CompleteEmail,
    /// `CHANNEL_COMPLETE_PHONE`.
    CompletePhone,
    /// `CHANNEL_DELETE_ACCOUNT`.
    DeleteAccount,
    /// `CHANNEL_IDENTITY_VERIFICATION`, and any channel without a purpose of its own.
    VerifyIdentity,
}

impl Purpose {
    /// The purpose of a channel name.
    pub fn of_channel(channel: &str) -> Self {
        match channel {
            "CHANNEL_LOGIN" => Purpose::Login,
            "CHANNEL_REGISTER" => Purpose::Register,
            "CHANNEL_RESET_PASSWORD" => Purpose::ResetPassword,
            "CHANNEL_VERIFY_EMAIL_LINK" => Purpose::VerifyEmail,
            "CHANNEL_UPDATE_EMAIL" => Purpose::UpdateEmail,
            "CHANNEL_BIND_EMAIL" => Purpose::BindEmail,
            "CHANNEL_UNBIND_EMAIL" => Purpose::UnbindEmail,
            "CHANNEL_BIND_PHONE" => Purpose::BindPhone,
            "CHANNEL_UNBIND_PHONE" => Purpose::UnbindPhone,
            "CHANNEL_BIND_MFA" => Purpose::BindMfa,
            "CHANNEL_VERIFY_MFA" => Purpose::VerifyMfa,
            "CHANNEL_UNBIND_MFA" => Purpose::UnbindMfa,
            "CHANNEL_UNLOCK_ACCOUNT" => Purpose::UnlockAccount,
            "CHANNEL_COMPLETE_EMAIL" => Purpose::CompleteEmail,
            "CHANNEL_COMPLETE_PHONE" => Purpose::CompletePhone,
            "CHANNEL_DELETE_ACCOUNT" => Purpose::DeleteAccount,
            _ => Purpose::VerifyIdentity,
        }
    }

    /// English, completing "Your code to …".
    fn en(self) -> &'static str {
        match self {
            Purpose::Login => "sign in",
            Purpose::Register => "sign up",
            Purpose::ResetPassword => "reset your password",
            Purpose::VerifyEmail => "verify your email address",
            Purpose::UpdateEmail => "change your email address",
            Purpose::BindEmail => "add this email address to your account",
            Purpose::UnbindEmail => "remove this email address from your account",
            Purpose::BindPhone => "add this phone number to your account",
            Purpose::UnbindPhone => "remove this phone number from your account",
            Purpose::BindMfa => "set up multi-factor authentication",
            Purpose::VerifyMfa => "complete multi-factor authentication",
            Purpose::UnbindMfa => "turn off multi-factor authentication",
            Purpose::UnlockAccount => "unlock your account",
            Purpose::CompleteEmail => "add an email address to your profile",
            Purpose::CompletePhone => "add a phone number to your profile",
            Purpose::DeleteAccount => "delete your account",
            Purpose::VerifyIdentity => "verify your identity",
        }
    }

    /// Chinese, the name of the operation ("登录", …).
    fn zh(self) -> &'static str {
        match self {
            Purpose::Login => "登录",
            Purpose::Register => "注册",
            Purpose::ResetPassword => "重置密码",
            Purpose::VerifyEmail => "验证邮箱",
            Purpose::UpdateEmail => "修改邮箱",
            Purpose::BindEmail => "绑定邮箱",
            Purpose::UnbindEmail => "解绑邮箱",
            Purpose::BindPhone => "绑定手机号",
            Purpose::UnbindPhone => "解绑手机号",
            Purpose::BindMfa => "绑定多因素认证",
            Purpose::VerifyMfa => "多因素认证",
            Purpose::UnbindMfa => "解绑多因素认证",
            Purpose::UnlockAccount => "解锁账号",
            Purpose::CompleteEmail => "补全邮箱",
            Purpose::CompletePhone => "补全手机号",
            Purpose::DeleteAccount => "注销账号",
            Purpose::VerifyIdentity => "身份验证",
        }
    }
}

/// What a message says: the code, what for, and for how long.
#[derive(Clone, Copy)]
pub struct CodeText<'a> {
    /// What the code is for.
    pub purpose: Purpose,
    /// The code.
    pub code: &'a str,
    /// How long it is valid, in seconds (shown rounded up to whole minutes).
    pub ttl_secs: i64,
    /// The language to write in.
    pub lang: Lang,
}

impl std::fmt::Debug for CodeText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeText")
            .field("purpose", &self.purpose)
            .field("code", &"<redacted>")
            .field("ttl_secs", &self.ttl_secs)
            .field("lang", &self.lang)
            .finish()
    }
}

impl CodeText<'_> {
    fn minutes(&self) -> i64 {
        ((self.ttl_secs + 59) / 60).max(1)
    }
}

/// An email's subject and plain-text body.
#[derive(Clone, PartialEq, Eq)]
pub struct EmailText {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// The email carrying a code.
pub fn email(t: &CodeText<'_>) -> EmailText {
    let (code, minutes) = (t.code, t.minutes());
    match t.lang {
        Lang::EnUs => {
            let purpose = t.purpose.en();
            EmailText {
                subject: format!("Your verification code to {purpose}"),
                body: format!(
                    "Hello,\r\n\r\n\
                     Your verification code to {purpose} is:\r\n\r\n    {code}\r\n\r\n\
                     It is valid for {minutes} minutes and can be used once.\r\n\
                     If you did not ask for it, ignore this email: nobody can use it without you.\r\n"
                ),
            }
        }
        Lang::ZhCn => {
            let purpose = t.purpose.zh();
            EmailText {
                subject: format!("{purpose}验证码"),
                body: format!(
                    "您好，\r\n\r\n\
                     您正在进行{purpose}操作，验证码为：\r\n\r\n    {code}\r\n\r\n\
                     验证码 {minutes} 分钟内有效，仅可使用一次。\r\n\
                     如非本人操作，请忽略此邮件。\r\n"
                ),
            }
        }
    }
}

/// The SMS text carrying a code.
pub fn sms(t: &CodeText<'_>) -> String {
    let (code, minutes) = (t.code, t.minutes());
    match t.lang {
        Lang::EnUs => format!(
            "Your verification code to {} is {code}. Valid for {minutes} minutes; do not share it.",
            t.purpose.en()
        ),
        Lang::ZhCn => format!(
            "您正在进行{}操作，验证码为 {code}，{minutes} 分钟内有效，请勿泄露。",
            t.purpose.zh()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lang: Lang) -> CodeText<'static> {
        CodeText {
            purpose: Purpose::of_channel("CHANNEL_LOGIN"),
            code: "123456",
            ttl_secs: 300,
            lang,
        }
    }

    #[test]
    fn email_names_code_purpose_and_validity() {
        let en = email(&text(Lang::EnUs));
        assert_eq!(en.subject, "Your verification code to sign in");
        assert!(en.body.contains("123456") && en.body.contains("5 minutes"));
        let zh = email(&text(Lang::ZhCn));
        assert_eq!(zh.subject, "登录验证码");
        assert!(zh.body.contains("123456") && zh.body.contains("5 分钟"));
    }

    #[test]
    fn sms_and_rounding() {
        let t = CodeText {
            ttl_secs: 61,
            ..text(Lang::EnUs)
        };
        assert!(sms(&t).contains("2 minutes"));
        assert!(sms(&text(Lang::ZhCn)).contains("登录"));
        assert!(!format!("{:?}", text(Lang::EnUs)).contains("123456"));
    }

    #[test]
    fn every_channel_has_a_purpose() {
        use authgate_proto::auth::{EMAIL_CHANNELS, SMS_CHANNELS};
        for c in EMAIL_CHANNELS.iter().chain(SMS_CHANNELS) {
            let p = Purpose::of_channel(c);
            assert!(
                p != Purpose::VerifyIdentity || *c == "CHANNEL_IDENTITY_VERIFICATION",
                "{c}"
            );
        }
    }
}
