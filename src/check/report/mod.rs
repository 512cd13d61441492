//! A graded worksheet: one row per answer (right, wrong, carried forward, imprecise or
//! unanswered, with the misconception that explains a wrong one), the score, the precision
//! policy that applied, and the report as text (`text`) or JSON (`json`). The CLI's `check`
//! prints it; a class of worksheets is summed up by [`super::class`].

mod json;
mod text;

use std::collections::HashMap;

use crate::trace::{Place, Step, StepKey, Trace};

use super::grade::Grader;
use super::marks::{Scheme, Total};
use super::misconception::Mistake;
use super::precision::Policy;
use super::worksheet::Worksheet;
use super::{Graded, Verdict};

pub use json::{
    JsonAnswer, JsonLesson, JsonMisconception, JsonPrecision, JsonReport, JsonScore, VERSION,
};

/// The verdict of one line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// The exact value, to every digit written and at least to the precision floor.
    Right,
    /// Neither the exact value to the digits written nor following from the learner's answers.
    Wrong,
    /// Wrong, but right from these earlier answers of the learner.
    Carried(Vec<String>),
    /// Right to the digits written, but fewer than the precision floor.
    Imprecise,
    /// No value given: listed, but not scored.
    Unanswered,
}

impl Mark {
    /// As JSON's `verdict` writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Mark::Right => "right",
            Mark::Wrong => "wrong",
            Mark::Carried(_) => "carried",
            Mark::Imprecise => "imprecise",
            Mark::Unanswered => "unanswered",
        }
    }

    fn of(verdict: &Verdict) -> Mark {
        match verdict {
            Verdict::Right => Mark::Right,
            Verdict::Wrong => Mark::Wrong,
            Verdict::Carried { from } => Mark::Carried(from.clone()),
            Verdict::Imprecise => Mark::Imprecise,
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
    /// Its verdict.
    pub mark: Mark,
    /// The known mistake that reproduces a wrong or carried answer.
    pub misconception: Option<&'static Mistake>,
    /// What the learner's number says of that mistake, in words.
    pub detail: Option<String>,
    /// What the answer is worth, by the sheet's marks.
    pub worth: f64,
    /// What it earned of them.
    pub earned: f64,
}

/// The first wrong answer of a sheet, in trace order, and how many later answers follow from
/// it: carried from it (through other carried answers too), or the same mistake again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstError {
    /// Its row in [`Report::rows`].
    pub row: usize,
    /// How many later answers follow from it.
    pub follow: usize,
}

/// Counts of a report's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// Answers marked right.
    pub right: usize,
    /// Answers marked wrong.
    pub wrong: usize,
    /// Answers carried forward from the learner's earlier answers.
    pub carried: usize,
    /// Answers right to their digits but written to fewer than the precision floor.
    pub imprecise: usize,
    /// Entries without a value (not scored).
    pub unanswered: usize,
}

impl Score {
    /// Answers that were scored: everything but the unanswered ones.
    pub fn total(&self) -> usize {
        self.right + self.wrong + self.carried + self.imprecise
    }

    /// `score: 5/8 right, 1 wrong, 1 carried forward, 1 imprecise; 2 unanswered`.
    pub fn line(&self) -> String {
        let lang = crate::i18n::lang();
        let count = |n: usize| n.to_string();
        let mut s = crate::tr!(
            lang,
            "score-right",
            right = count(self.right),
            total = count(self.total())
        );
        for (n, what) in [
            (self.wrong, "score-wrong"),
            (self.carried, "score-carried"),
            (self.imprecise, "score-imprecise"),
        ] {
            if n > 0 {
                s.push_str(&crate::tr!(lang, what, n = count(n)));
            }
        }
        if self.unanswered > 0 {
            s.push_str(&crate::tr!(
                lang,
                "score-unanswered",
                n = count(self.unanswered)
            ));
        }
        s
    }

    fn count(&mut self, mark: &Mark) {
        match mark {
            Mark::Right => self.right += 1,
            Mark::Wrong => self.wrong += 1,
            Mark::Carried(_) => self.carried += 1,
            Mark::Imprecise => self.imprecise += 1,
            Mark::Unanswered => self.unanswered += 1,
        }
    }
}

/// A graded worksheet.
#[derive(Debug, Clone)]
pub struct Report {
    /// One per entry of the worksheet, answered or not, in the order written.
    pub rows: Vec<Row>,
    /// The rows counted by mark.
    pub score: Score,
    /// The precision floor the answers were held to, and who set it.
    pub policy: Policy,
    /// Whose sheet it is, if it says.
    pub student: Option<String>,
    /// Marks earned, out of the marks of every entry.
    pub marks: Total,
    /// The first wrong answer and what follows from it.
    pub first_error: Option<FirstError>,
}

