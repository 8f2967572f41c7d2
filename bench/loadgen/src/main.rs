//! `authgate-loadgen`: drives a running authgate with a fixed number of concurrent workers for a
//! fixed time and reports throughput and latency percentiles. Bounded in count and time; only
//! for servers on this machine.

use clap::{Parser, ValueEnum};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// What to measure.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Scenario {
    /// Password sign-ins (`POST /api/v3/signin`), plus a probe of a cheap endpoint.
    Signin,
    /// Refresh-token grants (`POST /oidc/token`), each worker following its own rotation chain.
    Refresh,
    /// Client-credentials grants (`POST /oidc/token`) with the application's own credentials.
    ClientCredentials,
    /// GET of `--path`.
    Get,
    /// QR status polls spread over `--codes` pending codes.
    QrPoll,
    /// One QR code watched by `--connections` SSE streams: time from CONFIRM to each event.
    QrFanout,
}

/// Command line.
#[derive(Debug, Parser)]
struct Args {
    /// Scenario.
    scenario: Scenario,
    /// Server base URL.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    url: String,
    /// Concurrent workers (connections).
    #[arg(long, default_value_t = 16)]
    connections: usize,
    /// Seconds to run.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Path for `get` (and the probe path of `signin`).
    #[arg(long, default_value = "/api/v3/system")]
    path: String,
    /// Application id.
    #[arg(long, default_value = "")]
    app_id: String,
    /// Application secret.
    #[arg(long, default_value = "")]
    app_secret: String,
    /// Username to sign in as.
    #[arg(long, default_value = "bench")]
    username: String,
    /// Its password.
    #[arg(long, default_value = "bench password 1")]
    password: String,
    /// Pending QR codes for `qr-poll`.
    #[arg(long, default_value_t = 10_000)]
    codes: usize,
}

#[derive(Default)]
struct Stats {
    micros: Vec<u64>,
    errors: u64,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.micros.extend(other.micros);
        self.errors += other.errors;
    }

    fn report(mut self, label: &str, elapsed: Duration) -> Value {
        self.micros.sort_unstable();
        let n = self.micros.len();
        let pct = |p: f64| -> f64 {
            if n == 0 {
                return 0.0;
            }
            let i = ((n as f64 * p).ceil() as usize).clamp(1, n) - 1;
            self.micros[i] as f64 / 1000.0
        };
        let out = json!({
            "what": label,
            "requests": n,
            "errors": self.errors,
            "rps": (n as f64 / elapsed.as_secs_f64() * 10.0).round() / 10.0,
            "p50_ms": pct(0.50),
            "p99_ms": pct(0.99),
            "max_ms": self.micros.last().map_or(0.0, |m| *m as f64 / 1000.0),
        });
        println!("{out}");
        out
    }
}

fn signin_body(a: &Args, scope: &str) -> Value {
    json!({
        "connection": "PASSWORD",
        "passwordPayload": {"username": a.username, "password": a.password},
        "options": {"scope": scope},
        "client_id": a.app_id, "client_secret": a.app_secret,
    })
}

async fn timed<F: std::future::Future<Output = bool>>(stats: &mut Stats, f: F) {
    let t = Instant::now();
    if f.await {
        stats.micros.push(t.elapsed().as_micros() as u64);
    } else {
        stats.errors += 1;
    }
}

async fn ok_envelope(r: reqwest::Result<reqwest::Response>) -> Option<Value> {
    let v: Value = r.ok()?.json().await.ok()?;
    (v["statusCode"] == 200).then_some(v)
}

