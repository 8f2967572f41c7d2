//! `docs/compatibility.md`: every call of the four official SDKs against the server. The table
//! is rendered here from `compat/sdk-methods.json`, the live `/openapi.json`, one minimal call
//! of every routed SDK call, and `compat/not-served.json` (routed calls whose option answers
//! 501); the test fails when the committed file differs (`AUTHGATE_WRITE_COMPAT=1` rewrites it).
//! Every call the router lacks must answer the one not-implemented envelope, and every entry of
//! `not-served.json` must still answer it.

use crate::common::{FetchJson, TestServer, app_user};
use authgate_core::error::codes::{METHOD_NOT_ALLOWED, ROUTE_NOT_FOUND};
use authgate_server::compat::{Sdk, SdkCall, generic_path, sdk_calls, sdk_source};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

static NOT_SERVED_JSON: &str = include_str!("../../compat/not-served.json");

/// A routed call that answers 501 for one option (`compat/not-served.json`).
#[derive(Debug, Deserialize)]
struct NotServed {
    method: String,
    path: String,
    /// Matches [`SdkCall::variant`]: every method of that call sends the option.
    #[serde(default)]
    variant: String,
    /// An option the caller chooses: the method is served without it.
    #[serde(default)]
    option: String,
    why: String,
    /// `management`, `user` or `none`.
    auth: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    request: Option<Value>,
    #[serde(default)]
    query: String,
}

#[derive(Deserialize)]
struct NotServedList {
    entries: Vec<NotServed>,
}

fn not_served() -> Vec<NotServed> {
    let list: NotServedList = serde_json::from_str(NOT_SERVED_JSON).unwrap();
    for e in &list.entries {
        assert!(
            e.variant.is_empty() != e.option.is_empty(),
            "{} {}: exactly one of variant / option",
            e.method,
            e.path
        );
        if !e.variant.is_empty() {
            assert!(
                sdk_calls()
                    .iter()
                    .any(|c| same_call(c, &e.method, &e.path) && c.variant == e.variant),
                "not-served.json names no SDK call: {} {} {}",
                e.method,
                e.path,
                e.variant
            );
        }
    }
    list.entries
}

fn same_call(call: &SdkCall, method: &str, path: &str) -> bool {
    call.method == method && call.generic_path() == generic_path(path)
}

/// How authgate answers one SDK call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Support {
    Implemented,
    NotImplemented,
    ClientSide,
}

/// What one minimal call got back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Anything but the two below: the handler ran (a validation error counts).
    Served,
    NotImplemented,
    RouteNotFound,
}

/// Credentials the minimal calls carry, so that a handler is reached past its auth check.
struct Creds {
    management: String,
    user: String,
    app_id: String,
    app_secret: String,
}

impl Creds {
    async fn new(ts: &TestServer) -> Self {
        let d = &ts.server.defaults;
        Creds {
            management: ts.mgmt_token().await,
            user: app_user(ts, "compat-probe").await,
            app_id: d.app_id.clone(),
            app_secret: d.app_secret.clone(),
        }
    }

    fn fill(&self, text: &str) -> String {
        text.replace("{{app_id}}", &self.app_id)
            .replace("{{app_secret}}", &self.app_secret)
    }
}

/// Sends `method path` (placeholders filled with `x1`) with `body` (not for GET) and reads the
/// answer's class.
async fn call(
    ts: &TestServer,
    method: &str,
    path_and_query: &str,
    bearer: Option<&str>,
    headers: &[(String, String)],
    body: Option<&Value>,
) -> (Answer, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut req = ts.http.request(method.clone(), ts.url(path_and_query));
    if let Some(t) = bearer {
        req = req.bearer_auth(t);
    }
    for (k, v) in headers {
        req = req.header(k, v);
    }
    if method != reqwest::Method::GET {
        req = req.json(body.unwrap_or(&serde_json::json!({})));
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let answer = if status == 501 || body["statusCode"] == 501 {
        Answer::NotImplemented
    } else if status == 405
        // `/api` handlers answer every error with HTTP 200; a protocol handler may 404 an
        // unknown id (`x1`), which is an answer, not a missing route.
        || (status == 404 && path_and_query.starts_with("/api/"))
        || [ROUTE_NOT_FOUND, METHOD_NOT_ALLOWED]
            .map(Value::from)
            .contains(&body["apiCode"])
    {
        Answer::RouteNotFound
    } else {
        Answer::Served
    };
    (answer, format!("HTTP {status} {text:.300}"))
}

/// One minimal call of an SDK call, as its client would authenticate it.
async fn probe(ts: &TestServer, creds: &Creds, c: &SdkCall) -> (Answer, String) {
    let path = c
        .path
        .split('/')
        .map(|s| if s.starts_with('{') { "x1" } else { s })
        .collect::<Vec<_>>()
        .join("/");
    let (bearer, headers) = if c.client == "ManagementClient" {
        (&creds.management, vec![])
    } else {
        (
            &creds.user,
            vec![("x-authing-app-id".to_string(), creds.app_id.clone())],
        )
    };
    call(ts, &c.method, &path, Some(bearer.as_str()), &headers, None).await
}

async fn routed(ts: &TestServer) -> HashSet<(String, String)> {
    let doc: Value = ts.http.get(ts.url("/openapi.json")).fetch_json().await;
    let mut out = HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.to_uppercase(), generic_path(path)));
        }
    }
    out
}

