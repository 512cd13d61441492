//! The JSON report, `{"format": "bpnn-tutor-check", "version": 2, …}`: see [`JsonReport`].
//!
//! Version 2 (version 1 had neither): the verdict `imprecise`, each answer's
//! `misconception`, the report's `precision` and the score's `imprecise`.

use serde::Serialize;

use crate::lesson::Precision;
use crate::trace::Trace;

use super::super::worksheet::Worksheet;
use super::{Mark, Report};

/// The version of the JSON report.
pub const VERSION: u32 = 2;

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
                }),
            })
            .collect();
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
        }
    }
}

/// The JSON report: `{"format": "bpnn-tutor-check", "version": 2, "lesson", "worksheet",
/// "precision", "answers": [...], "score": {...}}`. NaN and infinity are written as `null`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub format: &'static str,
    pub version: u32,
    pub lesson: JsonLesson<'a>,
    pub worksheet: &'a str,
    pub precision: JsonPrecision,
    pub answers: Vec<JsonAnswer<'a>>,
    pub score: JsonScore,
}

#[derive(Debug, Serialize)]
pub struct JsonLesson<'a> {
    pub title: &'a str,
    pub file: &'a str,
}

/// The precision floor: one of `significant_figures` and `decimals` is a number, the other
/// null; `set_by` is "default", "lesson", "worksheet" or "command line".
#[derive(Debug, Serialize)]
pub struct JsonPrecision {
    pub significant_figures: Option<u32>,
    pub decimals: Option<u32>,
    pub set_by: &'static str,
}

/// One answer. `sample` is the batch for update steps (`phase` = "update"); `given` and
/// `written` are null when unanswered; `verdict` is right, wrong, carried, imprecise or
/// unanswered; `carried_from` names the learner's earlier answers a carried answer follows
/// from; `misconception` is null or the known mistake that reproduces the answer.
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
    pub misconception: Option<JsonMisconception>,
}

/// `{"id": "exp_sign", "explanation": "…"}`.
#[derive(Debug, Serialize)]
pub struct JsonMisconception {
    pub id: &'static str,
    pub explanation: &'static str,
}

/// `total` counts the scored answers: right, wrong, carried and imprecise, not unanswered.
#[derive(Debug, Serialize)]
pub struct JsonScore {
    pub right: usize,
    pub total: usize,
    pub wrong: usize,
    pub carried: usize,
    pub imprecise: usize,
    pub unanswered: usize,
}
