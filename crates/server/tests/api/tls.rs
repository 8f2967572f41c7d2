//! Built-in TLS: HTTPS with the configured pair, reloads to a new pair, a bad pair kept out,
//! unusable files stopping the start.

use crate::common::TestServer;
use std::path::{Path, PathBuf};

/// A fresh self-signed certificate for 127.0.0.1 and its key (PEM), made by `openssl`.
struct Pair {
    cert: Vec<u8>,
    key: Vec<u8>,
}

async fn self_signed(dir: &Path, name: &str) -> Pair {
    let cert = dir.join(format!("{name}.crt"));
    let key = dir.join(format!("{name}.key"));
    let out = tokio::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .arg("ec_paramgen_curve:prime256v1")
        .args(["-nodes", "-days", "1", "-subj", "/CN=authgate-test"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .await
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Pair {
        cert: std::fs::read(cert).unwrap(),
        key: std::fs::read(key).unwrap(),
    }
}

/// The files the server is configured with.
struct Files {
    dir: tempfile::TempDir,
    cert: PathBuf,
    key: PathBuf,
}

impl Files {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("server.crt");
        let key = dir.path().join("server.key");
        Self { dir, cert, key }
    }

    fn install(&self, pair: &Pair) {
        std::fs::write(&self.cert, &pair.cert).unwrap();
        std::fs::write(&self.key, &pair.key).unwrap();
    }
}

async fn start_tls(files: &Files) -> TestServer {
    let (cert, key) = (files.cert.clone(), files.key.clone());
    TestServer::start_with(move |cfg| {
        cfg.tls_cert = Some(cert);
        cfg.tls_key = Some(key);
    })
    .await
}

/// `GET /healthz` on a new connection from a client trusting only `trusted`.
async fn healthz_trusting(ts: &TestServer, trusted: &Pair) -> Result<u16, reqwest::Error> {
    let root = reqwest::Certificate::from_pem(&trusted.cert).unwrap();
    let client = reqwest::Client::builder()
        .tls_certs_only([root])
        .build()
        .unwrap();
    let res = client.get(ts.url("/healthz")).send().await?;
    Ok(res.status().as_u16())
}

#[tokio::test]
async fn serves_https_and_reloads_a_new_certificate() {
    let files = Files::new();
    let first = self_signed(files.dir.path(), "first").await;
    let second = self_signed(files.dir.path(), "second").await;
    files.install(&first);
    let ts = start_tls(&files).await;
    assert!(ts.server.url().starts_with("https://"));
    assert!(
        ts.server
            .state
            .public_base
            .starts_with("https://127.0.0.1:")
    );

    assert_eq!(healthz_trusting(&ts, &first).await.unwrap(), 200);
    // The certificate really is checked: a client trusting another one is refused.
    assert!(healthz_trusting(&ts, &second).await.is_err());
    // And plain HTTP is not served on the TLS port.
    let plain = format!("http://{}/healthz", ts.server.addr);
    assert!(
        reqwest::get(&plain)
            .await
            .map_or(true, |r| !r.status().is_success())
    );

    files.install(&second);
    ts.server.reload_tls().unwrap();
    assert_eq!(healthz_trusting(&ts, &second).await.unwrap(), 200);
    assert!(healthz_trusting(&ts, &first).await.is_err());
    ts.stop().await;
}

#[tokio::test]
async fn a_bad_pair_on_reload_keeps_the_old_one() {
    let files = Files::new();
    let first = self_signed(files.dir.path(), "first").await;
    let other = self_signed(files.dir.path(), "other").await;
    files.install(&first);
    let ts = start_tls(&files).await;

    // A certificate with somebody else's key.
    std::fs::write(&files.cert, &other.cert).unwrap();
    let err = ts.server.reload_tls().unwrap_err().to_string();
    assert!(err.contains("do not form a pair"), "{err}");
    assert_eq!(healthz_trusting(&ts, &first).await.unwrap(), 200);
    assert!(healthz_trusting(&ts, &other).await.is_err());

    // A certificate file that is no PEM at all.
    std::fs::write(&files.cert, b"not a certificate").unwrap();
    let err = ts.server.reload_tls().unwrap_err().to_string();
    assert!(err.contains(&files.cert.display().to_string()), "{err}");
    assert_eq!(healthz_trusting(&ts, &first).await.unwrap(), 200);

    // A key file gone.
    files.install(&first);
    std::fs::remove_file(&files.key).unwrap();
    let err = ts.server.reload_tls().unwrap_err().to_string();
    assert!(err.contains(&files.key.display().to_string()), "{err}");
    assert_eq!(healthz_trusting(&ts, &first).await.unwrap(), 200);
    ts.stop().await;
}

#[tokio::test]
async fn unusable_tls_settings_stop_the_start() {
    let files = Files::new();
    let first = self_signed(files.dir.path(), "first").await;
    files.install(&first);

    // The key file missing: the start fails naming it.
    let missing = files.dir.path().join("missing.key");
    let (cert, key) = (files.cert.clone(), missing.clone());
    let err = TestServer::try_start_with(move |cfg| {
        cfg.tls_cert = Some(cert);
        cfg.tls_key = Some(key);
    })
    .await
    .err()
    .expect("the start fails")
    .to_string();
    assert!(err.contains(&missing.display().to_string()), "{err}");

    // A key that is not a key.
    std::fs::write(
        &files.key,
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    let (cert, key) = (files.cert.clone(), files.key.clone());
    let err = TestServer::try_start_with(move |cfg| {
        cfg.tls_cert = Some(cert);
        cfg.tls_key = Some(key);
    })
    .await
    .err()
    .expect("the start fails")
    .to_string();
    assert!(err.to_lowercase().contains("key"), "{err}");

    // Only one of the two settings.
    let cert = files.cert.clone();
    let err = TestServer::try_start_with(move |cfg| cfg.tls_cert = Some(cert))
        .await
        .err()
        .expect("the start fails")
        .to_string();
    assert!(err.contains("tls_key"), "{err}");
}
