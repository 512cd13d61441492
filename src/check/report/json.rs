//! The JSON report, `{"format": "bpnn-tutor-check", "version": 2, …}`: see [`JsonReport`].
//!
//! Version 2 (version 1 had neither): the verdict `imprecise`, each answer's
//! `misconception`, the report's `precision` and the score's `imprecise`. Version 3 only adds
//! keys: `student`, `variant`, `marks`, `first_error`, each answer's `marks` and `out_of`, and
//! each misconception's `detail`.

use serde::Serialize;

use crate::lesson::Precision;
use crate::trace::Trace;

use super::super::worksheet::Worksheet;
use super::{Mark, Report};

/// The version of the JSON report.
pub const VERSION: u32 = 3;

impl Report {
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
                misconception: r.misconception.map(|m| JsonMisconception {
                    id: m.id,
                    explanation: m.explanation,
                    detail: r.detail.as_deref(),
                }),
                marks: r.earned,
                out_of: r.worth,
            })
            .collect();
        let first_error = self.first_error.map(|f| {
            let row = &self.rows[f.row];
            JsonFirstError {
                name: row.step.name(),
                epoch: row.step.epoch,
                sample: row.step.place.number(),
                misconception: row.misconception.map(|m| m.id),
                follow: f.follow,
            }
        });
        let (significant_figures, decimals) = match self.policy.precision {
            Precision::SignificantFigures(n) => (Some(n), None),
            Precision::Decimals(n) => (None, Some(n)),
        };
        JsonReport {
            format: "bpnn-tutor-check",
            version: VERSION,
            lesson: JsonLesson {
                title: &lesson.title,
                file: &lesson.source,
            },
            worksheet: &sheet.file,
            student: self.student.as_deref(),
            variant: sheet.variant.as_ref().map(|v| v.id.as_str()),
            precision: JsonPrecision {
                significant_figures,
                decimals,
                set_by: self.policy.set_by.name(),
            },
            answers,
            score: JsonScore {
                right: self.score.right,
                total: self.score.total(),
                wrong: self.score.wrong,
                carried: self.score.carried,
                imprecise: self.score.imprecise,
                unanswered: self.score.unanswered,
            },
            marks: JsonMarks {
                earned: self.marks.earned,
                out_of: self.marks.out_of,
                percent: self.marks.percent(),
            },
            first_error,
        }
    }
}

/// The JSON report: `{"format": "bpnn-tutor-check", "version": 2, "lesson", "worksheet",
/// "precision", "answers": [...], "score": {...}}`. NaN and infinity are written as `null`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Always `"bpnn-tutor-check"`, so a consumer can tell this document from others.
    pub format: &'static str,
    /// The version of the report's keys and their meaning, [`VERSION`].
    pub version: u32,
    /// The lesson the worksheet was checked against.
    pub lesson: JsonLesson<'a>,
    /// The worksheet's file, as messages name it (`<stdin>` for standard input).
    pub worksheet: &'a str,
    /// Whose sheet it is (`student = "…"`), or null.
    pub student: Option<&'a str>,
    /// The variant of the lesson the sheet was drawn for (`[variant] id`), or null.
    pub variant: Option<&'a str>,
    /// The precision floor the answers were held to, and who set it.
    pub precision: JsonPrecision,
    /// One per `[[answer]]` of the worksheet, answered or not, in the order written.
    pub answers: Vec<JsonAnswer<'a>>,
    /// How many answers got each verdict.
    pub score: JsonScore,
    /// Marks earned, out of the marks of every entry, and the percentage.
    pub marks: JsonMarks,
    /// The first wrong answer in trace order and how many answers follow from it, or null.
    pub first_error: Option<JsonFirstError<'static>>,
}

/// `{"earned": 31.5, "out_of": 40, "percent": 78.75}`.
#[derive(Debug, Serialize)]
pub struct JsonMarks {
    /// Marks earned.
    pub earned: f64,
    /// Marks possible: every entry's, answered or not.
    pub out_of: f64,
    /// earned / out_of, in percent.
    pub percent: f64,
}

