//! Standard output for every command. Rust ignores SIGPIPE, so `println!` to a closed pipe
//! (`bpnn-tutor lessons | head -1`) panics; here writes go through one locked, buffered handle
//! and the outcome is classified: a closed pipe means the reader has what it wanted, and the
//! command stops quietly (exit 0, nothing on standard error); any other failure (`> /dev/full`)
//! is an error with a message (exit 1).

use std::io::{self, BufWriter, StdoutLock, Write};

use crate::source::write::WriteError;

/// How writing to standard output went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Written {
    /// Everything was written.
    All,
    /// The reader went away (a closed pipe): stop quietly, as if done.
    Closed,
}

/// Writes what `body` produces to standard output, then flushes it.
pub fn write(body: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Written, WriteError> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    classify(body(&mut out).and_then(|()| out.flush()))
}

/// A write's result as a command sees it.
pub fn classify(result: io::Result<()>) -> Result<Written, WriteError> {
    match result {
        Ok(()) => Ok(Written::All),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Written::Closed),
        Err(e) => Err(WriteError::Stdout(e)),
    }
}

/// Standard output written piece by piece while a command goes on (an epoch's line, a row of a
/// table): a reader that goes away closes it quietly and the command carries on without it
/// (its exit status still counts); any other failure is an error.
pub struct Stream {
    out: BufWriter<StdoutLock<'static>>,
    closed: bool,
}

impl Stream {
    /// Standard output, locked for this stream.
    pub fn new() -> Self {
        Stream {
            out: BufWriter::new(io::stdout().lock()),
            closed: false,
        }
    }

    /// Has the reader gone away?
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// Writes what `body` produces (nothing once the reader has gone).
    pub fn write(
        &mut self,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), WriteError> {
        if self.closed {
            return Ok(());
        }
        let result = body(&mut self.out);
        self.check(result)
    }

    /// Hands what was written so far to the reader.
    pub fn flush(&mut self) -> Result<(), WriteError> {
        if self.closed {
            return Ok(());
        }
        let result = self.out.flush();
        self.check(result)
    }

    fn check(&mut self, result: io::Result<()>) -> Result<(), WriteError> {
        if classify(result)? == Written::Closed {
            self.closed = true;
        }
        Ok(())
    }
}

impl Default for Stream {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_quiet_and_other_failures_are_errors() {
        let broken = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(classify(Err(broken)).unwrap(), Written::Closed);
        assert_eq!(classify(Ok(())).unwrap(), Written::All);
        let full = io::Error::from_raw_os_error(28);
        let message = classify(Err(full)).unwrap_err().to_string();
        assert!(
            message.starts_with("cannot write to standard output: "),
            "{message}"
        );
    }
}
