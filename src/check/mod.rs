//! Checking a learner's hand calculation (a worksheet) against the exact trace.

pub mod grade;
pub mod worksheet;

pub use grade::{Answer, Graded, Verdict, agrees, grade};
pub use worksheet::{Entry, Given, Worksheet, WorksheetError};