async fn worker(
    kind: Scenario,
    a: Arc<Args>,
    http: reqwest::Client,
    stop: Arc<AtomicBool>,
) -> Stats {
    let mut stats = Stats::default();
    let mut refresh_token = String::new();
    while !stop.load(Ordering::Relaxed) {
        match kind {
            Scenario::Signin => {
                let req = http
                    .post(format!("{}/api/v3/signin", a.url))
                    .json(&signin_body(&a, "openid"));
                timed(&mut stats, async {
                    ok_envelope(req.send().await).await.is_some()
                })
                .await;
            }
            // Driven by their own functions, never by this loop.
            Scenario::QrPoll | Scenario::QrFanout => return stats,
            Scenario::ClientCredentials => {
                let form = [
                    ("grant_type", "client_credentials"),
                    ("client_id", a.app_id.as_str()),
                    ("client_secret", a.app_secret.as_str()),
                ];
                let req = http.post(format!("{}/oidc/token", a.url)).form(&form);
                timed(&mut stats, async {
                    req.send().await.is_ok_and(|r| r.status().is_success())
                })
                .await;
            }
            Scenario::Get => {
                let req = http.get(format!("{}{}", a.url, a.path));
                timed(&mut stats, async {
                    req.send().await.is_ok_and(|r| r.status().is_success())
                })
                .await;
            }
            Scenario::Refresh => {
                if refresh_token.is_empty() {
                    let body = signin_body(&a, "openid offline_access");
                    match ok_envelope(
                        http.post(format!("{}/api/v3/signin", a.url))
                            .json(&body)
                            .send()
                            .await,
                    )
                    .await
                    {
                        Some(v) => {
                            refresh_token = v["data"]["refresh_token"]
                                .as_str()
                                .unwrap_or_default()
                                .to_string()
                        }
                        None => {
                            stats.errors += 1;
                            continue;
                        }
                    }
                }
                let form = [
                    ("grant_type", "refresh_token"),
                    ("refresh_token", refresh_token.as_str()),
                    ("client_id", a.app_id.as_str()),
                    ("client_secret", a.app_secret.as_str()),
                ];
                let req = http.post(format!("{}/oidc/token", a.url)).form(&form);
                let t = Instant::now();
                let next = match req.send().await {
                    Ok(r) if r.status().is_success() => r.json::<Value>().await.ok(),
                    _ => None,
                };
                match next.and_then(|v| v["refresh_token"].as_str().map(str::to_string)) {
                    Some(rt) => {
                        stats.micros.push(t.elapsed().as_micros() as u64);
                        refresh_token = rt;
                    }
                    None => {
                        stats.errors += 1;
                        refresh_token.clear();
                    }
                }
            }
        }
    }
    stats
}

async fn gene_qrcode(http: &reqwest::Client, a: &Args) -> Option<String> {
    let v = ok_envelope(
        http.post(format!("{}/api/v3/gene-qrcode", a.url))
            .header("x-authing-app-id", &a.app_id)
            .json(&json!({"type": "MOBILE_APP"}))
            .send()
            .await,
    )
    .await?;
    v["data"]["qrcodeId"].as_str().map(str::to_string)
}

