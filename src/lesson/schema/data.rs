//! The training data: `[[data]]` samples written out, `[data]` read from a CSV file, or a
//! `[generate]` table. Targets are checked the same way wherever they come from.

use ndarray::Array1;
use toml::de::{DeArray, DeValue};

use super::network::Net;
use super::{Files, Res, csv, generate, plural, tensor};
use crate::lesson::limits::{MAX_DATA_VALUES, MAX_SAMPLES};
use crate::lesson::model::{Generated, Loss, Sample, Shape};
use crate::source::diagnostic::Diagnostic;
use crate::source::reader::{
    Cx, Entry, Span, Table, Value, array, expected, numbers, table, thousands,
};

const SAMPLE_KEYS: [&str; 2] = ["input", "target"];

/// Cross-entropy targets must sum to 1 within this.
const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

/// The samples, and how they were drawn if they were.
pub(super) struct Data {
    pub samples: Vec<Sample>,
    pub generated: Option<Generated>,
}

impl Data {
    fn given(samples: Vec<Sample>) -> Self {
        Data {
            samples,
            generated: None,
        }
    }
}

pub(super) fn read(cx: Cx, top: &Table, net: &Net, loss: Loss, files: Files) -> Res<Data> {
    match (top.get("data"), top.get("generate")) {
        (Some(_), Some(g)) => Err(cx
            .at(
                g.key_span,
                "the lesson has both [[data]] samples and a [generate] table",
            )
            .with_help("keep one of them: written samples, or generated ones")
            .into()),
        (None, None) => Err(cx
            .at(0..0, "the lesson has no training data")
            .with_help(
                "add [[data]] samples with input and target, [data] with csv = \"FILE.csv\", \
                 or a [generate] table",
            )
            .into()),
        (Some(d), None) => match d.value.get_ref() {
            DeValue::Table(t) if !t.contains_key("input") && !t.contains_key("target") => {
                let t = table(cx, d.value, "[data]", "for `data`")?;
                Ok(Data::given(csv::read(cx, &t, net, loss, files)?))
            }
            _ => Ok(Data::given(samples(cx, &d, net, loss)?)),
        },
        (None, Some(g)) => generate::read(cx, &g, net, loss),
    }
}

/// Refuse more numbers than the data limit: `samples` of `per_sample` numbers each.
pub(super) fn too_much_data(cx: Cx, span: Span, samples: usize, per_sample: usize) -> Res<()> {
    let values = samples as u128 * per_sample as u128;
    if values > MAX_DATA_VALUES as u128 {
        return Err(cx
            .at(
                span,
                format!(
                    "{} samples of {per_sample} numbers each are {} numbers, more than the limit of {}",
                    thousands(samples as u128),
                    thousands(values),
                    thousands(MAX_DATA_VALUES as u128)
                ),
            )
            .with_help("use fewer samples")
            .into());
    }
    Ok(())
}

/// The message for more samples than the limit, found at `span`.
fn too_many_samples(cx: Cx, span: Span, what: &str, n: usize) -> Diagnostic {
    cx.at(
        span,
        format!(
            "{what} has {} samples, more than the limit of {}",
            thousands(n as u128),
            thousands(MAX_SAMPLES as u128)
        ),
    )
}

/// `[[data]]`: samples written out.
fn samples(cx: Cx, d: &Entry, net: &Net, loss: Loss) -> Res<Vec<Sample>> {
    let list = sample_list(cx, d)?;
    too_much_data(cx, d.value.span(), list.len(), net.inputs() + net.outputs())?;
    let mut out = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        out.push(sample(cx, v, i + 1, net, loss)?);
    }
    Ok(out)
}

fn sample_list<'a, 'i>(cx: Cx, d: &Entry<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let list = match d.value.get_ref() {
        DeValue::Array(a) => a,
        DeValue::Table(_) => {
            return Err(cx
                .at(
                    d.value.span(),
                    "expected [[data]] (double brackets: a list of samples), found a single table",
                )
                .with_help(
                    "write each sample as [[data]] with input = […] and target = […], or read \
                     them from a CSV file: [data] with csv = \"FILE.csv\" and inputs = N",
                )
                .into());
        }
        _ => return Err(expected(cx, d.value, "a list of samples", "for `data`").into()),
    };
    if list.is_empty() {
        return Err(cx
            .at(d.value.span(), "`data` has no samples")
            .with_help("add [[data]] samples with input = […] and target = […]")
            .into());
    }
    if list.len() > MAX_SAMPLES {
        return Err(too_many_samples(cx, d.value.span(), "`data`", list.len()).into());
    }
    Ok(list)
}

