//! The text report: the precision policy, one line per answer in the worksheet's order,
//! aligned in columns, with the formula and its numbers under a wrong answer (and the
//! misconception that explains it), the cause under a carried one, and the score:
//!
//! ```text
//! precision: at least 3 significant figures (the default)
//!
//! step     verdict     yours     exact
//! z(1)[1]  right       0.3775    0.3775
//! a(1)[1]  wrong       0.406730  0.5932700
//!          a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.3775) = 0.5932700
//!          exp_sign: σ(z) was computed as 1/(1 + e^z), with the exponent's sign flipped; …
//! z(2)[1]  carried     1.0447    1.10591
//!          follows from your a(1)[1]
//! a(1)[2]  imprecise   0.6       0.596884
//!          0.6 has 1 significant figure; this sheet asks for 3
//! loss     unanswered  —         —
//!
//! first error a(1)[1]: exp_sign → 1 answer follows
//! marks: 2/5 (40%)
//! score: 1/4 right, 1 wrong, 1 carried forward, 1 imprecise; 1 unanswered
//! ```
//!
//! With `student = "…"` the report starts with `student: …`. Marks are one an answer, half
//! for carried and imprecise ones, unless `[grading]` says otherwise; the first error is the
//! first wrong answer in trace order, and the answers that follow from it are those carried
//! from it (directly or through others) and the same mistake made again.
//!
//! The exact value has at least 6 significant digits, and one digit more than the learner
//! wrote. A `where` column (epoch and sample, or batch for updates) appears when the worksheet
//! spans more than one place.

use unicode_width::UnicodeWidthStr;

use crate::i18n::lang;
use crate::notation::{Digits, Notation, number, prose};
use crate::tr;
use crate::trace::{Style, Trace};

use super::super::misconception::{EARLY_ROUNDING, Mistake};
use super::super::precision::{Asker, decimals, shortfall};
use super::{Mark, Report, Row};

impl Report {
    /// The text report (see the module's documentation).
    pub fn text(&self, trace: &Trace, notation: Notation) -> String {
        let table = self.table(notation);
        let columns = table[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|c| table.iter().map(|row| row[c].width()).max().unwrap_or(0))
            .collect();
        let indent = " ".repeat(widths[0] + 2);
        let mut out = String::new();
        if let Some(student) = &self.student {
            let student = in_notation(student, notation);
            out.push_str(&tr!(lang(), "report-student", student = student));
            out.push('\n');
        }
        let policy = self.policy.words(lang());
        out.push_str(&tr!(lang(), "report-precision", policy = policy));
        out.push_str("\n\n");
        for (i, row) in table.iter().enumerate() {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < columns {
                    let pad = widths[c] - cell.width() + 2;
                    line.push_str(&" ".repeat(pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
            if let Some(r) = i.checked_sub(1).map(|i| &self.rows[i]) {
                for note in self.notes(r, trace, notation) {
                    out.push_str(&format!("{indent}{note}\n"));
                }
            }
        }
        out.push('\n');
        if let Some(first) = self.first_error_line(notation) {
            out.push_str(&first);
            out.push('\n');
        }
        out.push_str(&tr!(lang(), "report-marks", marks = self.marks.line()));
        out.push('\n');
        out.push_str(&self.score.line());
        out.push('\n');
        out
    }

    /// `first error a(1)[1]: exp_sign → 26 answers follow`.
    pub fn first_error_line(&self, notation: Notation) -> Option<String> {
        let first = self.first_error?;
        let row = &self.rows[first.row];
        let mut line = tr!(lang(), "report-first-error", step = row.step.name());
        let places: Vec<(usize, usize)> = self
            .rows
            .iter()
            .map(|r| (r.step.epoch, r.step.place.number()))
            .collect();
        if places.windows(2).any(|p| p[0] != p[1]) {
            line.push_str(&format!(" (epoch {}, {})", row.step.epoch, row.step.place));
        }
        if let Some(m) = row.misconception {
            line.push_str(&format!(": {}", m.id));
        }
        let answers = tr!(lang(), "report-follow", count = first.follow);
        line.push_str(&format!(" → {answers}"));
        Some(in_notation(&line, notation))
    }

    /// The header and one row of cells per answer.
    fn table(&self, notation: Notation) -> Vec<Vec<String>> {
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
        let word = |id: &str| lang().t(id);
        let mut header = vec![word("report-step")];
        if show_where {
            header.push(word("report-where"));
        }
        header.extend(["report-verdict", "report-yours", "report-exact"].map(word));
        let mut table = vec![header];
        for r in &self.rows {
            let mut cells = vec![r.step.name()];
            if show_where {
                cells.push(format!("epoch {}, {}", r.step.epoch, r.step.place));
            }
            cells.push(lang().t(&format!("verdict-{}", r.mark.name())));
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
        table
    }

    /// The lines under an answer: its formula, the misconception, the cause of a carried one,
    /// the shortfall of an imprecise one.
    fn notes(&self, r: &Row, trace: &Trace, notation: Notation) -> Vec<String> {
        let mut notes = Vec::new();
        if let Mark::Carried(from) = &r.mark {
            let id = if r.misconception == Some(EARLY_ROUNDING) {
                "report-follows-rounded"
            } else {
                "report-follows"
            };
            notes.push(tr!(lang(), id, from = and_list(from)));
        }
        if matches!(r.mark, Mark::Wrong) || r.misconception.is_some() {
            notes.push(formula(r, trace, notation));
        }
        if let Some(m) = r.misconception {
            notes.push(explanation(m, notation));
            if let Some(detail) = &r.detail {
                notes.push(in_notation(detail, notation));
            }
        }
        if let (Mark::Imprecise, Some((text, _))) = (&r.mark, &r.given) {
            notes.push(shortfall(self.policy.precision, text, Asker::Sheet, lang()));
        }
        notes
    }
}

/// The step's formula with its numbers and the exact value: `a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.3775) = 0.593270`.
fn formula(r: &Row, trace: &Trace, notation: Notation) -> String {
    let style = Style::new(notation, number::SHOWN);
    let f = trace.formula(&r.step);
    let numbers = f.substituted(style);
    let result = exact(r.step.value, r.given.as_ref().map(|g| &g.0), notation);
    let mut text = f.symbolic(style);
    if numbers != result {
        text.push_str(&format!(" = {numbers}"));
    }
    text.push_str(&format!(" = {result}"));
    text
}

/// `exp_sign: σ(z) was computed as …`, in the report's notation.
pub fn explanation(m: &Mistake, notation: Notation) -> String {
    in_notation(&format!("{}: {}", m.id, m.explained(lang())), notation)
}

/// Prose in the report's notation.
fn in_notation(line: &str, notation: Notation) -> String {
    if notation == Notation::Ascii {
        prose::ascii(line)
    } else {
        line.to_string()
    }
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
pub fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let lang = lang();
            let rest = rest.join(&lang.t("list-comma"));
            tr!(lang, "list-and", rest = rest, last = last)
        }
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
}
