//! The JSON trace (format `bpnn-tutor-trace`, version 3), written step by step.
//!
//! Version 3 splits the steps into two tables, so that a data frame keeps every index column
//! an integer: `steps` (forward, loss and backward: every row has its `sample`) and `updates`
//! (optimizer state and new parameters, with `param`, `before`, `gradient` and Adam's `t`).
//! `layer`, `j` and `k` are integers in every row, 0 where they do not apply; the loss
//! carries its sample's `target`. With [`Options::no_formulas`] a step has no `formula`,
//! `substituted` or `remarks`; [`Options::filter`] keeps some quantities, layers or steps.
//!
//! Version 2 added to each step of version 1 its `index` (its position in the epoch, from 1),
//! `param` (the parameter a gradient, update or optimizer-state step belongs to), and for
//! update steps `before` and `gradient` (that parameter's value before the update and the
//! batch-mean gradient the update used) and Adam's `t`. Every field of version 1 is kept
//! with its meaning, so a reader of version 1 reads version 2 unchanged.
//!
//! Values are written with full f64 precision (the shortest text that reads back to the same
//! number). JSON has no NaN or infinity: such values are written as `null`, and
//! `first_non_finite` names the step where training first left the finite numbers.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use crate::engine::Params;
use crate::notation::{Digits, Notation};
use crate::trace::{Batch, Param, Phase, Quantity, Step, Style, Trace};

use super::select::{Filter, Selection};

/// What a JSON or CSV export writes of each step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Leave out `formula`, `substituted` and `remarks` (a third of the bytes and more).
    pub no_formulas: bool,
    /// Which steps to keep.
    pub filter: Filter,
}

/// One step as JSON. Index columns (`epoch`, `index`, `sample`, `batch`, `layer`, `j`, `k`)
/// are integers in every row of their table, so a data frame keeps them as integers: `0` where
/// one does not apply (the loss's layer, a neuron's `k`, `j` and `k` of a layer that is not
/// dense on a vector); `indices` holds every index of any kind of layer.
#[derive(Serialize)]
struct JsonStep<'a> {
    epoch: usize,
    index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    sample: Option<usize>,
    batch: usize,
    phase: &'a str,
    name: String,
    quantity: String,
    layer: usize,
    j: usize,
    k: usize,
    indices: Vec<usize>,
    value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    formula: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    substituted: Option<String>,
    /// The sample's targets, on its loss.
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gradient: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<u64>,
    /// Present only where the formula is not the textbook one (a clamp of PyTorch's acts).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remarks: Vec<String>,
}

/// The index columns of a step: its layer, and `j`, `k` of a dense layer on a vector; 0
/// where one does not apply.
pub fn index_columns(trace: &Trace, step: &Step) -> (usize, usize, usize) {
    let id = &step.id;
    if id.quantity == Quantity::Loss {
        return (0, 0, 0);
    }
    let layer = &trace.lesson().layers[id.layer - 1];
    let dense = layer.is_dense() && !layer.input.is_sequence();
    match dense {
        true => (id.layer, id.j() + 1, id.k().map_or(0, |k| k + 1)),
        false => (id.layer, 0, 0),
    }
}

fn step_json<'a>(trace: &Trace, step: &'a Step, style: Style, options: &Options) -> JsonStep<'a> {
    let f = (!options.no_formulas).then(|| trace.formula(step));
    let param = step.id.param();
    let update = step.phase() == Phase::Update;
    // An update step: its parameter before the update and the batch-mean gradient it used.
    let batch = update.then(|| trace.batch(step.epoch, step.batch));
    let of_batch = |read: fn(&Batch, Param) -> f64| {
        batch
            .as_ref()
            .zip(param)
            .map(|(b, p)| finite(read(b, p) + 0.0))
    };
    let (layer, j, k) = index_columns(trace, step);
    let target = (step.id.quantity == Quantity::Loss)
        .then(|| step.sample())
        .flatten()
        .map(|s| trace.lesson().data[s - 1].target.iter().copied().collect());
    JsonStep {
        epoch: step.epoch,
        index: step.index + 1,
        sample: step.sample(),
        batch: step.batch,
        phase: step.phase().name(),
        name: step.name(),
        quantity: step.id.quantity.name(),
        layer,
        j,
        k,
        indices: step.id.ix.iter().map(|i| i + 1).collect(),
        // −0 (a ReLU's zero gradient times a negative number) is written as 0.
        value: step.value + 0.0,
        formula: f.as_ref().map(|f| f.symbolic(style)),
        substituted: f.as_ref().map(|f| f.substituted(style)),
        target,
        param: param.map(|p| p.id(p.quantity()).to_string()),
        before: of_batch(Batch::before),
        gradient: of_batch(Batch::gradient),
        t: batch.as_ref().and_then(Batch::adam_t),
        remarks: f.map_or_else(Vec::new, |f| f.remark_lines(style)),
    }
}