/// Sample `s` (1-based) of `[[data]]`.
fn sample(cx: Cx, v: &Value, s: usize, net: &Net, loss: Loss) -> Res<Sample> {
    let owner = format!("sample {s}");
    let t = table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &SAMPLE_KEYS)?;
    let input = match net.input {
        Shape::Vector(n) => vector_input(cx, &t, s, n)?,
        Shape::Tokens { t: len } => {
            let e = t.require(cx, "input", format!("add input = […] with {len} tokens"))?;
            tokens(
                cx,
                e.value,
                &format!("the input of sample {s}"),
                len,
                &net.vocabulary,
            )?
            .into_iter()
            .map(|id| id as f64)
            .collect()
        }
        shape => {
            let e = t.require(
                cx,
                "input",
                format!(
                    "add input = […] of shape {}",
                    tensor::shape_text(&shape.dims())
                ),
            )?;
            let what = format!("the input of sample {s}");
            let a = tensor::read(
                cx,
                e.value,
                &what,
                (&shape.dims(), axes(shape)),
                true,
                no_files(),
            )?;
            a.iter().copied().collect()
        }
    };
    let target_e = t.require(
        cx,
        "target",
        format!("add target = […] with {}", plural(net.outputs(), "number")),
    )?;
    let what = format!("the target of sample {s}");
    let target = target(cx, target_e.value, &what, net, loss)?;
    Ok(Sample {
        input: Array1::from(input),
        target: Array1::from(target),
    })
}

/// What a sample's input axes are called in messages.
fn axes(shape: Shape) -> tensor::Axes<'static> {
    match shape {
        Shape::Image { .. } => &["channel", "row", "column"],
        Shape::Sequence { .. } => &["position", "feature"],
        _ => &[],
    }
}

/// Data is never read from `.npy` files: nested arrays or flat lists only.
fn no_files() -> Files<'static> {
    Files {
        dir: std::path::Path::new("."),
    }
}

/// The input of a network on vectors: one number per input.
fn vector_input(cx: Cx, t: &Table, s: usize, inputs: usize) -> Res<Vec<f64>> {
    let input_e = t.require(
        cx,
        "input",
        format!("add input = […] with {}", plural(inputs, "number")),
    )?;
    let input = numbers(cx, input_e.value, &format!("the input of sample {s}"))?;
    if input.len() != inputs {
        return Err(cx
            .at(
                input_e.value.span(),
                format!(
                    "the input of sample {s} has {}, but the network has {}",
                    plural(input.len(), "number"),
                    plural(inputs, "input")
                ),
            )
            .with_help(format!(
                "give each input {}, one per input of the network",
                plural(inputs, "number")
            ))
            .into());
    }
    Ok(input)
}

/// `len` tokens of the vocabulary, written as strings; their ids.
fn tokens(cx: Cx, v: &Value, what: &str, len: usize, vocabulary: &[String]) -> Res<Vec<usize>> {
    let items = array(cx, v, &format!("for {what}"))?;
    if items.len() != len {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "{what} has {}, but the network reads sequences of {len}",
                    plural(items.len(), "token")
                ),
            )
            .with_help(format!("give {len} tokens, one per position"))
            .into());
    }
    items
        .iter()
        .map(|item| {
            let token = crate::source::reader::string(cx, item, &format!("in {what}"))?;
            vocabulary.iter().position(|t| t == token).ok_or_else(|| {
                let shown: Vec<&str> = vocabulary.iter().map(String::as_str).take(20).collect();
                cx.at(
                    item.span(),
                    format!("\"{token}\" in {what} is not in the vocabulary"),
                )
                .with_help(format!(
                    "use one of the vocabulary's tokens: {}",
                    shown.join(" ")
                ))
                .into()
            })
        })
        .collect()
}