/// Creates `--codes` pending codes, then polls them from `--connections` workers.
async fn qr_poll(a: Arc<Args>, http: reqwest::Client) {
    let mut ids = Vec::with_capacity(a.codes);
    let mut made = tokio::task::JoinSet::new();
    for chunk in 0..a.connections.max(1) {
        let (a, http) = (a.clone(), http.clone());
        let per =
            a.codes / a.connections.max(1) + usize::from(chunk < a.codes % a.connections.max(1));
        made.spawn(async move {
            let mut v = Vec::with_capacity(per);
            for _ in 0..per {
                if let Some(id) = gene_qrcode(&http, &a).await {
                    v.push(id);
                }
            }
            v
        });
    }
    while let Some(Ok(v)) = made.join_next().await {
        ids.extend(v);
    }
    println!(
        "{}",
        json!({"what": "qr codes created", "pending": ids.len()})
    );
    let ids = Arc::new(ids);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let workers: Vec<_> = (0..a.connections)
        .map(|w| {
            let (a, http, stop, ids) = (a.clone(), http.clone(), stop.clone(), ids.clone());
            tokio::spawn(async move {
                let mut stats = Stats::default();
                let mut i = w;
                while !stop.load(Ordering::Relaxed) && !ids.is_empty() {
                    let id = &ids[i % ids.len()];
                    i += 7919;
                    let req = http.get(format!(
                        "{}/api/v3/check-qrcode-status?qrcodeId={id}",
                        a.url
                    ));
                    timed(&mut stats, async {
                        ok_envelope(req.send().await).await.is_some()
                    })
                    .await;
                }
                stats
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(a.duration)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = Stats::default();
    for w in workers {
        if let Ok(s) = w.await {
            total.merge(s);
        }
    }
    total.report("qr status poll", start.elapsed());
}

/// `--connections` SSE watchers of one code; the time from CONFIRM to each watcher's event.
async fn qr_fanout(a: Arc<Args>, http: reqwest::Client) {
    let Some(id) = gene_qrcode(&http, &a).await else {
        eprintln!("gene-qrcode failed");
        return;
    };
    let body = signin_body(&a, "openid");
    let token = match ok_envelope(
        http.post(format!("{}/api/v3/signin", a.url))
            .json(&body)
            .send()
            .await,
    )
    .await
    {
        Some(v) => v["data"]["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        None => {
            eprintln!("sign-in failed");
            return;
        }
    };
    let confirmed_at: Arc<std::sync::OnceLock<Instant>> = Arc::new(std::sync::OnceLock::new());
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(a.connections);
    let mut watchers = tokio::task::JoinSet::new();
    for _ in 0..a.connections {
        let (a, http, id, confirmed_at, ready) = (
            a.clone(),
            http.clone(),
            id.clone(),
            confirmed_at.clone(),
            ready_tx.clone(),
        );
        watchers.spawn(async move {
            let url = format!("{}/api/v3/qrcode-status-stream?qrcodeId={id}", a.url);
            let mut resp = http.get(url).send().await.ok()?;
            let mut buf = String::new();
            let mut announced = false;
            while let Ok(Some(chunk)) = resp.chunk().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                if !announced && buf.contains("PENDING") {
                    announced = true;
                    let _ = ready.send(()).await;
                }
                if buf.contains("AUTHORIZED") {
                    return confirmed_at.get().map(|t| t.elapsed().as_micros() as u64);
                }
            }
            None
        });
    }
    drop(ready_tx);
    let mut ready = 0;
    while ready < a.connections && ready_rx.recv().await.is_some() {
        ready += 1;
    }
    println!(
        "{}",
        json!({"what": "sse watchers connected", "watchers": ready})
    );
    let act = |action: &'static str| {
        http.post(format!("{}/api/v3/change-qrcode-status", a.url))
            .header("authorization", token.clone())
            .json(&json!({"qrcodeId": id, "action": action}))
            .send()
    };
    let _ = act("SCAN").await;
    let _ = confirmed_at.set(Instant::now());
    let _ = act("CONFIRM").await;
    let mut stats = Stats::default();
    while let Some(r) = watchers.join_next().await {
        match r {
            Ok(Some(us)) => stats.micros.push(us),
            _ => stats.errors += 1,
        }
    }
    stats.report(
        "confirm-to-sse-event latency per watcher",
        Duration::from_secs(1),
    );
}

#[tokio::main]
async fn main() {
    let args = Arc::new(Args::parse());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections * 2)
        .build()
        .unwrap_or_default();
    match args.scenario {
        Scenario::QrPoll => return qr_poll(args, http).await,
        Scenario::QrFanout => return qr_fanout(args, http).await,
        _ => {}
    }
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let workers: Vec<_> = (0..args.connections)
        .map(|_| {
            tokio::spawn(worker(
                args.scenario,
                args.clone(),
                http.clone(),
                stop.clone(),
            ))
        })
        .collect();
    // While sign-ins flood, one probe measures a cheap endpoint's latency every 10 ms.
    let probe = matches!(args.scenario, Scenario::Signin).then(|| {
        let (a, http, stop) = (args.clone(), http.clone(), stop.clone());
        tokio::spawn(async move {
            let mut stats = Stats::default();
            let mut tick = tokio::time::interval(Duration::from_millis(10));
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                let req = http.get(format!("{}{}", a.url, a.path));
                timed(&mut stats, async {
                    req.send().await.is_ok_and(|r| r.status().is_success())
                })
                .await;
            }
            stats
        })
    });
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    stop.store(true, Ordering::Relaxed);
    let mut total = Stats::default();
    for w in workers {
        if let Ok(s) = w.await {
            total.merge(s);
        }
    }
    let elapsed = start.elapsed();
    total.report(&format!("{:?}", args.scenario).to_lowercase(), elapsed);
    if let Some(p) = probe
        && let Ok(s) = p.await
    {
        s.report(
            &format!("probe GET {} during the flood", args.path),
            elapsed,
        );
    }
}
