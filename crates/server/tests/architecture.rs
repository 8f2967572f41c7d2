//! The layering of `crates/server/src`: a surface (`api_v2`, `api_v3`, `mgmt`, `pages`, `oidc`,
//! `cas`, and `saml` / `console` once they exist) parses a request, calls the service crate and
//! shapes the reply; it never imports another surface. What several surfaces share lives in
//! `authgate-service` or in a neutral server module (`http`, `sso_cookie`, …).
//!
//! This test reads the sources and fails on a `crate::<surface>` / `super::…::<surface>` path in
//! one surface that names another — in a `use`, a `crate::{…}` group or an inline path. Comment
//! lines are skipped (doc links may point anywhere). The pages' shared HTML pieces live in the
//! neutral `crate::web`, which imports no surface either.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The surfaces of the server.
const SURFACES: &[&str] = &[
    "api_v2", "api_v3", "mgmt", "pages", "oidc", "cas", "saml", "console",
];

/// Cross-surface imports not yet removed, as `(importing file, surface::module)`. Each is debt
/// with a named way out; the list may only shrink (a new import fails the test).
const NOT_YET_MOVED: &[(&str, &str)] = &[
    // The hosted pages' sign-in still goes through the API's attempt/sign-in functions; the
    // one sign-in pipeline in the service replaces both.
    ("pages/flow.rs", "api_v3::login"),
    ("pages/qrcode.rs", "api_v3::login"),
    ("pages/login.rs", "api_v3::signin"),
    ("pages/login.rs", "api_v3::verify_code"),
    ("pages/signup.rs", "api_v3::signup"),
    ("pages/forgot.rs", "api_v3::account"),
    ("pages/forgot.rs", "api_v3::contact"),
    ("pages/forgot.rs", "api_v3::password"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file relative to `src` (`oidc/authorize/mod.rs` → `[oidc,
/// authorize]`).
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
    &s[..end]
}

/// The top-level module paths (`surface::module`, or `surface` alone) a source text names
/// through `crate::` or `super::`.
fn crate_paths(text: &str, module: &[String]) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let preceded_by_ident = i > 0 && is_ident(bytes[i - 1] as char);
        let rest = &code[i..];
        if !preceded_by_ident && rest.starts_with("crate::") {
            collect_after(&rest["crate::".len()..], &mut found);
            i += "crate::".len();
        } else if !preceded_by_ident && rest.starts_with("super::") {
            let mut depth = 0;
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                depth += 1;
                tail = t;
            }
            // `super` from a file climbs from its own module; at the crate root, what follows is
            // a top-level module; below it, the prefix still names a module.
            if depth <= module.len() {
                let base = &module[..module.len() - depth];
                if base.is_empty() {
                    collect_after(tail, &mut found);
                } else {
                    let next = base.get(1).map_or_else(|| ident(tail), String::as_str);
                    found.insert(format!("{}::{next}", base[0]));
                }
            }
            i += rest.len() - tail.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// Records what follows `crate::`: `a::b` as `a::b`, `a;` as `a`, and each top-level entry
/// of a `{…}` group the same way.
fn collect_after(s: &str, found: &mut BTreeSet<String>) {
    if let Some(group) = s.strip_prefix('{') {
        let mut depth = 0usize;
        let mut entry_start = true;
        for (k, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => entry_start = true,
                c if c.is_whitespace() => {}
                _ if entry_start && depth == 0 => {
                    entry_start = false;
                    collect_after(&group[k..], found);
                }
                _ => {}
            }
        }
        return;
    }
    let first = ident(s);
    if first.is_empty() {
        return;
    }
    let after = &s[first.len()..];
    match after.strip_prefix("::") {
        Some(t) if !t.starts_with('{') => {
            found.insert(format!("{first}::{}", ident(t)));
        }
        Some(group) => {
            // `crate::pages::{a, b}`: each entry is a module of `first`.
            let mut inner = BTreeSet::new();
            collect_after(group, &mut inner);
            for entry in inner {
                let module = entry.split("::").next().unwrap_or_default();
                found.insert(format!("{first}::{module}"));
            }
        }
        None => {
            found.insert(first.to_string());
        }
    }
}

