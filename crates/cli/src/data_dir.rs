//! Which deployment a command works on: the data folder (master key, default SQLite database)
//! `serve`, `init` and `keys` resolve, whatever the working directory.
//!
//! The rule:
//! 1. A data folder set explicitly — `--data-dir`, `AUTHGATE_DATA_DIR`, or `data_dir` in the
//!    `--config` file — is used (relative paths against the working directory).
//! 2. Otherwise `./authgate-data` is used when it exists.
//! 3. Otherwise, when the last deployment used on this machine (remembered per user in
//!    `$XDG_STATE_HOME/authgate/data-dir`, by default `~/.local/state/authgate/data-dir`) still
//!    exists elsewhere, the command refuses rather than silently start a second deployment:
//!    the message names that folder and how to choose.
//! 4. Otherwise a new deployment starts in `./authgate-data`, announced on stderr.
//!
//! The folder used is printed with its absolute path and remembered for rule 3.

use crate::cli::GlobalArgs;
use authgate_server::ServerConfig;
use figment::providers::{Format, Toml};
use std::path::{Path, PathBuf};

/// How the data folder was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Set explicitly (rule 1).
    Explicit(PathBuf),
    /// The working directory's existing `./authgate-data` (rule 2).
    Existing(PathBuf),
    /// A new deployment in the working directory (rule 4).
    New(PathBuf),
}

impl Resolution {
    /// The absolute data folder.
    pub fn dir(&self) -> &Path {
        match self {
            Resolution::Explicit(d) | Resolution::Existing(d) | Resolution::New(d) => d,
        }
    }
}

/// Another deployment exists and none was chosen (rule 3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no data folder here ({default} does not exist), but the last deployment used on this \
     machine is in {found}. Run from {found_parent}, pass --data-dir {found} (or set \
     AUTHGATE_DATA_DIR) to use it, or pass --data-dir {default} to create a new deployment here"
)]
pub struct ElsewhereError {
    /// The existing deployment's folder.
    pub found: String,
    /// Its parent (where `./authgate-data` names it).
    pub found_parent: String,
    /// The folder this directory would use.
    pub default: String,
}

/// Applies the rule: `configured` is the merged setting, `explicit` whether a source set it,
/// `cwd` the working directory, `remembered` the last deployment used.
pub fn resolve(
    configured: &Path,
    explicit: bool,
    cwd: &Path,
    remembered: Option<&Path>,
) -> Result<Resolution, ElsewhereError> {
    if explicit {
        return Ok(Resolution::Explicit(normalise(&cwd.join(configured))));
    }
    let default = normalise(&cwd.join(authgate_server::config::DEFAULT_DATA_DIR));
    if default.is_dir() {
        return Ok(Resolution::Existing(default));
    }
    match remembered.filter(|r| r.is_dir() && *r != default) {
        Some(found) => Err(ElsewhereError {
            found: found.display().to_string(),
            found_parent: found
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            default: default.display().to_string(),
        }),
        None => Ok(Resolution::New(default)),
    }
}

/// `path` without `.` components (`..` kept: it may cross a symbolic link).
fn normalise(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// Resolves the data folder of `config` by the rule, writes it back (absolute), says on
/// stderr which folder is used, and remembers it.
pub fn apply(args: &GlobalArgs, config: &mut ServerConfig) -> Result<(), ElsewhereError> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let memory = memory_file();
    let last = memory.as_deref().and_then(remembered);
    let resolution = resolve(&config.data_dir, is_explicit(args), &cwd, last.as_deref())?;
    let dir = resolution.dir().to_path_buf();
    match &resolution {
        Resolution::New(_) => eprintln!(
            "authgate: no data folder found: starting a NEW deployment in {}",
            dir.display()
        ),
        _ => eprintln!("authgate: data folder {}", dir.display()),
    }
    if let Some(file) = memory {
        remember(&file, &dir);
    }
    config.data_dir = dir;
    Ok(())
}

/// Whether a source set `data_dir`: the flag, the environment, or the configuration file.
pub fn is_explicit(args: &GlobalArgs) -> bool {
    if args.data_dir.is_some() {
        return true;
    }
    if std::env::var_os("AUTHGATE_DATA_DIR").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    args.config.as_ref().is_some_and(|path| {
        figment::Figment::from(Toml::file_exact(path))
            .find_value("data_dir")
            .is_ok()
    })
}

