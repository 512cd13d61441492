//! A worksheet's `[variant]` table, checked against the lesson: one entry per layer with
//! weights and biases of the layer's shape, one per sample with an input and a target of the
//! network's shape (probabilities where the loss needs them), every number finite.

use crate::lesson::{Lesson, Loss};
use crate::source::reader::{self, Cx, Res, Table, Value};

use super::Variant;

const KEYS: [&str; 3] = ["id", "layer", "data"];

/// What a `[variant]` holds, and how to write one.
fn help() -> String {
    crate::msg!("err-variant-help")
}

/// The `[variant]` of a worksheet, if it has one.
pub(crate) fn read(cx: Cx, top: &Table, lesson: &Lesson) -> Res<Option<Variant>> {
    let Some(e) = top.get("variant") else {
        return Ok(None);
    };
    let t = reader::table(cx, e.value, "[variant]", &reader::for_key("variant"))?;
    t.allow_only(cx, &KEYS)?;
    if let Err(why) = super::supported(lesson) {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!("err-variant-unsupported", why = why.to_string()),
            )
            .with_help(crate::msg!("err-variant-unsupported-help"))
            .into());
    }
    let id = t.require(cx, "id", help())?;
    let id = reader::string(cx, id.value, &crate::msg!("err-for-variant-id"))?.to_string();
    let layers = t.require(cx, "layer", help())?;
    let layers = list(cx, layers.value, "`layer`", lesson.depth(), "err-n-layers")?;
    let layers = layers
        .iter()
        .enumerate()
        .map(|(i, v)| layer(cx, v, lesson, i + 1))
        .collect::<Res<Vec<_>>>()?;
    let data = t.require(cx, "data", help())?;
    let data = list(cx, data.value, "`data`", lesson.data.len(), "err-n-samples")?;
    let data = data
        .iter()
        .enumerate()
        .map(|(i, v)| sample(cx, v, lesson, i + 1))
        .collect::<Res<Vec<_>>>()?;
    Ok(Some(Variant { id, layers, data }))
}

/// An array of `n` tables, each one of what the message `noun` counts (`err-n-layers`).
fn list<'a, 'i>(
    cx: Cx,
    v: &'a Value<'i>,
    what: &str,
    n: usize,
    noun: &str,
) -> Res<&'a toml::de::DeArray<'i>> {
    let items = reader::array(cx, v, &reader::for_what(what))?;
    if items.len() != n {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-variant-entries",
                    what = what,
                    entries = items.len().to_string(),
                    has = crate::msg!(noun, n = n)
                ),
            )
            .with_help(help())
            .into());
    }
    Ok(items)
}

/// `{ weights = [[…], …], biases = […] }` of layer `l`.
fn layer(cx: Cx, v: &Value, lesson: &Lesson, l: usize) -> Res<(Vec<Vec<f64>>, Vec<f64>)> {
    let owner = crate::msg!("err-variant-layer", l = l.to_string());
    let t = reader::table(cx, v, owner.clone(), &reader::for_what(&owner))?;
    t.allow_only(cx, &["weights", "biases"])?;
    let shape = lesson.layers[l - 1].weights();
    let (n, m) = (shape.nrows(), shape.ncols());
    let w = t.require(cx, "weights", help())?;
    let weights_of = crate::msg!("err-variant-weights-of", owner = &owner);
    let rows = reader::array(cx, w.value, &reader::for_what(&weights_of))?;
    let wrong = |span, found: String| {
        cx.at(
            span,
            crate::msg!(
                "err-variant-weights",
                owner = &owner,
                found = found,
                l = l.to_string(),
                shape = format!("{n} × {m}")
            ),
        )
        .with_help(help())
    };
    if rows.len() != n {
        let found = crate::msg!("err-variant-rows", n = rows.len().to_string());
        return Err(wrong(w.value.span(), found).into());
    }
    let mut weights = Vec::with_capacity(n);
    for (j, row) in rows.iter().enumerate() {
        let what = crate::msg!(
            "err-variant-row-of",
            row = (j + 1).to_string(),
            owner = &owner
        );
        let numbers = reader::numbers(cx, row, &what)?;
        if numbers.len() != m {
            let found = crate::msg!("err-variant-a-row-of", n = numbers.len().to_string());
            return Err(wrong(row.span(), found).into());
        }
        weights.push(numbers);
    }
    let b = t.require(cx, "biases", help())?;
    let biases_of = crate::msg!("err-variant-biases-of", owner = &owner);
    let biases = reader::numbers(cx, b.value, &biases_of)?;
    if biases.len() != n {
        return Err(cx
            .at(
                b.value.span(),
                crate::msg!(
                    "err-variant-biases",
                    owner = &owner,
                    found = biases.len().to_string(),
                    l = l.to_string(),
                    n = n.to_string()
                ),
            )
            .with_help(help())
            .into());
    }
    Ok((weights, biases))
}

/// `{ input = […], target = […] }` of sample `n`.
fn sample(cx: Cx, v: &Value, lesson: &Lesson, n: usize) -> Res<(Vec<f64>, Vec<f64>)> {
    let owner = crate::msg!("err-variant-sample", s = n.to_string());
    let t = reader::table(cx, v, owner.clone(), &reader::for_what(&owner))?;
    t.allow_only(cx, &["input", "target"])?;
    let x = t.require(cx, "input", help())?;
    let input_of = crate::msg!("err-variant-input-of", owner = &owner);
    let input = reader::numbers(cx, x.value, &input_of)?;
    if input.len() != lesson.inputs() {
        return Err(cx
            .at(
                x.value.span(),
                crate::msg!(
                    "err-variant-input",
                    owner = &owner,
                    found = input.len().to_string(),
                    inputs = lesson.inputs().to_string()
                ),
            )
            .with_help(help())
            .into());
    }
    let y = t.require(cx, "target", help())?;
    let target_of = crate::msg!("err-variant-target-of", owner = &owner);
    let target = reader::numbers(cx, y.value, &target_of)?;
    let problem = if target.len() != lesson.outputs() {
        Some(crate::msg!(
            "err-variant-target-length",
            owner = &owner,
            found = target.len().to_string(),
            outputs = lesson.outputs().to_string()
        ))
    } else if matches!(lesson.loss, Loss::Bce | Loss::CrossEntropy)
        && target.iter().any(|y| !(0.0..=1.0).contains(y))
    {
        Some(crate::msg!(
            "err-variant-target-probability",
            owner = &owner,
            loss = lesson.loss.name()
        ))
    } else if lesson.loss == Loss::CrossEntropy && (target.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
        Some(crate::msg!("err-variant-target-sum", owner = &owner))
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(cx.at(y.value.span(), problem).with_help(help()).into());
    }
    Ok((input, target))
}