/// Every cross-surface import in the sources: `(file, surface::module)`.
fn cross_surface_imports() -> Vec<(String, String)> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut out = Vec::new();
    for file in files {
        let Ok(rel) = file.strip_prefix(&root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let module = module_path(&rel);
        let Some(own) = module.first().filter(|m| SURFACES.contains(&m.as_str())) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for path in crate_paths(&text, &module) {
            let mut parts = path.split("::");
            let target = parts.next().unwrap_or_default();
            if target == own || !SURFACES.contains(&target) {
                continue;
            }
            out.push((rel.clone(), path));
        }
    }
    out.sort();
    out
}

#[test]
fn no_surface_imports_another() {
    let offending: Vec<String> = cross_surface_imports()
        .into_iter()
        .filter(|(file, path)| !NOT_YET_MOVED.contains(&(file.as_str(), path.as_str())))
        .map(|(file, path)| format!("{file} imports crate::{path}"))
        .collect();
    assert!(
        offending.is_empty(),
        "surfaces import other surfaces (move the shared part into authgate-service or a \
         neutral server module):\n{}",
        offending.join("\n")
    );
}

/// What several surfaces' pages share (`crate::web`: catalogue, layout, responses, branding,
/// cookies, `next`, targets, `form-action`) is below every surface: it imports none of them.
#[test]
fn the_shared_web_module_imports_no_surface() {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root.join("web"), &mut files);
    assert!(!files.is_empty(), "crate::web exists");
    let mut offending = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(&root)
            .map(|r| r.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for path in crate_paths(&text, &module_path(&rel)) {
            let target = path.split("::").next().unwrap_or_default();
            if SURFACES.contains(&target) {
                offending.push(format!("{rel} imports crate::{path}"));
            }
        }
    }
    assert!(offending.is_empty(), "{}", offending.join("\n"));
}

#[test]
fn the_scanner_sees_every_form_of_import() {
    let module = |p: &str| module_path(p);
    let found = crate_paths(
        "use crate::api_v3::login::Attempt;\n\
         use crate::{mgmt::roles, passwords};\n\
         use crate::oidc::{logout, auth_code::X};\n\
         // use crate::cas::service; (a comment)\n\
         let x = crate::cas::ticket::mint();\n",
        &module("pages/login.rs"),
    );
    let want: BTreeSet<String> = [
        "api_v3::login",
        "mgmt::roles",
        "passwords",
        "oidc::logout",
        "oidc::auth_code",
        "cas::ticket",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(found, want);
    // Three levels up from `oidc/authorize/flow.rs` is the crate root; fewer stay in `oidc`.
    let up = crate_paths(
        "use super::super::super::pages::session;\nuse super::views;\nuse super::super::x;",
        &module("oidc/authorize/flow.rs"),
    );
    let want: BTreeSet<String> = ["pages::session", "oidc::authorize", "oidc::x"]
        .into_iter()
        .map(str::to_string)
        .collect();
    assert_eq!(up, want);
    // Two levels up from `oidc/logout.rs` is the root.
    let root = crate_paths("use super::super::cas::xml;", &module("oidc/logout.rs"));
    assert!(root.contains("cas::xml"), "{root:?}");
}

#[test]
fn the_allowance_only_names_imports_that_exist_or_moved() {
    // Each allowed entry names a real surface pair, so a typo cannot hide an import.
    for (file, path) in NOT_YET_MOVED {
        let own = file.split('/').next().unwrap_or_default();
        let target = path.split("::").next().unwrap_or_default();
        assert!(SURFACES.contains(&own) && SURFACES.contains(&target) && own != target);
    }
}
