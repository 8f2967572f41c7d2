//! Command-line interface.

use crate::logging;
use crate::output::{self, OutputError};
use crate::push::{self, PushArgs};
use crate::qr::{self, QrArgs};
use crate::user_client::ClientError;
use authgate_server::ServerConfig;
use authgate_server::backup::{self, BackupError};
use authgate_server::bootstrap::{self, InitOutput};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// authgate — a self-hosted identity platform speaking the GenAuth (Authing) V3 API.
///
/// Server settings come from (lowest to highest precedence) built-in defaults, the TOML file
/// given with --config, AUTHGATE_* environment variables, and flags; the server commands
/// (serve, init, keys, backup, restore) take them before or after the command name. qr and
/// push talk to a running server and take only its URL (--server).
#[derive(Debug, Parser)]
#[command(name = "authgate", version, about, long_about)]
pub struct Cli {
    /// Server settings given before the command name.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Server settings (each also as an AUTHGATE_* variable and TOML key), for the commands that
/// open the database.
#[derive(Debug, Args, Default, Clone)]
#[command(next_help_heading = "Server settings")]
pub struct GlobalArgs {
    /// TOML configuration file.
    #[arg(long, env = "AUTHGATE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on; a host name is resolved once, at start [default: 127.0.0.1:3000] (TOML: listen).
    #[arg(long, value_name = "HOST:PORT", value_parser = parse_listen)]
    pub listen: Option<String>,
    /// Public base URL; the OIDC issuer is this + /oidc [default: http://<listen>, https:// with TLS] (TOML: public_url).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Database URL: sqlite://PATH or postgres://… [default: sqlite://<data dir>/authgate.db] (TOML: database_url).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    /// The deployment's data folder: master key and default database [default: ./authgate-data when it exists; see the README] (TOML: data_dir).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log format [default: pretty] (TOML: log_format).
    #[arg(long, value_name = "FORMAT", value_parser = ["pretty", "json"])]
    pub log_format: Option<String>,
    /// TLS certificate chain (PEM); with --tls-key, serve HTTPS [default: plain HTTP] (TOML: tls_cert).
    #[arg(long, value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM) of --tls-cert (TOML: tls_key).
    #[arg(long, value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
}

impl GlobalArgs {
    /// These settings, each falling back to `outer`'s (given before the command name).
    pub fn or(self, outer: GlobalArgs) -> GlobalArgs {
        GlobalArgs {
            config: self.config.or(outer.config),
            listen: self.listen.or(outer.listen),
            public_url: self.public_url.or(outer.public_url),
            database_url: self.database_url.or(outer.database_url),
            data_dir: self.data_dir.or(outer.data_dir),
            log_format: self.log_format.or(outer.log_format),
            tls_cert: self.tls_cert.or(outer.tls_cert),
            tls_key: self.tls_key.or(outer.tls_key),
        }
    }
}

/// What a listen address looks like, for error messages.
pub const LISTEN_EXPECTED: &str =
    "expected HOST:PORT, e.g. 127.0.0.1:3000, [::1]:3000 or localhost:3000";

/// A listen address (`--listen`, or `listen` from the file or the environment): an IP address
/// and port, or a host name and port resolved now (the first IPv4 address, else the first
/// address).
pub fn parse_listen(value: &str) -> Result<String, String> {
    use std::net::{SocketAddr, ToSocketAddrs};
    if let Ok(addr) = value.parse::<SocketAddr>() {
        return Ok(addr.to_string());
    }
    let expected = LISTEN_EXPECTED;
    let has_port = value
        .rsplit_once(':')
        .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
    if !has_port {
        return Err(expected.into());
    }
    let addrs: Vec<SocketAddr> = value
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {value}: {e} ({expected})"))?
        .collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or_else(|| addrs.first())
        .map(SocketAddr::to_string)
        .ok_or_else(|| format!("{value} resolves to no address ({expected})"))
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server until SIGINT or SIGTERM.
    Serve {
        /// Server settings.
        #[command(flatten)]
        settings: GlobalArgs,
    },
    /// Ensure the default user pool, root access key and default application exist, and print
    /// their ids and secrets (the same on every run).
    Init {
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Server settings.
        #[command(flatten)]
        settings: GlobalArgs,
    },
    /// The mobile app's side of QR-code login against a running server: scan, confirm or
    /// cancel a code as a signed-in user, or watch a code's status.
    Qr(QrArgs),
    /// The authenticator app's side of push login against a running server: watch the user's
    /// pushes, confirm or cancel one.
    Push(PushArgs),
    /// Token signing keys: list them, or rotate to a new one.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Write a consistent copy of the SQLite database to FILE while the server runs. The
    /// master key is not in it: back the key up separately (PostgreSQL: use pg_dump).
    Backup(BackupArgs),
    /// Install a backup as the database (stop the server first). Needs the master key of the
    /// backed-up database in the data folder (master.key) or AUTHGATE_MASTER_KEY.
    Restore(RestoreArgs),
}

/// `authgate keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List the signing keys: kid, alg, active, created, retires.
    List {
        /// Server settings.
        #[command(flatten)]
        settings: GlobalArgs,
    },
    /// Add a new RS256 signing key; running servers sign with it within 30 s, and keep the
    /// previous key in the JWKS until every token it signed has expired.
    Rotate {
        /// Server settings.
        #[command(flatten)]
        settings: GlobalArgs,
    },
}

