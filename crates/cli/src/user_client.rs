//! The phone's side of the CLI (`qr`, `push`): a signed-in user's authentication client, the
//! errors those commands report, and their exit codes.

use crate::output::OutputError;
use authgate_sdk::{AuthenticationClient, AuthenticationClientOptions};
use clap::Args;

/// App id sent when none is configured and the call does not need one (status streams and
/// calls made with `--token` are authorised by the user's token, not the application).
const ANONYMOUS_APP_ID: &str = "authgate-cli";
/// GenAuth's "not logged in" apiCode: the user's token was refused.
const NOT_LOGGED_IN: u32 = 2020;

/// The running server a phone-side command talks to.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Server")]
pub struct ServerArg {
    /// URL of the running authgate server.
    #[arg(
        long,
        visible_alias = "server-url",
        env = "AUTHGATE_SERVER",
        default_value = "http://127.0.0.1:3000",
        value_name = "URL",
        value_parser = parse_server_url
    )]
    pub server: String,
}

impl ServerArg {
    /// A client that needs no user or application (public calls such as status streams).
    pub fn anonymous(&self) -> Result<AuthenticationClient, ClientError> {
        client(&self.server, ANONYMOUS_APP_ID, None)
    }
}

/// Where and as whom the phone-side commands act.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Server and user")]
pub struct UserArgs {
    /// The server.
    #[command(flatten)]
    pub server: ServerArg,
    /// The user's access token (instead of --account/--password).
    #[arg(long, value_name = "TOKEN", conflicts_with_all = ["account", "password"])]
    pub token: Option<String>,
    /// Sign in with this username, email or phone number (with --password).
    #[arg(long, value_name = "ACCOUNT", requires = "password")]
    pub account: Option<String>,
    /// The account's password (or AUTHGATE_PASSWORD, which keeps it out of the process list).
    #[arg(
        long,
        env = "AUTHGATE_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD"
    )]
    pub password: Option<String>,
    /// The mobile application signing the user in (needed with --account/--password).
    #[arg(long, env = "AUTHGATE_APP_ID", value_name = "APP_ID")]
    pub app_id: Option<String>,
    /// The mobile application's secret (needed with --app-id to sign in).
    #[arg(
        long,
        env = "AUTHGATE_APP_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    pub app_secret: Option<String>,
}

/// Why a phone-side command failed; each kind has its exit code.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The command line cannot be used as given.
    #[error("{0}")]
    Usage(String),
    /// The server refused the credentials.
    #[error("sign-in refused: {0}")]
    SignIn(authgate_sdk::Error),
    /// The server refused the request.
    #[error("the server refused: {0}")]
    Refused(authgate_sdk::Error),
    /// The server could not be reached or answered something unreadable.
    #[error("cannot talk to the server: {0}")]
    Transport(authgate_sdk::Error),
    /// A watched login ended without being authorised.
    #[error("the login ended as {0}")]
    NotAuthorized(String),
    /// The result could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl ClientError {
    /// The process exit code: 2 usage, 3 sign-in refused, 4 request refused, 5 server
    /// unreachable, 6 the watched login ended cancelled, expired or in error.
    pub fn exit_code(&self) -> u8 {
        match self {
            ClientError::Usage(_) => 2,
            ClientError::SignIn(_) => 3,
            ClientError::Refused(_) => 4,
            ClientError::Transport(_) => 5,
            ClientError::NotAuthorized(_) => 6,
            ClientError::Output(_) => 1,
        }
    }

    /// A refused request (a refused user token is a refused sign-in), or a transport failure.
    pub fn from_sdk(e: authgate_sdk::Error) -> Self {
        if let authgate_sdk::Error::Options(message) = &e {
            // Raised before anything is sent: the command line is at fault, not the server.
            return ClientError::Usage(message.clone());
        }
        if e.api_code() == Some(NOT_LOGGED_IN) {
            ClientError::SignIn(e)
        } else if e.status_code().is_some() || e.api_code().is_some() {
            ClientError::Refused(e)
        } else {
            ClientError::Transport(e)
        }
    }
}

/// `value` when present and not empty.
fn given(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// `--server`: an http(s) URL.
fn parse_server_url(value: &str) -> Result<String, String> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
            Ok(value.trim_end_matches('/').to_string())
        }
        _ => {
            Err("expected the server's http:// or https:// URL, e.g. http://127.0.0.1:3000".into())
        }
    }
}

/// An authentication client of `app_id` on `server`.
fn client(
    server: &str,
    app_id: &str,
    app_secret: Option<&str>,
) -> Result<AuthenticationClient, ClientError> {
    let mut options = AuthenticationClientOptions::new(app_id, server);
    if let Some(secret) = app_secret {
        options = options.with_app_secret(secret);
    }
    AuthenticationClient::new(options)
        .map_err(|e| ClientError::Usage(format!("bad --server or --app-id: {e}")))
}

impl UserArgs {
    /// A client carrying the user's access token: `--token`, or a sign-in with
    /// `--account`/`--password` through `--app-id`/`--app-secret`.
    pub async fn signed_in(&self) -> Result<AuthenticationClient, ClientError> {
        let server = self.server.server.as_str();
        if let Some(token) = given(self.token.as_deref()) {
            // Calls made with a user token are authorised by it, not by an application.
            let app_id = given(self.app_id.as_deref()).unwrap_or(ANONYMOUS_APP_ID);
            let mut client = client(server, app_id, given(self.app_secret.as_deref()))?;
            client.set_access_token(token);
            return Ok(client);
        }
        let (Some(account), Some(password)) = (self.account.as_deref(), self.password.as_deref())
        else {
            return Err(ClientError::Usage(
                "sign in with --token, or with --account and --password".into(),
            ));
        };
        let app_id = given(self.app_id.as_deref()).ok_or_else(|| {
            ClientError::Usage(
                "--app-id (or AUTHGATE_APP_ID) is needed to sign in with --account".into(),
            )
        })?;
        let Some(app_secret) = given(self.app_secret.as_deref()) else {
            return Err(ClientError::Usage(
                "--app-secret (or AUTHGATE_APP_SECRET) is needed with --app-id to sign in with \
                 --account: the application proves itself with its secret"
                    .into(),
            ));
        };
        let mut client = client(server, app_id, Some(app_secret))?;
        match client
            .sign_in_by_account_password(account, password, None)
            .await
            .map_err(ClientError::from_sdk)
        {
            Ok(_) => Ok(client),
            Err(ClientError::Refused(e)) => Err(ClientError::SignIn(e)),
            Err(e) => Err(e),
        }
    }
}
