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
    /// GET of `--path`.
    Get,
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

#[tokio::main]
async fn main() {
    let args = Arc::new(Args::parse());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.connections * 2)
        .build()
        .unwrap_or_default();
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