/// `authgate backup FILE`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist; written with mode 0600).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Server settings.
    #[command(flatten)]
    pub settings: GlobalArgs,
}

/// `authgate restore FILE`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to install.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace an existing database (stop every server using it first).
    #[arg(long)]
    pub force: bool,
    /// Server settings.
    #[command(flatten)]
    pub settings: GlobalArgs,
}

/// A command that opens the database, without its settings.
#[derive(Debug)]
pub enum ServerCommand {
    /// `authgate serve`.
    Serve,
    /// `authgate init`.
    Init {
        /// `--json`.
        json: bool,
    },
    /// `authgate keys list`.
    KeysList,
    /// `authgate keys rotate`.
    KeysRotate,
    /// `authgate backup FILE`.
    Backup(PathBuf),
    /// `authgate restore FILE [--force]`.
    Restore {
        /// The backup.
        file: PathBuf,
        /// `--force`.
        force: bool,
    },
}

/// What a command line asks for.
#[derive(Debug)]
pub enum Invocation {
    /// A client command, which takes no server settings.
    Client {
        /// The command.
        command: ClientCommand,
        /// Its name, for messages.
        name: &'static str,
    },
    /// A server command and its settings (after the command name, each falling back to the
    /// ones before it).
    Server(ServerCommand, Box<GlobalArgs>),
}

impl Cli {
    /// Splits the command line into a client or a server command.
    pub fn invocation(self) -> Invocation {
        let global = self.global;
        let server = |command, settings: GlobalArgs| {
            Invocation::Server(command, Box::new(settings.or(global.clone())))
        };
        match self.command {
            Command::Qr(a) => Invocation::Client {
                command: ClientCommand::Qr(a),
                name: "qr",
            },
            Command::Push(a) => Invocation::Client {
                command: ClientCommand::Push(a),
                name: "push",
            },
            Command::Serve { settings } => server(ServerCommand::Serve, settings),
            Command::Init { json, settings } => server(ServerCommand::Init { json }, settings),
            Command::Keys(KeysCommand::List { settings }) => {
                server(ServerCommand::KeysList, settings)
            }
            Command::Keys(KeysCommand::Rotate { settings }) => {
                server(ServerCommand::KeysRotate, settings)
            }
            Command::Backup(a) => server(ServerCommand::Backup(a.file), a.settings),
            Command::Restore(a) => server(
                ServerCommand::Restore {
                    file: a.file,
                    force: a.force,
                },
                a.settings,
            ),
        }
    }
}

/// The server-setting flags given on the command line itself (not from the environment),
/// as `--flag` names: a client command refuses them rather than ignore them silently.
pub fn server_flags_given(matches: &clap::ArgMatches) -> Vec<String> {
    use clap::parser::ValueSource;
    let settings = GlobalArgs::augment_args(clap::Command::new("settings"));
    settings
        .get_arguments()
        .filter(|a| matches.value_source(a.get_id().as_str()) == Some(ValueSource::CommandLine))
        .map(|a| format!("--{}", a.get_long().unwrap_or(a.get_id().as_str())))
        .collect()
}

/// A command that talks to a running server over HTTP and reads no server configuration.
#[derive(Debug)]
pub enum ClientCommand {
    /// `authgate qr …`.
    Qr(QrArgs),
    /// `authgate push …`.
    Push(PushArgs),
}

impl ClientCommand {
    /// Runs the command.
    pub async fn run(self) -> Result<(), CommandError> {
        match self {
            ClientCommand::Qr(a) => qr::run(a).await?,
            ClientCommand::Push(a) => push::run(a).await?,
        }
        Ok(())
    }
}

