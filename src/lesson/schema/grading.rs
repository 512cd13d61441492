//! `[grading]`: how precisely answers must be written to be right, and what each is worth, in
//! a lesson or a worksheet.
//!
//! ```toml
//! [grading]
//! significant_figures = 3   # or: decimals = 2 (one of the two)
//! marks = { backward = 2, "loss" = 3 }   # or marks = 2: every answer (1 by default)
//! carried = 0.5             # the share of its marks a carried answer earns (½ by default)
//! imprecise = 0.5           # and an imprecise one
//! ```

use crate::layers::Tensor;
use crate::lesson::model::{MarkRule, Marks, Precision};
use crate::source::reader::{Cx, Res, Table, Value, count, for_key, number, table};
use crate::source::suggest::nearest;
use crate::source::{SourceError, line_column};

const GRADING_KEYS: [&str; 5] = [
    "significant_figures",
    "decimals",
    "marks",
    "carried",
    "imprecise",
];

/// More digits than an f64 holds mean nothing.
const MAX_DIGITS: usize = 17;

/// The most marks one answer may be worth.
const MAX_MARKS: f64 = 1000.0;

/// The help about precision, and about marks (ids of their words).
const HELP: &str = "err-precision-help";
const MARKS_HELP: &str = "err-marks-help";

/// The phases a rule may name.
const PHASES: [&str; 4] = ["forward", "loss", "backward", "update"];

/// What a `[grading]` table says.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Grading {
    /// The precision right answers need, if it says.
    pub precision: Option<Precision>,
    /// What answers are worth, if it says.
    pub marks: Option<Marks>,
}

/// What a `[grading]` table at the top of `top` says; nothing without one.
pub(crate) fn read(cx: Cx, top: &Table) -> Res<Grading> {
    let Some(e) = top.get("grading") else {
        return Ok(Grading::default());
    };
    let t = table(cx, e.value, "[grading]", &for_key("grading"))?;
    t.allow_only(cx, &GRADING_KEYS)?;
    let precision = precision(cx, &t)?;
    let marks = marks(cx, &t)?;
    if precision.is_none() && marks.is_none() {
        return Err(cx
            .at(e.value.span(), crate::msg!("err-grading-says-nothing"))
            .with_help(crate::msg!(HELP))
            .into());
    }
    Ok(Grading { precision, marks })
}

fn precision(cx: Cx, t: &Table) -> Res<Option<Precision>> {
    match (t.get("significant_figures"), t.get("decimals")) {
        (Some(s), Some(d)) => {
            let later = if s.key_span.start > d.key_span.start {
                s.key_span
            } else {
                d.key_span
            };
            Err(cx
                .at(later, crate::msg!("err-grading-both"))
                .with_help(crate::msg!("err-grading-both-help"))
                .into())
        }
        (Some(s), None) => {
            let n = count(cx, s.value, "`significant_figures`", 1, MAX_DIGITS).map_err(helped)?;
            Ok(Some(Precision::SignificantFigures(n as u32)))
        }
        (None, Some(d)) => {
            let n = count(cx, d.value, "`decimals`", 0, MAX_DIGITS).map_err(helped)?;
            Ok(Some(Precision::Decimals(n as u32)))
        }
        (None, None) => Ok(None),
    }
}

/// `marks`, `carried` and `imprecise`, if any is given.
fn marks(cx: Cx, t: &Table) -> Res<Option<Marks>> {
    let (m, c, i) = (t.get("marks"), t.get("carried"), t.get("imprecise"));
    if m.is_none() && c.is_none() && i.is_none() {
        return Ok(None);
    }
    let mut marks = Marks::DEFAULT;
    if let Some(e) = m {
        match e.value.get_ref() {
            toml::de::DeValue::Table(_) => {
                let rules = table(cx, e.value, "`marks`", &for_key("marks"))?;
                let mut entries: Vec<_> = rules.map.iter().collect();
                entries.sort_by_key(|(k, _)| k.span().start);
                for (key, value) in entries {
                    marks
                        .rules
                        .push(rule(cx, key.get_ref(), key.span(), value)?);
                }
            }
            _ => marks.each = worth(cx, e.value, &for_key("marks"))?,
        }
    }
    let share = |v: &Value, key: &str| -> Res<f64> {
        let x = number(cx, v, &for_key(key))?;
        if !(0.0..=1.0).contains(&x) {
            return Err(cx
                .at(
                    v.span(),
                    crate::msg!("err-share", key = key, x = x.to_string()),
                )
                .with_help(crate::msg!("err-share-help", key = key))
                .into());
        }
        Ok(x)
    };
    if let Some(e) = c {
        marks.carried = share(e.value, "carried")?;
    }
    if let Some(e) = i {
        marks.imprecise = share(e.value, "imprecise")?;
    }
    Ok(Some(marks))
}

