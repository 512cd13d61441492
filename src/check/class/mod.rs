//! A class at once: one row per worksheet (its student, marks, counts, first error and the
//! misconceptions found), then the most frequent misconceptions of the class, as text
//! ([`TextTable`]); as CSV, one row per worksheet or one per answer (`csv`); and in JSON, a
//! summary with each step's item analysis (`summary`).
//!
//! ```text
//! worksheet   student  marks     %  right  wrong  carried  imprecise  unanswered  first error  misconceptions
//! alice.toml  Alice     35.5  95.9     35      1        1          0           0  a(1)[1] → 1  exp_sign
//! bob.toml    Bob         37   100     37      0        0          0           0  —            —
//!
//! most frequent misconceptions:
//!   exp_sign  1 worksheet (1 answer): σ(z) was computed as 1/(1 + e^z), …
//!
//! precision: at least 3 significant figures (the default)
//! 2 worksheets: 1 all right, 1 with answers to look at
//! ```
//!
//! Every output is made row by row as worksheets are graded: what the end needs is gathered
//! in a [`Tally`] (and, for JSON, a [`summary::Analysis`] of counters per step), so a class of
//! any size costs the memory of a few worksheets.

pub mod csv;
pub mod summary;
mod text;

use super::marks::Total;
use super::misconception::{self, Mistake};
use super::precision::Policy;
use super::report::{Mark, Report, Score};

pub use csv::{csv_cell, csv_header, csv_row, long_csv_header, long_csv_rows};
pub use text::{Fit, TextTable};

/// One worksheet of the class: its row.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Its file, as shown.
    pub file: String,
    /// How it went.
    pub outcome: Outcome,
}

/// One answer of a graded worksheet, as the long CSV and the item analysis read it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The step's name.
    pub name: String,
    /// Its epoch.
    pub epoch: usize,
    /// Its sample, or batch for an update step.
    pub sample: usize,
    /// Its phase's name.
    pub phase: &'static str,
    /// Its position in its epoch, from 0: trace order.
    pub index: usize,
    /// The number as written, if answered.
    pub given: Option<String>,
    /// The exact value.
    pub exact: f64,
    /// Its verdict.
    pub mark: Mark,
    /// The misconception named, if any.
    pub misconception: Option<&'static Mistake>,
    /// Marks earned.
    pub earned: f64,
    /// Marks it is worth.
    pub worth: f64,
}

/// Every answer of `report`, in the order of the sheet.
pub fn items(report: &Report) -> Vec<Item> {
    report
        .rows
        .iter()
        .map(|r| Item {
            name: r.step.name(),
            epoch: r.step.epoch,
            sample: r.step.place.number(),
            phase: r.step.phase().name(),
            index: r.step.index,
            given: r.given.as_ref().map(|g| g.0.clone()),
            exact: r.step.value,
            mark: r.mark.clone(),
            misconception: r.misconception,
            earned: r.earned,
            worth: r.worth,
        })
        .collect()
}

/// The first error of a worksheet, as its row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct First {
    /// The step's name.
    pub name: String,
    /// The misconception named there.
    pub misconception: Option<&'static Mistake>,
    /// How many later answers follow from it.
    pub follow: usize,
}

/// A worksheet graded, or why it could not be.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Its score, its misconceptions with how many answers each, and its precision floor.
    Graded {
        /// Its answers counted by mark.
        score: Score,
        /// Each misconception found, once, in the order of the sheet, with the number of
        /// answers it explains.
        misconceptions: Vec<(&'static Mistake, usize)>,
        /// The precision floor its answers were held to, and who set it.
        policy: Policy,
        /// Whose sheet it is.
        student: Option<String>,
        /// The variant it was drawn for.
        variant: Option<String>,
        /// Its marks.
        marks: Total,
        /// Its first error.
        first: Option<First>,
    },
    /// It could not be read (its problems were reported on their own).
    Unreadable,
}