/// Errors of a command.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The server failed.
    #[error(transparent)]
    Serve(#[from] authgate_server::ServeError),
    /// Set-up failed.
    #[error(transparent)]
    Init(#[from] bootstrap::InitError),
    /// Output could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The result could not be encoded.
    #[error("cannot encode the result: {0}")]
    Encode(String),
    /// The signing keys could not be read or rotated.
    #[error(transparent)]
    Keys(#[from] authgate_server::keys::KeyError),
    /// A backup or restore did not happen.
    #[error(transparent)]
    Backup(#[from] BackupError),
    /// A client command (`qr`, `push`) failed.
    #[error(transparent)]
    Client(#[from] ClientError),
}

impl CommandError {
    /// The process exit code: a client command's own (see `ClientError::exit_code`), else 1.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Client(e) => e.exit_code(),
            _ => 1,
        }
    }

    /// Whether the reader of the output went away (nothing to report).
    pub fn is_closed_output(&self) -> bool {
        matches!(
            self,
            CommandError::Output(OutputError::Closed)
                | CommandError::Client(ClientError::Output(OutputError::Closed))
        )
    }
}

/// Runs a server command.
pub async fn dispatch(command: ServerCommand, config: ServerConfig) -> Result<(), CommandError> {
    match command {
        ServerCommand::Serve => {
            logging::init(config.log_format);
            authgate_server::run(config, shutdown_signal()).await?;
            Ok(())
        }
        ServerCommand::Init { json } => {
            let (store, master) = authgate_server::server::open_store(&config).await?;
            let now = authgate_core::clock::Clock::now_millis(&authgate_core::clock::SystemClock);
            let out = bootstrap::ensure_defaults(&store, &master, now).await;
            store.close().await;
            print_init(&out?, json)
        }
        ServerCommand::KeysList => keys(false, &config).await,
        ServerCommand::KeysRotate => keys(true, &config).await,
        ServerCommand::Backup(file) => {
            let done = backup::backup(&config, &file).await?;
            output::line(format_args!(
                "backup written to {} (mode 0600)",
                done.file.display()
            ))?;
            output::line(format_args!(
                "The master key is not in the backup. Keep a copy of {} apart from it: \
                 without that key the backup's secrets cannot be read.",
                done.master_key
            ))?;
            Ok(())
        }
        ServerCommand::Restore { file, force } => {
            let done = backup::restore(&config, &file, force).await?;
            output::line(format_args!(
                "restored {} into {}; its secrets open with the master key in {}",
                file.display(),
                done.database.display(),
                done.master_key
            ))?;
            Ok(())
        }
    }
}

async fn keys(rotate: bool, config: &ServerConfig) -> Result<(), CommandError> {
    use authgate_server::keys;
    let (store, master) = authgate_server::server::open_store(config).await?;
    let now = authgate_core::clock::Clock::now_millis(&authgate_core::clock::SystemClock);
    let result = if rotate {
        let grace = keys::retire_grace_ms(config.management_token_ttl_secs);
        match keys::rotate(&store, &master, now, grace).await {
            Ok(row) => match output::line(format_args!("new signing key {}", row.kid)) {
                Ok(()) => keys::list(&store).await,
                Err(e) => {
                    store.close().await;
                    return Err(e.into());
                }
            },
            Err(e) => Err(e),
        }
    } else {
        keys::list(&store).await
    };
    store.close().await;
    output::text(keys::key_table(&result?, now))?;
    Ok(())
}

fn print_init(out: &InitOutput, json: bool) -> Result<(), CommandError> {
    if json {
        let text = serde_json::to_string(out).map_err(|e| CommandError::Encode(e.to_string()))?;
        output::line(text)?;
    } else {
        output::text(format_args!(
            "userPoolId       {}\naccessKeyId      {}\naccessKeySecret  {}\n\
             appId            {}\nappSecret        {}\n",
            out.user_pool_id, out.access_key_id, out.access_key_secret, out.app_id, out.app_secret
        ))?;
    }
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("authgate").chain(args.iter().copied()))
    }

    fn settings_of(args: &[&str]) -> GlobalArgs {
        match parse(args).unwrap().invocation() {
            Invocation::Server(_, settings) => *settings,
            Invocation::Client { name, .. } => panic!("{name} is not a server command"),
        }
    }

    fn help_of(path: &[&str]) -> String {
        let mut cmd = Cli::command();
        let mut current = &mut cmd;
        for name in path {
            current = current.find_subcommand_mut(name).unwrap();
        }
        current.render_long_help().to_string()
    }

    #[test]
    fn client_commands_list_only_their_own_flags() {
        for path in [
            &["qr", "watch"][..],
            &["qr", "scan"],
            &["push", "watch"],
            &["push", "confirm"],
        ] {
            let help = help_of(path);
            assert!(help.contains("--server"), "{path:?}: {help}");
            for server_flag in ["--listen", "--database-url", "--data-dir", "--config"] {
                assert!(!help.contains(server_flag), "{path:?} lists {server_flag}");
            }
        }
        // qr watch needs no sign-in.
        assert!(!help_of(&["qr", "watch"]).contains("--password"));
        for path in [&["serve"][..], &["init"], &["keys", "rotate"], &["backup"]] {
            assert!(help_of(path).contains("--database-url"), "{path:?}");
        }
        assert!(!help_of(&["keys"]).contains("--listen"), "keys itself");
    }

    #[test]
    fn settings_before_or_after_the_command_name() {
        let s = settings_of(&["--database-url", "sqlite://a.db", "init", "--json"]);
        assert_eq!(s.database_url.as_deref(), Some("sqlite://a.db"));
        let s = settings_of(&[
            "--database-url",
            "sqlite://outer.db",
            "--data-dir",
            "d",
            "keys",
            "rotate",
            "--database-url",
            "sqlite://inner.db",
        ]);
        assert_eq!(s.database_url.as_deref(), Some("sqlite://inner.db"));
        assert_eq!(s.data_dir, Some(PathBuf::from("d")));
        let s = settings_of(&["backup", "out.db", "--data-dir", "x"]);
        assert_eq!(s.data_dir, Some(PathBuf::from("x")));
    }

    #[test]
    fn client_commands_refuse_server_flags_after_their_name() {
        let err = parse(&["qr", "watch", "abc", "--listen", "127.0.0.1:1"]).unwrap_err();
        assert!(err.to_string().contains("--listen"), "{err}");
        assert!(parse(&["push", "watch", "--database-url", "sqlite://x"]).is_err());
    }

    #[test]
    fn client_commands_report_server_flags_before_their_name() {
        let matches = Cli::command()
            .try_get_matches_from([
                "authgate",
                "--listen",
                "127.0.0.1:1",
                "--data-dir",
                "d",
                "qr",
                "watch",
                "abc",
            ])
            .unwrap();
        assert_eq!(server_flags_given(&matches), ["--listen", "--data-dir"]);
        let matches = Cli::command()
            .try_get_matches_from(["authgate", "qr", "watch", "abc"])
            .unwrap();
        assert!(server_flags_given(&matches).is_empty());
    }

    #[test]
    fn listen_takes_addresses_and_host_names() {
        assert_eq!(parse_listen("127.0.0.1:3300").unwrap(), "127.0.0.1:3300");
        assert_eq!(parse_listen("[::1]:3300").unwrap(), "[::1]:3300");
        let local = parse_listen("localhost:3300").unwrap();
        assert!(
            local == "127.0.0.1:3300" || local == "[::1]:3300",
            "{local}"
        );
        for bad in ["localhost", "3300", ":3300", "localhost:http", "a b:1", ""] {
            let err = parse_listen(bad).unwrap_err();
            assert!(err.contains("HOST:PORT"), "{bad}: {err}");
        }
        let err = parse(&["serve", "--listen", "nohost"]).unwrap_err();
        assert!(err.to_string().contains("--listen"), "{err}");
        let s = settings_of(&["--listen", "localhost:3300", "serve"]);
        assert!(s.listen.unwrap().ends_with(":3300"));
    }

    #[test]
    fn log_format_is_checked_by_the_flag() {
        let err = parse(&["serve", "--log-format", "xml"]).unwrap_err();
        assert!(err.to_string().contains("--log-format"), "{err}");
        let s = settings_of(&["serve", "--log-format", "json"]);
        assert_eq!(s.log_format.as_deref(), Some("json"));
    }

    #[test]
    fn restore_force_and_file() {
        match parse(&["restore", "b.db", "--force"]).unwrap().invocation() {
            Invocation::Server(ServerCommand::Restore { file, force }, _) => {
                assert_eq!(file, PathBuf::from("b.db"));
                assert!(force);
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(&["backup"]).is_err(), "FILE is required");
    }
}
