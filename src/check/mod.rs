//! Checking a learner's hand calculation (a worksheet) against the exact trace.

pub mod blank;
pub mod bundled;
pub mod class;
mod diagnose;
pub mod grade;
pub mod hint;
pub mod learner;
pub mod marks;
pub mod misconception;
pub mod precision;
pub mod report;
pub mod roster;
mod simulate;
pub mod variant;
pub mod worksheet;

pub use grade::{Answer, Graded, Grader, Verdict, grade};
pub use misconception::{CATALOGUE, Mistake};
pub use precision::{Policy, SetBy, agrees};
pub use report::{Mark, Report, Row, Score};
pub use worksheet::{Entry, Given, Worksheet, WorksheetError};