impl Sheet {
    /// The row of a graded worksheet (of `variant`, if it was drawn for one).
    pub fn graded(file: impl Into<String>, report: &Report, variant: Option<&str>) -> Self {
        let mut misconceptions: Vec<(&'static Mistake, usize)> = Vec::new();
        for m in report.rows.iter().filter_map(|r| r.misconception) {
            match misconceptions.iter_mut().find(|(f, _)| f.id == m.id) {
                Some((_, n)) => *n += 1,
                None => misconceptions.push((m, 1)),
            }
        }
        let first = report.first_error.map(|f| {
            let row = &report.rows[f.row];
            First {
                name: row.step.name(),
                misconception: row.misconception,
                follow: f.follow,
            }
        });
        Sheet {
            file: file.into(),
            outcome: Outcome::Graded {
                score: report.score,
                misconceptions,
                policy: report.policy,
                student: report.student.clone(),
                variant: variant.map(String::from),
                marks: report.marks,
                first,
            },
        }
    }

    /// The row of a worksheet that could not be read.
    pub fn unreadable(file: impl Into<String>) -> Self {
        Sheet {
            file: file.into(),
            outcome: Outcome::Unreadable,
        }
    }

    /// Graded, with every answer given right.
    pub fn all_right(&self) -> bool {
        matches!(&self.outcome, Outcome::Graded { score, .. } if score.right == score.total())
    }

    /// The precision floor it was held to, if graded.
    pub fn policy(&self) -> Option<Policy> {
        match &self.outcome {
            Outcome::Graded { policy, .. } => Some(*policy),
            Outcome::Unreadable => None,
        }
    }

    /// `exp_sign (2), flipped_error`: each misconception, with its count when above 1.
    fn misconception_list(&self, separator: &str) -> String {
        let Outcome::Graded { misconceptions, .. } = &self.outcome else {
            return String::new();
        };
        misconceptions
            .iter()
            .map(|(m, n)| match n {
                1 => m.id.to_string(),
                n => format!("{} ({n})", m.id),
            })
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// The counts of the table and the CSV.
const COUNTS: [&str; 5] = ["right", "wrong", "carried", "imprecise", "unanswered"];

fn counts(score: &Score) -> [usize; 5] {
    [
        score.right,
        score.wrong,
        score.carried,
        score.imprecise,
        score.unanswered,
    ]
}

/// A misconception of the class: on how many worksheets, in how many answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frequency {
    /// The misconception.
    pub mistake: &'static Mistake,
    /// How many worksheets it was found on.
    pub sheets: usize,
    /// How many answers it explains, over all the worksheets.
    pub answers: usize,
}

/// What the end of a class's report says, gathered row by row: how many worksheets went how,
/// their marks, the misconceptions found (at most one entry per misconception of the
/// catalogue), and the precision floors. Its size does not grow with the class.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    sheets: usize,
    all_right: usize,
    unreadable: usize,
    /// The sum of the graded worksheets' percentages.
    percents: f64,
    found: Vec<Frequency>,
    /// The floor of the first graded worksheet, and how many others had another one.
    first_policy: Option<Policy>,
    other_policies: usize,
}

impl Tally {
    /// Counts `sheet` in.
    pub fn add(&mut self, sheet: &Sheet) {
        self.sheets += 1;
        if sheet.all_right() {
            self.all_right += 1;
        }
        let Outcome::Graded {
            misconceptions,
            policy,
            marks,
            ..
        } = &sheet.outcome
        else {
            self.unreadable += 1;
            return;
        };
        self.percents += marks.percent();
        match self.first_policy {
            None => self.first_policy = Some(*policy),
            Some(first) if first != *policy => self.other_policies += 1,
            Some(_) => {}
        }
        for &(mistake, n) in misconceptions {
            match self.found.iter_mut().find(|f| f.mistake.id == mistake.id) {
                Some(f) => {
                    f.sheets += 1;
                    f.answers += n;
                }
                None => self.found.push(Frequency {
                    mistake,
                    sheets: 1,
                    answers: n,
                }),
            }
        }
    }

    /// Were all the worksheets counted all right?
    pub fn all_right(&self) -> bool {
        self.all_right == self.sheets
    }

    /// The precision floor of the first graded worksheet, which the others are compared with.
    pub fn first_policy(&self) -> Option<Policy> {
        self.first_policy
    }

    /// How many worksheets were graded.
    pub fn graded(&self) -> usize {
        self.sheets - self.unreadable
    }

    /// The mean of the graded worksheets' percentages, if any was graded.
    pub fn mean_percent(&self) -> Option<f64> {
        let graded = self.graded();
        (graded > 0).then(|| self.percents / graded as f64)
    }

    /// The class's misconceptions, the most frequent first (by worksheets, then answers, then
    /// the catalogue's order).
    pub fn frequencies(&self) -> Vec<Frequency> {
        let mut found = self.found.clone();
        let rank = |f: &Frequency| misconception::every().position(|m| m.id == f.mistake.id);
        found.sort_by(|a, b| {
            (b.sheets, b.answers)
                .cmp(&(a.sheets, a.answers))
                .then(rank(a).cmp(&rank(b)))
        });
        found
    }
}

fn plural(n: usize, noun: &str) -> String {
    crate::tr!(crate::i18n::lang(), &format!("class-{noun}s"), count = n)
}
