//! Writing results to stdout without panicking when the reader has gone away
//! (`authgate keys rotate | head -1`): `println!` panics on a closed pipe, these report it.

use std::fmt::Display;
use std::io::Write;

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The reader closed the pipe (EPIPE): not a failure of the command, nothing to report.
    #[error("the output pipe was closed")]
    Closed,
    /// Any other write error (disk full, …).
    #[error("cannot write the output: {0}")]
    Io(std::io::Error),
}

impl From<std::io::Error> for OutputError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            OutputError::Closed
        } else {
            OutputError::Io(e)
        }
    }
}

/// Writes `text` and a newline to stdout and flushes, so a reader that stops early is noticed
/// at once (a watch loop then ends instead of running on unread).
pub fn line(text: impl Display) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}

/// Writes `text` as is to stdout and flushes.
pub fn text(text: impl Display) -> Result<(), OutputError> {
    let mut out = std::io::stdout().lock();
    write!(out, "{text}")?;
    out.flush()?;
    Ok(())
}

/// Writes a diagnostic line to stderr; a closed stderr is ignored (there is nowhere left to
/// say anything).
pub fn error_line(text: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_closed_and_other_errors_are_not() {
        let closed = OutputError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(matches!(closed, OutputError::Closed));
        let full = OutputError::from(std::io::Error::other("disk full"));
        assert!(matches!(full, OutputError::Io(_)));
    }
}
