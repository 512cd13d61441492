//! One `[[network.layer]]`: its size and activation, its weights and biases (written inline, or
//! `{ npy = "FILE" }`), and its training flags.

use ndarray::{Array1, Array2};
use toml::de::DeValue;

use super::npy;
use super::{Files, Res, plural};
use crate::lesson::limits::MAX_NEURONS;
use crate::lesson::model::Activation;
use crate::source::reader::{
    Cx, Span, Table, Value, array, boolean, choice, count, describe, expected, number, numbers,
    table,
};

const LAYER_KEYS: [&str; 7] = [
    "neurons",
    "activation",
    "weights",
    "biases",
    "trainable",
    "train_biases",
    "init",
];

/// Other libraries' names for ours, so "did you mean" can bridge them.
const ACTIVATION_ALIASES: [(&str, &str); 4] = [
    ("linear", "identity"),
    ("none", "identity"),
    ("logistic", "sigmoid"),
    ("lrelu", "leaky_relu"),
];

/// What the first pass learns about a layer.
pub(super) struct LayerHead<'a, 'i> {
    pub table: Table<'a, 'i>,
    pub neurons: usize,
    /// Where `neurons` is written.
    pub neurons_span: Span,
    pub activation: Activation,
}

/// Layer `l` of `depth`: its table, size and activation.
pub(super) fn head<'a, 'i>(
    cx: Cx,
    v: &'a Value<'i>,
    l: usize,
    depth: usize,
) -> Res<LayerHead<'a, 'i>> {
    let owner = format!("layer {l}");
    let t = table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &LAYER_KEYS)?;
    let n_e = t.require(cx, "neurons", "add neurons = N")?;
    let neurons = count(cx, n_e.value, "`neurons`", 1, MAX_NEURONS)?;
    let a_e = t.require(
        cx,
        "activation",
        format!(
            "add activation = \"…\", one of: {}",
            Activation::ALL.map(Activation::name).join(", ")
        ),
    )?;
    let activation = choice(
        cx,
        a_e.value,
        "activation",
        &Activation::ALL,
        Activation::name,
        &ACTIVATION_ALIASES,
    )?;
    if activation == Activation::Softmax {
        softmax_fits(cx, a_e.value, l, depth, neurons)?;
    }
    Ok(LayerHead {
        table: t,
        neurons,
        neurons_span: n_e.value.span(),
        activation,
    })
}

/// Softmax only on the output layer, and over more than one neuron.
fn softmax_fits(cx: Cx, at: &Value, l: usize, depth: usize, neurons: usize) -> Res<()> {
    if l < depth {
        return Err(cx
            .at(
                at.span(),
                format!(
                    "softmax is only allowed on the output layer (layer {depth}), but layer {l} is hidden"
                ),
            )
            .with_help("use sigmoid, tanh, relu, leaky_relu or identity for hidden layers")
            .into());
    }
    if neurons == 1 {
        return Err(cx
            .at(
                at.span(),
                "softmax over a single neuron always outputs 1, so nothing can be learned",
            )
            .with_help(
                "give the output layer 2 or more neurons, or use sigmoid with loss = \"bce\"",
            )
            .into());
    }
    Ok(())
}

/// `trainable` or `train_biases`: true unless written false.
pub(super) fn flag(cx: Cx, t: &Table, key: &str) -> Res<bool> {
    Ok(t.get(key)
        .map(|e| boolean(cx, e.value, &format!("for `{key}`")))
        .transpose()?
        .unwrap_or(true))
}

/// Layer `l`'s weights: `rows` rows (its neurons) of `cols` numbers (neurons of layer l − 1),
/// written as a list of rows or read from a `.npy` file.
pub(super) fn weights(
    cx: Cx,
    v: &Value,
    l: usize,
    rows: usize,
    cols: usize,
    files: Files,
) -> Res<Array2<f64>> {
    let what = format!("the weights of layer {l}");
    if let DeValue::Table(_) = v.get_ref() {
        return npy::matrix(cx, v, &what, (rows, cols), files);
    }
    let list = array(cx, v, &format!("for {what}")).map_err(|e| {
        e.map_diagnostic(|d| match d.help {
            None => d.with_help(WEIGHTS_HELP),
            Some(_) => d,
        })
    })?;
    let mut lens = Vec::with_capacity(list.len());
    for row in list.iter() {
        match row.get_ref() {
            DeValue::Array(r) => lens.push(r.len()),
            _ => return Err(not_a_row(cx, row, list, &what)),
        }
    }
    check_shape(cx, v, list, &lens, l, (rows, cols))?;
    let mut values = Vec::with_capacity(rows * cols);
    for row in list.iter() {
        if let DeValue::Array(r) = row.get_ref() {
            for x in r.iter() {
                values.push(number(cx, x, &format!("in {what}"))?);
            }
        }
    }
    Ok(Array2::from_shape_vec((rows, cols), values)
        .expect("every row was checked to hold cols numbers"))
}

