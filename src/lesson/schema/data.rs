//! The training data: `[[data]]` samples written out, `[data]` read from a CSV file, or a
//! `[generate]` table. Targets are checked the same way wherever they come from.

use ndarray::Array1;
use toml::de::{DeArray, DeValue};

use super::network::Net;
use super::tensor::Axis;
use super::{Files, Res, csv, generate, plural, tensor};
use crate::lesson::limits::{MAX_DATA_VALUES, MAX_SAMPLES};
use crate::lesson::model::{Generated, Loss, Sample, Shape};
use crate::source::diagnostic::Diagnostic;
use crate::source::reader::{
    Cx, Entry, Span, Table, Value, array, expected, for_key, for_what, in_what, numbers, table,
    thousands,
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
            .at(g.key_span, crate::msg!("err-data-and-generate"))
            .with_help(crate::msg!("err-data-and-generate-help"))
            .into()),
        (None, None) => Err(cx
            .at(0..0, crate::msg!("err-no-data"))
            .with_help(crate::msg!("err-no-data-help"))
            .into()),
        (Some(d), None) => match d.value.get_ref() {
            DeValue::Table(t) if !t.contains_key("input") && !t.contains_key("target") => {
                let t = table(cx, d.value, "[data]", &for_key("data"))?;
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
                crate::msg!(
                    "err-too-much-data",
                    samples = thousands(samples as u128),
                    each = per_sample.to_string(),
                    n = thousands(values),
                    max = thousands(MAX_DATA_VALUES as u128)
                ),
            )
            .with_help(crate::msg!("err-fewer-samples"))
            .into());
    }
    Ok(())
}

/// The message for more samples than the limit, found at `span`.
fn too_many_samples(cx: Cx, span: Span, what: &str, n: usize) -> Diagnostic {
    cx.at(
        span,
        crate::msg!(
            "err-too-many-samples",
            what = what,
            n = thousands(n as u128),
            max = thousands(MAX_SAMPLES as u128)
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
                .at(d.value.span(), crate::msg!("err-single-data-table"))
                .with_help(crate::msg!("err-single-data-table-help"))
                .into());
        }
        _ => {
            return Err(expected(cx, d.value, "err-a-list-of-samples", &for_key("data")).into());
        }
    };
    if list.is_empty() {
        return Err(cx
            .at(d.value.span(), crate::msg!("err-data-empty"))
            .with_help(crate::msg!("err-data-empty-help"))
            .into());
    }
    if list.len() > MAX_SAMPLES {
        return Err(too_many_samples(cx, d.value.span(), "`data`", list.len()).into());
    }
    Ok(list)
}

/// Sample `s` (1-based) of `[[data]]`.
fn sample(cx: Cx, v: &Value, s: usize, net: &Net, loss: Loss) -> Res<Sample> {
    let owner = crate::msg!("err-owner-sample", s = s.to_string());
    let t = table(cx, v, owner.clone(), &for_what(&owner))?;
    t.allow_only(cx, &SAMPLE_KEYS)?;
    let input = match net.input {
        Shape::Vector(n) => vector_input(cx, &t, s, n)?,
        Shape::Tokens { t: len } => {
            let e = t.require(
                cx,
                "input",
                crate::msg!("err-input-tokens-help", n = len.to_string()),
            )?;
            tokens(
                cx,
                e.value,
                &crate::msg!("err-input-of-sample", s = s.to_string()),
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
                crate::msg!(
                    "err-input-shape-help",
                    shape = tensor::shape_text(&shape.dims())
                ),
            )?;
            let what = crate::msg!("err-input-of-sample", s = s.to_string());
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
        crate::msg!(
            "err-target-help",
            numbers = plural(net.outputs(), "err-n-numbers")
        ),
    )?;
    let what = crate::msg!("err-target-of-sample", s = s.to_string());
    let target = target(cx, target_e.value, &what, net, loss)?;
    Ok(Sample {
        input: Array1::from(input),
        target: Array1::from(target),
    })
}

/// What a sample's input axes are called in messages.
fn axes(shape: Shape) -> tensor::Axes<'static> {
    match shape {
        Shape::Image { .. } => &[Axis::CHANNEL, Axis::ROW, Axis::COLUMN],
        Shape::Sequence { .. } => &[Axis::POSITION, Axis::FEATURE],
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
        crate::msg!("err-input-help", numbers = plural(inputs, "err-n-numbers")),
    )?;
    let what = crate::msg!("err-input-of-sample", s = s.to_string());
    let input = numbers(cx, input_e.value, &what)?;
    if input.len() != inputs {
        return Err(cx
            .at(
                input_e.value.span(),
                crate::msg!(
                    "err-input-length",
                    what = &what,
                    numbers = plural(input.len(), "err-n-numbers"),
                    inputs = plural(inputs, "err-n-inputs")
                ),
            )
            .with_help(crate::msg!(
                "err-input-length-help",
                numbers = plural(inputs, "err-n-numbers")
            ))
            .into());
    }
    Ok(input)
}

/// `len` tokens of the vocabulary, written as strings; their ids.
fn tokens(cx: Cx, v: &Value, what: &str, len: usize, vocabulary: &[String]) -> Res<Vec<usize>> {
    let items = array(cx, v, &for_what(what))?;
    if items.len() != len {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-token-count",
                    what = what,
                    tokens = plural(items.len(), "err-n-tokens"),
                    len = len.to_string()
                ),
            )
            .with_help(crate::msg!("err-token-count-help", len = len.to_string()))
            .into());
    }
    let inside = in_what(what);
    items
        .iter()
        .map(|item| {
            let token = crate::source::reader::string(cx, item, &inside)?;
            vocabulary.iter().position(|t| t == token).ok_or_else(|| {
                let shown: Vec<&str> = vocabulary.iter().map(String::as_str).take(20).collect();
                cx.at(
                    item.span(),
                    crate::msg!("err-not-in-vocabulary", token = token, what = what),
                )
                .with_help(crate::msg!(
                    "err-not-in-vocabulary-help",
                    tokens = shown.join(" ")
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
                    crate::msg!(
                        "err-target-tokens",
                        what = what,
                        numbers = plural(n, "err-n-numbers"),
                        size = net.vocabulary.len().to_string()
                    ),
                )
                .with_help(crate::msg!("err-target-tokens-help"))
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
            (&dims, &[Axis::POSITION, Axis::OUTPUT]),
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
                crate::msg!(
                    "err-target-length",
                    what = what,
                    numbers = plural(n, "err-n-numbers"),
                    l = net.layers.len().to_string(),
                    neurons = plural(outputs, "err-n-neurons")
                ),
                crate::msg!(
                    "err-target-length-help",
                    numbers = plural(outputs, "err-n-numbers")
                ),
            ),
            TargetProblem::OutOfRange(k) => {
                let (message, help) = if loss == Loss::Bce {
                    ("err-bce-target", "err-bce-target-help")
                } else {
                    ("err-ce-target", "err-ce-target-help")
                };
                (
                    crate::msg!(message, what = what, value = literal(k)),
                    crate::msg!(help),
                )
            }
            TargetProblem::Sum(sum) => (
                crate::msg!("err-target-sum", what = what, sum = sum.to_string()),
                crate::msg!("err-target-sum-help"),
            ),
        }
    }
}
