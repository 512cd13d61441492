//! A graded worksheet: one row per answer (right, wrong, carried forward or unanswered), the
//! score, and the report as text or JSON. The CLI's `check` prints it; a quiz can reuse it.
//!
//! The text report has one line per answer in the worksheet's order, aligned in columns, with
//! the formula and its numbers under a wrong answer and the cause under a carried one:
//!
//! ```text
//! step     verdict     yours   exact
//! z(1)[1]  right       0.3775  0.3775
//! a(1)[1]  wrong       0.865   0.593270
//!          a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.3775) = 0.593270
//! z(2)[1]  carried     1.2146  1.10591
//!          follows from your a(1)[1]
//! loss     unanswered  —       —
//!
//! score: 1/3 right, 1 wrong, 1 carried forward; 1 unanswered
//! ```
//!
//! The exact value has at least 6 significant digits, and one digit more than the learner
//! wrote. A `where` column (epoch and sample, or batch for updates) appears when the worksheet
//! spans more than one place.

use std::collections::HashMap;

use serde::Serialize;

use crate::notation::{Digits, Notation, number};
use crate::trace::{Step, StepKey, Style, Trace};

use super::grade::decimals;
use super::worksheet::Worksheet;
use super::{Graded, Verdict, grade};

/// The verdict of one line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Right,
    Wrong,
    /// Wrong, but right from these earlier answers of the learner.
    Carried(Vec<String>),
    Unanswered,
}

impl Mark {
    pub fn name(&self) -> &'static str {
        match self {
            Mark::Right => "right",
            Mark::Wrong => "wrong",
            Mark::Carried(_) => "carried",
            Mark::Unanswered => "unanswered",
        }
    }
}

/// One answer of the worksheet, graded.
#[derive(Debug, Clone)]
pub struct Row {
    /// The step answered, with its exact value.
    pub step: Step,
    /// The line of its `[[answer]]` in the worksheet.
    pub line: usize,
    /// The number as written, and its value.
    pub given: Option<(String, f64)>,
    pub mark: Mark,
}

/// Counts of a report's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub right: usize,
    pub wrong: usize,
    pub carried: usize,
    pub unanswered: usize,
}

impl Score {
    /// Answers that were scored: everything but the unanswered ones.
    pub fn total(&self) -> usize {
        self.right + self.wrong + self.carried
    }

    /// `score: 5/7 right, 1 wrong, 1 carried forward; 2 unanswered`.
    pub fn line(&self) -> String {
        let mut s = format!("score: {}/{} right", self.right, self.total());
        if self.wrong > 0 {
            s.push_str(&format!(", {} wrong", self.wrong));
        }
        if self.carried > 0 {
            s.push_str(&format!(", {} carried forward", self.carried));
        }
        if self.unanswered > 0 {
            s.push_str(&format!("; {} unanswered", self.unanswered));
        }
        s
    }
}

/// A graded worksheet.
#[derive(Debug, Clone)]
pub struct Report {
    pub rows: Vec<Row>,
    pub score: Score,
}

/// A worksheet entry that names no step of the trace (a worksheet checked against another
/// lesson).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error: {file}:{line}: the trace has no step {key}")]
pub struct MissingStep {
    /// The worksheet's file.
    pub file: String,
    /// The entry's line.
    pub line: usize,
    /// What it names.
    pub key: StepKey,
}

