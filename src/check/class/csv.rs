//! The class as CSV (RFC 4180), for spreadsheets, written row by row: one row per worksheet
//! with its score ([`csv_row`]), or one row per answer — (student, step, verdict,
//! misconception, marks) — for pivot tables ([`long_csv_rows`]). Every cell goes through
//! [`csv_cell`], so none is run as a formula.

use std::io::{self, Write};

use crate::source::display;

use super::super::marks::marks;
use super::super::precision::floor;
use super::{Item, Mark, Outcome, Sheet, counts};

/// The header of the CSV of one row per worksheet.
pub const HEADER: [&str; 17] = [
    "worksheet",
    "student",
    "variant",
    "score",
    "out_of",
    "percent",
    "right",
    "wrong",
    "carried",
    "imprecise",
    "unanswered",
    "first_error",
    "first_error_misconception",
    "answers_following",
    "misconceptions",
    "precision",
    "problem",
];

/// The header row of one row per worksheet.
pub fn csv_header(out: &mut dyn Write) -> io::Result<()> {
    csv_record(out, &HEADER)
}

/// The row of `sheet`: its file, student and variant, its score (marks earned), the marks
/// possible and the percentage, the counts, its first error (step, misconception, how many
/// answers follow), its misconceptions (`exp_sign (2); flipped_error`) and its precision
/// floor; `unreadable` in the last column for a worksheet that could not be read.
pub fn csv_row(sheet: &Sheet, out: &mut dyn Write) -> io::Result<()> {
    let mut record = vec![sheet.file.clone()];
    match &sheet.outcome {
        Outcome::Graded {
            score,
            policy,
            student,
            variant,
            marks: total,
            first,
            ..
        } => {
            record.push(own(student));
            record.push(own(variant));
            record.push(marks(total.earned));
            record.push(marks(total.out_of));
            record.push(format!("{:.1}", total.percent()));
            record.extend(counts(score).map(|n| n.to_string()));
            match first {
                Some(f) => {
                    record.push(f.name.clone());
                    record.push(f.misconception.map(|m| m.id).unwrap_or("").into());
                    record.push(f.follow.to_string());
                }
                None => record.extend([String::new(), String::new(), String::new()]),
            }
            record.push(sheet.misconception_list("; "));
            record.push(floor(policy.precision));
            record.push(String::new());
        }
        Outcome::Unreadable => {
            record.extend((1..HEADER.len() - 1).map(|_| String::new()));
            record.push("unreadable".into());
        }
    }
    let cells: Vec<&str> = record.iter().map(String::as_str).collect();
    csv_record(out, &cells)
}

/// The header of the CSV of one row per answer.
pub const LONG_HEADER: [&str; 15] = [
    "worksheet",
    "student",
    "variant",
    "epoch",
    "sample",
    "order",
    "step",
    "phase",
    "given",
    "exact",
    "verdict",
    "carried_from",
    "misconception",
    "marks",
    "out_of",
];

/// The header row of one row per answer.
pub fn long_csv_header(out: &mut dyn Write) -> io::Result<()> {
    csv_record(out, &LONG_HEADER)
}

/// One row per answer of `sheet` (its `items`): where it is (`sample` is the batch of an
/// update step; `order` its place in the epoch, from 1, to sort by), what was written and the
/// exact value, its verdict, what a carried answer follows from (`a(1)[1]; z(2)[1]`), the
/// misconception, the marks earned and possible. A worksheet that could not be read has no
/// rows.
pub fn long_csv_rows(sheet: &Sheet, items: &[Item], out: &mut dyn Write) -> io::Result<()> {
    let Outcome::Graded {
        student, variant, ..
    } = &sheet.outcome
    else {
        return Ok(());
    };
    let (student, variant) = (own(student), own(variant));
    for item in items {
        let carried_from = match &item.mark {
            Mark::Carried(from) => from.join("; "),
            _ => String::new(),
        };
        let text = |cells: &[&str]| cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>();
        let mut cells = text(&[&sheet.file, &student, &variant]);
        cells.extend([item.epoch, item.sample, item.index + 1].map(|n| n.to_string()));
        cells.extend(text(&[&item.name, item.phase]));
        cells.push(number_cell(item.given.as_deref().unwrap_or_default()));
        cells.push(number_cell(&exact(item.exact)));
        cells.extend(text(&[
            item.mark.name(),
            &carried_from,
            item.misconception.map_or("", |m| m.id),
        ]));
        cells.extend([marks(item.earned), marks(item.worth)]);
        writeln!(out, "{}", cells.join(","))?;
    }
    Ok(())
}

/// A worksheet's own words (a student's name, a variant's id), nothing in them acting on a
/// terminal the CSV is shown on; empty when it has none.
fn own(text: &Option<String>) -> String {
    text.as_deref()
        .map_or_else(String::new, |t| display::line(t).into_owned())
}

/// The exact value with every digit (the shortest text that reads back to it).
fn exact(v: f64) -> String {
    if v.is_finite() {
        format!("{v:?}")
    } else {
        v.to_string()
    }
}

/// One CSV record on a line, each cell as [`csv_cell`] writes it.
fn csv_record(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    writeln!(out, "{}", cells.join(","))
}

/// A cell holding a number: as it is when it is a number in the plainest decimal notation
/// (`-0.25`, `1e-3`), which a spreadsheet reads as that number and nothing else, even with a
/// sign before it; any other text as [`csv_cell`] guards it.
fn number_cell(cell: &str) -> String {
    if is_plain_number(cell) {
        cell.to_string()
    } else {
        csv_cell(cell)
    }
}

/// `-0.25`, `+3`, `1.5e-3`: an optional sign, digits with at most one decimal point, an
/// optional exponent.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((i, f)) => {
            (digits(i) || i.is_empty()) && (digits(f) || f.is_empty()) && i.len() + f.len() > 0
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// A cell of a CSV report: quoted when it holds a comma, a quote or a line break; and a cell a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a worksheet's file name or a student's name may) is written as text, as OWASP
/// advises against CSV injection: a `'` before it, and quoted.
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

    #[test]
    fn plain_numbers_stay_numbers_and_anything_more_is_guarded() {
        for plain in ["-0.25", "+3", "1.5e-3", "-2E+10", ".5", "7.", "0.593270"] {
            assert_eq!(number_cell(plain), plain);
        }
        for text in [
            "-1+2",
            "-2+3+cmd|' /C calc'!A0",
            "=1",
            "-",
            "+.",
            "-1e",
            "-inf",
            "1-2",
        ] {
            assert_eq!(number_cell(text), csv_cell(text), "{text}");
        }
        assert_eq!(number_cell("-1+2"), "\"'-1+2\"");
        assert_eq!(number_cell("1-2"), "1-2");
    }
}
