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
//!
//! The table is made row by row as worksheets are graded: its columns are as wide as the
//! worksheets' names (known before grading) and the counts' headings, and what the end needs
//! is gathered in a [`Tally`], so a class of any size costs the memory of one worksheet. A
//! worksheet held to another precision floor than the first one says so under its row.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

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

    fn policy(&self) -> Option<Policy> {
        match &self.outcome {
            Outcome::Graded { policy, .. } => Some(*policy),
            Outcome::Unreadable => None,
        }
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

/// What the end of a class's table says, gathered row by row: how many worksheets went how,
/// the misconceptions found (at most one entry per misconception of the catalogue), and the
/// precision floors. Its size does not grow with the class.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    sheets: usize,
    all_right: usize,
    unreadable: usize,
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
            ..
        } = &sheet.outcome
        else {
            self.unreadable += 1;
            return;
        };
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

    /// The class's misconceptions, the most frequent first (by worksheets, then answers, then
    /// the catalogue's order).
    pub fn frequencies(&self) -> Vec<Frequency> {
        let mut found = self.found.clone();
        let rank = |f: &Frequency| super::CATALOGUE.iter().position(|m| m.id == f.mistake.id);
        found.sort_by(|a, b| {
            (b.sheets, b.answers)
                .cmp(&(a.sheets, a.answers))
                .then(rank(a).cmp(&rank(b)))
        });
        found
    }
}

/// The class table as text, made row by row.
#[derive(Debug, Clone)]
pub struct TextTable {
    /// Width of the worksheet column.
    name_width: usize,
    notation: Notation,
}

/// Columns are separated by this.
const GAP: &str = "  ";

impl TextTable {
    /// A table of the worksheets called `names`, in `notation`.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>, notation: Notation) -> Self {
        let name_width = names
            .into_iter()
            .map(UnicodeWidthStr::width)
            .chain(["worksheet".width()])
            .max()
            .unwrap_or(0);
        TextTable {
            name_width,
            notation,
        }
    }

    fn dash(&self) -> &'static str {
        if self.notation == Notation::Ascii {
            "-"
        } else {
            "—"
        }
    }

    /// A line of cells: the name padded, the counts right-aligned under their headings.
    fn line(&self, name: &str, cells: [&str; 5], last: &str) -> String {
        let mut line = name.to_string();
        line.push_str(&" ".repeat(self.name_width.saturating_sub(name.width())));
        for (heading, cell) in COUNTS.iter().zip(cells) {
            line.push_str(GAP);
            line.push_str(&" ".repeat(heading.len().saturating_sub(cell.width())));
            line.push_str(cell);
        }
        line.push_str(GAP);
        line.push_str(last);
        let mut line = line.trim_end().to_string();
        line.push('\n');
        line
    }

    /// The heading row.
    pub fn header(&self) -> String {
        self.line("worksheet", COUNTS, "misconceptions")
    }

    /// The row of `sheet`; when its precision floor is not `first` (the first graded
    /// worksheet's), a line under it says which it was held to.
    pub fn row(&self, sheet: &Sheet, first: Option<Policy>) -> String {
        let Outcome::Graded { score, policy, .. } = &sheet.outcome else {
            let dash = self.dash();
            return self.line(
                &sheet.file,
                [dash; 5],
                "could not be read (see the errors above)",
            );
        };
        let numbers = counts(score).map(|n| n.to_string());
        let cells = [0, 1, 2, 3, 4].map(|i| numbers[i].as_str());
        let list = sheet.misconception_list(", ");
        let last = if list.is_empty() { self.dash() } else { &list };
        let mut row = self.line(&sheet.file, cells, last);
        if first.is_some_and(|first| first != *policy) {
            let indent = " ".repeat(self.name_width + GAP.len());
            row.push_str(&format!("{indent}held to {policy}\n"));
        }
        row
    }

    /// The most frequent misconceptions, the precision and a summary line.
    pub fn footer(&self, tally: &Tally) -> String {
        let mut out = String::from("\n");
        out.push_str(&frequent(&tally.frequencies(), self.notation));
        if let Some(policy) = tally.first_policy {
            out.push_str(&format!("precision: {policy}"));
            if tally.other_policies > 0 {
                out.push_str(&format!(
                    "; {} held to another, said under {}",
                    plural(tally.other_policies, "worksheet"),
                    if tally.other_policies == 1 {
                        "its row"
                    } else {
                        "their rows"
                    }
                ));
            }
            out.push('\n');
        }
        out.push_str(&summary(tally));
        out.push('\n');
        out
    }
}

