//! One `[[network.layer]]` as every kind's reader sees it ([`LayerTable`]): the keys all kinds
//! share, the activation, and a dense layer's weights and biases (written inline, or
//! `{ npy = "FILE" }`) with the messages that name neurons and inputs.

use ndarray::{Array1, Array2};
use toml::de::DeValue;

use super::npy;
use super::{Files, Res, plural};
use crate::lesson::LessonError;
use crate::lesson::limits::MAX_NEURONS;
use crate::lesson::model::{Activation, Shape};
use crate::source::reader::{
    Cx, Span, Table, Value, array, boolean, choice, count, describe, expected, for_key, for_what,
    in_what, number, numbers,
};

/// Keys every layer may have, whatever its kind.
pub(crate) const COMMON_KEYS: [&str; 5] = ["trainable", "train_biases", "init", "residual", "kind"];

/// Other libraries' names for ours, so "did you mean" can bridge them.
const ACTIVATION_ALIASES: [(&str, &str); 4] = [
    ("linear", "identity"),
    ("none", "identity"),
    ("logistic", "sigmoid"),
    ("lrelu", "leaky_relu"),
];

/// One `[[network.layer]]` table as its kind's reader sees it: where it is, what comes into
/// it, and how to say what is wrong.
#[derive(Clone, Copy)]
pub struct LayerTable<'t, 'a, 'i> {
    /// The lesson file, for messages.
    pub cx: Cx<'t>,
    /// The layer's table.
    pub table: &'t Table<'a, 'i>,
    /// The layer's number, from 1.
    pub l: usize,
    /// How many layers the network has.
    pub depth: usize,
    /// What comes into the layer.
    pub input: Shape,
    /// How many tokens the network's vocabulary has (0 without one).
    pub vocabulary: usize,
    /// Where the lesson's data files are.
    pub files: Files<'t>,
}

/// What a kind's reader makes of its table: the kind with its settings, and its output.
pub struct Head {
    /// The kind, with its settings.
    pub kind: crate::layers::Kind,
    /// The shape of its output.
    pub output: Shape,
}

impl LayerTable<'_, '_, '_> {
    /// A whole number at `key` from `min` to `max`, if the table has it.
    pub fn count(&self, key: &str, min: usize, max: usize) -> Res<Option<usize>> {
        self.table
            .get(key)
            .map(|e| count(self.cx, e.value, &format!("`{key}`"), min, max))
            .transpose()
            .map_err(Into::into)
    }

    /// A whole number at `key` that must be there, with `help` when it is not.
    pub fn required_count(&self, key: &str, (min, max): (usize, usize), help: &str) -> Res<usize> {
        let e = self.table.require(self.cx, key, help)?;
        Ok(count(self.cx, e.value, &format!("`{key}`"), min, max)?)
    }

    /// Where `key`'s value is written (the table itself when it is not).
    pub fn span_of(&self, key: &str) -> Span {
        self.table
            .get(key)
            .map_or(self.table.span.clone(), |e| e.value.span())
    }

    /// An error at `span`, with a help line.
    pub fn error(
        &self,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> LessonError {
        self.cx.at(span, message).with_help(help).into()
    }

    /// The layer's `activation`: one of `allowed` (the default when it is not written, or an
    /// error when there is no default). Softmax only on the output layer, over more than one
    /// output.
    pub fn activation(
        &self,
        default: Option<Activation>,
        allowed: &[Activation],
    ) -> Res<Activation> {
        let names = allowed
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ");
        let e = match (self.table.get("activation"), default) {
            (Some(e), _) => e,
            (None, Some(a)) => return Ok(a),
            (None, None) => {
                let help = crate::msg!("err-activation-help", names = names);
                self.table.require(self.cx, "activation", help)?
            }
        };
        let activation = choice(
            self.cx,
            e.value,
            "err-kind-activation",
            allowed,
            Activation::name,
            &ACTIVATION_ALIASES,
        )?;
        Ok(activation)
    }

    /// Softmax is only allowed on the output layer, over more than one output.
    pub fn softmax_fits(&self, features: usize) -> Res<()> {
        let at = self.span_of("activation");
        softmax_fits(self.cx, at, self.l, self.depth, features)
    }
}

/// Softmax only on the output layer, and over more than one neuron.
fn softmax_fits(cx: Cx, at: Span, l: usize, depth: usize, neurons: usize) -> Res<()> {
    if l < depth {
        return Err(cx
            .at(
                at,
                crate::msg!(
                    "err-softmax-hidden",
                    depth = depth.to_string(),
                    l = l.to_string()
                ),
            )
            .with_help(crate::msg!("err-softmax-hidden-help"))
            .into());
    }
    if neurons == 1 {
        return Err(cx
            .at(at, crate::msg!("err-softmax-single"))
            .with_help(crate::msg!("err-softmax-single-help"))
            .into());
    }
    Ok(())
}

