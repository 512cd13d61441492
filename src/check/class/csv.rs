//! The class as CSV (RFC 4180), for spreadsheets: one row per worksheet with its score
//! ([`csv()`]), or one row per answer — (student, step, verdict, misconception, marks) — for
//! pivot tables ([`long_csv`]).

use super::super::marks::marks;
use super::super::precision::floor;
use super::{Outcome, Sheet, counts};

/// The header of [`csv()`].
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

/// One row per worksheet: its file, student and variant, its score (marks earned), the marks
/// possible and the percentage, the counts, its first error (step, misconception, how many
/// answers follow), its misconceptions (`exp_sign (2); flipped_error`) and its precision
/// floor; `unreadable` in the last column for a worksheet that could not be read.
pub fn csv(sheets: &[Sheet], out: &mut dyn std::io::Write) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for s in sheets {
        let mut record = vec![s.file.clone()];
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
                record.push(student.clone().unwrap_or_default());
                record.push(variant.clone().unwrap_or_default());
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
                record.push(s.misconception_list("; "));
                record.push(floor(policy.precision));
                record.push(String::new());
            }
            Outcome::Unreadable => {
                record.extend((1..HEADER.len() - 1).map(|_| String::new()));
                record.push("unreadable".into());
            }
        }
        w.write_record(&record)?;
    }
    w.flush()?;
    Ok(())
}

/// The header of [`long_csv`].
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

/// One row per answer of every graded worksheet: where it is (`sample` is the batch of an
/// update step; `order` its place in the epoch, from 1, to sort by), what was written and
/// the exact value, its verdict, what a carried answer follows from (`a(1)[1]; z(2)[1]`),
/// the misconception, the marks earned and possible. Worksheets that could not be read have
/// no rows.
pub fn long_csv(sheets: &[Sheet], out: &mut dyn std::io::Write) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(LONG_HEADER)?;
    for s in sheets {
        let Outcome::Graded {
            student,
            variant,
            items,
            ..
        } = &s.outcome
        else {
            continue;
        };
        for item in items {
            let carried_from = match &item.mark {
                super::Mark::Carried(from) => from.join("; "),
                _ => String::new(),
            };
            w.write_record([
                s.file.clone(),
                student.clone().unwrap_or_default(),
                variant.clone().unwrap_or_default(),
                item.epoch.to_string(),
                item.sample.to_string(),
                (item.index + 1).to_string(),
                item.name.clone(),
                item.phase.to_string(),
                item.given.clone().unwrap_or_default(),
                exact(item.exact),
                item.mark.name().to_string(),
                carried_from,
                item.misconception.map(|m| m.id).unwrap_or("").to_string(),
                marks(item.earned),
                marks(item.worth),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The exact value with every digit (the shortest text that reads back to it).
fn exact(v: f64) -> String {
    if v.is_finite() {
        format!("{v:?}")
    } else {
        v.to_string()
    }
}
