//! Verification codes (spec §2.4): `send-email` over real SMTP, `send-sms` through the
//! webhook, `pre-check-code`, and the codes' rules as sign-in and sign-up see them.

use crate::common::{FetchJson, TestServer, assert_error};
use crate::sinks::{SmsSink, SmtpSink, six_digits};
use authgate_server::ServeError;
use authgate_server::config::Mode;
use authgate_server::notify::NotifyError;
use serde_json::{Value, json};

/// A server delivering email to a fresh SMTP sink.
async fn with_smtp() -> (TestServer, SmtpSink) {
    let sink = SmtpSink::start().await;
    let url = sink.url.clone();
    let ts = TestServer::start_with(|c| {
        c.smtp_url = Some(url);
        c.smtp_from = "authgate <no-reply@authgate.test>".into();
    })
    .await;
    (ts, sink)
}

/// A server delivering SMS to a fresh webhook sink.
async fn with_sms() -> (TestServer, SmsSink) {
    let sink = SmsSink::start().await;
    let url = sink.url.clone();
    let ts = TestServer::start_with(|c| {
        c.sms_provider = Some("webhook".into());
        c.sms_webhook_url = Some(url);
    })
    .await;
    (ts, sink)
}

/// POSTs `body` to `path`, with `x-authing-lang` when given; answers the envelope.
async fn post(ts: &TestServer, path: &str, body: &Value, lang: Option<&str>) -> Value {
    let mut req = ts.http.post(ts.url(path)).json(body);
    if let Some(l) = lang {
        req = req.header("x-authing-lang", l);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), 200, "HTTP status of {path}");
    resp.json().await.unwrap()
}

async fn send_email(ts: &TestServer, email: &str, channel: &str) -> Value {
    post(
        ts,
        "/api/v3/send-email",
        &json!({"channel": channel, "email": email}),
        None,
    )
    .await
}

async fn send_sms(ts: &TestServer, phone: &str, channel: &str) -> Value {
    let body = json!({"channel": channel, "phoneNumber": phone, "phoneCountryCode": "+86"});
    post(ts, "/api/v3/send-sms", &body, None).await
}

/// Sends an email code for `channel` and answers it as received.
async fn email_code(ts: &TestServer, sink: &mut SmtpSink, email: &str, channel: &str) -> String {
    let b = send_email(ts, email, channel).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(b.get("data").is_none_or(Value::is_null), "{b}");
    sink.next().await.code()
}

/// `signin` by PASSCODE (autoRegister on).
async fn signin_passcode(ts: &TestServer, payload: Value) -> Value {
    let d = &ts.server.defaults;
    let body = json!({
        "connection": "PASSCODE", "passCodePayload": payload,
        "options": {"autoRegister": true},
        "client_id": d.app_id, "client_secret": d.app_secret
    });
    post(ts, "/api/v3/signin", &body, None).await
}

async fn signin_email(ts: &TestServer, email: &str, code: &str) -> Value {
    signin_passcode(ts, json!({"email": email, "passCode": code})).await
}