/// `most frequent misconceptions:` and one line each, or that there were none.
fn frequent(found: &[Frequency], notation: Notation) -> String {
    if found.is_empty() {
        return "no misconceptions found\n\n".into();
    }
    let width = found.iter().map(|f| f.mistake.id.len()).max().unwrap_or(0);
    let mut out = String::from("most frequent misconceptions:\n");
    for f in found {
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
fn summary(tally: &Tally) -> String {
    let rest = tally.sheets - tally.all_right - tally.unreadable;
    let mut parts = vec![format!("{} all right", tally.all_right)];
    if rest > 0 {
        parts.push(format!("{rest} with answers to look at"));
    }
    if tally.unreadable > 0 {
        parts.push(format!("{} could not be read", tally.unreadable));
    }
    format!(
        "{}: {}",
        plural(tally.sheets, "worksheet"),
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

/// The CSV header row: `worksheet,right,wrong,carried,imprecise,unanswered,misconceptions,
/// precision,problem`.
pub fn csv_header(out: &mut dyn Write) -> io::Result<()> {
    let mut header = vec!["worksheet"];
    header.extend(COUNTS);
    header.extend(["misconceptions", "precision", "problem"]);
    csv_record(out, &header)
}

/// The CSV row of `sheet` (RFC 4180): its file, the counts, its misconceptions
/// (`exp_sign (2); flipped_error`), its precision floor, and `unreadable` in the last column
/// for a worksheet that could not be read.
pub fn csv_row(sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
    let mut record = vec![sheet.file.clone()];
    match &sheet.outcome {
        Outcome::Graded { score, .. } => {
            record.extend(counts(score).map(|n| n.to_string()));
            record.push(sheet.misconception_list("; "));
            record.push(
                sheet
                    .policy()
                    .map_or_else(String::new, |p| floor(p.precision)),
            );
            record.push(String::new());
        }
        Outcome::Unreadable => {
            record.extend(COUNTS.map(|_| String::new()));
            record.extend([String::new(), String::new(), "unreadable".into()]);
        }
    }
    let cells: Vec<&str> = record.iter().map(String::as_str).collect();
    csv_record(out, &cells)
}

/// One CSV record on a line, each cell as [`csv_cell`] writes it.
fn csv_record(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    writeln!(out, "{}", cells.join(","))
}

/// A cell of a CSV report: quoted when it holds a comma, a quote or a line break; and a cell a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a worksheet's file name may) is written as text, as OWASP advises against CSV
/// injection: a `'` before it, and quoted.
pub fn csv_cell(cell: &str) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_quotes = formula || cell.contains([',', '"', '\n', '\r']);
    if !needs_quotes {
        return cell.to_string();
    }
    let quote = if formula { "'" } else { "" };
    format!("\"{quote}{}\"", cell.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_when_needed_and_never_run_as_formulas() {
        assert_eq!(csv_cell("class/ana.toml"), "class/ana.toml");
        assert_eq!(csv_cell("a, \"b\".toml"), "\"a, \"\"b\"\".toml\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for risky in ["+1", "-2.toml", "@SUM(A1)", "\tx"] {
            let cell = csv_cell(risky);
            assert!(cell.starts_with("\"'"), "{cell}");
        }
        assert_eq!(csv_cell(""), "");
    }
}
