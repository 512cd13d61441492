//! `[grading]`: how precisely answers must be written to be right, in a lesson or a worksheet.
//!
//! ```toml
//! [grading]
//! significant_figures = 3   # or: decimals = 2 (one of the two)
//! ```

use crate::lesson::model::Precision;
use crate::source::SourceError;
use crate::source::reader::{Cx, Res, Table, count, table};

const GRADING_KEYS: [&str; 2] = ["significant_figures", "decimals"];

/// More digits than an f64 holds mean nothing.
const MAX_DIGITS: usize = 17;

const HELP: &str = "write significant_figures = 3 (0.593 has 3) or decimals = 2 (0.59 has 2)";

/// The precision a `[grading]` table at the top of `top` asks for; `None` without one.
pub(crate) fn read(cx: Cx, top: &Table) -> Res<Option<Precision>> {
    let Some(e) = top.get("grading") else {
        return Ok(None);
    };
    let t = table(cx, e.value, "[grading]", "for `grading`")?;
    t.allow_only(cx, &GRADING_KEYS)?;
    match (t.get("significant_figures"), t.get("decimals")) {
        (Some(s), Some(d)) => {
            let later = if s.key_span.start > d.key_span.start {
                s.key_span
            } else {
                d.key_span
            };
            Err(cx
                .at(
                    later,
                    "[grading] sets both `significant_figures` and `decimals`",
                )
                .with_help("keep one of them: the precision is counted one way")
                .into())
        }
        (Some(s), None) => {
            let n = count(cx, s.value, "`significant_figures`", 1, MAX_DIGITS).map_err(helped)?;
            Ok(Some(Precision::SignificantFigures(n as u32)))
        }
        (None, Some(d)) => {
            let n = count(cx, d.value, "`decimals`", 0, MAX_DIGITS).map_err(helped)?;
            Ok(Some(Precision::Decimals(n as u32)))
        }
        (None, None) => Err(cx
            .at(
                e.value.span(),
                "[grading] says neither `significant_figures` nor `decimals`",
            )
            .with_help(HELP)
            .into()),
    }
}

/// The problem, with [`HELP`] unless it has advice of its own.
fn helped(e: SourceError) -> SourceError {
    if e.diagnostic().help.is_some() {
        e
    } else {
        e.with_help(HELP)
    }
}