/// A worksheet entry that names no step of the trace (a worksheet checked against another
/// lesson).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{}{}",
    crate::msg!("err-error"),
    crate::msg!(
        "err-no-step-in-trace",
        at = format!("{}:{}", .file, .line),
        step = .key.id.to_string(),
        place = crate::check::worksheet::place_of(.key)
    )
)]
pub struct MissingStep {
    /// The worksheet's file.
    pub file: String,
    /// The entry's line.
    pub line: usize,
    /// What it names.
    pub key: StepKey,
}

impl Report {
    /// Grades every answered entry under `policy`; unanswered ones are listed but not scored.
    pub fn new(trace: &Trace, sheet: &Worksheet, policy: Policy) -> Result<Report, MissingStep> {
        let answers = sheet.answers();
        let grader = Grader::new(trace, &answers, policy.precision);
        let graded: HashMap<StepKey, Graded> = grader
            .grade_all(&answers)
            .into_iter()
            .map(|g| (g.answer.key, g))
            .collect();
        let scheme = Scheme::resolve(sheet.marks.as_ref(), trace.lesson().marks.as_ref());
        let mut rows = Vec::with_capacity(sheet.entries.len());
        let mut score = Score::default();
        let mut marks = Total::default();
        for e in &sheet.entries {
            let (step, mark, misconception, detail) = match (&e.given, graded.get(&e.key)) {
                (Some(_), Some(g)) => (
                    g.step,
                    Mark::of(&g.verdict),
                    g.misconception,
                    g.detail.clone(),
                ),
                _ => {
                    let step = trace.find(&e.key).ok_or_else(|| MissingStep {
                        file: sheet.file.clone(),
                        line: e.line,
                        key: e.key,
                    })?;
                    (step, Mark::Unanswered, None, None)
                }
            };
            score.count(&mark);
            let worth = scheme.worth(&step);
            let earned = scheme.earned(&mark, worth);
            marks.earned += earned;
            marks.out_of += worth;
            rows.push(Row {
                step,
                line: e.line,
                given: e.given.as_ref().map(|g| (g.text.clone(), g.value)),
                mark,
                misconception,
                detail,
                worth,
                earned,
            });
        }
        let first_error = first_error(&rows);
        Ok(Report {
            rows,
            score,
            policy,
            student: sheet.student.clone(),
            marks,
            first_error,
        })
    }

    /// Every answer given right (unanswered ones are not scored).
    pub fn all_right(&self) -> bool {
        self.score.right == self.score.total()
    }

    /// The misconceptions found, each once, in the order of the sheet.
    pub fn misconceptions(&self) -> Vec<&'static Mistake> {
        let mut found: Vec<&'static Mistake> = Vec::new();
        for m in self.rows.iter().filter_map(|r| r.misconception) {
            if !found.iter().any(|f| f.id == m.id) {
                found.push(m);
            }
        }
        found
    }
}

/// The first wrong answer in trace order, and the later answers that follow from it: those
/// carried from it or from an answer that follows from it, and the same mistake made again.
fn first_error(rows: &[Row]) -> Option<FirstError> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| (rows[i].step.epoch, rows[i].step.index));
    let at = order.iter().position(|&i| rows[i].mark == Mark::Wrong)?;
    let first = &rows[order[at]];
    // What follows, by name and where: a carried answer names the answers it follows from.
    let mut tainted: Vec<&Row> = vec![first];
    // A sample's steps read its own; an update reads its batch's samples and its own steps;
    // parameters updated by an earlier batch are read by later ones.
    let reads = |row: &Row, from: &str, t: &Row| {
        let (r, t) = (&row.step, &t.step);
        let place = match (r.place, t.place) {
            (a, b) if a == b => true,
            (Place::Batch(b), Place::Sample(_)) => t.batch == b,
            (_, Place::Batch(b)) => b < r.batch,
            _ => false,
        };
        t.name() == from && t.epoch == r.epoch && place
    };
    let mut follow = 0;
    for &i in &order[at + 1..] {
        let row = &rows[i];
        let follows = match &row.mark {
            Mark::Carried(from) => from
                .iter()
                .any(|f| tainted.iter().any(|t| reads(row, f, t))),
            Mark::Wrong => {
                first.misconception.is_some() && row.misconception == first.misconception
            }
            _ => false,
        };
        if follows {
            follow += 1;
            tainted.push(row);
        }
    }
    Some(FirstError {
        row: order[at],
        follow,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_lines() {
        let s = Score {
            right: 5,
            wrong: 1,
            carried: 1,
            imprecise: 1,
            unanswered: 2,
        };
        assert_eq!(
            s.line(),
            "score: 5/8 right, 1 wrong, 1 carried forward, 1 imprecise; 2 unanswered"
        );
        assert_eq!(Score::default().line(), "score: 0/0 right");
    }
}