/// The file remembering the last deployment used (`$XDG_STATE_HOME/authgate/data-dir`, by
/// default under `~/.local/state`); `None` without a home folder.
pub fn memory_file() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".local").join("state"))
        })?;
    Some(state.join("authgate").join("data-dir"))
}

/// The remembered deployment, if any.
pub fn remembered(file: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(file).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Remembers `dir` as the last deployment used (best effort: a read-only home only loses
/// rule 3's protection, and says so).
pub fn remember(file: &Path, dir: &Path) {
    let written = file
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(file, format!("{}\n", dir.display())));
    if let Err(e) = written {
        eprintln!(
            "authgate: cannot remember the data folder in {}: {e}",
            file.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[test]
    fn an_explicit_folder_wins() {
        let cwd = temp();
        let elsewhere = temp();
        let r = resolve(
            Path::new("./mine"),
            true,
            cwd.path(),
            Some(elsewhere.path()),
        )
        .unwrap();
        assert_eq!(r, Resolution::Explicit(cwd.path().join("mine")));
        let abs = elsewhere.path().join("x");
        let r = resolve(&abs, true, cwd.path(), None).unwrap();
        assert_eq!(r.dir(), abs);
    }

    #[test]
    fn the_working_directorys_folder_is_used_when_it_exists() {
        let cwd = temp();
        let elsewhere = temp();
        std::fs::create_dir(cwd.path().join("authgate-data")).unwrap();
        let r = resolve(
            Path::new("./authgate-data"),
            false,
            cwd.path(),
            Some(elsewhere.path()),
        )
        .unwrap();
        assert_eq!(r, Resolution::Existing(cwd.path().join("authgate-data")));
    }

    #[test]
    fn a_second_deployment_is_refused_when_one_exists_elsewhere() {
        let cwd = temp();
        let elsewhere = temp();
        let err = resolve(
            Path::new("./authgate-data"),
            false,
            cwd.path(),
            Some(elsewhere.path()),
        )
        .unwrap_err();
        assert_eq!(err.found, elsewhere.path().display().to_string());
        let text = err.to_string();
        assert!(text.contains("--data-dir"), "{text}");
        assert!(!cwd.path().join("authgate-data").exists());
    }

    #[test]
    fn a_new_deployment_starts_when_none_exists() {
        let cwd = temp();
        let gone = cwd.path().join("deleted-long-ago");
        let new = Resolution::New(cwd.path().join("authgate-data"));
        let r = resolve(Path::new("./authgate-data"), false, cwd.path(), Some(&gone)).unwrap();
        assert_eq!(r, new);
        let r = resolve(Path::new("./authgate-data"), false, cwd.path(), None).unwrap();
        assert_eq!(r, new);
    }

    #[test]
    fn the_memory_round_trips() {
        let home = temp();
        let file = home.path().join("state").join("authgate").join("data-dir");
        assert_eq!(remembered(&file), None);
        remember(&file, Path::new("/srv/authgate-data"));
        assert_eq!(remembered(&file), Some(PathBuf::from("/srv/authgate-data")));
    }

    #[test]
    fn a_data_dir_in_the_config_file_is_explicit() {
        let dir = temp();
        let with = dir.path().join("with.toml");
        std::fs::write(&with, "data_dir = \"/srv/idp\"\n").unwrap();
        let without = dir.path().join("without.toml");
        std::fs::write(&without, "listen = \"127.0.0.1:4000\"\n").unwrap();
        let args = |config: &Path| GlobalArgs {
            config: Some(config.to_path_buf()),
            ..GlobalArgs::default()
        };
        assert!(is_explicit(&args(&with)));
        // Unless the environment sets it (the test process may have it set).
        if std::env::var_os("AUTHGATE_DATA_DIR").is_none() {
            assert!(!is_explicit(&args(&without)));
        }
        assert!(is_explicit(&GlobalArgs {
            data_dir: Some(PathBuf::from("x")),
            ..GlobalArgs::default()
        }));
    }
}