fn assert_code_invalid(b: &Value) {
    assert_error(b, 403);
    assert_eq!(b["apiCode"], 2001, "{b}");
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

#[tokio::test]
async fn email_code_arrives_by_smtp_and_signs_in_and_up() {
    let (ts, mut sink) = with_smtp().await;
    let b = send_email(&ts, "Ada@Example.com", "CHANNEL_LOGIN").await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let mail = sink.next().await;
    assert_eq!(mail.from, "no-reply@authgate.test");
    assert_eq!(mail.to, vec!["Ada@Example.com".to_string()]);
    assert!(
        mail.header("From")
            .unwrap()
            .contains("no-reply@authgate.test")
    );
    assert_eq!(mail.subject(), "Your verification code to sign in");
    assert!(
        mail.header("Message-ID")
            .is_some_and(|id| id.ends_with("@authgate.test>")),
        "{mail:?}"
    );
    let body = mail.body();
    assert!(body.contains("valid for 5 minutes"), "{body}");
    let code = mail.code();
    assert_eq!(code.len(), 6);

    // A new user, registered by the sign-in (the address is matched case-insensitively).
    let b = signin_email(&ts, "ada@example.com", &code).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(b["data"]["access_token"].as_str().is_some(), "{b}");
    // Single use.
    let b = signin_email(&ts, "ada@example.com", &code).await;
    assert_code_invalid(&b);

    // Sign-up by PASSCODE with a CHANNEL_REGISTER code.
    let code = email_code(&ts, &mut sink, "bea@example.com", "CHANNEL_REGISTER").await;
    let b = post(
        &ts,
        "/api/v3/signup",
        &json!({"connection": "PASSCODE", "passCodePayload": {"email": "bea@example.com", "passCode": code}}),
        None,
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert_eq!(b["data"]["email"], "bea@example.com");
    assert_eq!(b["data"]["emailVerified"], true);
    // And the registered user signs in with a login code.
    let code = email_code(&ts, &mut sink, "bea@example.com", "CHANNEL_LOGIN").await;
    let b = signin_email(&ts, "bea@example.com", &code).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    sink.assert_empty();
    ts.stop().await;
}

#[tokio::test]
async fn sms_webhook_receives_the_code_and_it_signs_in() {
    let (ts, mut sink) = with_sms().await;
    let b = send_sms(&ts, "13800138000", "CHANNEL_LOGIN").await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let sms = sink.next().await;
    assert_eq!(sms["phone"], "13800138000");
    assert_eq!(sms["phoneCountryCode"], "+86");
    assert_eq!(sms["channel"], "CHANNEL_LOGIN");
    let code = sms["code"].as_str().unwrap().to_string();
    assert_eq!(six_digits(&code).as_deref(), Some(code.as_str()));
    assert!(sms["text"].as_str().unwrap().contains(&code), "{sms}");

    let payload = json!({"phone": "13800138000", "phoneCountryCode": "+86", "passCode": code});
    let b = signin_passcode(&ts, payload.clone()).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    assert!(b["data"]["access_token"].as_str().is_some(), "{b}");
    assert_code_invalid(&signin_passcode(&ts, payload).await);

    // A failed delivery withdraws the code: the user may ask again at once.
    sink.answer(500);
    let b = send_sms(&ts, "13900139000", "CHANNEL_LOGIN").await;
    assert_error(&b, 502);
    assert_eq!(b["apiCode"], 50200);
    let lost = sink.next().await["code"].as_str().unwrap().to_string();
    sink.answer(200);
    let b = send_sms(&ts, "13900139000", "CHANNEL_LOGIN").await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let code = sink.next().await["code"].as_str().unwrap().to_string();
    if lost != code {
        let b = signin_passcode(
            &ts,
            json!({"phone": "13900139000", "phoneCountryCode": "+86", "passCode": lost}),
        )
        .await;
        assert_code_invalid(&b);
    }
    let b = signin_passcode(
        &ts,
        json!({"phone": "13900139000", "phoneCountryCode": "+86", "passCode": code}),
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn one_send_per_minute_per_target_and_channel_and_codes_expire() {
    let (ts, mut sink) = with_smtp().await;
    let first = email_code(&ts, &mut sink, "cy@example.com", "CHANNEL_LOGIN").await;
    let b = send_email(&ts, "cy@example.com", "CHANNEL_LOGIN").await;
    assert_error(&b, 429);
    assert_eq!(b["apiCode"], 42900);
    // Another channel or another address is not held back.
    email_code(&ts, &mut sink, "cy@example.com", "CHANNEL_REGISTER").await;
    email_code(&ts, &mut sink, "dee@example.com", "CHANNEL_LOGIN").await;
    sink.assert_empty();

    ts.clock.advance(59_000);
    assert_error(
        &send_email(&ts, "cy@example.com", "CHANNEL_LOGIN").await,
        429,
    );
    ts.clock.advance(1_000);
    let second = email_code(&ts, &mut sink, "cy@example.com", "CHANNEL_LOGIN").await;
    if first != second {
        // The new code replaces the old one.
        assert_code_invalid(&signin_email(&ts, "cy@example.com", &first).await);
    }

    // Valid for 300 s.
    ts.clock.advance(301_000);
    assert_code_invalid(&signin_email(&ts, "cy@example.com", &second).await);
    let code = email_code(&ts, &mut sink, "cy@example.com", "CHANNEL_LOGIN").await;
    ts.clock.advance(299_000);
    let b = signin_email(&ts, "cy@example.com", &code).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn five_wrong_attempts_kill_the_code() {
    let (ts, mut sink) = with_smtp().await;
    let code = email_code(&ts, &mut sink, "eve@example.com", "CHANNEL_LOGIN").await;
    for _ in 0..4 {
        assert_code_invalid(&signin_email(&ts, "eve@example.com", wrong(&code)).await);
    }
    // Four wrong answers leave it alive: check without using it up.
    let check = json!({"codeType": "EMAIL",
        "emailCodePayload": {"email": "eve@example.com", "passCode": code, "channel": "CHANNEL_LOGIN"}});
    let b = post(&ts, "/api/v3/pre-check-code", &check, None).await;
    assert_eq!(b["data"]["isValid"], true, "{b}");
    assert_code_invalid(&signin_email(&ts, "eve@example.com", wrong(&code)).await);
    assert_code_invalid(&signin_email(&ts, "eve@example.com", &code).await);
    let b = post(&ts, "/api/v3/pre-check-code", &check, None).await;
    assert_eq!(b["data"]["isValid"], false, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn a_code_only_works_on_its_channel() {
    let (ts, mut sink) = with_smtp().await;
    let code = email_code(&ts, &mut sink, "fay@example.com", "CHANNEL_REGISTER").await;
    assert_code_invalid(&signin_email(&ts, "fay@example.com", &code).await);
    // Nor for another address.
    let b = post(
        &ts,
        "/api/v3/signup",
        &json!({"connection": "PASSCODE", "passCodePayload": {"email": "gil@example.com", "passCode": code}}),
        None,
    )
    .await;
    assert_code_invalid(&b);
    // Still good where it belongs.
    let b = post(
        &ts,
        "/api/v3/signup",
        &json!({"connection": "PASSCODE", "passCodePayload": {"email": "fay@example.com", "passCode": code}}),
        None,
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn bad_input_is_400_and_sends_nothing() {
    let (ts, mut sink) = with_smtp().await;
    let cases = [
        (
            "/api/v3/send-email",
            json!({"channel": "CHANNEL_NOPE", "email": "a@example.com"}),
            "channel",
        ),
        (
            "/api/v3/send-email",
            json!({"channel": "CHANNEL_BIND_PHONE", "email": "a@example.com"}),
            "channel",
        ),
        (
            "/api/v3/send-email",
            json!({"channel": "", "email": "a@example.com"}),
            "channel",
        ),
        (
            "/api/v3/send-email",
            json!({"channel": "CHANNEL_LOGIN", "email": "not-an-email"}),
            "email",
        ),
        (
            "/api/v3/send-email",
            json!({"channel": "CHANNEL_LOGIN", "email": "a b@example.com"}),
            "email",
        ),
        (
            "/api/v3/send-email",
            json!({"channel": "CHANNEL_LOGIN"}),
            "email",
        ),
        (
            "/api/v3/send-email",
            json!({"email": "a@example.com"}),
            "channel",
        ),
        ("/api/v3/send-email", json!({}), "channel"),
        (
            "/api/v3/send-email",
            json!({"channel": 7, "email": "a@example.com"}),
            "JSON",
        ),
        (
            "/api/v3/send-sms",
            json!({"channel": "CHANNEL_LOGIN"}),
            "phoneNumber",
        ),
        (
            "/api/v3/send-sms",
            json!({"channel": "CHANNEL_LOGIN", "phoneNumber": "abc"}),
            "phone",
        ),
        (
            "/api/v3/send-sms",
            json!({"channel": "CHANNEL_UPDATE_EMAIL", "phoneNumber": "13800138000"}),
            "channel",
        ),
        (
            "/api/v3/send-sms",
            json!({"channel": "CHANNEL_LOGIN", "phoneNumber": "13800138000", "phoneCountryCode": "86x"}),
            "phoneCountryCode",
        ),
        (
            "/api/v3/pre-check-code",
            json!({"codeType": "EMAIL"}),
            "emailCodePayload",
        ),
        (
            "/api/v3/pre-check-code",
            json!({"codeType": "SMS"}),
            "smsCodePayload",
        ),
        ("/api/v3/pre-check-code", json!({"codeType": "FAX"}), "JSON"),
        (
            "/api/v3/pre-check-code",
            json!({"codeType": "EMAIL", "emailCodePayload": {"email": "a@example.com", "channel": "CHANNEL_LOGIN"}}),
            "passCode",
        ),
        (
            "/api/v3/pre-check-code",
            json!({"codeType": "EMAIL", "emailCodePayload": {"email": "a@example.com", "passCode": "1", "channel": "CHANNEL_X"}}),
            "channel",
        ),
        (
            "/api/v3/pre-check-code",
            json!({"codeType": "SMS", "smsCodePayload": {"phone": "x", "passCode": "1", "channel": "CHANNEL_LOGIN"}}),
            "phone",
        ),
    ];
    for (path, body, named) in cases {
        let b = post(&ts, path, &body, None).await;
        let msg = assert_error(&b, 400);
        assert_eq!(b["apiCode"], 40000, "{path} {body}: {b}");
        assert!(msg.contains(named), "{path} {body}: {msg}");
    }
    sink.assert_empty();
    // A good request after all that still goes through (no resend hold was taken).
    email_code(&ts, &mut sink, "a@example.com", "CHANNEL_LOGIN").await;
    ts.stop().await;
}

#[tokio::test]
async fn unconfigured_or_failing_delivery_is_refused_clearly() {
    let ts = TestServer::start().await;
    let b = send_email(&ts, "a@example.com", "CHANNEL_LOGIN").await;
    assert_eq!(
        assert_error(&b, 503),
        "Email delivery is not configured on this server"
    );
    assert_eq!(b["apiCode"], 50200);
    let b = post(
        &ts,
        "/api/v3/send-email",
        &json!({"channel": "CHANNEL_LOGIN", "email": "a@example.com"}),
        Some("zh-CN"),
    )
    .await;
    assert_eq!(assert_error(&b, 503), "服务器未配置邮件发送");
    let b = send_sms(&ts, "13800138000", "CHANNEL_LOGIN").await;
    assert_eq!(
        assert_error(&b, 503),
        "SMS delivery is not configured on this server"
    );
    assert_eq!(b["apiCode"], 50200);
    ts.stop().await;

    // An SMTP server that cannot be reached: 502, and no resend hold.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let ts = TestServer::start_with(|c| c.smtp_url = Some(url)).await;
    for _ in 0..2 {
        let b = send_email(&ts, "a@example.com", "CHANNEL_LOGIN").await;
        assert_eq!(
            assert_error(&b, 502),
            "The message could not be delivered, please retry"
        );
        assert_eq!(b["apiCode"], 50200);
    }
    ts.stop().await;
}

#[tokio::test]
async fn the_log_sms_provider_is_refused_in_production() {
    let err = TestServer::try_start_with(|c| c.sms_provider = Some("log".into()))
        .await
        .err()
        .unwrap();
    assert!(
        matches!(err, ServeError::Notify(NotifyError::LogSmsInProduction)),
        "{err}"
    );
    assert!(err.to_string().contains("production"), "{err}");
    let err = TestServer::try_start_with(|c| c.sms_provider = Some("webhook".into()))
        .await
        .err()
        .unwrap();
    assert!(matches!(
        err,
        ServeError::Notify(NotifyError::SmsWebhookUrlMissing)
    ));
    let err = TestServer::try_start_with(|c| c.smtp_url = Some("ftp://mail".into()))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, ServeError::Notify(NotifyError::SmtpUrl(_))));

    // In development mode it starts and "delivers".
    let ts = TestServer::start_with(|c| {
        c.mode = Mode::Development;
        c.sms_provider = Some("log".into());
    })
    .await;
    let b = send_sms(&ts, "13800138000", "CHANNEL_LOGIN").await;
    assert_eq!(b["statusCode"], 200, "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn chinese_template_with_zh_cn() {
    let (ts, mut sink) = with_smtp().await;
    let b = post(
        &ts,
        "/api/v3/send-email",
        &json!({"channel": "CHANNEL_RESET_PASSWORD", "email": "hu@example.com"}),
        Some("zh-CN"),
    )
    .await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let mail = sink.next().await;
    assert_eq!(mail.subject(), "重置密码验证码");
    let body = mail.body();
    assert!(body.contains("5 分钟内有效"), "{body}");
    assert!(body.contains(&mail.code()), "{body}");
    // The 429 is in Chinese too.
    let b = post(
        &ts,
        "/api/v3/send-email",
        &json!({"channel": "CHANNEL_RESET_PASSWORD", "email": "hu@example.com"}),
        Some("zh-CN"),
    )
    .await;
    assert!(assert_error(&b, 429).contains("验证码发送过于频繁"), "{b}");
    ts.stop().await;
}

#[tokio::test]
async fn pre_check_code_validates_without_consuming() {
    let (ts, mut sink) = with_smtp().await;
    let code = email_code(&ts, &mut sink, "ivy@example.com", "CHANNEL_LOGIN").await;
    let check = |code: &str, channel: &str| {
        json!({"codeType": "EMAIL",
            "emailCodePayload": {"email": "IVY@example.com", "passCode": code, "channel": channel}})
    };
    for _ in 0..2 {
        let b = post(
            &ts,
            "/api/v3/pre-check-code",
            &check(&code, "CHANNEL_LOGIN"),
            None,
        )
        .await;
        assert_eq!(b["statusCode"], 200, "{b}");
        assert_eq!(
            b["data"],
            json!({"isValid": true, "message": "Verification code is valid"})
        );
    }
    let b = post(
        &ts,
        "/api/v3/pre-check-code",
        &check(wrong(&code), "CHANNEL_LOGIN"),
        Some("zh-CN"),
    )
    .await;
    assert_eq!(
        b["data"],
        json!({"isValid": false, "message": "验证码错误或已过期"})
    );
    let b = post(
        &ts,
        "/api/v3/pre-check-code",
        &check(&code, "CHANNEL_REGISTER"),
        None,
    )
    .await;
    assert_eq!(b["data"]["isValid"], false, "{b}");
    // Still usable after the checks.
    let b = signin_email(&ts, "ivy@example.com", &code).await;
    assert_eq!(b["statusCode"], 200, "{b}");
    let b = post(
        &ts,
        "/api/v3/pre-check-code",
        &check(&code, "CHANNEL_LOGIN"),
        None,
    )
    .await;
    assert_eq!(b["data"]["isValid"], false, "{b}");
    ts.stop().await;

    // SMS codes, through the webhook.
    let (ts, mut sms) = with_sms().await;
    assert_eq!(
        send_sms(&ts, "13700137000", "CHANNEL_BIND_PHONE").await["statusCode"],
        200
    );
    let code = sms.next().await["code"].as_str().unwrap().to_string();
    let check = json!({"codeType": "SMS", "smsCodePayload":
        {"phone": "13700137000", "phoneCountryCode": "+86", "passCode": code, "channel": "CHANNEL_BIND_PHONE"}});
    let b = ts
        .http
        .post(ts.url("/api/v3/pre-check-code"))
        .json(&check)
        .fetch_json()
        .await;
    assert_eq!(b["data"]["isValid"], true, "{b}");
    let mut other_country = check.clone();
    other_country["smsCodePayload"]["phoneCountryCode"] = json!("+1");
    let b = post(&ts, "/api/v3/pre-check-code", &other_country, None).await;
    assert_eq!(b["data"]["isValid"], false, "{b}");
    ts.stop().await;
}
