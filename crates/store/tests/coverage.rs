//! The coverage list: every public operation of the store — the `pub` methods of `impl Store`
//! and of `impl Ephemeral` (and any `pub trait` it may declare) — must be called by one of the
//! store's own tests (`tests/*.rs`). A method added without a test fails here, naming it, so
//! the store cannot grow untested SQL on one of its two databases.
//!
//! The check reads the sources as text, relying on rustfmt's layout: a trait or impl block
//! opens on a line starting with `pub trait X` / `impl X {` and closes on a line that is `}`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};

/// `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The name of a `fn` declared on `line` (indented once, as inside a trait or impl), with
/// whether it is `pub` (exactly `pub`, not `pub(crate)`).
fn declared_fn(line: &str) -> Option<(String, bool)> {
    let rest = line.strip_prefix("    ")?;
    if rest.starts_with(' ') {
        return None;
    }
    let (public, rest) = match rest.strip_prefix("pub ") {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let rest = rest.strip_prefix("async ").unwrap_or(rest);
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some((name, public))
}

/// `(block, method)` of every public operation: all methods of `pub trait` blocks, and the
/// `pub` methods of `impl Store` / `impl Ephemeral` blocks.
fn operations(src: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in rust_files(src) {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut block: Option<(String, bool)> = None;
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("pub trait ") {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
                block = Some((name, true));
                continue;
            }
            if line == "impl Store {" || line == "impl Ephemeral {" {
                let name = line.trim_start_matches("impl ").trim_end_matches(" {");
                block = Some((name.to_string(), false));
                continue;
            }
            if line == "}" {
                block = None;
                continue;
            }
            if let (Some((name, is_trait)), Some((method, public))) = (&block, declared_fn(line))
                && (*is_trait || public)
            {
                out.push((name.clone(), method));
            }
        }
    }
    out
}

#[test]
fn every_store_operation_is_called_by_a_store_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ops = operations(&root.join("src"));
    assert!(
        ops.len() > 100 && ops.iter().any(|(b, _)| b == "Ephemeral"),
        "the source scan found only {} operations: has the layout changed?",
        ops.len()
    );
    let tests: String = rust_files(&root.join("tests"))
        .into_iter()
        .filter(|p| !p.ends_with("coverage.rs"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let missing: Vec<String> = ops
        .iter()
        .filter(|(_, m)| !tests.contains(&format!(".{m}(")) && !tests.contains(&format!("::{m}(")))
        .map(|(b, m)| format!("{b}::{m}"))
        .collect();
    assert!(
        missing.is_empty(),
        "store operations no test in crates/store/tests calls — add a test that asserts \
         what they do on both databases:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_scan_reads_declarations_as_rustfmt_writes_them() {
    assert_eq!(
        declared_fn("    fn get_user("),
        Some(("get_user".to_string(), false))
    );
    assert_eq!(
        declared_fn("    pub async fn ping(&self) -> StoreResult<()> {"),
        Some(("ping".to_string(), true))
    );
    assert_eq!(declared_fn("    pub(crate) fn row_lock("), None);
    assert_eq!(declared_fn("        fn nested() {}"), None);
    assert_eq!(declared_fn("    let f = 1;"), None);
}
