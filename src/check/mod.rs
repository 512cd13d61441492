//! Checking a learner's hand calculation (a worksheet) against the exact trace.

pub mod blank;
pub mod bundled;
pub mod grade;
pub mod report;
pub mod worksheet;

pub use grade::{Answer, Graded, Verdict, agrees, grade};
pub use report::{Mark, Report, Row, Score};
pub use worksheet::{Entry, Given, Worksheet, WorksheetError};
