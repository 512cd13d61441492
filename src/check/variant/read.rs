//! A worksheet's `[variant]` table, checked against the lesson: one entry per layer with
//! weights and biases of the layer's shape, one per sample with an input and a target of the
//! network's shape (probabilities where the loss needs them), every number finite.

use crate::lesson::{Lesson, Loss};
use crate::source::reader::{self, Cx, Res, Table, Value};

use super::Variant;

const KEYS: [&str; 3] = ["id", "layer", "data"];

const HELP: &str = "`bpnn-tutor worksheet LESSON --variants N -o DIR` writes worksheets with their \
     [variant]: an id, one { weights, biases } per layer and one { input, target } per sample";

/// The `[variant]` of a worksheet, if it has one.
pub(crate) fn read(cx: Cx, top: &Table, lesson: &Lesson) -> Res<Option<Variant>> {
    let Some(e) = top.get("variant") else {
        return Ok(None);
    };
    let t = reader::table(cx, e.value, "[variant]", "for `variant`")?;
    t.allow_only(cx, &KEYS)?;
    if let Err(why) = super::supported(lesson) {
        return Err(cx
            .at(
                e.value.span(),
                format!("the worksheet has a [variant], but {why}"),
            )
            .with_help("remove [variant] to grade against the lesson's own numbers")
            .into());
    }
    let id = t.require(cx, "id", HELP)?;
    let id = reader::string(cx, id.value, "for `id` (the variant's name)")?.to_string();
    let layers = t.require(cx, "layer", HELP)?;
    let layers = list(cx, layers.value, "`layer`", lesson.depth(), "layer")?;
    let layers = layers
        .iter()
        .enumerate()
        .map(|(i, v)| layer(cx, v, lesson, i + 1))
        .collect::<Res<Vec<_>>>()?;
    let data = t.require(cx, "data", HELP)?;
    let data = list(cx, data.value, "`data`", lesson.data.len(), "sample")?;
    let data = data
        .iter()
        .enumerate()
        .map(|(i, v)| sample(cx, v, lesson, i + 1))
        .collect::<Res<Vec<_>>>()?;
    Ok(Some(Variant { id, layers, data }))
}

/// An array of `n` tables.
fn list<'a, 'i>(
    cx: Cx,
    v: &'a Value<'i>,
    what: &str,
    n: usize,
    noun: &str,
) -> Res<&'a toml::de::DeArray<'i>> {
    let items = reader::array(cx, v, &format!("for {what}"))?;
    if items.len() != n {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "{what} has {} entries, but the lesson has {n} {noun}{}",
                    items.len(),
                    if n == 1 { "" } else { "s" }
                ),
            )
            .with_help(HELP)
            .into());
    }
    Ok(items)
}

/// `{ weights = [[…], …], biases = […] }` of layer `l`.
fn layer(cx: Cx, v: &Value, lesson: &Lesson, l: usize) -> Res<(Vec<Vec<f64>>, Vec<f64>)> {
    let owner = format!("layer {l} of [variant]");
    let t = reader::table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &["weights", "biases"])?;
    let shape = lesson.layers[l - 1].weights();
    let (n, m) = (shape.nrows(), shape.ncols());
    let w = t.require(cx, "weights", HELP)?;
    let rows = reader::array(cx, w.value, &format!("for the weights of {owner}"))?;
    let wrong = |span, found: String| {
        cx.at(
            span,
            format!(
                "the weights of {owner} are {found}, but layer {l} is {n} × {m} (neurons × inputs)"
            ),
        )
        .with_help(HELP)
    };
    if rows.len() != n {
        return Err(wrong(w.value.span(), format!("{} rows", rows.len())).into());
    }
    let mut weights = Vec::with_capacity(n);
    for (j, row) in rows.iter().enumerate() {
        let numbers =
            reader::numbers(cx, row, &format!("row {} of the weights of {owner}", j + 1))?;
        if numbers.len() != m {
            return Err(wrong(row.span(), format!("a row of {}", numbers.len())).into());
        }
        weights.push(numbers);
    }
    let b = t.require(cx, "biases", HELP)?;
    let biases = reader::numbers(cx, b.value, &format!("the biases of {owner}"))?;
    if biases.len() != n {
        return Err(cx
            .at(
                b.value.span(),
                format!(
                    "the biases of {owner} are {} numbers, but layer {l} has {n} neurons",
                    biases.len()
                ),
            )
            .with_help(HELP)
            .into());
    }
    Ok((weights, biases))
}

/// `{ input = […], target = […] }` of sample `n`.
fn sample(cx: Cx, v: &Value, lesson: &Lesson, n: usize) -> Res<(Vec<f64>, Vec<f64>)> {
    let owner = format!("sample {n} of [variant]");
    let t = reader::table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &["input", "target"])?;
    let x = t.require(cx, "input", HELP)?;
    let input = reader::numbers(cx, x.value, &format!("the input of {owner}"))?;
    if input.len() != lesson.inputs() {
        return Err(cx
            .at(
                x.value.span(),
                format!(
                    "the input of {owner} has {} numbers, but the network has {} inputs",
                    input.len(),
                    lesson.inputs()
                ),
            )
            .with_help(HELP)
            .into());
    }
    let y = t.require(cx, "target", HELP)?;
    let target = reader::numbers(cx, y.value, &format!("the target of {owner}"))?;
    let problem = if target.len() != lesson.outputs() {
        Some(format!(
            "has {} numbers, but the network has {} outputs",
            target.len(),
            lesson.outputs()
        ))
    } else if matches!(lesson.loss, Loss::Bce | Loss::CrossEntropy)
        && target.iter().any(|y| !(0.0..=1.0).contains(y))
    {
        Some(format!(
            "is not a probability, as {} needs",
            lesson.loss.name()
        ))
    } else if lesson.loss == Loss::CrossEntropy && (target.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
        Some("does not sum to 1, as cross_entropy needs".to_string())
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(cx
            .at(y.value.span(), format!("the target of {owner} {problem}"))
            .with_help(HELP)
            .into());
    }
    Ok((input, target))
}
