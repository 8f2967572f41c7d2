//! The error table: every failure the API can answer, declared once with its business status,
//! its apiCode, and its message in English and Chinese.
//!
//! Handlers never format message strings or pick status/code pairs themselves; they name a
//! [`Msg`] (usually through an [`crate::ApiError`] constructor) and the table supplies the
//! rest. The apiCode constants other code compares against ([`codes`]) are generated from the
//! same rows, so a code cannot drift from the error that carries it.

use crate::lang::Lang;

/// Renders one text cell of the table: a literal is a format string over the row's
/// parameters, a block computes the text (for words that are translated, not copied).
macro_rules! text {
    ($lit:literal) => {
        std::fmt::format(format_args!($lit))
    };
    ($block:block) => {
        $block
    };
}

/// Declares the table. Each row:
///
/// ```text
/// /// doc
/// Name { field: Type, … } => status, apiCode [as CONST_NAME], english, chinese;
/// ```
///
/// generates the [`Msg`] variant, its `status()`, `api_code()` and per-language text, and,
/// when `as CONST_NAME` is given, the constant `codes::CONST_NAME`. Several rows may share an
/// apiCode (every 400 "bad input" is `40000`); only one of them names the constant. A text
/// that leaves out a parameter does not compile (the binding would be unused).
macro_rules! errors {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident $({ $( $(#[doc = $fdoc:literal])* $field:ident : $ty:ty ),* $(,)? })?
            => $status:literal, $code:literal $(as $cname:ident)?, $en:tt, $zh:tt;
    )*) => {
        /// An API failure with its parameters; the table gives its status, apiCode and texts.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Msg {
            $(
                $(#[doc = $doc])*
                $name $({ $( $(#[doc = $fdoc])* $field: $ty ),* })?,
            )*
        }

        impl Msg {
            /// The business status (`statusCode` in the envelope, the HTTP status elsewhere).
            pub const fn status(&self) -> u16 {
                match self {
                    $( Self::$name { .. } => $status, )*
                }
            }

            /// The fine-grained code (`apiCode` in the envelope).
            pub const fn api_code(&self) -> u32 {
                match self {
                    $( Self::$name { .. } => $code, )*
                }
            }

            /// The row's name, for logs and tests.
            pub const fn name(&self) -> &'static str {
                match self {
                    $( Self::$name { .. } => stringify!($name), )*
                }
            }

            fn en(&self) -> String {
                match self {
                    $( Self::$name $({ $($field),* })? => text!($en), )*
                }
            }

            fn zh(&self) -> String {
                match self {
                    $( Self::$name $({ $($field),* })? => text!($zh), )*
                }
            }
        }

        /// apiCodes other code compares against, generated from the table rows that name them
        /// (GenAuth's numbers where one fits; otherwise `statusCode * 100 + n`).
        pub mod codes {
            $($(
                #[doc = concat!("`", stringify!($code), "`, the apiCode of [`Msg::",
                    stringify!($name), "`](super::Msg::", stringify!($name), ").")]
                pub const $cname: u32 = $code;
            )?)*
        }

        /// One value of every row, each parameter filled with a recognisable sample, with the
        /// samples' text forms: the table's own tests render them.
        #[cfg(test)]
        fn samples() -> Vec<(Msg, Vec<String>)> {
            vec![$(
                {
                    #[allow(unused_mut)]
                    let mut shown: Vec<String> = Vec::new();
                    $($(
                        let $field: $ty = tests::Sample::sample(stringify!($field));
                        shown.push($field.to_string());
                    )*)?
                    (Msg::$name $({ $($field),* })?, shown)
                },
            )*]
        }
    };
}

errors! {
    // ---- bad input (400 / 40000) ----
    /// The request body is not valid JSON (or not the expected shape).
    InvalidJson {
        /// What the parser reported.
        detail: String,
    } => 400, 40000, "Request body is not valid JSON: {detail}", "请求体不是合法的 JSON：{detail}";
    /// A required parameter is missing.
    MissingParameter {
        /// The parameter's wire name.
        name: String,
    } => 400, 40000 as INVALID_INPUT, "Parameter {name} is required", "参数 {name} 不能为空";
    /// A parameter has a bad value.
    InvalidParameter {
        /// The parameter's wire name.
        name: String,
        /// Why the value is refused.
        reason: String,
    } => 400, 40000, "Parameter {name} is invalid: {reason}", "参数 {name} 格式错误：{reason}";
    /// A free-form validation message (already specific, e.g. from the query parser).
    Invalid {
        /// The message.
        detail: String,
    } => 400, 40000, "{detail}", "{detail}";
    /// `limit` above the maximum page size.
    LimitTooLarge {
        /// The maximum.
        max: u32,
    } => 400, 40000, "limit must not be greater than {max}", "参数 limit 格式错误：不能大于 {max}";
    /// A user needs at least one of username, phone or email.
    UserIdentifierRequired => 400, 40000,
        "Must contain one of the following fields: username, phone, email",
        "必须包含以下字段之一：username、phone、email";
    /// A sign-in needs an identifier.
    SignInIdentifierRequired => 400, 40000,
        "Parameter passwordPayload must include account, email, username or phone when authenticationType is PASSWORD.",
        "passwordPayload 必须包含 account、email、username 或 phone";
    /// A directory code (role, group, …) has characters outside `[A-Za-z0-9_:.-]`.
    InvalidCode {
        /// `role`, `group`, …
        kind: String,
        /// The code as given.
        code: String,
    } => 400, 40000, "invalid {kind} code: {code}",
        { format!("参数 code 格式错误：{} code 只能包含字母、数字和 _:.-（{code}）", zh_kind(kind)) };

    // ---- routing and transport ----
    /// No route for the path.
    RouteNotFound {
        /// The request path.
        path: String,
    } => 404, 40400 as ROUTE_NOT_FOUND, "No such endpoint: {path}", "接口不存在：{path}";
    /// The route exists but not for this method.
    MethodNotAllowed {
        /// The request method.
        method: String,
    } => 405, 40500 as METHOD_NOT_ALLOWED,
        "Method {method} is not allowed on this endpoint", "该接口不支持 {method} 方法";
    /// The body exceeds the size limit.
    BodyTooLarge => 413, 41300 as BODY_TOO_LARGE,
        "Request body is larger than the server accepts", "请求体过大";
    /// Too many requests from this client.
    RateLimited => 429, 42900 as RATE_LIMITED, "Too many requests, slow down", "请求过于频繁";
    /// A code was sent to this target and channel less than the resend interval ago.
    CodeSentTooOften {
        /// Seconds to wait.
        retry_after_secs: i64,
    } => 429, 42900, "A code was sent recently; retry in {retry_after_secs} seconds",
        "验证码发送过于频繁，请 {retry_after_secs} 秒后重试";

    // ---- management credentials (401) ----
    /// No management credentials were sent.
    ManagementCredentialsMissing => 401, 40101 as MGMT_CREDENTIALS_MISSING,
        "Management credentials are missing: send 'authorization: Bearer <management token>' or an 'authing <accessKeyId>:<signature>' signature",
        "缺少管理凭证";
    /// The management token is malformed, has a bad signature, or is expired.
    ManagementTokenInvalid => 401, 40102 as MGMT_TOKEN_INVALID,
        "Management token is invalid or expired", "管理 Token 无效或已过期";
    /// The management token belongs to another user pool than the one named.
    ManagementPoolMismatch => 401, 40102,
        "Management token does not belong to the user pool in x-authing-userpool-id",
        "管理 Token 不属于 x-authing-userpool-id 指定的用户池";
    /// The HMAC request signature does not match.
    SignatureMismatch => 401, 40103 as MGMT_SIGNATURE_INVALID,
        "Request signature does not match", "请求签名不匹配";
    /// The signed request's `date` header is missing or too far from now.
    SignatureDateInvalid => 401, 40103,
        "Signed request needs a 'date' header within 15 minutes of the server's time",
        "签名请求需要 date 请求头，且与服务器时间相差不超过 15 分钟";
    /// The access key id is unknown or disabled.
    AccessKeyUnknown => 401, 40104 as MGMT_ACCESS_KEY_UNKNOWN,
        "Access key does not exist or is disabled", "AccessKey 不存在或已禁用";
    /// The access key secret is wrong.
    AccessKeySecretWrong => 401, 40105 as MGMT_ACCESS_KEY_SECRET_WRONG,
        "Access key secret is incorrect", "AccessKey Secret 错误";

    // ---- passwords and codes ----
    /// The password is shorter than the pool allows.
    PasswordTooShort {
        /// Minimum length.
        min: u32,
    } => 400, 2029 as PASSWORD_TOO_SHORT, "Password must be at least {min} characters long",
        "密码长度不能少于 {min} 位";
    /// The password mixes too few kinds of characters.
    PasswordTooWeak {
        /// Kinds required.
        kinds: u32,
    } => 400, 2030 as PASSWORD_TOO_WEAK,
        "Password must mix at least {kinds} of: lowercase letters, uppercase letters, digits, symbols",
        "密码需至少包含小写字母、大写字母、数字、符号中的 {kinds} 种";
    /// The verification code is wrong, expired or used.
    CodeInvalid => 403, 2001 as CODE_INVALID,
        "Verification code is wrong or expired", "验证码错误或已过期";
    /// The encrypted password could not be decrypted (GenAuth answers it with 499).
    PasswordDecryptFailed => 499, 2016 as PASSWORD_DECRYPT_FAILED,
        "Decrypt password failed, please check your encryption configuration.",
        "密码解密失败，请检查加密配置";
    /// The old password is wrong.
    OldPasswordWrong => 403, 2203 as OLD_PASSWORD_WRONG,
        "Old password is incorrect", "原密码错误";
    /// Changing the password needs the current one.
    OldPasswordRequired => 400, 2201 as OLD_PASSWORD_REQUIRED,
        "The current password (oldPassword) is required", "请提供原密码";
    /// A one-time token (password reset, email change, …) is wrong or expired.
    TokenInvalid => 401, 40111 as TOKEN_INVALID,
        "The token is invalid or expired", "令牌无效或已过期";

    // ---- sign-in ----
    /// No valid user token.
    NotLoggedIn => 401, 2020 as NOT_LOGGED_IN,
        "Not logged in: send a valid access token in 'authorization'", "尚未登录，无访问权限";
    /// Sign-in failed; whether the account exists is not told (GenAuth 2333).
    AccountOrPasswordWrong => 403, 2333 as ACCOUNT_OR_PASSWORD_WRONG,
        "Account not exists or password is incorrect.", "账号不存在或密码错误";
    /// Wrong password (pools that reveal account existence).
    PasswordWrong => 403, 2006 as PASSWORD_WRONG, "Password is incorrect.", "密码错误";
    /// Too many failed sign-ins: the account is locked for a while.
    AccountLocked {
        /// Minutes until it unlocks.
        minutes: i64,
    } => 403, 2057 as ACCOUNT_LOCKED,
        "Too many failed sign-ins: the account is locked, retry in {minutes} minutes",
        "登录失败次数过多，账号已锁定，请 {minutes} 分钟后重试";
    /// The account's status does not allow signing in.
    AccountDisabled {
        /// The status.
        status: String,
    } => 403, 2005 as USER_DISABLED, "Account is {status} and cannot sign in",
        "账号状态为 {status}，无法登录";
    /// The application's client authentication failed.
    ClientAuthFailed => 401, 40110 as CLIENT_AUTH_FAILED,
        "Client authentication failed: wrong or missing app credentials", "应用身份验证失败";

    // ---- delivery ----
    /// Email delivery is not configured.
    EmailNotConfigured => 503, 50200 as DELIVERY_FAILED,
        "Email delivery is not configured on this server", "服务器未配置邮件发送";
    /// SMS delivery is not configured.
    SmsNotConfigured => 503, 50200,
        "SMS delivery is not configured on this server", "服务器未配置短信发送";
    /// Delivery of a message failed.
    DeliveryFailed => 502, 50200,
        "The message could not be delivered, please retry", "消息发送失败，请重试";

    // ---- the account's email and phone ----
    /// The account already has an email bound.
    EmailAlreadyBound => 409, 2200 as EMAIL_ALREADY_BOUND,
        "This account already has a email bound; change it instead", "该账号已绑定邮箱";
    /// The account already has a phone bound.
    PhoneAlreadyBound => 409, 2035 as PHONE_ALREADY_BOUND,
        "This account already has a phone bound; change it instead", "该账号已绑定手机号";
    /// The account has no identifier of this kind bound.
    NotBound {
        /// `email` or `phone`.
        field: String,
    } => 400, 2219 as NOT_BOUND, "This account has no {field} bound",
        { format!("该账号未绑定{}", zh_field(field)) };
    /// Removing this identifier would leave the account without any.
    LastIdentifier {
        /// `email` or `phone`.
        field: String,
    } => 403, 2217 as LAST_IDENTIFIER,
        "The {field} is the account's only identifier left and cannot be removed",
        { format!("{}是该账号仅剩的登录标识，无法解绑", zh_field(field)) };
    /// The old email given is not the one bound to the account.
    OldEmailMismatch => 403, 2037 as OLD_EMAIL_MISMATCH,
        "The old email given is not the one bound to this account", "原邮箱与账号绑定的不一致";
    /// The old phone given is not the one bound to the account.
    OldPhoneMismatch => 403, 2038 as OLD_PHONE_MISMATCH,
        "The old phone given is not the one bound to this account", "原手机号与账号绑定的不一致";
    /// The new email equals the bound one.
    EmailUnchanged => 400, 2229 as EMAIL_UNCHANGED,
        "The new email is the same as the current one", "新邮箱与当前邮箱相同";
    /// The new phone equals the bound one.
    PhoneUnchanged => 400, 2230 as PHONE_UNCHANGED,
        "The new phone is the same as the current one", "新手机号与当前手机号相同";

    // ---- QR codes, tickets, push ----
    /// The QR code does not exist (or is long gone).
    QrCodeNotFound => 404, 40420 as QRCODE_NOT_FOUND,
        "QR code does not exist or is long expired", "二维码不存在或已过期";
    /// The QR state machine refused an action: scan first, or the code expired.
    QrActionInvalid {
        /// Why (the state machine's own words).
        reason: String,
    } => 400, 40020 as QRCODE_ACTION_INVALID, "QR code action refused: {reason}",
        "二维码操作被拒绝：{reason}";
    /// The QR state machine refused an action: another user, or a user of another pool.
    QrActionForbidden {
        /// Why (the state machine's own words).
        reason: String,
    } => 403, 40320 as QRCODE_ACTION_FORBIDDEN, "QR code action refused: {reason}",
        "二维码操作被拒绝：{reason}";
    /// The QR state machine refused an action: scanned already, or finished.
    QrActionConflict {
        /// Why (the state machine's own words).
        reason: String,
    } => 409, 40920 as QRCODE_ACTION_CONFLICT, "QR code action refused: {reason}",
        "二维码操作被拒绝：{reason}";
    /// The QR ticket is unknown.
    TicketUnknown => 404, 40421 as TICKET_UNKNOWN, "Unknown ticket", "ticket 不存在";
    /// The QR ticket has expired.
    TicketExpired => 400, 40021 as TICKET_EXPIRED, "The ticket has expired", "ticket 已过期";
    /// The QR ticket was used already.
    TicketUsed => 409, 40921 as TICKET_USED, "The ticket has already been used", "ticket 已被使用";
    /// The QR ticket belongs to another application.
    TicketOtherApp => 403, 40321 as TICKET_OTHER_APP,
        "The ticket was issued to another application", "ticket 属于其他应用";
    /// The push code does not exist (or is long gone).
    PushCodeNotFound => 404, 40422 as PUSHCODE_NOT_FOUND,
        "Push request does not exist or is long expired", "推送登录请求不存在或已过期";
    /// The push code's validity is over.
    PushCodeExpired => 400, 40022 as PUSHCODE_EXPIRED,
        "The push request has expired", "推送登录请求已过期";
    /// The push code was sent to another user.
    PushCodeOtherUser => 403, 40322 as PUSHCODE_OTHER_USER,
        "The push request was sent to another user", "推送登录请求属于其他用户";
    /// The push code was answered already.
    PushCodeFinished => 409, 40922 as PUSHCODE_FINISHED,
        "The push request has already been answered", "推送登录请求已处理";
    /// The account has no signed-in device that could receive a push.
    PushTargetMissing => 400, 40023 as PUSH_TARGET_MISSING,
        "This account has no signed-in device to push to: sign in to an application of the user pool first",
        "该账号没有可接收推送的已登录设备，请先登录用户池中的应用";

    // ---- directory and management ----
    /// The user does not exist.
    UserNotFound => 404, 2004 as USER_NOT_FOUND, "User not exists.", "用户不存在";
    /// Another user of the pool already has this identifier.
    UserAlreadyExists {
        /// The identifier's wire name (`email`, `phone`, `username`, `externalId`).
        field: String,
    } => 409, 2026 as USER_EXISTS, "A user with this {field} already exists",
        "该 {field} 已被其他用户使用";
    /// The user pool does not exist.
    UserPoolNotFound => 404, 2224 as USER_POOL_NOT_FOUND, "User pool not exists.", "用户池不存在";
    /// The application does not exist.
    ApplicationNotFound => 404, 2011 as APP_NOT_FOUND, "Application not exists.", "应用不存在";
    /// Another application of the pool already has this `appIdentifier`.
    AppIdentifierTaken => 409, 2039 as APP_IDENTIFIER_TAKEN,
        "Another application of this user pool already uses this appIdentifier",
        "该应用标识（appIdentifier）已被本用户池的其他应用使用";
    /// The pool's default application cannot be deleted.
    DefaultAppUndeletable => 403, 40301 as DEFAULT_APP_UNDELETABLE,
        "The default application of the user pool cannot be deleted", "用户池的默认应用不能删除";
    /// The access key does not exist in this pool.
    AccessKeyNotFound => 404, 40440 as ACCESS_KEY_NOT_FOUND,
        "Access key not exists.", "AccessKey 不存在";
    /// The pool's root access key cannot be disabled or deleted.
    RootAccessKeyProtected => 403, 40340 as ROOT_ACCESS_KEY_PROTECTED,
        "The root access key of the user pool cannot be disabled or deleted",
        "用户池的根 AccessKey 不能被停用或删除";
    /// An access key cannot disable or delete itself.
    OwnAccessKeyProtected => 403, 40341 as OWN_ACCESS_KEY_PROTECTED,
        "An access key cannot disable or delete itself; use another key",
        "AccessKey 不能停用或删除自身，请使用其他密钥";
    /// The role does not exist in the namespace.
    RoleNotFound => 404, 40441 as ROLE_NOT_FOUND, "Role not exists.", "角色不存在";
    /// Another role of the namespace already has this code.
    RoleCodeTaken => 409, 40941 as ROLE_CODE_TAKEN,
        "A role with this code already exists in the namespace", "角色 code 已存在";
    /// The group does not exist.
    GroupNotFound => 404, 40442 as GROUP_NOT_FOUND, "Group not exists.", "分组不存在";
    /// Another group of the pool already has this code.
    GroupCodeTaken => 409, 40942 as GROUP_CODE_TAKEN,
        "A group with this code already exists", "分组标识符已存在";
    /// The permission namespace does not exist.
    NamespaceNotFound => 404, 40443 as NAMESPACE_NOT_FOUND,
        "Permission namespace not exists.", "权限组不存在";
    /// A namespace, resource, role, group or department named in a permission call does not
    /// exist.
    PermissionTargetNotFound {
        /// `namespace`, `resource`, `user`, `role`, `group` or `department`.
        kind: String,
        /// The code or id given.
        code: String,
    } => 404, 40446 as PERMISSION_TARGET_NOT_FOUND, "The {kind} '{code}' does not exist",
        { format!("{}「{code}」不存在", zh_kind(kind)) };
    /// A namespace or resource with this code already exists.
    PermissionCodeTaken {
        /// `namespace` or `resource`.
        kind: String,
        /// The code.
        code: String,
    } => 409, 40940 as PERMISSION_CODE_TAKEN, "A {kind} with code '{code}' already exists",
        { format!("code 为「{code}」的{}已存在", zh_kind(kind)) };
    /// The namespace `default` always exists and cannot be created, renamed or deleted.
    DefaultNamespaceReserved => 403, 40342 as DEFAULT_NAMESPACE_RESERVED,
        "The namespace 'default' is built in: it cannot be created, renamed or deleted",
        "默认权限分组 default 为内置分组，不能创建、修改或删除";
    /// The organisation does not exist.
    OrganizationNotFound => 404, 40450 as ORGANIZATION_NOT_FOUND,
        "Organization not exists.", "组织机构不存在";
    /// The department does not exist.
    DepartmentNotFound => 404, 40451 as DEPARTMENT_NOT_FOUND,
        "Department not exists.", "部门不存在";
    /// Another organisation of the pool has this code.
    OrganizationCodeTaken => 409, 40950 as ORGANIZATION_CODE_TAKEN,
        "Another organization of this user pool already uses this organizationCode",
        "该组织 code 已被本用户池的其他组织使用";
    /// Another department of the organisation has this value.
    DepartmentFieldTaken {
        /// `code` or `openDepartmentId`.
        field: String,
    } => 409, 40951 as DEPARTMENT_FIELD_TAKEN,
        "Another department of this organization already uses this {field}",
        "该 {field} 已被本组织的其他部门使用";
    /// The department has sub-departments.
    DepartmentHasChildren => 409, 40952 as DEPARTMENT_HAS_CHILDREN,
        "The department has sub-departments: delete or move them first",
        "该部门下存在子部门，请先删除或移动子部门";
    /// The new parent is the department itself or one of its descendants.
    DepartmentCycle => 400, 40050 as DEPARTMENT_CYCLE,
        "A department cannot be moved under itself or one of its sub-departments",
        "不能将部门移动到其自身或其子部门下";
    /// The root department cannot be changed this way.
    RootDepartmentFixed {
        /// What was tried (`moved`, `deleted`).
        action: String,
    } => 400, 40051 as ROOT_DEPARTMENT_FIXED,
        "The root department of an organization cannot be {action} (use the organization calls)",
        { format!("组织的根部门不能被{}（请使用组织机构接口）", zh_action(action)) };

    // ---- the server ----
    /// A dependency (database) is not reachable.
    ServiceUnavailable => 503, 50300 as UNAVAILABLE,
        "Service temporarily unavailable, please retry", "服务暂时不可用，请重试";
    /// Something failed inside the server; details are in the server log under the request id.
    Internal => 500, 50000 as INTERNAL, "Internal server error", "服务器内部错误";
    /// The endpoint exists in GenAuth but authgate does not implement it.
    NotImplemented {
        /// The request path.
        path: String,
    } => 501, 50100 as NOT_IMPLEMENTED, "{path} is not implemented in authgate",
        "authgate 暂未实现 {path}";
}

impl Msg {
    /// Renders the message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::EnUs => self.en(),
            Lang::ZhCn => self.zh(),
        }
    }
}

/// The answer of `pre-check-code` for a right code. Not an error, so not a table row.
pub fn code_valid(lang: Lang) -> &'static str {
    match lang {
        Lang::EnUs => "Verification code is valid",
        Lang::ZhCn => "验证码正确",
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

/// The Chinese verb of what was tried on a root department.
fn zh_action(action: &str) -> &str {
    match action {
        "deleted" => "删除",
        "moved" => "移动",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A recognisable value for a parameter, so a rendered text shows whether it carries it.
    pub(super) trait Sample {
        fn sample(name: &str) -> Self;
    }

    impl Sample for String {
        fn sample(name: &str) -> Self {
            format!("‹{name}›")
        }
    }

    impl Sample for u32 {
        fn sample(_: &str) -> Self {
            7919
        }
    }

    impl Sample for i64 {
        fn sample(_: &str) -> Self {
            104_729
        }
    }

    #[test]
    fn renders_both_languages() {
        let m = Msg::MissingParameter {
            name: "userId".into(),
        };
        assert_eq!(m.render(Lang::EnUs), "Parameter userId is required");
        assert_eq!(m.render(Lang::ZhCn), "参数 userId 不能为空");
        assert_eq!(Msg::UserNotFound.render(Lang::ZhCn), "用户不存在");
        assert_eq!(
            Msg::NotBound {
                field: "phone".into()
            }
            .render(Lang::ZhCn),
            "该账号未绑定手机号"
        );
        assert_eq!(
            Msg::RootDepartmentFixed {
                action: "deleted".into()
            }
            .render(Lang::ZhCn),
            "组织的根部门不能被删除（请使用组织机构接口）"
        );
    }

    #[test]
    fn every_row_has_both_texts_and_shows_its_parameters() {
        let rows = samples();
        assert!(rows.len() > 70, "{} rows", rows.len());
        for (msg, shown) in rows {
            for lang in [Lang::EnUs, Lang::ZhCn] {
                let text = msg.render(lang);
                assert!(
                    !text.trim().is_empty(),
                    "{} has no {lang:?} text",
                    msg.name()
                );
                for value in &shown {
                    assert!(
                        text.contains(value.as_str()),
                        "{} in {lang:?} drops {value}: {text}",
                        msg.name()
                    );
                }
            }
            // The two languages are two texts, not one copied (free-form details aside).
            if !matches!(msg, Msg::Invalid { .. }) {
                assert_ne!(
                    msg.render(Lang::EnUs),
                    msg.render(Lang::ZhCn),
                    "{}",
                    msg.name()
                );
            }
        }
    }

    #[test]
    fn row_names_are_unique() {
        let rows = samples();
        let names: BTreeSet<_> = rows.iter().map(|(m, _)| m.name()).collect();
        assert_eq!(names.len(), rows.len());
    }

    /// A GenAuth apiCode (below 10000) means one thing: every row carrying it has the same
    /// status. authgate's own codes are `status * 100 + n`, so they sit in their status's
    /// class (`50200` delivery covers both 502 "failed" and 503 "not configured").
    #[test]
    fn status_and_api_code_agree() {
        let mut statuses: BTreeMap<u32, BTreeSet<u16>> = BTreeMap::new();
        for (msg, _) in samples() {
            let (status, code) = (msg.status(), msg.api_code());
            assert!((400..600).contains(&status), "{}: {status}", msg.name());
            statuses.entry(code).or_default().insert(status);
            if code >= 10_000 {
                assert_eq!(
                    code / 10_000,
                    u32::from(status / 100),
                    "{}: {status}/{code}",
                    msg.name()
                );
            }
        }
        for (code, seen) in statuses.into_iter().filter(|(c, _)| *c < 10_000) {
            assert_eq!(seen.len(), 1, "GenAuth code {code} answered with {seen:?}");
        }
    }

    #[test]
    fn generated_codes_are_the_rows_codes() {
        assert_eq!(codes::USER_NOT_FOUND, Msg::UserNotFound.api_code());
        assert_eq!(codes::USER_NOT_FOUND, 2004);
        assert_eq!(codes::INVALID_INPUT, 40000);
        assert_eq!(codes::EMAIL_ALREADY_BOUND, 2200);
        assert_eq!(codes::DELIVERY_FAILED, Msg::DeliveryFailed.api_code());
    }
}
