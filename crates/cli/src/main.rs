//! `authgate`: run the server, set up a deployment, administer it, and play the phone's part
//! in QR-code and push login.

mod cli;
mod config;
mod data_dir;
mod logging;
mod push;
mod qr;
mod user_client;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("authgate: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli::client_command(args.command) {
        Ok(client) => runtime.block_on(client.run()),
        Err(command) => {
            let mut config = match config::load(&args.global) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("authgate: configuration error: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Err(e) = data_dir::apply(&args.global, &mut config) {
                eprintln!("authgate: {e}");
                return ExitCode::from(2);
            }
            runtime.block_on(cli::dispatch(*command, config))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("authgate: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