impl Report {
    /// Grades every answered entry; unanswered ones are listed but not scored.
    pub fn new(trace: &Trace, sheet: &Worksheet) -> Result<Report, MissingStep> {
        let graded: HashMap<StepKey, Graded> = grade(trace, &sheet.answers())
            .into_iter()
            .map(|g| (g.answer.key, g))
            .collect();
        let mut rows = Vec::with_capacity(sheet.entries.len());
        let mut score = Score::default();
        for e in &sheet.entries {
            let (step, mark) = match (&e.given, graded.get(&e.key)) {
                (Some(_), Some(g)) => {
                    let mark = match &g.verdict {
                        Verdict::Right => Mark::Right,
                        Verdict::Wrong => Mark::Wrong,
                        Verdict::Carried { from } => Mark::Carried(from.clone()),
                    };
                    (g.step, mark)
                }
                _ => {
                    let step = trace.find(&e.key).ok_or_else(|| MissingStep {
                        file: sheet.file.clone(),
                        line: e.line,
                        key: e.key,
                    })?;
                    (step, Mark::Unanswered)
                }
            };
            match mark {
                Mark::Right => score.right += 1,
                Mark::Wrong => score.wrong += 1,
                Mark::Carried(_) => score.carried += 1,
                Mark::Unanswered => score.unanswered += 1,
            }
            rows.push(Row {
                step,
                line: e.line,
                given: e.given.as_ref().map(|g| (g.text.clone(), g.value)),
                mark,
            });
        }
        Ok(Report { rows, score })
    }

    /// No answer wrong or carried (unanswered ones are not scored).
    pub fn all_right(&self) -> bool {
        self.score.wrong == 0 && self.score.carried == 0
    }

    /// The text report (see the module's documentation).
    pub fn text(&self, trace: &Trace, notation: Notation) -> String {
        let dash = if notation == Notation::Ascii {
            "-"
        } else {
            "—"
        };
        // A sample and its batch's update share a number: one sample needs no column.
        let places: Vec<(usize, usize)> = self
            .rows
            .iter()
            .map(|r| (r.step.epoch, r.step.place.number()))
            .collect();
        let show_where = places.windows(2).any(|p| p[0] != p[1]);
        let mut table: Vec<Vec<String>> = vec![];
        let mut header = vec!["step".to_string()];
        if show_where {
            header.push("where".into());
        }
        header.extend(["verdict", "yours", "exact"].map(String::from));
        table.push(header);
        for r in &self.rows {
            let mut cells = vec![r.step.name()];
            if show_where {
                cells.push(format!("epoch {}, {}", r.step.epoch, r.step.place));
            }
            cells.push(r.mark.name().to_string());
            match &r.given {
                Some((text, _)) => {
                    cells.push(text.clone());
                    cells.push(exact(r.step.value, Some(text), notation));
                }
                None => {
                    cells.push(dash.to_string());
                    cells.push(dash.to_string());
                }
            }
            table.push(cells);
        }
        let columns = table[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                table
                    .iter()
                    .map(|row| row[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let indent = " ".repeat(widths[0] + 2);
        let style = Style::new(notation, Digits::Sig(6));
        let mut out = String::new();
        for (i, row) in table.iter().enumerate() {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < columns {
                    let pad = widths[c] - cell.chars().count() + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            let Some(r) = i.checked_sub(1).map(|i| &self.rows[i]) else {
                continue;
            };
            match &r.mark {
                Mark::Wrong => {
                    let f = trace.formula(&r.step);
                    let symbolic = f.symbolic(style);
                    let numbers = f.substituted(style);
                    let result = exact(r.step.value, r.given.as_ref().map(|g| &g.0), notation);
                    let mut text = symbolic;
                    if numbers != result {
                        text.push_str(&format!(" = {numbers}"));
                    }
                    text.push_str(&format!(" = {result}"));
                    out.push_str(&format!("{indent}{text}\n"));
                }
                Mark::Carried(from) => {
                    out.push_str(&format!("{indent}follows from your {}\n", and_list(from)));
                }
                _ => {}
            }
        }
        out.push('\n');
        out.push_str(&self.score.line());
        out.push('\n');
        out
    }

    /// The JSON report (keys in a fixed order: see [`JsonReport`]).
    pub fn json<'a>(&'a self, trace: &'a Trace, sheet: &'a Worksheet) -> JsonReport<'a> {
        let lesson = trace.lesson();
        let answers = self
            .rows
            .iter()
            .map(|r| JsonAnswer {
                name: r.step.name(),
                epoch: r.step.epoch,
                sample: r.step.place.number(),
                phase: r.step.phase().name(),
                line: r.line,
                given: r.given.as_ref().map(|g| g.1),
                written: r.given.as_ref().map(|g| g.0.as_str()),
                exact: r.step.value,
                verdict: r.mark.name(),
                carried_from: match &r.mark {
                    Mark::Carried(from) => from.as_slice(),
                    _ => &[],
                },
            })
            .collect();
        JsonReport {
            format: "bpnn-tutor-check",
            version: 1,
            lesson: JsonLesson {
                title: &lesson.title,
                file: &lesson.source,
            },
            worksheet: &sheet.file,
            answers,
            score: JsonScore {
                right: self.score.right,
                total: self.score.total(),
                wrong: self.score.wrong,
                carried: self.score.carried,
                unanswered: self.score.unanswered,
            },
        }
    }
}

/// The JSON report: `{"format": "bpnn-tutor-check", "version": 1, "lesson", "worksheet",
/// "answers": [...], "score": {...}}`. NaN and infinity are written as `null`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub format: &'static str,
    pub version: u32,
    pub lesson: JsonLesson<'a>,
    pub worksheet: &'a str,
    pub answers: Vec<JsonAnswer<'a>>,
    pub score: JsonScore,
}

#[derive(Debug, Serialize)]
pub struct JsonLesson<'a> {
    pub title: &'a str,
    pub file: &'a str,
}