/// The neurons of a dense layer: `neurons = N`, required.
pub(crate) fn neurons(lt: &LayerTable) -> Res<usize> {
    lt.required_count(
        "neurons",
        (1, MAX_NEURONS),
        &crate::msg!("err-neurons-help"),
    )
}

/// `trainable` or `train_biases`: true unless written false.
pub(crate) fn flag(cx: Cx, t: &Table, key: &str) -> Res<bool> {
    Ok(t.get(key)
        .map(|e| boolean(cx, e.value, &for_key(key)))
        .transpose()?
        .unwrap_or(true))
}

/// Layer `l`'s weights: `rows` rows (its neurons) of `cols` numbers (neurons of layer l − 1),
/// written as a list of rows or read from a `.npy` file.
pub(crate) fn weights(
    cx: Cx,
    v: &Value,
    l: usize,
    rows: usize,
    cols: usize,
    files: Files,
) -> Res<Array2<f64>> {
    let what = crate::msg!("err-weights-of-layer", l = l.to_string());
    if let DeValue::Table(_) = v.get_ref() {
        return npy::matrix(cx, v, &what, (rows, cols), files);
    }
    let list = array(cx, v, &for_what(&what)).map_err(|e| {
        e.map_diagnostic(|d| match d.help {
            None => d.with_help(crate::msg!("err-weights-help")),
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
    let inside = in_what(&what);
    for row in list.iter() {
        if let DeValue::Array(r) = row.get_ref() {
            for x in r.iter() {
                values.push(number(cx, x, &inside)?);
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
    let l_s = l.to_string();
    if list.len() != rows {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-weight-rows",
                    l = &l_s,
                    rows = plural(list.len(), "err-n-rows"),
                    neurons = plural(rows, "err-n-neurons")
                ),
            )
            .with_help(crate::msg!(
                "err-weight-rows-help",
                l = &l_s,
                rows = rows.to_string(),
                cols = cols.to_string()
            ))
            .into());
    }
    let Some(bad) = lens.iter().position(|&n| n != cols) else {
        return Ok(());
    };
    let (below, per) = if l == 1 {
        (
            crate::msg!("err-network-has", inputs = plural(cols, "err-n-inputs")),
            crate::msg!("err-one-per-input"),
        )
    } else {
        let below = (l - 1).to_string();
        (
            crate::msg!(
                "err-layer-has",
                l = &below,
                neurons = plural(cols, "err-n-neurons")
            ),
            crate::msg!("err-one-per-neuron-of", l = &below),
        )
    };
    let n = lens[bad];
    let message = if lens.iter().all(|&m| m == n) {
        crate::msg!(
            "err-weight-columns",
            l = &l_s,
            columns = plural(n, "err-n-columns"),
            below = &below
        )
    } else {
        crate::msg!(
            "err-weight-row-length",
            row = (bad + 1).to_string(),
            l = &l_s,
            numbers = plural(n, "err-n-numbers"),
            below = &below
        )
    };
    Err(cx
        .at(list[bad].span(), message)
        .with_help(crate::msg!(
            "err-weight-row-help",
            l = &l_s,
            cols = cols.to_string(),
            per = &per
        ))
        .into())
}

/// A weights entry that is not a row; for a flat list of numbers, the one-row form.
fn not_a_row(
    cx: Cx,
    row: &Value,
    list: &toml::de::DeArray,
    what: &str,
) -> crate::lesson::LessonError {
    let mut d = cx.at(
        row.span(),
        crate::msg!(
            "err-expected",
            expected = crate::msg!("err-a-row-of-numbers"),
            what = in_what(what),
            found = describe(row.get_ref())
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
        d = d.with_help(crate::msg!("err-one-neuron-row", row = row.join(", ")));
    }
    d.into()
}

/// Layer `l`'s biases: one number per neuron, a single number for all of them, a `.npy` file,
/// or (not written) zeros.
pub(crate) fn biases(
    cx: Cx,
    v: Option<&Value>,
    l: usize,
    neurons: usize,
    files: Files,
) -> Res<Array1<f64>> {
    let Some(v) = v else {
        return Ok(Array1::zeros(neurons));
    };
    let what = crate::msg!("err-biases-of-layer", l = l.to_string());
    match v.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let b = number(cx, v, &for_what(&what))?;
            return Ok(Array1::from_elem(neurons, b));
        }
        DeValue::Table(_) => {
            return npy::vector(cx, v, &what, neurons, files);
        }
        DeValue::Array(_) => {}
        _ => {
            return Err(expected(cx, v, "err-numbers-or-one", &for_what(&what)).into());
        }
    }
    let b = numbers(cx, v, &what)?;
    if b.len() != neurons {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-bias-count",
                    l = l.to_string(),
                    numbers = plural(b.len(), "err-n-numbers"),
                    neurons = plural(neurons, "err-n-neurons")
                ),
            )
            .with_help(crate::msg!("err-bias-count-help", n = neurons.to_string()))
            .into());
    }
    Ok(Array1::from(b))
}
