//! The error of this layer: what kind of problem, and the positioned message that explains it.

use super::diagnostic::Diagnostic;

/// What kind of problem an input has. Every kind is the user's to fix (exit status 1); the kind
/// lets a caller add advice or tell a missing file from a broken one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// There is no such file (or no bundled file of that name).
    NotFound,
    /// The file exists but may not be read.
    PermissionDenied,
    /// The path names a directory.
    Directory,
    /// The path names something other than a regular file: a FIFO, a device, a socket.
    NotAFile,
    /// The file is larger than its limit.
    TooLarge,
    /// Reading failed for another reason (an I/O error).
    Unreadable,
    /// The bytes are not UTF-8 text: UTF-16, a NUL byte (binary data), or invalid UTF-8.
    NotText,
    /// The file holds nothing but white space.
    Empty,
    /// The text is not well-formed TOML (or CSV, or NumPy's format).
    Syntax,
    /// The file is well-formed but what it says cannot be used.
    Invalid,
}

/// Why an input cannot be used: its [`Problem`] and a [`Diagnostic`] naming the file, the line
/// and column where that is known, and what was expected. `Display` renders the diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{diagnostic}")]
pub struct SourceError {
    problem: Problem,
    diagnostic: Box<Diagnostic>,
}

impl SourceError {
    /// A problem of kind `problem`, explained by `diagnostic`.
    pub fn new(problem: Problem, diagnostic: Diagnostic) -> Self {
        SourceError {
            problem,
            diagnostic: Box::new(diagnostic),
        }
    }

    /// What kind of problem it is.
    pub fn problem(&self) -> Problem {
        self.problem
    }

    /// The positioned message.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    /// The positioned message, to amend or to collect with others.
    pub fn into_diagnostic(self) -> Diagnostic {
        *self.diagnostic
    }

    /// The same problem with `help` as its advice (replacing any).
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.diagnostic.help = Some(help.into());
        self
    }

    /// The same problem with its message and advice rewritten by `f`.
    pub fn map_diagnostic(self, f: impl FnOnce(Diagnostic) -> Diagnostic) -> Self {
        SourceError::new(self.problem, f(*self.diagnostic))
    }
}

/// A diagnostic about a value in a well-formed file: [`Problem::Invalid`].
impl From<Diagnostic> for SourceError {
    fn from(d: Diagnostic) -> Self {
        SourceError::new(Problem::Invalid, d)
    }
}
