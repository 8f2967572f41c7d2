//! The message catalogue: every human-readable API message, in English and Chinese.
//!
//! Handlers never format message strings themselves; they name a [`Msg`] and the envelope
//! renders it in the caller's language (`x-authing-lang`).

use crate::lang::Lang;

/// A message with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// The request body is not valid JSON (or not the expected shape).
    InvalidJson {
        /// What the parser reported.
        detail: String,
    },
    /// A required parameter is missing.
    MissingParameter {
        /// The parameter's wire name.
        name: String,
    },
    /// A parameter has a bad value.
    InvalidParameter {
        /// The parameter's wire name.
        name: String,
        /// Why the value is refused.
        reason: String,
    },
    /// A free-form validation message (already specific, e.g. from the query parser).
    Invalid {
        /// The message.
        detail: String,
    },
    /// `limit` above the maximum page size.
    LimitTooLarge {
        /// The maximum.
        max: u32,
    },
    /// A user needs at least one of username, phone or email.
    UserIdentifierRequired,
    /// No route for the path.
    RouteNotFound {
        /// The request path.
        path: String,
    },
    /// The route exists but not for this method.
    MethodNotAllowed {
        /// The request method.
        method: String,
    },
    /// The body exceeds the size limit.
    BodyTooLarge,
    /// No management credentials were sent.
    ManagementCredentialsMissing,
    /// The management token is malformed, has a bad signature, or is expired.
    ManagementTokenInvalid,
    /// The management token belongs to another user pool than the one named.
    ManagementPoolMismatch,
    /// The HMAC request signature does not match.
    SignatureMismatch,
    /// The signed request's `date` header is missing or too far from now.
    SignatureDateInvalid,
    /// The access key id is unknown or disabled.
    AccessKeyUnknown,
    /// The access key secret is wrong.
    AccessKeySecretWrong,
    /// The password is shorter than the pool allows.
    PasswordTooShort {
        /// Minimum length.
        min: u32,
    },
    /// The password mixes too few kinds of characters.
    PasswordTooWeak {
        /// Kinds required.
        kinds: u32,
    },
    /// The verification code is wrong, expired or used.
    CodeInvalid,
    /// The verification code is right (`pre-check-code`).
    CodeValid,
    /// A code was sent to this target and channel less than the resend interval ago.
    CodeSentTooOften {
        /// Seconds to wait.
        retry_after_secs: i64,
    },
    /// Too many requests from this client.
    RateLimited,
    /// No valid user token.
    NotLoggedIn,
    /// Sign-in failed; whether the account exists is not told (GenAuth 2333).
    AccountOrPasswordWrong,
    /// Wrong password (pools that reveal account existence).
    PasswordWrong,
    /// Too many failed sign-ins: the account is locked for a while.
    AccountLocked {
        /// Minutes until it unlocks.
        minutes: i64,
    },
    /// The account's status does not allow signing in.
    AccountDisabled {
        /// The status.
        status: String,
    },
    /// The application's client authentication failed.
    ClientAuthFailed,
    /// A sign-in needs an identifier.
    SignInIdentifierRequired,
    /// The encrypted password could not be decrypted.
    PasswordDecryptFailed,
    /// Email delivery is not configured.
    EmailNotConfigured,
    /// SMS delivery is not configured.
    SmsNotConfigured,
    /// Delivery of a message failed.
    DeliveryFailed,
    /// The old password is wrong.
    OldPasswordWrong,
    /// A one-time token (password reset, email change, …) is wrong or expired.
    TokenInvalid,
    /// The account already has this kind of identifier bound.
    AlreadyBound {
        /// `email` or `phone`.
        field: String,
    },
    /// The account has no identifier of this kind bound.
    NotBound {
        /// `email` or `phone`.
        field: String,
    },
    /// Removing this identifier would leave the account without any.
    LastIdentifier {
        /// `email` or `phone`.
        field: String,
    },
    /// The old value given is not the one bound to the account.
    BoundValueMismatch {
        /// `email` or `phone`.
        field: String,
    },
    /// The new value equals the bound one.
    IdentifierUnchanged {
        /// `email` or `phone`.
        field: String,
    },
    /// Changing the password needs the current one.
    OldPasswordRequired,
    /// The application does not allow this.
    AppForbids {
        /// What is not allowed.
        what: String,
    },
    /// The QR code does not exist (or is long gone).
    QrCodeNotFound,
    /// The QR state machine refused an action.
    QrActionRefused {
        /// Why (the state machine's own words).
        reason: String,
    },
    /// The QR ticket is unknown.
    TicketUnknown,
    /// The QR ticket has expired.
    TicketExpired,
    /// The QR ticket was used already.
    TicketUsed,
    /// The QR ticket belongs to another application.
    TicketOtherApp,
    /// The push code does not exist (or is long gone).
    PushCodeNotFound,
    /// The push code's validity is over.
    PushCodeExpired,
    /// The push code was sent to another user.
    PushCodeOtherUser,
    /// The push code was answered already.
    PushCodeFinished,
    /// The account has no signed-in device that could receive a push.
    PushTargetMissing,
    /// The user does not exist.
    UserNotFound,
    /// Another user of the pool already has this identifier.
    UserAlreadyExists {
        /// The identifier's wire name (`email`, `phone`, `username`, `externalId`).
        field: String,
    },
    /// The application does not exist.
    ApplicationNotFound,
    /// Another application of the pool already has this `appIdentifier`.
    AppIdentifierTaken,
    /// The pool's default application cannot be deleted.
    DefaultAppUndeletable,
    /// A directory code (role, group, …) has characters outside `[A-Za-z0-9_:.-]`.
    InvalidCode {
        /// `role`, `group`, …
        kind: String,
        /// The code as given.
        code: String,
    },
    /// The role does not exist in the namespace.
    RoleNotFound,
    /// Another role of the namespace already has this code.
    RoleCodeTaken,
    /// The group does not exist.
    GroupNotFound,
    /// Another group of the pool already has this code.
    GroupCodeTaken,
    /// The permission namespace does not exist.
    NamespaceNotFound,
    /// The user pool does not exist.
    UserPoolNotFound,
    /// The access key does not exist in this pool.
    AccessKeyNotFound,
    /// The pool's root access key cannot be disabled or deleted.
    RootAccessKeyProtected,
    /// An access key cannot disable or delete itself.
    OwnAccessKeyProtected,
    /// A namespace, resource, role, group or department named in a permission call does not
    /// exist.
    PermissionTargetNotFound {
        /// `namespace`, `resource`, `user`, `role`, `group` or `department`.
        kind: String,
        /// The code or id given.
        code: String,
    },
    /// A namespace or resource with this code already exists.
    PermissionCodeTaken {
        /// `namespace` or `resource`.
        kind: String,
        /// The code.
        code: String,
    },
    /// The namespace `default` always exists and cannot be created, renamed or deleted.
    DefaultNamespaceReserved,
    /// A dependency (database) is not reachable.
    ServiceUnavailable,
    /// Something failed inside the server; details are in the server log under the request id.
    Internal,
    /// The endpoint exists in GenAuth but authgate does not implement it.
    NotImplemented {
        /// The request path.
        path: String,
    },
    /// The organisation does not exist.
    OrganizationNotFound,
    /// The department does not exist.
    DepartmentNotFound,
    /// Another organisation of the pool has this code.
    OrganizationCodeTaken,
    /// Another department of the organisation has this value.
    DepartmentFieldTaken {
        /// `code` or `openDepartmentId`.
        field: String,
    },
    /// The department has sub-departments.
    DepartmentHasChildren,
    /// The new parent is the department itself or one of its descendants.
    DepartmentCycle,
    /// The root department cannot be changed this way.
    RootDepartmentFixed {
        /// What was tried (`moved`, `deleted`).
        action: String,
    },
}

