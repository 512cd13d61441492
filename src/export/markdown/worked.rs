//! How a worked step is laid out so that every line fits the page: a sum of products one
//! term per line with its product's value, then the sum (as Matt Mazur shows a hidden
//! neuron's contributions one by one); a δ's numbers as the product of its chain-rule
//! factors, each worked below; a gradient of a weight first as the chain of its factors.

use crate::notation::{Notation, number};
use crate::trace::explain::Formula;
use crate::trace::formula::{Expr, Renderer, Sym, symbol};
use crate::trace::{Quantity, Step, Style};

use super::text::{DIGITS, count};

/// Sums of more terms than this show their first three, the rest as one line, and the last.
const SHOWN_TERMS: usize = 8;

/// The items of a sum of at least two products (a weighted input, the error passed back),
/// flattened: `Σ w·a + b` gives every `w·a` and then `b`.
pub(super) fn sum_items(e: &Expr) -> Option<Vec<&Expr>> {
    let items: Vec<&Expr> = match e {
        Expr::Sum(t) => t.iter().collect(),
        Expr::Add(t) => t
            .iter()
            .flat_map(|x| match x {
                Expr::Sum(inner) => inner.iter().collect::<Vec<_>>(),
                x => vec![x],
            })
            .collect(),
        _ => return None,
    };
    let products = items.iter().filter(|x| matches!(x, Expr::Mul(_))).count();
    (products >= 2).then_some(items)
}

/// Renders `e` with its numbers, a leading minus sign in parentheses: `(−0.8)·0.5` after a `+`.
fn item_text(e: &Expr, style: Style) -> String {
    let text = Renderer {
        style,
        substituted: true,
    }
    .render(e);
    if !text.starts_with('-') {
        return text;
    }
    let (open, close) = match style.notation {
        Notation::Latex => ("\\left(", "\\right)"),
        _ => ("(", ")"),
    };
    match e {
        Expr::Mul(f) if !f.is_empty() => {
            let first = Renderer {
                style,
                substituted: true,
            }
            .render(&f[0]);
            format!("{open}{first}{close}{}", &text[first.len()..])
        }
        _ => format!("{open}{text}{close}"),
    }
}

/// The rows of a sum worked term by term: each product with its value, the middle of a long
/// sum as one line with its sum, then the total. The first row starts with `=`.
pub(super) fn contributions(
    items: &[&Expr],
    total: f64,
    style: Style,
) -> Vec<(String, Option<String>)> {
    let value = |v: f64| number::format(v, DIGITS, style.notation);
    let plus = match style.notation {
        Notation::Latex => "\\phantom{=} + ",
        _ => "  + ",
    };
    let n = items.len();
    let elide = n > SHOWN_TERMS;
    let mut rows = Vec::new();
    let row = |i: usize, item: &Expr| {
        let lead = if i == 0 { "= " } else { plus };
        let v = matches!(item, Expr::Mul(_)).then(|| value(item.eval()));
        (format!("{lead}{}", item_text(item, style)), v)
    };
    for (i, item) in items.iter().enumerate() {
        if elide && (3..n - 2).contains(&i) {
            if i == 3 {
                let middle: f64 = items[3..n - 2].iter().fold(0.0, |s, x| s + x.eval());
                let words = crate::tr!(style.lang, "md-more-terms-together", n = count(n - 5));
                let text = match style.notation {
                    Notation::Latex => format!("{plus}\\dots \\text{{ {words}}}"),
                    Notation::Unicode => format!("{plus}… {words}"),
                    Notation::Ascii => format!("{plus}... {words}"),
                };
                rows.push((text, Some(value(middle))));
            }
            continue;
        }
        rows.push(row(i, item));
    }
    rows.push((format!("= {}", value(total)), None));
    rows
}

/// `lhs` then rows, aligned: LaTeX `aligned` with a second column for each product's value,
/// or text with the values in a column of their own.
pub(super) fn aligned_rows(
    lhs: &str,
    first: &str,
    rows: &[(String, Option<String>)],
    notation: Notation,
) -> Vec<String> {
    if notation == Notation::Latex {
        let mut lines = vec![
            "\\begin{aligned}".to_string(),
            format!("{lhs} &= {first} \\\\"),
        ];
        for (i, (text, v)) in rows.iter().enumerate() {
            let end = if i + 1 < rows.len() { " \\\\" } else { "" };
            let text = text
                .strip_prefix("= ")
                .map_or(text.clone(), |t| format!("= {t}"));
            match v {
                Some(v) => lines.push(format!("&{text} &&= {v}{end}")),
                None => lines.push(format!("&{text}{end}")),
            }
        }
        lines.push("\\end{aligned}".into());
        return lines;
    }
    let indent = " ".repeat(lhs.chars().count() + 1);
    let width = rows
        .iter()
        .map(|(t, _)| t.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = vec![format!("{lhs} = {first}")];
    for (text, v) in rows {
        match v {
            Some(v) => lines.push(format!("{indent}{text:width$}   = {v}")),
            None => lines.push(format!("{indent}{text}")),
        }
    }
    lines
}

/// The row of a δ's numbers as the product of its chain-rule factors' values
/// (`0.0363503 · 0.241301`), where a term of the formula is that product.
pub(super) fn factor_row(formula: &Formula, style: Style) -> Option<String> {
    let names: Vec<&Expr> = formula.terms.iter().map(|t| &t.name).collect();
    let product = formula.terms.iter().find(|t| match &t.definition {
        Expr::Mul(f) => f.len() >= 2 && f.iter().all(|x| names.contains(&x)),
        _ => false,
    })?;
    Some(
        Renderer {
            style,
            substituted: true,
        }
        .render(&product.definition),
    )
}

/// A weight's gradient as the chain of its factors: ∂L/∂a · ∂a/∂z · ∂z/∂w (∂L/∂z · ∂z/∂w
/// where the output's δ is not a product, as softmax with cross-entropy), then δ·a. `None`
/// for other steps.
pub(super) fn gradient_chain(
    step: &Step,
    formula: &Formula,
    product_delta: bool,
    n: Notation,
) -> Option<String> {
    if step.id.quantity != Quantity::DW || step.id.ix.len() != 2 {
        return None;
    }
    let (l, j) = (step.id.layer, step.id.j());
    let sym = |q: Quantity| symbol(&Sym::q(q, l, crate::trace::Index::one(j)), n);
    let (z, a) = (sym(Quantity::Z), sym(Quantity::A));
    let w = match &formula.lhs {
        Expr::Var(Sym::Grad { p, .. }, _) => symbol(&Sym::P(*p), n),
        _ => return None,
    };
    let d = |num: &str, den: &str| match n {
        Notation::Latex => format!("\\frac{{\\partial {num}}}{{\\partial {den}}}"),
        Notation::Unicode => format!("∂{num}/∂{den}"),
        Notation::Ascii => format!("d{num}/d{den}"),
    };
    let dot = match n {
        Notation::Latex => " \\cdot ",
        Notation::Unicode => "·",
        Notation::Ascii => "*",
    };
    let factors = match product_delta {
        true => vec![d("L", &a), d(&a, &z), d(&z, &w)],
        false => vec![d("L", &z), d(&z, &w)],
    };
    Some(factors.join(dot))
}