/// One step as a line of JSON, as the export writes it (for size estimates too).
pub fn step_line(trace: &Trace, step: &Step, options: &Options) -> String {
    let style = Style::new(Notation::Latex, Digits::Full);
    serde_json::to_string(&step_json(trace, step, style, options)).unwrap_or_default()
}

/// A number for an optional field: `None` (null) when it is not finite.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Writes `{"layers": [{"weights": [[…], …], "biases": […]}, …]}`, each tensor under its
/// lesson-file key with the lesson's nesting, row by row, so even a large network never exists
/// as a JSON tree in memory. A layer without parameters is `{}`.
fn write_params(out: &mut dyn Write, lesson: &crate::lesson::Lesson, p: &Params) -> io::Result<()> {
    out.write_all(b"{\"layers\": [")?;
    for (i, (l, layer)) in p.layers.iter().zip(&lesson.layers).enumerate() {
        out.write_all(if i == 0 { b"\n    {" } else { b",\n    {" })?;
        for (n, (spec, (_, tensor))) in layer.specs().iter().zip(&l.tensors).enumerate() {
            if n > 0 {
                out.write_all(b", ")?;
            }
            write!(out, "\"{}\": ", spec.key)?;
            write_nested(out, tensor.view())?;
        }
        out.write_all(b"}")?;
    }
    out.write_all(b"\n  ]}")
}

/// A tensor as nested JSON arrays, its first axis outermost.
fn write_nested(out: &mut dyn Write, a: ndarray::ArrayViewD<'_, f64>) -> io::Result<()> {
    if a.ndim() <= 1 {
        return write_numbers(out, a.iter());
    }
    out.write_all(b"[")?;
    for (i, row) in a.outer_iter().enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        write_nested(out, row)?;
    }
    out.write_all(b"]")
}

/// A JSON array of numbers, full precision, non-finite as null.
fn write_numbers<'a>(out: &mut dyn Write, values: impl Iterator<Item = &'a f64>) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.write_all(b", ")?;
        }
        serde_json::to_writer(&mut *out, v)?;
    }
    out.write_all(b"]")
}

/// The lesson's settings, as JSON.
pub fn lesson_json(trace: &Trace) -> serde_json::Value {
    let lesson = trace.lesson();
    let optimizer = match lesson.optimizer {
        crate::lesson::Optimizer::Sgd {
            learning_rate,
            momentum,
        } => json!({"kind": "sgd", "learning_rate": learning_rate, "momentum": momentum}),
        crate::lesson::Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
        } => json!({"kind": "adam", "learning_rate": learning_rate, "beta1": beta1,
                    "beta2": beta2, "epsilon": epsilon}),
        crate::lesson::Optimizer::AdamW {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            weight_decay,
        } => json!({"kind": "adamw", "learning_rate": learning_rate, "beta1": beta1,
                    "beta2": beta2, "epsilon": epsilon, "weight_decay": weight_decay}),
    };
    let mut v = json!({
        "title": lesson.title,
        "file": lesson.source,
        "inputs": input_json(&lesson.input),
        "layers": lesson.layers.iter().map(layer_json).collect::<Vec<_>>(),
        "loss": lesson.loss.name(),
        "optimizer": optimizer,
        "epochs": lesson.epochs,
        "batch_size": lesson.batch_size,
    });
    if let crate::lesson::Shape::Sequence { t, .. } = lesson.input {
        v["sequence"] = json!(t);
    }
    v
}

/// The network's input: a count, an image's `[C, H, W]`, or a sequence's features with its
/// length.
fn input_json(shape: &crate::lesson::Shape) -> serde_json::Value {
    use crate::lesson::Shape;
    match *shape {
        Shape::Vector(n) => json!(n),
        Shape::Image { c, h, w } => json!([c, h, w]),
        Shape::Sequence { f, .. } => json!(f),
        Shape::Tokens { .. } => json!(null),
    }
}

