//! Why a worksheet cannot be checked: every problem found, each at its line and column.

use std::fmt;

use super::{LessonRef, MAX_COLLECTED, MAX_SHOWN};
use crate::source::{Diagnostic, SourceError, display};

/// Why a worksheet cannot be checked: one or more positioned problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorksheetError {
    /// Every problem found, in the order of the file (checking stops after a hundred).
    pub problems: Vec<Diagnostic>,
    /// The lesson the worksheet names, if that much could be read: checking against the wrong
    /// lesson is a likely cause of "no such step" problems.
    pub lesson: Option<LessonRef>,
}

impl WorksheetError {
    /// A single problem.
    pub(super) fn one(d: Diagnostic) -> Self {
        WorksheetError {
            problems: vec![d],
            lesson: None,
        }
    }

    /// A single problem of the input layer (the file, its bytes, its TOML).
    pub(super) fn from_problem(p: SourceError) -> Self {
        Self::one(p.into_diagnostic())
    }
}

impl std::error::Error for WorksheetError {}

impl fmt::Display for WorksheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.problems.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        let n = self.problems.len();
        if n > MAX_SHOWN {
            let more = crate::msg!("err-more-problems", n = n - MAX_SHOWN);
            write!(f, "\n\n{more}")?;
        }
        if n > 1 {
            let file = display::line(&self.problems[0].file);
            let id = if n >= MAX_COLLECTED {
                "err-problems-at-least"
            } else {
                "err-problems"
            };
            write!(f, "\n\n{}", crate::msg!(id, n = n, file = file.as_ref()))?;
        }
        Ok(())
    }
}
