//! The class table as text, made row by row. Its columns are as wide as what can go in them,
//! known before any worksheet is graded: the worksheets' names, and what each worksheet says
//! when read ([`Fit`]: its student, its variant, the most marks it can earn, the longest
//! step name it answers); the counts are as wide as their headings. A worksheet held to
//! another precision floor than the first one says so under its row.

use unicode_width::UnicodeWidthStr;

use crate::check::marks::{self, Scheme};
use crate::check::precision::Policy;
use crate::check::report::Mark;
use crate::check::worksheet::Worksheet;
use crate::i18n::lang;
use crate::notation::{Notation, prose};
use crate::source::display;
use crate::tr;
use crate::trace::Trace;

use super::{COUNTS, Frequency, Outcome, Sheet, Tally, counts, plural};

/// Columns are separated by this.
const GAP: &str = "  ";

/// The width of the `%` column: `100`, `99.5`.
const PERCENT: usize = 4;

/// What one worksheet needs of the table's columns, measured when it is read, before it is
/// graded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    student: Option<usize>,
    variant: Option<usize>,
    marks: usize,
    first: usize,
}

impl Fit {
    /// What `sheet` (read against `trace`) needs, written in `notation`.
    pub fn of(sheet: &Worksheet, trace: &Trace, notation: Notation) -> Fit {
        let student = sheet.student.as_deref().map(|s| label(s, notation).width());
        let variant = sheet
            .variant
            .as_ref()
            .map(|v| label(&v.id, notation).width());
        // The marks earned are at most the marks possible, with no more decimals than an
        // answer's share of its marks has.
        let scheme = Scheme::resolve(sheet.marks.as_ref(), trace.lesson().marks.as_ref());
        let (mut out_of, mut decimals) = (0.0, 0);
        for step in sheet.entries.iter().filter_map(|e| trace.find(&e.key)) {
            let worth = scheme.worth(&step);
            out_of += worth;
            for part in [
                worth,
                scheme.earned(&Mark::Carried(Vec::new()), worth),
                scheme.earned(&Mark::Imprecise, worth),
            ] {
                let text = marks::marks(part);
                decimals = decimals.max(text.split_once('.').map_or(0, |(_, d)| d.len()));
            }
        }
        let whole = marks::marks(out_of.floor()).len();
        let marks = whole + if decimals > 0 { decimals + 1 } else { 0 };
        // The first error is an answered step, followed by fewer answers than the sheet has.
        let name = sheet
            .entries
            .iter()
            .filter(|e| e.given.is_some())
            .map(|e| e.name().width())
            .max();
        let follow = sheet.entries.len().saturating_sub(1).to_string().len();
        let first = name.map_or(0, |n| n + 1 + arrow(notation).width() + 1 + follow);
        Fit {
            student,
            variant,
            marks,
            first,
        }
    }
}

/// A column's heading in the process's language (its English words make its id).
fn heading(english: &str) -> String {
    let words: Vec<&str> = english
        .split(|c: char| !c.is_ascii_alphanumeric())
        .collect();
    let id = match english {
        "%" => "class-h-percent".to_string(),
        _ => format!("class-h-{}", words.join("-")),
    };
    lang().t(&id)
}

/// A worksheet's own words (a student's name, a variant's id) as a cell shows them: on one
/// line, nothing in them acting on the terminal, in ASCII when asked.
fn label(text: &str, notation: Notation) -> String {
    let text = match notation {
        Notation::Ascii => prose::ascii(text),
        _ => text.to_string(),
    };
    display::line(&text).into_owned()
}

fn arrow(notation: Notation) -> &'static str {
    if notation == Notation::Ascii {
        "->"
    } else {
        "→"
    }
}

/// The class table as text, made row by row.
#[derive(Debug, Clone)]
pub struct TextTable {
    /// Width of the worksheet column.
    name_width: usize,
    /// Widths of the student's and the variant's columns, shown when a worksheet has one.
    student: Option<usize>,
    variant: Option<usize>,
    marks: usize,
    first: usize,
    notation: Notation,
}

/// Where a cell goes in its column.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

