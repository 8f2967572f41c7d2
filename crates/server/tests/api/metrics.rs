//! `/metrics`: outcomes by the envelope's statusCode / apiCode, described metrics, the
//! optional bearer token and separate listener.

use crate::common::{TestServer, create_app_user};
use serde_json::json;

/// The sample lines of `metric` whose labels include every one of `labels`.
fn samples<'a>(text: &'a str, metric: &str, labels: &[&str]) -> Vec<&'a str> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{metric}{{")))
        .filter(|l| labels.iter().all(|want| l.contains(want)))
        .collect()
}

async fn scrape(ts: &TestServer, token: Option<&str>) -> reqwest::Response {
    let mut req = ts.http.get(ts.url("/metrics"));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_refused_sign_in_is_counted_with_its_api_code() {
    let ts = TestServer::start().await;
    create_app_user(&ts, "mia").await;
    let d = &ts.server.defaults;
    let refused = ts
        .post_json(
            "/api/v3/signin",
            &json!({"connection": "PASSWORD",
                    "passwordPayload": {"username": "mia", "password": "wrong password"},
                    "client_id": d.app_id, "client_secret": d.app_secret}),
            None,
        )
        .await;
    let status = refused["statusCode"].as_u64().unwrap();
    let api_code = refused["apiCode"].as_u64().unwrap();
    assert!(status >= 400, "{refused}");

    let resp = scrape(&ts, None).await;
    assert_eq!(resp.status(), 200);
    let text = resp.text().await.unwrap();
    let status_label = format!("status=\"{status}\"");
    let code_label = format!("api_code=\"{api_code}\"");
    let route = "route=\"/api/v3/signin\"";
    assert!(
        !samples(
            &text,
            "authgate_http_requests_total",
            &[route, &status_label, &code_label]
        )
        .is_empty(),
        "{text}"
    );
    // Not counted as the HTTP 200 it travelled in.
    assert!(
        samples(
            &text,
            "authgate_http_requests_total",
            &[route, "status=\"200\"", &code_label]
        )
        .is_empty(),
        "{text}"
    );
    assert!(
        !samples(
            &text,
            "authgate_signin_total",
            &[route, "result=\"failure\"", &code_label]
        )
        .is_empty(),
        "{text}"
    );
    for help in [
        "# HELP authgate_http_requests_total ",
        "# HELP authgate_signin_total ",
        "# HELP authgate_db_pool_connections ",
        "# HELP authgate_db_pool_idle_connections ",
        "# HELP process_resident_memory_bytes ",
        "# HELP process_open_fds ",
        "# HELP process_cpu_seconds_total ",
    ] {
        assert!(text.contains(help), "{help} missing:\n{text}");
    }
    // Open connections are counted: the sign-in used the pool.
    let size = text
        .lines()
        .find_map(|l| l.strip_prefix("authgate_db_pool_connections "))
        .unwrap();
    assert!(size.parse::<f64>().unwrap() >= 1.0, "{size}");
    ts.stop().await;
}

#[tokio::test]
async fn the_metrics_token_is_required_when_set() {
    let ts = TestServer::start_with(|c| c.metrics_token = Some("scrape-me".into())).await;
    let resp = scrape(&ts, None).await;
    assert_eq!(resp.status(), 401);
    assert!(!resp.text().await.unwrap().contains("authgate_"));
    assert_eq!(scrape(&ts, Some("scrape-you")).await.status(), 401);
    let resp = scrape(&ts, Some("scrape-me")).await;
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.unwrap().contains("# HELP "));
    ts.stop().await;
}

#[tokio::test]
async fn a_separate_listener_serves_the_metrics_alone() {
    let ts =
        TestServer::start_with(|c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await;
    assert_eq!(scrape(&ts, None).await.status(), 404);
    let addr = ts.server.metrics_addr.unwrap();
    assert_ne!(addr, ts.server.addr);
    let resp = ts
        .http
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("# HELP process_open_fds")
    );
    let other = ts
        .http
        .get(format!("http://{addr}/api/v3/system"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    ts.stop().await;
}
