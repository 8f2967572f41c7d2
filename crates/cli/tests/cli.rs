//! The `authgate` binary as a user runs it: exit codes and messages of bad command lines,
//! configuration typos, closed output pipes, and backups.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `authgate` with `args`, in a clean environment (no AUTHGATE_* settings of the caller).
fn authgate(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_authgate"));
    cmd.args(args);
    // The last deployment used is remembered per user (data_dir.rs, rule 3): keep these runs'
    // memory out of the real home folder.
    cmd.env(
        "XDG_STATE_HOME",
        std::env::temp_dir().join(format!("authgate-cli-tests-{}", std::process::id())),
    );
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AUTHGATE_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn run(args: &[&str]) -> Output {
    authgate(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Server flags pointing at a fresh SQLite database and data folder in `dir`.
fn local(dir: &Path) -> Vec<String> {
    vec![
        "--database-url".into(),
        format!("sqlite://{}", dir.join("authgate.db").display()),
        "--data-dir".into(),
        dir.display().to_string(),
    ]
}

fn with<'a>(flags: &'a [String], args: &[&'a str]) -> Vec<&'a str> {
    flags
        .iter()
        .map(String::as_str)
        .chain(args.iter().copied())
        .collect()
}

#[test]
fn client_commands_refuse_server_settings_instead_of_ignoring_them() {
    let out = run(&["--listen", "127.0.0.1:1", "qr", "watch", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--listen is a server setting"), "{err}");
    assert!(err.contains("--server"), "{err}");

    let out = run(&["qr", "watch", "abc", "--listen", "127.0.0.1:1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--listen"), "{}", stderr(&out));

    let help = run(&["qr", "scan", "--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--server"), "{text}");
    assert!(!text.contains("--database-url"), "{text}");
}

#[test]
fn an_app_id_without_its_secret_is_a_usage_error() {
    // Port 1 on loopback: nothing is sent, the command line is refused first.
    let out = run(&[
        "qr",
        "scan",
        "abc",
        "--server",
        "http://127.0.0.1:1",
        "--account",
        "ada",
        "--password",
        "pw-of-ada",
        "--app-id",
        "app1",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("--app-secret"), "{err}");
    assert!(
        !err.contains("server refused") && !err.contains("app_secret"),
        "{err}"
    );

    let out = run(&[
        "push",
        "watch",
        "--server",
        "localhost:3000",
        "--token",
        "t",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--server"), "{}", stderr(&out));
}

#[test]
fn a_bad_listen_flag_names_the_flag() {
    let out = run(&["serve", "--listen", "localhost"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("--listen"), "{err}");
    assert!(err.contains("HOST:PORT"), "{err}");
}

#[test]
fn a_toml_typo_names_the_key_and_suggests_the_right_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("authgate.toml");
    std::fs::write(&file, "listn = \"127.0.0.1:3000\"\n").unwrap();
    let out = run(&["--config", file.to_str().unwrap(), "init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown setting `listn`"), "{err}");
    assert!(err.contains("did you mean `listen`?"), "{err}");
    assert!(err.contains("authgate.toml"), "{err}");
    assert!(!err.contains("smtp_from"), "lists every key: {err}");

    std::fs::write(&file, "listen = \"localhost\"\n").unwrap();
    let out = run(&["--config", file.to_str().unwrap(), "init"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("setting `listen` in"), "{err}");
    assert!(err.contains("HOST:PORT"), "{err}");
    assert!(!dir.path().join("authgate.db").exists());

    let out = authgate(&["init"])
        .current_dir(dir.path())
        .env("AUTHGATE_IP_RATE_LIMIT_PER_MINUTE", "many")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("environment variable AUTHGATE_IP_RATE_LIMIT_PER_MINUTE"),
        "{err}"
    );
}

#[test]
fn a_closed_output_pipe_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let flags = local(dir.path());
    let first = run(&with(&flags, &["keys", "rotate"]));
    assert!(first.status.success(), "{}", stderr(&first));
    // The reader is gone before the first line (`| head -0`): every write meets EPIPE.
    let mut child = authgate(&with(&flags, &["keys", "rotate"]))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.success(), "{:?}: {err}", out.status);

    // The second rotation happened all the same: two RS256 keys now.
    let out = run(&with(&flags, &["keys", "list"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8_lossy(&out.stdout);
    assert_eq!(table.matches("RS256").count(), 2, "{table}");
}

#[test]
fn backup_and_restore_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let flags = local(dir.path());
    let init = run(&with(&flags, &["init", "--json"]));
    assert!(init.status.success(), "{}", stderr(&init));

    let file = dir.path().join("copy.db");
    let file_arg = file.to_str().unwrap();
    let out = run(&with(&flags, &["backup", file_arg]));
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("master.key"), "{said}");
    assert!(said.contains("not in the backup"), "{said}");

    let out = run(&with(&flags, &["restore", file_arg]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));

    let fresh = tempfile::tempdir().unwrap();
    let fresh_flags = local(fresh.path());
    let out = run(&with(&fresh_flags, &["restore", file_arg]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("master key"), "{}", stderr(&out));
    std::fs::copy(
        dir.path().join("master.key"),
        fresh.path().join("master.key"),
    )
    .unwrap();
    let out = run(&with(&fresh_flags, &["restore", file_arg]));
    assert!(out.status.success(), "{}", stderr(&out));
    let again = run(&with(&fresh_flags, &["init", "--json"]));
    assert_eq!(again.stdout, init.stdout, "the same defaults and secrets");

    let fresh_dir = fresh.path().to_str().unwrap();
    let out = run(&[
        "backup",
        file_arg,
        "--data-dir",
        fresh_dir,
        "--database-url",
        "postgres://postgres@127.0.0.1:1/x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("pg_dump"), "{}", stderr(&out));
}