/// One answer. `sample` is the batch for update steps (`phase` = "update"); `given` and
/// `written` are null when unanswered; `carried_from` names the learner's earlier answers a
/// carried answer follows from.
#[derive(Debug, Serialize)]
pub struct JsonAnswer<'a> {
    pub name: String,
    pub epoch: usize,
    pub sample: usize,
    pub phase: &'static str,
    pub line: usize,
    pub given: Option<f64>,
    pub written: Option<&'a str>,
    pub exact: f64,
    pub verdict: &'static str,
    pub carried_from: &'a [String],
}

/// `total` counts the scored answers: right, wrong and carried, not unanswered.
#[derive(Debug, Serialize)]
pub struct JsonScore {
    pub right: usize,
    pub total: usize,
    pub wrong: usize,
    pub carried: usize,
    pub unanswered: usize,
}

/// The exact value, to at least 6 significant digits and one digit more than the learner wrote.
fn exact(value: f64, written: Option<&String>, notation: Notation) -> String {
    let mut digits = 6;
    if let Some(text) = written
        && value.is_finite()
        && value != 0.0
    {
        let exp = value.abs().log10().floor() as i64;
        let needed = exp + 1 + i64::from(decimals(text)) + 1;
        digits = needed.clamp(6, 17) as usize;
    }
    number::format(value, Digits::Sig(digits), notation)
}

/// "a(1)[1]", "a(1)[1] and a(1)[2]", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_values_show_more_digits_than_written() {
        let v = 0.593269992107187;
        assert_eq!(exact(v, None, Notation::Unicode), "0.593270");
        assert_eq!(
            exact(v, Some(&"0.59".into()), Notation::Unicode),
            "0.593270"
        );
        assert_eq!(
            exact(v, Some(&"0.59326999".into()), Notation::Unicode),
            "0.593269992"
        );
        assert_eq!(exact(1.105905967, None, Notation::Ascii), "1.10591");
    }

    #[test]
    fn score_lines() {
        let s = Score {
            right: 5,
            wrong: 1,
            carried: 1,
            unanswered: 2,
        };
        assert_eq!(
            s.line(),
            "score: 5/7 right, 1 wrong, 1 carried forward; 2 unanswered"
        );
        assert_eq!(Score::default().line(), "score: 0/0 right");
    }
}