impl Msg {
    /// Renders the message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::EnUs => self.en(),
            Lang::ZhCn => self.zh(),
        }
    }

    fn en(&self) -> String {
        match self {
            Msg::InvalidJson { detail } => format!("Request body is not valid JSON: {detail}"),
            Msg::MissingParameter { name } => format!("Parameter {name} is required"),
            Msg::InvalidParameter { name, reason } => {
                format!("Parameter {name} is invalid: {reason}")
            }
            Msg::Invalid { detail } => detail.clone(),
            Msg::LimitTooLarge { max } => format!("limit must not be greater than {max}"),
            Msg::UserIdentifierRequired => {
                "Must contain one of the following fields: username, phone, email".into()
            }
            Msg::RouteNotFound { path } => format!("No such endpoint: {path}"),
            Msg::MethodNotAllowed { method } => {
                format!("Method {method} is not allowed on this endpoint")
            }
            Msg::BodyTooLarge => "Request body is larger than the server accepts".into(),
            Msg::ManagementCredentialsMissing => "Management credentials are missing: send \
                 'authorization: Bearer <management token>' or an 'authing <accessKeyId>:<signature>' \
                 signature"
                .into(),
            Msg::ManagementTokenInvalid => "Management token is invalid or expired".into(),
            Msg::ManagementPoolMismatch => {
                "Management token does not belong to the user pool in x-authing-userpool-id".into()
            }
            Msg::SignatureMismatch => "Request signature does not match".into(),
            Msg::SignatureDateInvalid => {
                "Signed request needs a 'date' header within 15 minutes of the server's time".into()
            }
            Msg::AccessKeyUnknown => "Access key does not exist or is disabled".into(),
            Msg::AccessKeySecretWrong => "Access key secret is incorrect".into(),
            Msg::PasswordTooShort { min } => {
                format!("Password must be at least {min} characters long")
            }
            Msg::PasswordTooWeak { kinds } => format!(
                "Password must mix at least {kinds} of: lowercase letters, uppercase letters, digits, symbols"
            ),
            Msg::CodeInvalid => "Verification code is wrong or expired".into(),
            Msg::CodeValid => "Verification code is valid".into(),
            Msg::CodeSentTooOften { retry_after_secs } => {
                format!("A code was sent recently; retry in {retry_after_secs} seconds")
            }
            Msg::RateLimited => "Too many requests, slow down".into(),
            Msg::NotLoggedIn => "Not logged in: send a valid access token in 'authorization'".into(),
            Msg::AccountOrPasswordWrong => "Account not exists or password is incorrect.".into(),
            Msg::PasswordWrong => "Password is incorrect.".into(),
            Msg::AccountLocked { minutes } => format!(
                "Too many failed sign-ins: the account is locked, retry in {minutes} minutes"
            ),
            Msg::AccountDisabled { status } => format!("Account is {status} and cannot sign in"),
            Msg::ClientAuthFailed => "Client authentication failed: wrong or missing app credentials".into(),
            Msg::SignInIdentifierRequired => "Parameter passwordPayload must include account, email, username or phone when authenticationType is PASSWORD.".into(),
            Msg::PasswordDecryptFailed => {
                "Decrypt password failed, please check your encryption configuration.".into()
            }
            Msg::EmailNotConfigured => "Email delivery is not configured on this server".into(),
            Msg::SmsNotConfigured => "SMS delivery is not configured on this server".into(),
            Msg::DeliveryFailed => "The message could not be delivered, please retry".into(),
            Msg::OldPasswordWrong => "Old password is incorrect".into(),
            Msg::TokenInvalid => "The token is invalid or expired".into(),
            Msg::AlreadyBound { field } => {
                format!("This account already has a {field} bound; change it instead")
            }
            Msg::NotBound { field } => format!("This account has no {field} bound"),
            Msg::LastIdentifier { field } => format!(
                "The {field} is the account's only identifier left and cannot be removed"
            ),
            Msg::BoundValueMismatch { field } => {
                format!("The old {field} given is not the one bound to this account")
            }
            Msg::IdentifierUnchanged { field } => {
                format!("The new {field} is the same as the current one")
            }
            Msg::OldPasswordRequired => "The current password (oldPassword) is required".into(),
            Msg::AppForbids { what } => format!("The application does not allow {what}"),
            Msg::QrCodeNotFound => "QR code does not exist or is long expired".into(),
            Msg::QrActionRefused { reason } => format!("QR code action refused: {reason}"),
            Msg::TicketUnknown => "Unknown ticket".into(),
            Msg::TicketExpired => "The ticket has expired".into(),
            Msg::TicketUsed => "The ticket has already been used".into(),
            Msg::TicketOtherApp => "The ticket was issued to another application".into(),
            Msg::PushCodeNotFound => "Push request does not exist or is long expired".into(),
            Msg::PushCodeExpired => "The push request has expired".into(),
            Msg::PushCodeOtherUser => "The push request was sent to another user".into(),
            Msg::PushCodeFinished => "The push request has already been answered".into(),
            Msg::PushTargetMissing => {
                "This account has no signed-in device to push to: sign in to an application of \
                 the user pool first"
                    .into()
            }
            Msg::UserNotFound => "User not exists.".into(),
            Msg::UserAlreadyExists { field } => {
                format!("A user with this {field} already exists")
            }
            Msg::ApplicationNotFound => "Application not exists.".into(),
            Msg::AppIdentifierTaken => {
                "Another application of this user pool already uses this appIdentifier".into()
            }
            Msg::DefaultAppUndeletable => {
                "The default application of the user pool cannot be deleted".into()
            }
            Msg::InvalidCode { kind, code } => format!("invalid {kind} code: {code}"),
            Msg::RoleNotFound => "Role not exists.".into(),
            Msg::RoleCodeTaken => "A role with this code already exists in the namespace".into(),
            Msg::GroupNotFound => "Group not exists.".into(),
            Msg::GroupCodeTaken => "A group with this code already exists".into(),
            Msg::NamespaceNotFound => "Permission namespace not exists.".into(),
            Msg::UserPoolNotFound => "User pool not exists.".into(),
            Msg::AccessKeyNotFound => "Access key not exists.".into(),
            Msg::RootAccessKeyProtected => {
                "The root access key of the user pool cannot be disabled or deleted".into()
            }
            Msg::OwnAccessKeyProtected => {
                "An access key cannot disable or delete itself; use another key".into()
            }
            Msg::PermissionTargetNotFound { kind, code } => {
                format!("The {kind} '{code}' does not exist")
            }
            Msg::PermissionCodeTaken { kind, code } => {
                format!("A {kind} with code '{code}' already exists")
            }
            Msg::DefaultNamespaceReserved => {
                "The namespace 'default' is built in: it cannot be created, renamed or deleted"
                    .into()
            }
            Msg::ServiceUnavailable => "Service temporarily unavailable, please retry".into(),
            Msg::Internal => "Internal server error".into(),
            Msg::NotImplemented { path } => format!("{path} is not implemented in authgate"),
            Msg::OrganizationNotFound => "Organization not exists.".into(),
            Msg::DepartmentNotFound => "Department not exists.".into(),
            Msg::OrganizationCodeTaken => {
                "Another organization of this user pool already uses this organizationCode".into()
            }
            Msg::DepartmentFieldTaken { field } => {
                format!("Another department of this organization already uses this {field}")
            }
            Msg::DepartmentHasChildren => {
                "The department has sub-departments: delete or move them first".into()
            }
            Msg::DepartmentCycle => {
                "A department cannot be moved under itself or one of its sub-departments".into()
            }
            Msg::RootDepartmentFixed { action } => format!(
                "The root department of an organization cannot be {action} (use the organization calls)"
            ),
        }
    }

    fn zh(&self) -> String {
        match self {
            Msg::InvalidJson { detail } => format!("请求体不是合法的 JSON：{detail}"),
            Msg::MissingParameter { name } => format!("参数 {name} 不能为空"),
            Msg::InvalidParameter { name, reason } => format!("参数 {name} 格式错误：{reason}"),
            Msg::Invalid { detail } => detail.clone(),
            Msg::LimitTooLarge { max } => format!("参数 limit 格式错误：不能大于 {max}"),
            Msg::UserIdentifierRequired => "必须包含以下字段之一：username、phone、email".into(),
            Msg::RouteNotFound { path } => format!("接口不存在：{path}"),
            Msg::MethodNotAllowed { method } => format!("该接口不支持 {method} 方法"),
            Msg::BodyTooLarge => "请求体过大".into(),
            Msg::ManagementCredentialsMissing => "缺少管理凭证".into(),
            Msg::ManagementTokenInvalid => "管理 Token 无效或已过期".into(),
            Msg::ManagementPoolMismatch => {
                "管理 Token 不属于 x-authing-userpool-id 指定的用户池".into()
            }
            Msg::SignatureMismatch => "请求签名不匹配".into(),
            Msg::SignatureDateInvalid => {
                "签名请求需要 date 请求头，且与服务器时间相差不超过 15 分钟".into()
            }
            Msg::AccessKeyUnknown => "AccessKey 不存在或已禁用".into(),
            Msg::AccessKeySecretWrong => "AccessKey Secret 错误".into(),
            Msg::PasswordTooShort { min } => format!("密码长度不能少于 {min} 位"),
            Msg::PasswordTooWeak { kinds } => {
                format!("密码需至少包含小写字母、大写字母、数字、符号中的 {kinds} 种")
            }
            Msg::CodeInvalid => "验证码错误或已过期".into(),
            Msg::CodeValid => "验证码正确".into(),
            Msg::CodeSentTooOften { retry_after_secs } => {
                format!("验证码发送过于频繁，请 {retry_after_secs} 秒后重试")
            }
            Msg::RateLimited => "请求过于频繁".into(),
            Msg::NotLoggedIn => "尚未登录，无访问权限".into(),
            Msg::AccountOrPasswordWrong => "账号不存在或密码错误".into(),
            Msg::PasswordWrong => "密码错误".into(),
            Msg::AccountLocked { minutes } => {
                format!("登录失败次数过多，账号已锁定，请 {minutes} 分钟后重试")
            }
            Msg::AccountDisabled { status } => format!("账号状态为 {status}，无法登录"),
            Msg::ClientAuthFailed => "应用身份验证失败".into(),
            Msg::SignInIdentifierRequired => {
                "passwordPayload 必须包含 account、email、username 或 phone".into()
            }
            Msg::PasswordDecryptFailed => "密码解密失败，请检查加密配置".into(),
            Msg::EmailNotConfigured => "服务器未配置邮件发送".into(),
            Msg::SmsNotConfigured => "服务器未配置短信发送".into(),
            Msg::DeliveryFailed => "消息发送失败，请重试".into(),
            Msg::OldPasswordWrong => "原密码错误".into(),
            Msg::TokenInvalid => "令牌无效或已过期".into(),
            Msg::AlreadyBound { field } => format!("该账号已绑定{}", zh_field(field)),
            Msg::NotBound { field } => format!("该账号未绑定{}", zh_field(field)),
            Msg::LastIdentifier { field } => {
                format!("{}是该账号仅剩的登录标识，无法解绑", zh_field(field))
            }
            Msg::BoundValueMismatch { field } => {
                format!("原{}与账号绑定的不一致", zh_field(field))
            }
            Msg::IdentifierUnchanged { field } => {
                let f = zh_field(field);
                format!("新{f}与当前{f}相同")
            }
            Msg::OldPasswordRequired => "请提供原密码".into(),
            Msg::AppForbids { what } => format!("应用不允许{what}"),
            Msg::QrCodeNotFound => "二维码不存在或已过期".into(),
            Msg::QrActionRefused { reason } => format!("二维码操作被拒绝：{reason}"),
            Msg::TicketUnknown => "ticket 不存在".into(),
            Msg::TicketExpired => "ticket 已过期".into(),
            Msg::TicketUsed => "ticket 已被使用".into(),
            Msg::TicketOtherApp => "ticket 属于其他应用".into(),
            Msg::PushCodeNotFound => "推送登录请求不存在或已过期".into(),
            Msg::PushCodeExpired => "推送登录请求已过期".into(),
            Msg::PushCodeOtherUser => "推送登录请求属于其他用户".into(),
            Msg::PushCodeFinished => "推送登录请求已处理".into(),
            Msg::PushTargetMissing => {
                "该账号没有可接收推送的已登录设备，请先登录用户池中的应用".into()
            }
            Msg::UserNotFound => "用户不存在".into(),
            Msg::UserAlreadyExists { field } => format!("该 {field} 已被其他用户使用"),
            Msg::ApplicationNotFound => "应用不存在".into(),
            Msg::AppIdentifierTaken => {
                "该应用标识（appIdentifier）已被本用户池的其他应用使用".into()
            }
            Msg::DefaultAppUndeletable => "用户池的默认应用不能删除".into(),
            Msg::InvalidCode { kind, code } => {
                format!(
                    "参数 code 格式错误：{} code 只能包含字母、数字和 _:.-（{code}）",
                    zh_kind(kind)
                )
            }
            Msg::RoleNotFound => "角色不存在".into(),
            Msg::RoleCodeTaken => "角色 code 已存在".into(),
            Msg::GroupNotFound => "分组不存在".into(),
            Msg::GroupCodeTaken => "分组标识符已存在".into(),
            Msg::NamespaceNotFound => "权限组不存在".into(),
            Msg::UserPoolNotFound => "用户池不存在".into(),
            Msg::AccessKeyNotFound => "AccessKey 不存在".into(),
            Msg::RootAccessKeyProtected => "用户池的根 AccessKey 不能被停用或删除".into(),
            Msg::OwnAccessKeyProtected => "AccessKey 不能停用或删除自身，请使用其他密钥".into(),
            Msg::PermissionTargetNotFound { kind, code } => {
                format!("{}「{code}」不存在", zh_kind(kind))
            }
            Msg::PermissionCodeTaken { kind, code } => {
                format!("code 为「{code}」的{}已存在", zh_kind(kind))
            }
            Msg::DefaultNamespaceReserved => {
                "默认权限分组 default 为内置分组，不能创建、修改或删除".into()
            }
            Msg::ServiceUnavailable => "服务暂时不可用，请重试".into(),
            Msg::Internal => "服务器内部错误".into(),
            Msg::NotImplemented { path } => format!("authgate 暂未实现 {path}"),
            Msg::OrganizationNotFound => "组织机构不存在".into(),
            Msg::DepartmentNotFound => "部门不存在".into(),
            Msg::OrganizationCodeTaken => "该组织 code 已被本用户池的其他组织使用".into(),
            Msg::DepartmentFieldTaken { field } => format!("该 {field} 已被本组织的其他部门使用"),
            Msg::DepartmentHasChildren => "该部门下存在子部门，请先删除或移动子部门".into(),
            Msg::DepartmentCycle => "不能将部门移动到其自身或其子部门下".into(),
            Msg::RootDepartmentFixed { action } => {
                let what = if action == "deleted" {
                    "删除"
                } else {
                    "移动"
                };
                format!("组织的根部门不能被{what}（请使用组织机构接口）")
            }
        }
    }
}

/// The Chinese name of a directory or permission entity kind.
fn zh_kind(kind: &str) -> &str {
    match kind {
        "namespace" => "权限分组",
        "resource" => "资源",
        "user" => "用户",
        "role" => "角色",
        "group" => "分组",
        "department" => "部门",
        other => other,
    }
}

/// The Chinese name of an identifier's wire name.
fn zh_field(field: &str) -> &str {
    match field {
        "email" => "邮箱",
        "phone" => "手机号",
        "username" => "用户名",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_both_languages() {
        let m = Msg::MissingParameter {
            name: "userId".into(),
        };
        assert_eq!(m.render(Lang::EnUs), "Parameter userId is required");
        assert_eq!(m.render(Lang::ZhCn), "参数 userId 不能为空");
        assert_eq!(Msg::UserNotFound.render(Lang::ZhCn), "用户不存在");
    }
}