/// One row of the table: a call, how it is answered, the caller-chosen options answering 501.
struct Row<'a> {
    call: &'a SdkCall,
    support: Support,
    options: Vec<&'a NotServed>,
    why: Option<&'a str>,
}

/// Decides every row: unrouted → 501; routed but its variant listed in `not-served.json` →
/// 501; routed and a minimal call answers 501 → 501; otherwise served. A routed call whose
/// minimal call finds no route fails the test.
async fn rows<'a>(ts: &TestServer, not_served: &'a [NotServed]) -> Vec<Row<'a>> {
    let routed = routed(ts).await;
    let creds = Creds::new(ts).await;
    let mut out = Vec::new();
    let mut probed: HashMap<(String, String), Answer> = HashMap::new();
    for c in sdk_calls() {
        let listed = not_served.iter().find(|e| {
            !e.variant.is_empty() && same_call(c, &e.method, &e.path) && c.variant == e.variant
        });
        let options = not_served
            .iter()
            .filter(|e| !e.option.is_empty() && same_call(c, &e.method, &e.path))
            .collect();
        let key = (c.method.clone(), c.generic_path());
        let (support, why) = match c.method.as_str() {
            "CLIENT" => (Support::ClientSide, None),
            _ if !routed.contains(&key) => (Support::NotImplemented, None),
            _ if listed.is_some() => (Support::NotImplemented, listed.map(|e| e.why.as_str())),
            _ => {
                let answer = match probed.get(&key) {
                    Some(a) => *a,
                    None => {
                        let (a, detail) = probe(ts, &creds, c).await;
                        assert_ne!(
                            a,
                            Answer::RouteNotFound,
                            "{} {} is in /openapi.json but not routed: {detail}",
                            c.method,
                            c.path
                        );
                        probed.insert(key, a);
                        a
                    }
                };
                match answer {
                    Answer::NotImplemented => (Support::NotImplemented, None),
                    _ => (Support::Implemented, None),
                }
            }
        };
        out.push(Row {
            call: c,
            support,
            options,
            why,
        });
    }
    out
}

