//! A ladder of hints for one step, asked for one rung at a time: first the formula with the
//! learner's own numbers (their answers wherever the formula reads a step they answered), then
//! its factors with their values from those numbers (a δ's error passed back and f′; a sum's
//! terms; a product's factors), then the value itself.

use crate::notation::{Notation, number};
use crate::trace::formula::{Expr, Renderer};
use crate::trace::{Formula, Step, Style, Trace};

use super::Answer;
use super::learner::StepMap;
use super::misconception::rewrite::replace;

/// How many rungs the ladder has: formula, factors, value.
pub const RUNGS: usize = 3;

/// At most this many factors are shown (a sum of 784 products is counted, not listed).
const MAX_FACTORS: usize = 6;

/// Rung `rung` (from 0) of the ladder for `step`, the learner's earlier `answers` giving the
/// numbers; `None` past the last rung.
pub fn hint(
    trace: &Trace,
    step: &Step,
    answers: &[Answer],
    rung: usize,
    notation: Notation,
) -> Option<String> {
    let style = Style::new(notation, number::SHOWN);
    let formula = trace.formula(step);
    let given: StepMap<f64> = answers.iter().map(|a| (a.key, a.given)).collect();
    let theirs = |e: &Expr| own_numbers(trace, step, &given, e);
    let substituted = |e: &Expr| {
        Renderer {
            style,
            substituted: true,
        }
        .render(e)
    };
    let symbolic = |e: &Expr| {
        Renderer {
            style,
            substituted: false,
        }
        .render(e)
    };
    let value = |e: &Expr| number::format(e.eval(), style.digits, notation);
    match rung {
        0 => Some(format!(
            "{} = {}",
            formula.symbolic(style),
            substituted(&theirs(&formula.rhs))
        )),
        1 => {
            let all = factors(&formula);
            let more = all.len().saturating_sub(MAX_FACTORS);
            let mut parts: Vec<String> = all
                .into_iter()
                .take(MAX_FACTORS)
                .map(|(name, definition)| {
                    let mine = theirs(&definition);
                    let mut line = symbolic(&name);
                    let shown = symbolic(&definition);
                    if shown != line {
                        line.push_str(&format!(" = {shown}"));
                    }
                    let numbers = substituted(&mine);
                    let result = value(&mine);
                    if numbers != result {
                        line.push_str(&format!(" = {numbers}"));
                    }
                    line.push_str(&format!(" = {result}"));
                    line
                })
                .collect();
            if more > 0 {
                let dots = if notation == Notation::Ascii {
                    "..."
                } else {
                    "…"
                };
                parts.push(format!("{dots} and {more} more"));
            }
            Some(match parts.is_empty() {
                true => format!("{}: no factors to show", formula.name(style)),
                false => parts.join("; "),
            })
        }
        2 => Some(format!(
            "{} = {}",
            formula.name(style),
            formula.result(style)
        )),
        _ => None,
    }
}

/// `e` with the learner's number wherever it reads a step they answered.
fn own_numbers(trace: &Trace, step: &Step, given: &StepMap<f64>, e: &Expr) -> Expr {
    replace(e, &|x| match x {
        Expr::Var(sym, _) => trace
            .source_of(step, sym)
            .and_then(|key| given.get(&key))
            .map(|&v| Expr::Var(*sym, v)),
        _ => None,
    })
}

/// The factors of a formula, as (name, definition): its named terms where it has them (a
/// δ's error passed back and slope, a batch's mean gradient), else the parts of its top
/// operation.
fn factors(formula: &Formula) -> Vec<(Expr, Expr)> {
    if !formula.terms.is_empty() {
        return formula
            .terms
            .iter()
            .map(|t| (t.name.clone(), t.definition.clone()))
            .collect();
    }
    let parts: Vec<Expr> = match &formula.rhs {
        Expr::Add(xs) | Expr::Sum(xs) | Expr::Mul(xs) => xs.clone(),
        Expr::Sub(a, b) | Expr::Div(a, b) => vec![(**a).clone(), (**b).clone()],
        Expr::Call(_, x) | Expr::Neg(x) => vec![(**x).clone()],
        _ => Vec::new(),
    };
    parts
        .into_iter()
        .filter(|p| !matches!(p, Expr::Num(_) | Expr::Frac(..)))
        .map(|p| (p.clone(), p))
        .collect()
}