/// A target written in TOML: one number per output (nested per position for a sequence, or
/// flat), or for a network on tokens, the next token at each position; checked to suit the
/// loss.
pub(super) fn target(cx: Cx, v: &Value, what: &str, net: &Net, loss: Loss) -> Res<Vec<f64>> {
    let output = net.output();
    if !net.vocabulary.is_empty() && is_strings(v) {
        let ids = tokens(cx, v, what, output.positions(), &net.vocabulary)?;
        let n = output.features();
        if n != net.vocabulary.len() {
            return Err(cx
                .at(
                    v.span(),
                    format!(
                        "{what} is written as tokens, but the output layer has {} per position,                          not one per token of the vocabulary ({})",
                        plural(n, "number"),
                        net.vocabulary.len()
                    ),
                )
                .with_help("give the output layer neurons = the vocabulary's size")
                .into());
        }
        let mut y = vec![0.0; output.len()];
        for (t, id) in ids.into_iter().enumerate() {
            y[t * n + id] = 1.0;
        }
        return Ok(y);
    }
    let (y, items): (Vec<f64>, Vec<&Value>) = if output.is_sequence() && !is_flat(v) {
        let dims = [output.positions(), output.features()];
        let a = tensor::read(
            cx,
            v,
            what,
            (&dims, &["position", "output"]),
            true,
            no_files(),
        )?;
        (a.iter().copied().collect(), Vec::new())
    } else {
        let y = numbers(cx, v, what)?;
        let items: &DeArray = array(cx, v, what)?;
        (y, items.iter().collect())
    };
    let positions = output.positions();
    let result = if positions > 1 && y.len() == net.outputs() {
        let n = output.features();
        (0..positions).try_for_each(|t| {
            check_target(&y[t * n..(t + 1) * n], n, loss).map_err(|p| match p {
                TargetProblem::OutOfRange(k) => TargetProblem::OutOfRange(t * n + k),
                p => p,
            })
        })
    } else {
        check_target(&y, net.outputs(), loss)
    };
    match result {
        Ok(()) => Ok(y),
        Err(p) => {
            let span = match (p, items.is_empty()) {
                (TargetProblem::OutOfRange(k), false) => items[k].span(),
                _ => v.span(),
            };
            let literal = |k: usize| match items.get(k) {
                Some(item) => cx.literal(item),
                None => y[k].to_string(),
            };
            let (message, help) = p.words(what, literal, net, loss);
            Err(cx.at(span, message).with_help(help).into())
        }
    }
}

/// Is `v` an array of strings (tokens)?
fn is_strings(v: &Value) -> bool {
    matches!(v.get_ref(), DeValue::Array(items) if items.iter().all(|x| x.get_ref().as_str().is_some()))
}

/// Is `v` an array of numbers (no nested arrays)?
fn is_flat(v: &Value) -> bool {
    matches!(v.get_ref(), DeValue::Array(items) if items.iter().all(|x| x.get_ref().is_integer() || x.get_ref().is_float()))
}

/// What is wrong with a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum TargetProblem {
    /// It has this many numbers, not one per output neuron.
    Length(usize),
    /// Number `k` (0-based) is not a probability, as the loss needs.
    OutOfRange(usize),
    /// A cross-entropy target that sums to this, not 1.
    Sum(f64),
}

/// Does `y` suit `outputs` neurons and the loss?
pub(super) fn check_target(y: &[f64], outputs: usize, loss: Loss) -> Result<(), TargetProblem> {
    if y.len() != outputs {
        return Err(TargetProblem::Length(y.len()));
    }
    let probabilities = matches!(loss, Loss::Bce | Loss::CrossEntropy);
    if probabilities && let Some(k) = y.iter().position(|x| !(0.0..=1.0).contains(x)) {
        return Err(TargetProblem::OutOfRange(k));
    }
    if loss == Loss::CrossEntropy {
        let sum: f64 = y.iter().sum();
        if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
            return Err(TargetProblem::Sum(sum));
        }
    }
    Ok(())
}

impl TargetProblem {
    /// The message and help about `what` ("the target of sample 3"); `literal(k)` is number k
    /// as written.
    pub(super) fn words(
        self,
        what: &str,
        literal: impl Fn(usize) -> String,
        net: &Net,
        loss: Loss,
    ) -> (String, String) {
        let outputs = net.outputs();
        match self {
            TargetProblem::Length(n) => (
                format!(
                    "{what} has {}, but the output layer (layer {}) has {}",
                    plural(n, "number"),
                    net.layers.len(),
                    plural(outputs, "neuron")
                ),
                format!(
                    "give each target {}, one per output neuron",
                    plural(outputs, "number")
                ),
            ),
            TargetProblem::OutOfRange(k) => {
                let (rule, help) = if loss == Loss::Bce {
                    (
                        "bce targets are probabilities: each must be between 0 and 1",
                        "use mse or half_sse for targets outside [0, 1]",
                    )
                } else {
                    (
                        "cross_entropy targets are probabilities: each must be between 0 and 1",
                        "give class probabilities, e.g. a one-hot target such as [0.0, 1.0, 0.0]",
                    )
                };
                (
                    format!("{what} has {}, but {rule}", literal(k)),
                    help.into(),
                )
            }
            TargetProblem::Sum(sum) => (
                format!("{what} sums to {sum}, but cross_entropy targets must sum to 1"),
                "use a one-hot target such as [0.0, 1.0, 0.0], or probabilities that add up to 1"
                    .into(),
            ),
        }
    }
}