fn names(v: &[String]) -> String {
    if v.is_empty() {
        "—".to_string()
    } else {
        v.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "# Compatibility with the official GenAuth SDKs\n\n\
         Generated by `crates/server/tests/api/compatibility.rs` from the router,\n\
         `crates/server/compat/sdk-methods.json` (every public method of the SDKs' `AuthenticationClient`\n\
         and `ManagementClient` with the HTTP call it makes, listed by\n\
         `crates/server/compat/extract_sdk_methods.py`) and `crates/server/compat/not-served.json`.\n\
         Do not edit by hand: after changing routes run\n\
         `AUTHGATE_WRITE_COMPAT=1 cargo test -p authgate-server --test api compatibility`;\n\
         after a new SDK release run the extractor first (its header says how).\n\n\
         SDK packages read:\n\n",
    );
    for sdk in Sdk::ALL {
        let _ = writeln!(out, "- {}: {}", sdk.title(), sdk_source(sdk));
    }
    out.push_str(
        "\nA method counts as supported only when its call is served: the path is routed, a\n\
         minimal call of it (the test sends one for every routed call) does not answer 501,\n\
         and the fixed option the method always sends (`connection=LDAP` for `signInByLDAP`) is\n\
         not listed in `not-served.json`. A served call may still refuse an option the caller\n\
         chooses; the table names those (the test checks each of them answers 501).\n\n\
         A call authgate does not implement is answered with one envelope, never a 404 page:\n\
         HTTP 200 with `statusCode` 501, `apiCode` 50100 and the message\n\
         `<path> is not implemented in authgate` (spec §7 item 15). 501 rather than 400 tells a\n\
         caller that the request was fine and the feature is missing; the SDKs treat every\n\
         non-200 `statusCode` alike. `WS` calls are the events WebSocket; `client-side` helpers\n\
         never reach the server. `makeRequest` (Node, Java), which sends whatever request the\n\
         caller builds, is not listed.\n\n",
    );
    // Per client and SDK: [methods, methods supported].
    let mut summary: BTreeMap<&str, [[usize; 2]; 4]> = BTreeMap::new();
    for row in rows {
        let e = summary.entry(row.call.client.as_str()).or_default();
        let ok = usize::from(row.support != Support::NotImplemented);
        for (i, sdk) in Sdk::ALL.into_iter().enumerate() {
            let n = row.call.methods(sdk).len();
            e[i][0] += n;
            e[i][1] += n * ok;
        }
    }
    out.push_str("| Client | Node | Python | Java | Go |\n|---|---|---|---|---|\n");
    let mut all = [[0usize; 2]; 4];
    let cell = |[n, ok]: [usize; 2]| {
        if n == 0 {
            "—".to_string()
        } else {
            format!("{ok} of {n}")
        }
    };
    for (client, per_sdk) in &summary {
        let cells: Vec<String> = per_sdk.iter().map(|c| cell(*c)).collect();
        let _ = writeln!(out, "| {client} | {} |", cells.join(" | "));
        for (a, c) in all.iter_mut().zip(per_sdk) {
            a[0] += c[0];
            a[1] += c[1];
        }
    }
    let cells: Vec<String> = all.iter().map(|c| cell(*c)).collect();
    let _ = writeln!(out, "| all | {} |", cells.join(" | "));
    for client in summary.keys() {
        let _ = write!(
            out,
            "\n## {client}\n\n| Call | Node | Python | Java | Go | authgate |\n|---|---|---|---|---|---|\n"
        );
        for row in rows.iter().filter(|r| r.call.client == *client) {
            let c = row.call;
            let target = match (c.method.as_str(), c.variant.as_str()) {
                ("CLIENT", _) => "—".to_string(),
                (_, "") => format!("`{} {}`", c.method, c.path),
                (_, v) => format!("`{} {}` `{v}`", c.method, c.path),
            };
            let mut answer = match row.support {
                Support::Implemented => "yes".to_string(),
                Support::NotImplemented => "no (501)".to_string(),
                Support::ClientSide => "client-side".to_string(),
            };
            if let Some(why) = row.why {
                let _ = write!(answer, ": {why}");
            }
            if row.support == Support::Implemented && !row.options.is_empty() {
                let opts: Vec<String> = row
                    .options
                    .iter()
                    .map(|e| format!("`{}`", e.option))
                    .collect();
                let _ = write!(answer, "; 501 for {}", opts.join(", "));
            }
            let cells: Vec<String> = Sdk::ALL.iter().map(|s| names(c.methods(*s))).collect();
            let _ = writeln!(out, "| {target} | {} | {answer} |", cells.join(" | "));
        }
    }
    out
}

#[tokio::test]
async fn compatibility_table_is_generated_from_the_router() {
    let ts = TestServer::start().await;
    let not_served = not_served();
    let rows = rows(&ts, &not_served).await;
    let text = render(&rows);
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/compatibility.md");
    if std::env::var_os("AUTHGATE_WRITE_COMPAT").is_some() {
        std::fs::write(file, &text).unwrap();
    }
    let committed = std::fs::read_to_string(file).unwrap_or_default();
    assert!(
        committed == text,
        "docs/compatibility.md is stale: run AUTHGATE_WRITE_COMPAT=1 cargo test -p \
         authgate-server --test api compatibility"
    );
    let support = |method: &str, path: &str, variant: &str| {
        rows.iter()
            .find(|r| same_call(r.call, method, path) && r.call.variant == variant)
            .map(|r| r.support)
    };
    // The core of the management API is there.
    for path in ["/api/v3/create-user", "/api/v3/list-applications"] {
        assert_eq!(
            support("POST", path, "").or(support("GET", path, "")),
            Some(Support::Implemented),
            "{path}"
        );
    }
    // Password sign-in is served; LDAP and AD on the same path are not.
    assert_eq!(
        support("POST", "/api/v3/signin", "connection=PASSWORD"),
        Some(Support::Implemented)
    );
    assert_eq!(
        support("POST", "/api/v3/signin", "connection=LDAP"),
        Some(Support::NotImplemented)
    );
    assert_eq!(
        support("POST", "/api/v3/signin", "connection=AD"),
        Some(Support::NotImplemented)
    );
}

