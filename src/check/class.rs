//! A class at once: one row per worksheet (its counts and the misconceptions found), then the
//! most frequent misconceptions of the class, as text or CSV.
//!
//! ```text
//! worksheet   right  wrong  carried  imprecise  unanswered  misconceptions
//! alice.toml     35      1        1          0           0  exp_sign
//! bob.toml       37      0        0          0           0  —
//!
//! most frequent misconceptions:
//!   exp_sign  1 worksheet (1 answer): σ(z) was computed as 1/(1 + e^z), …
//!
//! precision: at least 3 significant figures (the default)
//! 2 worksheets: 1 all right, 1 with answers to look at
//! ```

use crate::notation::{Notation, prose};

use super::misconception::Mistake;
use super::precision::{Policy, floor};
use super::report::{Report, Score};

/// One worksheet of the class.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Its file, as shown.
    pub file: String,
    /// How it went.
    pub outcome: Outcome,
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
    },
    /// It could not be read (its problems were reported on their own).
    Unreadable,
}

impl Sheet {
    /// The row of a graded worksheet.
    pub fn graded(file: impl Into<String>, report: &Report) -> Self {
        let mut misconceptions: Vec<(&'static Mistake, usize)> = Vec::new();
        for m in report.rows.iter().filter_map(|r| r.misconception) {
            match misconceptions.iter_mut().find(|(f, _)| f.id == m.id) {
                Some((_, n)) => *n += 1,
                None => misconceptions.push((m, 1)),
            }
        }
        Sheet {
            file: file.into(),
            outcome: Outcome::Graded {
                score: report.score,
                misconceptions,
                policy: report.policy,
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

/// The columns of the table and the CSV, after the worksheet's name.
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
    let rank = |f: &Frequency| super::misconception::every().position(|m| m.id == f.mistake.id);
    found.sort_by(|a, b| {
        (b.sheets, b.answers)
            .cmp(&(a.sheets, a.answers))
            .then(rank(a).cmp(&rank(b)))
    });
    found
}

/// The class table, the most frequent misconceptions, the precision and a summary line.
pub fn text(sheets: &[Sheet], notation: Notation) -> String {
    let dash = if notation == Notation::Ascii {
        "-"
    } else {
        "—"
    };
    let policies: Vec<Policy> = sheets
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Graded { policy, .. } => Some(*policy),
            Outcome::Unreadable => None,
        })
        .collect();
    let same_policy = policies.windows(2).all(|p| p[0] == p[1]);
    let mut header: Vec<String> = vec!["worksheet".into()];
    header.extend(COUNTS.map(String::from));
    if !same_policy {
        header.push("precision".into());
    }
    header.push("misconceptions".into());
    let mut table = vec![header];
    for s in sheets {
        let mut cells = vec![s.file.clone()];
        match &s.outcome {
            Outcome::Graded { score, policy, .. } => {
                cells.extend(counts(score).map(|n| n.to_string()));
                if !same_policy {
                    cells.push(floor(policy.precision));
                }
                let list = s.misconception_list(", ");
                cells.push(if list.is_empty() { dash.into() } else { list });
            }
            Outcome::Unreadable => {
                cells.extend(COUNTS.map(|_| dash.to_string()));
                if !same_policy {
                    cells.push(dash.into());
                }
                cells.push("could not be read (see the errors above)".into());
            }
        }
        table.push(cells);
    }
    let mut out = columns(&table);
    out.push('\n');
    out.push_str(&frequent(sheets, notation));
    if let (true, Some(policy)) = (same_policy, policies.first()) {
        out.push_str(&format!("precision: {policy}\n"));
    }
    out.push_str(&summary(sheets));
    out.push('\n');
    out
}

/// Cells aligned in columns, numbers to the right.
fn columns(table: &[Vec<String>]) -> String {
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
            let numeric = (1..=COUNTS.len()).contains(&c);
            if numeric {
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

/// The table as CSV (RFC 4180): a header row, then one row per worksheet: its file, the
/// counts, its misconceptions (`exp_sign (2); flipped_error`), its precision floor, and
/// `unreadable` in the last column for a worksheet that could not be read.
pub fn csv(sheets: &[Sheet], out: &mut dyn std::io::Write) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    let mut header = vec!["worksheet"];
    header.extend(COUNTS);
    header.extend(["misconceptions", "precision", "problem"]);
    w.write_record(&header)?;
    for s in sheets {
        let mut record = vec![s.file.clone()];
        match &s.outcome {
            Outcome::Graded { score, policy, .. } => {
                record.extend(counts(score).map(|n| n.to_string()));
                record.push(s.misconception_list("; "));
                record.push(floor(policy.precision));
                record.push(String::new());
            }
            Outcome::Unreadable => {
                record.extend(COUNTS.map(|_| String::new()));
                record.extend([String::new(), String::new(), "unreadable".into()]);
            }
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}
