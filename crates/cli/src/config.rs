//! Configuration loading: defaults < TOML file < `AUTHGATE_*` environment < flags.

use crate::cli::GlobalArgs;
use authgate_server::ServerConfig;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};

/// Merges every source into the server configuration.
pub fn load(args: &GlobalArgs) -> Result<ServerConfig, Box<figment::Error>> {
    let mut fig = Figment::from(Serialized::defaults(ServerConfig::default()));
    if let Some(path) = &args.config {
        fig = fig.merge(Toml::file_exact(path));
    }
    // Only the settings' own variables: other AUTHGATE_* variables (test settings, the CLI's
    // AUTHGATE_CONFIG) live in the same environment and are not configuration errors.
    fig = fig.merge(Env::prefixed("AUTHGATE_").only(ServerConfig::KEYS));
    let overrides = [
        ("listen", args.listen.clone()),
        ("public_url", args.public_url.clone()),
        ("database_url", args.database_url.clone()),
        (
            "data_dir",
            args.data_dir.as_ref().map(|p| p.display().to_string()),
        ),
        ("log_format", args.log_format.clone()),
        (
            "tls_cert",
            args.tls_cert.as_ref().map(|p| p.display().to_string()),
        ),
        (
            "tls_key",
            args.tls_key.as_ref().map(|p| p.display().to_string()),
        ),
    ];
    for (key, value) in overrides {
        if let Some(v) = value {
            fig = fig.merge(Serialized::global(key, v));
        }
    }
    // A host name in `listen` (file or environment) is resolved as the flag's is; what does
    // not resolve is left for the extraction to report with its origin.
    if let Ok(listen) = fig.extract_inner::<String>("listen")
        && let Ok(resolved) = crate::cli::parse_listen(&listen)
        && resolved != listen
    {
        fig = fig.merge(Serialized::global("listen", resolved));
    }
    fig.extract().map_err(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_file() {
        let dir = tempfile_dir();
        let path = dir.join("authgate.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:4000\"\nlog_format = \"json\"\n",
        )
        .unwrap();
        let args = GlobalArgs {
            config: Some(path),
            listen: Some("127.0.0.1:5000".into()),
            ..GlobalArgs::default()
        };
        let c = load(&args).unwrap();
        assert_eq!(c.listen.port(), 5000);
        assert_eq!(c.log_format, authgate_server::LogFormat::Json);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let dir = tempfile_dir();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "listn = \"x\"\n").unwrap();
        let args = GlobalArgs {
            config: Some(path.clone()),
            ..GlobalArgs::default()
        };
        assert!(load(&args).is_err());
        let args = GlobalArgs {
            listen: Some("not an address".into()),
            ..GlobalArgs::default()
        };
        assert!(load(&args).is_err());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn host_names_in_the_file_are_resolved_like_the_flag() {
        let dir = tempfile_dir();
        let path = dir.join("authgate.toml");
        std::fs::write(&path, "listen = \"localhost:4000\"\n").unwrap();
        let args = GlobalArgs {
            config: Some(path.clone()),
            ..GlobalArgs::default()
        };
        let c = load(&args).unwrap();
        assert_eq!(c.listen.port(), 4000);
        assert!(c.listen.ip().is_loopback());
        std::fs::write(&path, "listen = \"localhost\"\n").unwrap();
        let err = load(&args).unwrap_err();
        assert_eq!(err.path, ["listen"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn tls_files_come_from_file_and_flags() {
        let dir = tempfile_dir();
        let path = dir.join("authgate.toml");
        std::fs::write(&path, "tls_cert = \"cert.pem\"\ntls_key = \"key.pem\"\n").unwrap();
        let args = GlobalArgs {
            config: Some(path),
            tls_key: Some("other-key.pem".into()),
            ..GlobalArgs::default()
        };
        let c = load(&args).unwrap();
        assert_eq!(
            c.tls_cert.as_deref(),
            Some(std::path::Path::new("cert.pem"))
        );
        assert_eq!(
            c.tls_key.as_deref(),
            Some(std::path::Path::new("other-key.pem"))
        );
        // One without the other is an error naming the missing setting.
        let args = GlobalArgs {
            tls_cert: Some("cert.pem".into()),
            ..GlobalArgs::default()
        };
        let err = load(&args).unwrap().tls_files().unwrap_err();
        assert!(err.to_string().contains("tls_key"), "{err}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "authgate-cli-test-{}",
            authgate_core::ids::new_secret_hex(6).unwrap()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
