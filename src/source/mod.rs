//! The edge between the tutor and the user's files: reading them safely, turning their problems
//! into positioned messages, and writing output without ever losing data.
//!
//! Lessons and worksheets both stand on this layer, and so do the CSV and `.npy` files a lesson
//! names. Nothing here knows what a lesson or a worksheet means.
//!
//! - [`input`]: a path or `-` (standard input). Only regular files are opened: a FIFO, a device or
//!   a directory is refused from its metadata, without blocking. Sizes are checked from the
//!   metadata before reading and enforced while reading.
//! - [`text`]: bytes to text: the byte-order mark, UTF-16, NUL bytes (a binary file) and invalid
//!   UTF-8, each refused at its line and column.
//! - [`parse`] and [`reader`]: TOML with every span kept, syntax errors in a learner's words,
//!   and typed access to values with messages that name what was expected.
//! - [`diagnostic`]: the positioned message itself, rendered like a compiler's; [`suggest`]:
//!   "did you mean …?"; [`display`]: user-controlled text made safe for a terminal.
//! - [`write`](mod@write): atomic output files (a temporary file linked into place, never
//!   clobbering); [`transaction`]: several files written as one, all or none, and checked
//!   before any work; [`temporary`]: the registry of the temporary files in flight, for an
//!   interrupted process to remove.
//! - [`limits`]: how large a TOML file may be, and why.
//! - [`bundled`]: files compiled into the binary, found by the name a learner types.

pub mod bundled;
pub mod diagnostic;
pub mod display;
mod error;
pub mod input;
pub mod limits;
pub mod parse;
pub mod reader;
pub mod suggest;
pub mod temporary;
pub mod text;
pub mod transaction;
pub mod write;

pub use diagnostic::{Diagnostic, Snippet, line_column};
pub use error::{Problem, SourceError};
pub use input::{Expect, Input, Source};