#[tokio::test]
async fn every_option_listed_as_not_served_answers_the_not_implemented_envelope() {
    let ts = TestServer::start().await;
    let creds = Creds::new(&ts).await;
    let entries = not_served();
    assert!(!entries.is_empty());
    for e in &entries {
        let bearer = match e.auth.as_str() {
            "management" => Some(creds.management.as_str()),
            "user" => Some(creds.user.as_str()),
            "none" => None,
            other => panic!("auth {other} of {} {}", e.method, e.path),
        };
        let headers: Vec<(String, String)> = e
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), creds.fill(v)))
            .collect();
        let body: Option<Value> = e
            .request
            .as_ref()
            .map(|b| serde_json::from_str(&creds.fill(&b.to_string())).unwrap());
        let target = if e.query.is_empty() {
            e.path.clone()
        } else {
            format!("{}?{}", e.path, e.query)
        };
        let (answer, detail) = call(&ts, &e.method, &target, bearer, &headers, body.as_ref()).await;
        assert_eq!(
            answer,
            Answer::NotImplemented,
            "{} {} {}{}: {detail} — implemented? then drop it from compat/not-served.json",
            e.method,
            e.path,
            e.variant,
            e.option
        );
        // Without the option (query dropped, the option's members left out of the body) the
        // same call is served: the entry names an option, not a blanket 501.
        if !e.option.is_empty() {
            let plain = body.clone().map(|mut b| {
                if let Some(obj) = b.as_object_mut() {
                    obj.retain(|k, _| !e.option.contains(k.as_str()));
                }
                b
            });
            let (answer, detail) =
                call(&ts, &e.method, &e.path, bearer, &headers, plain.as_ref()).await;
            assert_eq!(
                answer,
                Answer::Served,
                "{} {} without {}: {detail}",
                e.method,
                e.path,
                e.option
            );
        }
    }
}

#[tokio::test]
async fn every_call_not_implemented_answers_the_not_implemented_envelope() {
    let ts = TestServer::start().await;
    let routed = routed(&ts).await;
    let missing: Vec<&SdkCall> = sdk_calls()
        .iter()
        .filter(|c| matches!(c.method.as_str(), "GET" | "POST" | "PUT" | "DELETE"))
        .filter(|c| !routed.contains(&(c.method.clone(), c.generic_path())))
        .collect();
    assert!(!missing.is_empty());
    // The Java SDK's calls are among them (its own paths, `/oidc/me/` and
    // `/api/v2/oidc/validate_token`, are served).
    assert!(missing.iter().any(|c| !c.java.is_empty()));
    for call in missing {
        // Each placeholder both as Node and Java send it (unfilled, braces percent-encoded by
        // the HTTP client) and filled in, as Python sends it.
        let literal = call.path.replace('{', "%7B").replace('}', "%7D");
        let filled = call
            .path
            .split('/')
            .map(|s| if s.starts_with('{') { "x1" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let mut paths = vec![literal];
        if !paths.contains(&filled) {
            paths.push(filled);
        }
        for path in paths {
            let method = reqwest::Method::from_bytes(call.method.as_bytes()).unwrap();
            let mut req = ts.http.request(method.clone(), ts.url(&path));
            if method != reqwest::Method::GET {
                req = req.json(&serde_json::json!({}));
            }
            let res = req.send().await.unwrap();
            if res.status() == 501 {
                // The protocol surfaces (`/oidc`, `/cas-idp`) answer with the HTTP status itself.
                assert!(!call.path.starts_with("/api/"), "{}", call.path);
                continue;
            }
            assert_eq!(res.status(), 200, "{} {path}", call.method);
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["statusCode"], 501, "{} {path}: {body}", call.method);
            assert_eq!(body["apiCode"], 50100, "{} {path}", call.method);
        }
    }
    // Not an SDK call: still a 404.
    let body = ts.get_raw("/api/v3/no-such-call", None).await;
    assert_eq!(body["statusCode"], 404);
}