impl TextTable {
    /// A table of the worksheets called `names`, in `notation`; [`TextTable::fit`] widens it
    /// for each worksheet's own words.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>, notation: Notation) -> Self {
        let name_width = names
            .into_iter()
            .map(UnicodeWidthStr::width)
            .chain([heading("worksheet").width()])
            .max()
            .unwrap_or(0);
        TextTable {
            name_width,
            student: None,
            variant: None,
            marks: heading("marks").width(),
            first: heading("first error").width(),
            notation,
        }
    }

    /// Makes room for what a worksheet needs.
    pub fn fit(&mut self, fit: Fit) {
        let widen = |column: &mut Option<usize>, heading: &str, width: Option<usize>| {
            if let Some(w) = width {
                *column = Some(column.unwrap_or(self::heading(heading).width()).max(w));
            }
        };
        widen(&mut self.student, "student", fit.student);
        widen(&mut self.variant, "variant", fit.variant);
        self.marks = self.marks.max(fit.marks);
        self.first = self.first.max(fit.first);
    }

    fn dash(&self) -> &'static str {
        if self.notation == Notation::Ascii {
            "-"
        } else {
            "—"
        }
    }

    /// A line of cells, each padded to its column; the last one as it is.
    fn line(&self, cells: &[(&str, usize, Align)], last: &str) -> String {
        let mut line = String::new();
        for (i, &(cell, width, align)) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str(GAP);
            }
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        line.push_str(GAP);
        line.push_str(last);
        let mut line = line.trim_end().to_string();
        line.push('\n');
        line
    }

    /// The cells of a row (worksheet, student, variant, marks, %, counts, first error), each
    /// with its width and alignment.
    fn cells<'a>(
        &self,
        name: &'a str,
        student: &'a str,
        variant: &'a str,
        numbers: [&'a str; 7],
        first: &'a str,
    ) -> Vec<(&'a str, usize, Align)> {
        let mut cells = vec![(name, self.name_width, Align::Left)];
        if let Some(w) = self.student {
            cells.push((student, w, Align::Left));
        }
        if let Some(w) = self.variant {
            cells.push((variant, w, Align::Left));
        }
        cells.push((numbers[0], self.marks, Align::Right));
        cells.push((numbers[1], PERCENT, Align::Right));
        for (heading, n) in COUNTS.iter().zip(&numbers[2..]) {
            cells.push((n, self::heading(heading).width(), Align::Right));
        }
        cells.push((first, self.first, Align::Left));
        cells
    }

    /// The heading row.
    pub fn header(&self) -> String {
        let words: Vec<String> = ["marks", "%"]
            .into_iter()
            .chain(COUNTS)
            .map(heading)
            .collect();
        let numbers: [&str; 7] = std::array::from_fn(|i| words[i].as_str());
        let [sheet, student, variant, first, last] = [
            "worksheet",
            "student",
            "variant",
            "first error",
            "misconceptions",
        ]
        .map(heading);
        let cells = self.cells(&sheet, &student, &variant, numbers, &first);
        self.line(&cells, &last)
    }

    /// The row of `sheet`; when its precision floor is not `first` (the first graded
    /// worksheet's), a line under it says which it was held to.
    pub fn row(&self, sheet: &Sheet, first: Option<Policy>) -> String {
        let dash = self.dash();
        let Outcome::Graded {
            score,
            policy,
            student,
            variant,
            marks: total,
            first: first_error,
            ..
        } = &sheet.outcome
        else {
            let cells = self.cells(&sheet.file, dash, dash, [dash; 7], dash);
            return self.line(&cells, &lang().t("class-unreadable"));
        };
        let own = |v: &Option<String>| {
            v.as_deref()
                .map_or(dash.into(), |v| label(v, self.notation))
        };
        let (student, variant) = (own(student), own(variant));
        let mut numbers = vec![marks::marks(total.earned), marks::percent(total.percent())];
        numbers.extend(counts(score).map(|n| n.to_string()));
        let numbers: [&str; 7] = std::array::from_fn(|i| numbers[i].as_str());
        let first_error = match first_error {
            Some(f) => format!("{} {} {}", f.name, arrow(self.notation), f.follow),
            None => dash.into(),
        };
        let list = sheet.misconception_list(", ");
        let last = if list.is_empty() { dash } else { &list };
        let cells = self.cells(&sheet.file, &student, &variant, numbers, &first_error);
        let mut row = self.line(&cells, last);
        if first.is_some_and(|first| first != *policy) {
            let indent = " ".repeat(self.name_width + GAP.len());
            let policy = policy.words(lang());
            row.push_str(&format!(
                "{indent}{}\n",
                tr!(lang(), "class-held-to", policy = policy)
            ));
        }
        row
    }

    /// The most frequent misconceptions, the precision and a summary line.
    pub fn footer(&self, tally: &Tally) -> String {
        let mut out = String::from("\n");
        out.push_str(&frequent(&tally.frequencies(), self.notation));
        if let Some(policy) = tally.first_policy {
            let policy = policy.words(lang());
            out.push_str(&tr!(lang(), "report-precision", policy = policy));
            if tally.other_policies > 0 {
                out.push_str(&tr!(
                    lang(),
                    "class-other-policies",
                    sheets = plural(tally.other_policies, "worksheet"),
                    count = tally.other_policies
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
        return format!("{}\n\n", lang().t("class-no-misconceptions"));
    }
    let width = found.iter().map(|f| f.mistake.id.len()).max().unwrap_or(0);
    let mut out = format!("{}\n", lang().t("class-frequent"));
    for f in found {
        let line = format!(
            "  {:width$}  {} ({}): {}\n",
            f.mistake.id,
            plural(f.sheets, "worksheet"),
            plural(f.answers, "answer"),
            f.mistake.explained(lang())
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
    let lang = lang();
    let count = |n: usize| n.to_string();
    let mut parts = vec![tr!(lang, "class-all-right", n = count(tally.all_right))];
    if rest > 0 {
        parts.push(tr!(lang, "class-to-look-at", n = count(rest)));
    }
    if tally.unreadable > 0 {
        parts.push(tr!(lang, "class-not-read", n = count(tally.unreadable)));
    }
    tr!(
        lang,
        "class-summary",
        sheets = plural(tally.sheets, "worksheet"),
        parts = parts.join(&lang.t("list-comma"))
    )
}
