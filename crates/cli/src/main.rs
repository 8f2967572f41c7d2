//! `authgate`: run the server, set up a deployment, administer it, and play the phone's part
//! in QR-code and push login.

mod cli;
mod config;
mod data_dir;
mod logging;
mod output;
mod push;
mod qr;
mod settings_error;
mod user_client;

use clap::{CommandFactory, FromArgMatches};
use cli::Invocation;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = cli::Cli::command().get_matches();
    let args = match cli::Cli::from_arg_matches(&matches) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    let invocation = args.invocation();
    if let Invocation::Client { name, .. } = &invocation {
        let given = cli::server_flags_given(&matches);
        if !given.is_empty() {
            let what = if given.len() == 1 {
                "is a server setting"
            } else {
                "are server settings"
            };
            cli::Cli::command()
                .error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "{} {what}, which `authgate {name}` does not use: it talks to a \
                         running server, whose URL it takes with --server",
                        given.join(", "),
                    ),
                )
                .exit();
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output::error_line(format_args!(
                "authgate: cannot start the async runtime: {e}"
            ));
            return ExitCode::FAILURE;
        }
    };
    let result = match invocation {
        Invocation::Client { command, .. } => runtime.block_on(command.run()),
        Invocation::Server(command, settings) => {
            let mut config = match config::load(&settings) {
                Ok(c) => c,
                Err(e) => {
                    output::error_line(format_args!(
                        "authgate: configuration error: {}",
                        settings_error::describe(*e)
                    ));
                    return ExitCode::from(2);
                }
            };
            if let Err(e) = data_dir::apply(&settings, &mut config) {
                output::error_line(format_args!("authgate: {e}"));
                return ExitCode::from(2);
            }
            runtime.block_on(cli::dispatch(command, config))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader stopped reading (`| head -1`): what it wanted was written.
        Err(e) if e.is_closed_output() => ExitCode::SUCCESS,
        Err(e) => {
            output::error_line(format_args!("authgate: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
