//! Log output on stderr: pretty or JSON lines, filtered by `RUST_LOG` (default `info`).
//! Colours only when stderr is a terminal, so a log file or journal gets no escape codes.

use authgate_server::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let result = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    if let Err(e) = result {
        crate::output::error_line(format_args!("authgate: logging already initialised: {e}"));
    }
}
