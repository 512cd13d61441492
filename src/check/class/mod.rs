//! A class at once: one row per worksheet (its student, marks, counts, first error and the
//! misconceptions found), then the most frequent misconceptions of the class, as text; as CSV,
//! one row per worksheet or one per answer (`csv`); and in JSON, a summary with each step's
//! item analysis (`summary`).
//!
//! ```text
//! worksheet   student  marks  %    right  wrong  carried  imprecise  unanswered  first error    misconceptions
//! alice.toml  Alice    35.5   96      35      1        1          0           0  a(1)[1] → 1   exp_sign
//! bob.toml    Bob      37     100     37      0        0          0           0  —             —
//!
//! most frequent misconceptions:
//!   exp_sign  1 worksheet (1 answer): σ(z) was computed as 1/(1 + e^z), …
//!
//! precision: at least 3 significant figures (the default)
//! 2 worksheets: 1 all right, 1 with answers to look at
//! ```

pub mod csv;
pub mod summary;

use crate::notation::{Notation, prose};

use super::marks::{self, Total};
use super::misconception::{self, Mistake};
use super::precision::{Policy, floor};
use super::report::{Mark, Report, Score};

pub use csv::{csv, long_csv};

/// One worksheet of the class.
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

/// The first error of a worksheet, as its row shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct First {
    /// The step's name, with where it is when the sheet spans several places.
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
        /// Every answer.
        items: Box<[Item]>,
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
        let items = report
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
            .collect::<Vec<Item>>()
            .into_boxed_slice();
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
                items,
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

/// The class's misconceptions, the most frequent first (by worksheets, then answers, then the
/// catalogue's order).
pub fn frequencies(sheets: &[Sheet]) -> Vec<Frequency> {
    let mut found: Vec<Frequency> = Vec::new();
    for sheet in sheets {
        let Outcome::Graded { misconceptions, .. } = &sheet.outcome else {
            continue;
        };
        for &(mistake, n) in misconceptions {
            match found.iter_mut().find(|f| f.mistake.id == mistake.id) {
                Some(f) => {
                    f.sheets += 1;
                    f.answers += n;
                }
                None => found.push(Frequency {
                    mistake,
                    sheets: 1,
                    answers: n,
                }),
            }
        }
    }
    let rank = |f: &Frequency| misconception::every().position(|m| m.id == f.mistake.id);
    found.sort_by(|a, b| {
        (b.sheets, b.answers)
            .cmp(&(a.sheets, a.answers))
            .then(rank(a).cmp(&rank(b)))
    });
    found
}

/// Which optional columns the table shows: a student's name and a variant when any sheet has
/// one, the precision when the sheets differ in it.
struct Columns {
    student: bool,
    variant: bool,
    precision: bool,
}

impl Columns {
    fn of(sheets: &[Sheet]) -> (Columns, Vec<Policy>) {
        let graded = || {
            sheets.iter().filter_map(|s| match &s.outcome {
                Outcome::Graded {
                    policy,
                    student,
                    variant,
                    ..
                } => Some((policy, student, variant)),
                Outcome::Unreadable => None,
            })
        };
        let policies: Vec<Policy> = graded().map(|(p, _, _)| *p).collect();
        let columns = Columns {
            student: graded().any(|(_, s, _)| s.is_some()),
            variant: graded().any(|(_, _, v)| v.is_some()),
            precision: !policies.windows(2).all(|p| p[0] == p[1]),
        };
        (columns, policies)
    }
}