/// One row per neuron, each of `cols` numbers (`lens` are the rows' lengths).
fn check_shape(
    cx: Cx,
    v: &Value,
    list: &toml::de::DeArray,
    lens: &[usize],
    l: usize,
    (rows, cols): (usize, usize),
) -> Res<()> {
    if list.len() != rows {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "weights of layer {l} has {}, but layer {l} has {}",
                    plural(list.len(), "row"),
                    plural(rows, "neuron")
                ),
            )
            .with_help(format!(
                "give layer {l} one row of weights per neuron: {rows} rows of {cols} numbers"
            ))
            .into());
    }
    let Some(bad) = lens.iter().position(|&n| n != cols) else {
        return Ok(());
    };
    let (below, per) = if l == 1 {
        (
            format!("the network has {}", plural(cols, "input")),
            "one per input".to_string(),
        )
    } else {
        (
            format!("layer {} has {}", l - 1, plural(cols, "neuron")),
            format!("one per neuron of layer {}", l - 1),
        )
    };
    let n = lens[bad];
    let message = if lens.iter().all(|&m| m == n) {
        format!(
            "weights of layer {l} has {}, but {below}",
            plural(n, "column")
        )
    } else {
        format!(
            "row {} of the weights of layer {l} has {}, but {below}",
            bad + 1,
            plural(n, "number")
        )
    };
    Err(cx
        .at(list[bad].span(), message)
        .with_help(format!(
            "give each row of layer {l}'s weights {cols} numbers, {per}"
        ))
        .into())
}

/// What `weights` may be, for a value that is neither.
const WEIGHTS_HELP: &str = "write weights = [[…], …], one row per neuron, or read them from a \
     NumPy file: weights = { npy = \"FILE.npy\" }";

/// A weights entry that is not a row; for a flat list of numbers, the one-row form.
fn not_a_row(
    cx: Cx,
    row: &Value,
    list: &toml::de::DeArray,
    what: &str,
) -> crate::lesson::LessonError {
    let mut d = cx.at(
        row.span(),
        format!(
            "expected a row of numbers (an array) in {what}, found {}",
            describe(row.get_ref())
        ),
    );
    let flat = list
        .iter()
        .all(|x| x.get_ref().is_integer() || x.get_ref().is_float());
    if flat {
        let row: Vec<&str> = list
            .iter()
            .map(|x| cx.text.get(x.span()).unwrap_or("…"))
            .collect();
        d = d.with_help(format!(
            "weights is a list of rows, one per neuron: for one neuron write [[{}]]",
            row.join(", ")
        ));
    }
    d.into()
}

/// Layer `l`'s biases: one number per neuron, a single number for all of them, a `.npy` file,
/// or (not written) zeros.
pub(super) fn biases(
    cx: Cx,
    v: Option<&Value>,
    l: usize,
    neurons: usize,
    files: Files,
) -> Res<Array1<f64>> {
    let Some(v) = v else {
        return Ok(Array1::zeros(neurons));
    };
    let what = format!("the biases of layer {l}");
    match v.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let b = number(cx, v, &format!("for {what}"))?;
            return Ok(Array1::from_elem(neurons, b));
        }
        DeValue::Table(_) => {
            return npy::vector(cx, v, &what, neurons, files);
        }
        DeValue::Array(_) => {}
        _ => {
            return Err(expected(
                cx,
                v,
                "an array of numbers or a single number",
                &format!("for {what}"),
            )
            .into());
        }
    }
    let b = numbers(cx, v, &what)?;
    if b.len() != neurons {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "biases of layer {l} has {}, but layer {l} has {}",
                    plural(b.len(), "number"),
                    plural(neurons, "neuron")
                ),
            )
            .with_help(format!(
                "give one bias per neuron ({neurons}), or a single number for all of them"
            ))
            .into());
    }
    Ok(Array1::from(b))
}
