//! Command-line interface.

use crate::logging;
use crate::push::{self, PushArgs};
use crate::qr::{self, QrArgs};
use crate::user_client::ClientError;
use authgate_server::ServerConfig;
use authgate_server::bootstrap::{self, InitOutput};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// authgate — a self-hosted identity platform speaking the GenAuth (Authing) V3 API.
///
/// Settings come from (lowest to highest precedence) built-in defaults, the TOML file given
/// with --config, AUTHGATE_* environment variables, and these flags.
#[derive(Debug, Parser)]
#[command(name = "authgate", version, about, long_about)]
pub struct Cli {
    /// Settings shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Settings shared by every command (each also as an AUTHGATE_* variable and TOML key).
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Server settings")]
pub struct GlobalArgs {
    /// TOML configuration file.
    #[arg(long, global = true, env = "AUTHGATE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:3000] (TOML: listen).
    #[arg(long, global = true, value_name = "HOST:PORT")]
    pub listen: Option<String>,
    /// Public base URL; the OIDC issuer is this + /oidc [default: http://<listen>] (TOML: public_url).
    #[arg(long, global = true, value_name = "URL")]
    pub public_url: Option<String>,
    /// Database URL: sqlite://PATH or postgres://… [default: sqlite://<data dir>/authgate.db] (TOML: database_url).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// The deployment's data folder: master key and default database [default: ./authgate-data when it exists; see the README] (TOML: data_dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log format: pretty or json [default: pretty] (TOML: log_format).
    #[arg(long, global = true, value_name = "FORMAT")]
    pub log_format: Option<String>,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server until SIGINT or SIGTERM.
    Serve,
    /// Ensure the default user pool, root access key and default application exist, and print
    /// their ids and secrets (the same on every run).
    Init {
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
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
}

/// `authgate keys …`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// List the signing keys: kid, alg, active, created, retires.
    List,
    /// Add a new RS256 signing key; running servers sign with it within 30 s, and keep the
    /// previous key in the JWKS until every token it signed has expired.
    Rotate,
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

/// The client command `command` is, or `command` back when it runs the server side.
pub fn client_command(command: Command) -> Result<ClientCommand, Box<Command>> {
    match command {
        Command::Qr(a) => Ok(ClientCommand::Qr(a)),
        Command::Push(a) => Ok(ClientCommand::Push(a)),
        other => Err(Box::new(other)),
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
    #[error("cannot print the result: {0}")]
    Output(String),
    /// The signing keys could not be read or rotated.
    #[error(transparent)]
    Keys(#[from] authgate_server::keys::KeyError),
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
}

/// Runs a command.
pub async fn dispatch(command: Command, config: ServerConfig) -> Result<(), CommandError> {
    match command {
        Command::Serve => {
            logging::init(config.log_format);
            authgate_server::run(config, shutdown_signal()).await?;
            Ok(())
        }
        Command::Qr(a) => ClientCommand::Qr(a).run().await,
        Command::Push(a) => ClientCommand::Push(a).run().await,
        Command::Init { json } => {
            let (store, master) = authgate_server::server::open_store(&config).await?;
            let now = authgate_core::clock::Clock::now_millis(&authgate_core::clock::SystemClock);
            let out = bootstrap::ensure_defaults(&store, &master, now).await;
            store.close().await;
            print_init(&out?, json)
        }
        Command::Keys(k) => keys(k, &config).await,
    }
}

async fn keys(command: KeysCommand, config: &ServerConfig) -> Result<(), CommandError> {
    use authgate_server::keys;
    let (store, master) = authgate_server::server::open_store(config).await?;
    let now = authgate_core::clock::Clock::now_millis(&authgate_core::clock::SystemClock);
    let result = match command {
        KeysCommand::List => keys::list(&store).await,
        KeysCommand::Rotate => {
            let grace = keys::retire_grace_ms(config.management_token_ttl_secs);
            match keys::rotate(&store, &master, now, grace).await {
                Ok(row) => {
                    println!("new signing key {}", row.kid);
                    keys::list(&store).await
                }
                Err(e) => Err(e),
            }
        }
    };
    store.close().await;
    print!("{}", keys::key_table(&result?, now));
    Ok(())
}

fn print_init(out: &InitOutput, json: bool) -> Result<(), CommandError> {
    if json {
        let text = serde_json::to_string(out).map_err(|e| CommandError::Output(e.to_string()))?;
        println!("{text}");
    } else {
        println!("userPoolId       {}", out.user_pool_id);
        println!("accessKeyId      {}", out.access_key_id);
        println!("accessKeySecret  {}", out.access_key_secret);
        println!("appId            {}", out.app_id);
        println!("appSecret        {}", out.app_secret);
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