/// One layer's settings: its kind, its settings as the lesson writes them, its shapes.
fn layer_json(l: &crate::lesson::Layer) -> serde_json::Value {
    let mut v = json!({
        "kind": l.kind.name(),
        "neurons": l.neurons(),
        "activation": l.activation().name(),
        "trainable": l.trainable,
        "train_biases": l.train_biases,
        "output": l.output.dims(),
    });
    if let Some(n) = l.residual {
        v["residual"] = json!(n);
    }
    // The kind's own settings (a convolution's channels and kernel, a recurrent layer's
    // hidden and outputs, attention's heads and causal, a layer norm's epsilon, LoRA's
    // table), as the lesson writes them: TOML values (numbers, booleans, strings, arrays and
    // inline tables) read as JSON, beside the keys every layer has.
    for (key, value) in l.kind.contract().settings(l) {
        if let Ok(t) = toml::from_str::<toml::Table>(&format!("x = {value}"))
            && let Ok(j) = serde_json::to_value(&t["x"])
            && let Some(o) = v.as_object_mut()
        {
            o.entry(key).or_insert(j);
        }
    }
    v
}

/// The version of the format this module writes.
pub const VERSION: u32 = 3;

/// Writes `"epochs": [{"epoch": 1, "loss": …}, …]` one epoch at a time: a run of a million
/// epochs never exists as a JSON tree in memory.
fn write_epochs(out: &mut dyn Write, trace: &Trace) -> io::Result<()> {
    out.write_all(b",\n  \"epochs\": [")?;
    for e in 1..=trace.epochs() {
        out.write_all(if e == 1 { b"\n    " } else { b",\n    " })?;
        write!(out, "{{\"epoch\": {e}, \"loss\": ")?;
        serde_json::to_writer(&mut *out, &trace.epoch_summary(e).loss)?;
        out.write_all(b"}")?;
    }
    out.write_all(b"\n  ]")
}

/// Writes the selected part of the trace as one JSON document.
pub fn write(
    trace: &Trace,
    selection: &Selection,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::new(Notation::Latex, Digits::Full);
    let field = |out: &mut dyn Write, name: &str, v: &serde_json::Value| -> io::Result<()> {
        write!(out, ",\n  \"{name}\": ")?;
        serde_json::to_writer(&mut *out, v)?;
        Ok(())
    };
    write!(
        out,
        "{{\n  \"format\": \"bpnn-tutor-trace\",\n  \"version\": {VERSION}"
    )?;
    field(out, "lesson", &lesson_json(trace))?;
    let range = |r: &std::ops::RangeInclusive<usize>| json!([r.start(), r.end()]);
    field(
        out,
        "selection",
        &json!({"epochs": range(&selection.epochs),
                "samples": selection.samples.as_ref().map(range)}),
    )?;
    // Sample steps and update steps are two tables, so `sample` is an integer in every row.
    for (table, update) in [("steps", false), ("updates", true)] {
        write!(out, ",\n  \"{table}\": [")?;
        let steps = selection
            .phase_steps(trace, update)
            .filter(|s| options.filter.keeps(&s.id));
        for (i, step) in steps.enumerate() {
            out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
            serde_json::to_writer(&mut *out, &step_json(trace, &step, style, options))?;
        }
        write!(out, "\n  ]")?;
    }
    write_epochs(out, trace)?;
    let first = trace.first_non_finite().map(
        |s| json!({"epoch": s.epoch, "sample": s.sample(), "batch": s.batch, "name": s.name()}),
    );
    field(out, "first_non_finite", &json!(first))?;
    write!(out, ",\n  \"initial\": ")?;
    write_params(out, trace.lesson(), &trace.initial_params())?;
    write!(out, ",\n  \"data\": [")?;
    for (i, s) in trace.lesson().data.iter().enumerate() {
        out.write_all(if i == 0 {
            b"\n    {\"input\": "
        } else {
            b",\n    {\"input\": "
        })?;
        write_numbers(out, s.input.iter())?;
        out.write_all(b", \"target\": ")?;
        write_numbers(out, s.target.iter())?;
        out.write_all(b"}")?;
    }
    write!(out, "\n  ]")?;
    write!(out, ",\n  \"final\": ")?;
    write_params(out, trace.lesson(), &trace.final_params())?;
    writeln!(out, "\n}}")
}