/// Marks: a number from 0 to [`MAX_MARKS`].
fn worth(cx: Cx, v: &Value, what: &str) -> Res<f64> {
    let x = number(cx, v, what).map_err(|e| e.with_help(crate::msg!(MARKS_HELP)))?;
    if !(0.0..=MAX_MARKS).contains(&x) {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-marks-range",
                    x = x.to_string(),
                    what = what,
                    max = MAX_MARKS.to_string()
                ),
            )
            .with_help(crate::msg!(MARKS_HELP))
            .into());
    }
    Ok(x)
}

/// One `key = marks` of the `marks` table: the key must be a phase, a kind of number or a
/// step name.
fn rule(cx: Cx, key: &str, span: std::ops::Range<usize>, value: &Value) -> Res<MarkRule> {
    let name: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let known = PHASES.contains(&name.as_str()) || is_stem(&name) || is_step_name(&name);
    if !known {
        let stems = stems();
        let mut candidates: Vec<&str> = PHASES.to_vec();
        candidates.extend(stems.iter().map(String::as_str));
        let mut message = crate::msg!("err-marks-key", name = name.as_str());
        if let Some(near) = nearest(&name, &candidates, &[]) {
            message.push_str(&crate::i18n::did_you_mean(near));
        }
        return Err(cx
            .at(span, message)
            .with_help(crate::msg!(MARKS_HELP))
            .into());
    }
    let (line, column) = line_column(cx.text, span.start);
    Ok(MarkRule {
        key: name.clone(),
        marks: worth(cx, value, &for_key(&name))?,
        line,
        column,
        span,
    })
}

/// Every stem a step name may start with (`z`, `dw`, `m_w_ih`, …).
fn stems() -> Vec<String> {
    let mut out: Vec<String> = ["z", "a", "loss", "delta", "m", "v", "mhat", "vhat"]
        .map(String::from)
        .to_vec();
    for t in Tensor::ALL {
        out.push(t.name().to_string());
        out.push(format!("d{}", t.name()));
        if !t.is_plain() {
            for m in ["m", "v", "mhat", "vhat"] {
                out.push(format!("{m}_{}", t.name()));
            }
        }
    }
    out
}

fn is_stem(name: &str) -> bool {
    stems().iter().any(|s| s == name)
}

/// `stem(l)[i,j,…]` with whole numbers from 1 (whether the lesson has the step is for the
/// grader to say).
fn is_step_name(name: &str) -> bool {
    let Some((stem, rest)) = name.split_once('(') else {
        return false;
    };
    let Some((layer, rest)) = rest.split_once(')') else {
        return false;
    };
    let Some(ix) = rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return false;
    };
    let whole = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    is_stem(stem)
        && whole(layer)
        && ix
            .split(',')
            .all(|i| whole(i) && i.parse::<u64>().is_ok_and(|n| n >= 1))
}

/// The problem, with [`HELP`] unless it has advice of its own.
fn helped(e: SourceError) -> SourceError {
    if e.diagnostic().help.is_some() {
        e
    } else {
        e.with_help(crate::msg!(HELP))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_phases_kinds_of_number_or_steps() {
        for ok in [
            "backward",
            "dw",
            "m_w_ih",
            "delta(1)[2]",
            "w(2)[1,2]",
            "loss",
        ] {
            assert!(
                PHASES.contains(&ok) || is_stem(ok) || is_step_name(ok),
                "{ok}"
            );
        }
        for bad in ["backwards", "q", "delta(1)[0]", "delta(1)", "dw(x)[1]"] {
            assert!(
                !(PHASES.contains(&bad) || is_stem(bad) || is_step_name(bad)),
                "{bad}"
            );
        }
    }
}