/// The class table, the most frequent misconceptions, the precision and a summary line.
pub fn text(sheets: &[Sheet], notation: Notation) -> String {
    let dash = if notation == Notation::Ascii {
        "-"
    } else {
        "—"
    };
    let (cols, policies) = Columns::of(sheets);
    let mut header: Vec<String> = vec!["worksheet".into()];
    if cols.student {
        header.push("student".into());
    }
    if cols.variant {
        header.push("variant".into());
    }
    header.extend(["marks", "%"].map(String::from));
    header.extend(COUNTS.map(String::from));
    if cols.precision {
        header.push("precision".into());
    }
    header.extend(["first error", "misconceptions"].map(String::from));
    let mut table = vec![header];
    for s in sheets {
        let mut cells = vec![s.file.clone()];
        match &s.outcome {
            Outcome::Graded {
                score,
                policy,
                student,
                variant,
                marks: total,
                first,
                ..
            } => {
                let or_dash = |v: &Option<String>| match (v, notation) {
                    (Some(v), Notation::Ascii) => prose::ascii(v),
                    (Some(v), _) => v.clone(),
                    (None, _) => dash.into(),
                };
                if cols.student {
                    cells.push(or_dash(student));
                }
                if cols.variant {
                    cells.push(or_dash(variant));
                }
                cells.push(marks::marks(total.earned));
                cells.push(marks::percent(total.percent()));
                cells.extend(counts(score).map(|n| n.to_string()));
                if cols.precision {
                    cells.push(floor(policy.precision));
                }
                let arrow = if notation == Notation::Ascii {
                    "->"
                } else {
                    "→"
                };
                cells.push(match first {
                    Some(f) => format!("{} {arrow} {}", f.name, f.follow),
                    None => dash.into(),
                });
                let list = s.misconception_list(", ");
                cells.push(if list.is_empty() { dash.into() } else { list });
            }
            Outcome::Unreadable => {
                let blanks = usize::from(cols.student)
                    + usize::from(cols.variant)
                    + 2
                    + COUNTS.len()
                    + usize::from(cols.precision)
                    + 1;
                cells.extend((0..blanks).map(|_| dash.to_string()));
                cells.push("could not be read (see the errors above)".into());
            }
        }
        table.push(cells);
    }
    let numeric = numeric_columns(&cols);
    let mut out = columns(&table, &numeric);
    out.push('\n');
    out.push_str(&frequent(sheets, notation));
    if let (false, Some(policy)) = (cols.precision, policies.first()) {
        out.push_str(&format!("precision: {policy}\n"));
    }
    out.push_str(&summary(sheets));
    out.push('\n');
    out
}

/// Which columns hold numbers (right-aligned): marks, % and the counts.
fn numeric_columns(cols: &Columns) -> std::ops::Range<usize> {
    let start = 1 + usize::from(cols.student) + usize::from(cols.variant);
    start..start + 2 + COUNTS.len()
}

/// Cells aligned in columns, numbers to the right.
fn columns(table: &[Vec<String>], numeric: &std::ops::Range<usize>) -> String {
    let n = table[0].len();
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in table {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.chars().count());
            if numeric.contains(&c) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `most frequent misconceptions:` and one line each, or that there were none.
fn frequent(sheets: &[Sheet], notation: Notation) -> String {
    let found = frequencies(sheets);
    if found.is_empty() {
        return "no misconceptions found\n\n".into();
    }
    let width = found.iter().map(|f| f.mistake.id.len()).max().unwrap_or(0);
    let mut out = String::from("most frequent misconceptions:\n");
    for f in &found {
        let line = format!(
            "  {:width$}  {} ({}): {}\n",
            f.mistake.id,
            plural(f.sheets, "worksheet"),
            plural(f.answers, "answer"),
            f.mistake.explanation
        );
        out.push_str(&if notation == Notation::Ascii {
            prose::ascii(&line)
        } else {
            line
        });
    }
    out.push('\n');
    out
}

/// `3 worksheets: 1 all right, 1 with answers to look at, 1 could not be read`.
fn summary(sheets: &[Sheet]) -> String {
    let right = sheets.iter().filter(|s| s.all_right()).count();
    let unreadable = sheets
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Unreadable))
        .count();
    let rest = sheets.len() - right - unreadable;
    let mut parts = vec![format!("{right} all right")];
    if rest > 0 {
        parts.push(format!("{rest} with answers to look at"));
    }
    if unreadable > 0 {
        parts.push(format!("{unreadable} could not be read"));
    }
    format!(
        "{}: {}",
        plural(sheets.len(), "worksheet"),
        parts.join(", ")
    )
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
