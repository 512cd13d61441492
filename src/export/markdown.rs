//! The Markdown worked example (being written).

use std::io::{self, Write};

use crate::trace::Trace;

use super::select::Selection;

/// Writes the selected part of the trace as a Markdown document.
pub fn write(
    trace: &Trace,
    selection: &Selection,
    ascii: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let _ = (trace, selection, ascii);
    writeln!(out, "# {}", trace.lesson().title)
}