/// `{"name": "a(1)[1]", "epoch": 1, "sample": 1, "misconception": "exp_sign", "follow": 26}`.
#[derive(Debug, Serialize)]
pub struct JsonFirstError<'a> {
    /// The step's name.
    pub name: String,
    /// Its epoch.
    pub epoch: usize,
    /// Its sample, or batch for an update step.
    pub sample: usize,
    /// The id of the misconception named there, or null.
    pub misconception: Option<&'a str>,
    /// How many later answers follow from it (carried from it, or the same mistake again).
    pub follow: usize,
}

/// `{"title": "…", "file": "lessons/sigmoid_2layer.toml"}`.
#[derive(Debug, Serialize)]
pub struct JsonLesson<'a> {
    /// The lesson's one-line title.
    pub title: &'a str,
    /// Where the lesson came from: its path, or `lessons/NAME.toml` for a bundled one.
    pub file: &'a str,
}

/// The precision floor: one of `significant_figures` and `decimals` is a number, the other
/// null; `set_by` is "default", "lesson", "worksheet" or "command line".
#[derive(Debug, Serialize)]
pub struct JsonPrecision {
    /// How many significant figures a right answer must be written to, or null.
    pub significant_figures: Option<u32>,
    /// How many decimal places a right answer must be written to, or null.
    pub decimals: Option<u32>,
    /// Who set the floor: the default, the lesson's or the worksheet's `[grading]`, or the
    /// command line.
    pub set_by: &'static str,
}

/// One answer. `sample` is the batch for update steps (`phase` = "update"); `given` and
/// `written` are null when unanswered; `verdict` is right, wrong, carried, imprecise or
/// unanswered; `carried_from` names the learner's earlier answers a carried answer follows
/// from; `misconception` is null or the known mistake that reproduces the answer.
#[derive(Debug, Serialize)]
pub struct JsonAnswer<'a> {
    /// The step's name, e.g. `dw(2)[1,2]`.
    pub name: String,
    /// The epoch, from 1.
    pub epoch: usize,
    /// The sample in the data's order, from 1; for an update step, the batch it follows,
    /// from 1.
    pub sample: usize,
    /// "forward", "loss", "backward" or "update".
    pub phase: &'static str,
    /// The 1-based line of the answer's `[[answer]]` in the worksheet.
    pub line: usize,
    /// The learner's number, or null when unanswered (or when NaN or infinite).
    pub given: Option<f64>,
    /// The learner's number as written in the worksheet (its digits set its precision), or
    /// null when unanswered.
    pub written: Option<&'a str>,
    /// The step's exact value (null when NaN or infinite).
    pub exact: f64,
    /// "right", "wrong", "carried", "imprecise" or "unanswered".
    pub verdict: &'static str,
    /// For a carried answer, the names of the learner's earlier answers it follows from;
    /// otherwise empty.
    pub carried_from: &'a [String],
    /// The known mistake that reproduces a wrong or carried answer, or null.
    pub misconception: Option<JsonMisconception<'a>>,
    /// The marks it earned.
    pub marks: f64,
    /// The marks it is worth.
    pub out_of: f64,
}

/// `{"id": "exp_sign", "explanation": "…", "detail": "…" | null}`.
#[derive(Debug, Serialize)]
pub struct JsonMisconception<'a> {
    /// The mistake's stable id, e.g. `exp_sign`.
    pub id: &'static str,
    /// What went wrong, in one sentence, with the right rule.
    pub explanation: &'static str,
    /// What this answer says of it: which factor, which input, which way; or null.
    pub detail: Option<&'a str>,
}

/// `total` counts the scored answers: right, wrong, carried and imprecise, not unanswered.
#[derive(Debug, Serialize)]
pub struct JsonScore {
    /// Answers marked right.
    pub right: usize,
    /// Answers scored: `right + wrong + carried + imprecise`.
    pub total: usize,
    /// Answers marked wrong.
    pub wrong: usize,
    /// Answers wrong only because they follow from the learner's earlier wrong (or rounded)
    /// answers.
    pub carried: usize,
    /// Answers right to their digits but written to fewer than the precision floor.
    pub imprecise: usize,
    /// Entries without a value; not scored.
    pub unanswered: usize,
}
