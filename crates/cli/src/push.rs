//! `authgate push …`: the authenticator app's side of push login (spec §3.2) from a terminal —
//! watch the pushes addressed to the signed-in user, confirm or refuse one.

use crate::user_client::{ClientError, UserArgs};
use authgate_sdk::proto::push::{DeviceEvent, PushAction};
use clap::{Args, Subcommand};

/// `authgate push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// What to do.
    #[command(subcommand)]
    pub command: PushCommand,
}

/// The push actions.
#[derive(Debug, Subcommand)]
pub enum PushCommand {
    /// Print the pushes addressed to the signed-in user as they arrive, and how each ends.
    Watch(WatchArgs),
    /// Allow a pushed sign-in.
    Confirm(AnswerArgs),
    /// Refuse a pushed sign-in.
    Cancel(AnswerArgs),
}

/// The user watching.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Stop after the first push (printing its id), for scripts.
    #[arg(long)]
    pub once: bool,
    /// Server and credentials.
    #[command(flatten)]
    pub user: UserArgs,
}

/// A push and the user answering it.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The push code id (as printed by `authgate push watch`).
    #[arg(value_name = "PUSH_CODE_ID")]
    pub push_code_id: String,
    /// Server and credentials.
    #[command(flatten)]
    pub user: UserArgs,
}

/// One line describing a device event.
fn describe(e: &DeviceEvent) -> String {
    match e {
        DeviceEvent::Push(n) => {
            let from =
                n.ip.as_deref()
                    .map(|ip| format!(" from {ip}"))
                    .unwrap_or_default();
            format!(
                "PUSH {} app \"{}\"{from}, valid {} s",
                n.push_code_id, n.app_name, n.expire_time
            )
        }
        DeviceEvent::Resolved(r) => {
            let status = serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            format!("RESOLVED {} {status}", r.push_code_id)
        }
    }
}

async fn watch(args: &WatchArgs) -> Result<(), ClientError> {
    use futures_util::StreamExt;
    let client = args.user.signed_in().await?;
    let mut events = std::pin::pin!(client.push_code_stream());
    while let Some(event) = events.next().await {
        let event = event.map_err(ClientError::from_sdk)?;
        crate::output::line(describe(&event))?;
        if args.once && matches!(event, DeviceEvent::Push(_)) {
            break;
        }
    }
    Ok(())
}

async fn answer(args: &AnswerArgs, action: PushAction, done: &str) -> Result<(), ClientError> {
    let id = args.push_code_id.trim();
    if id.is_empty() {
        return Err(ClientError::Usage("the push code id is empty".into()));
    }
    let client = args.user.signed_in().await?;
    client
        .change_push_code_status(id, action)
        .await
        .map_err(ClientError::from_sdk)?;
    crate::output::line(format_args!("{done} {id}"))?;
    Ok(())
}

/// Runs `authgate push …`.
pub async fn run(args: PushArgs) -> Result<(), ClientError> {
    match &args.command {
        PushCommand::Watch(a) => watch(a).await,
        PushCommand::Confirm(a) => answer(a, PushAction::Confirm, "AUTHORIZED").await,
        PushCommand::Cancel(a) => answer(a, PushAction::Cancel, "CANCELLED").await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_sdk::proto::push::{PushNotice, PushResolution, PushStatus};

    #[test]
    fn events_are_described() {
        let push = DeviceEvent::Push(PushNotice {
            push_code_id: "c1".into(),
            app_id: "a".into(),
            app_name: "Shop".into(),
            expire_time: 120,
            expires_at: 0,
            ip: Some("10.0.0.1".into()),
            user_agent: None,
        });
        assert_eq!(
            describe(&push),
            "PUSH c1 app \"Shop\" from 10.0.0.1, valid 120 s"
        );
        let done = DeviceEvent::Resolved(PushResolution {
            push_code_id: "c1".into(),
            status: PushStatus::Authorized,
        });
        assert_eq!(describe(&done), "RESOLVED c1 AUTHORIZED");
    }
}
