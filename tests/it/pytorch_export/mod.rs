//! `export --format pytorch`: every bundled lesson's script holds the lesson's exact initial
//! parameters and data (read back from the script's lists and packed base64, bit for bit),
//! builds the network a PyTorch user would write (`nn.Linear`, `nn.Conv2d`, the pools, flatten,
//! the lesson's optimizer over its trainable tensors only, its loss, epochs and batches), and
//! the numbers it checks PyTorch against — sample 1, the first update, every epoch's loss and
//! the final parameters — are those of the independent reference implementation. Running the
//! scripts needs PyTorch, which CI does not have: `docs/pytorch/run_scripts.sh` does that.
//!
//! - `transformer`: the same for the transformer's kinds (embedding, layer norm, attention,
//!   LoRA, GELU, AdamW), bundled and random.

mod transformer;

use std::fs;

use base64::Engine;
use bpnn_tutor::export::pytorch::{self, LayerNames};
use bpnn_tutor::layers::Kind;
use bpnn_tutor::layers::pool::PoolOp;
use bpnn_tutor::lesson::{self, Activation, Layer, Lesson, Loss, Optimizer};
use bpnn_tutor::trace::Trace;
use predicates::prelude::*;

use crate::common::cli::{bin, succeeds};
use crate::common::reference;

pub(crate) fn bundled() -> Vec<(&'static str, Lesson)> {
    lesson::bundled::LESSONS
        .all()
        .iter()
        .map(|b| (b.name, b.load().unwrap()))
        .collect()
}

/// A Python literal of the script as numbers and shape: a nested list, a number,
/// `torch.tensor(…)` of either, or `unpack("key", *shape)` of a packed tensor.
pub(crate) fn literal(script: &str, text: &str) -> (Vec<f64>, Vec<usize>) {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("torch.tensor(")
        .and_then(|t| t.strip_suffix(')'))
    {
        return literal(script, inner);
    }
    if let Some(args) = text
        .strip_prefix("unpack(")
        .and_then(|t| t.strip_suffix(')'))
    {
        let (key, dims) = args[1..].split_once('"').unwrap();
        let dims = dims
            .split(", ")
            .skip(1)
            .map(|d| d.parse().unwrap())
            .collect();
        return (packed(script, key), dims);
    }
    let mut numbers = Vec::new();
    let mut dims = Vec::new();
    let rest = nested(text, 0, &mut numbers, &mut dims);
    assert!(rest.trim().is_empty(), "left over: {rest}");
    (numbers, dims)
}

/// Reads one value of a nested list at `depth` from the start of `text`: its numbers into
/// `numbers`, each level's length into `dims` (the same for every list of a level). Returns
/// the text after it.
fn nested<'a>(
    text: &'a str,
    depth: usize,
    numbers: &mut Vec<f64>,
    dims: &mut Vec<usize>,
) -> &'a str {
    let text = text.trim_start();
    let Some(mut rest) = text.strip_prefix('[') else {
        let end = text.find([',', ']']).unwrap_or(text.len());
        numbers.push(number(text[..end].trim()));
        return &text[end..];
    };
    if dims.len() == depth {
        dims.push(0); // counted below
    }
    let mut count = 0;
    loop {
        rest = nested(rest, depth + 1, numbers, dims).trim_start();
        count += 1;
        match rest.strip_prefix(',') {
            Some(more) => rest = more,
            None => break,
        }
    }
    if dims[depth] == 0 {
        dims[depth] = count;
    }
    assert_eq!(dims[depth], count, "a ragged list");
    rest.strip_prefix(']').expect("a list closes")
}

fn number(s: &str) -> f64 {
    match s {
        "math.inf" => f64::INFINITY,
        "-math.inf" => f64::NEG_INFINITY,
        "math.nan" => f64::NAN,
        s => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
    }
}

/// The numbers packed under `key` at the end of the script.
fn packed(script: &str, key: &str) -> Vec<f64> {
    let open = format!("    \"{key}\": \"\"\"\n");
    let start = script
        .find(&open)
        .unwrap_or_else(|| panic!("no packed {key}"))
        + open.len();
    let end = start + script[start..].find("\"\"\"").unwrap();
    let text: String = script[start..end].split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    bytes
        .chunks(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

/// The literal after `prefix` on the line that starts with it, up to `end`.
pub(crate) fn after<'a>(script: &'a str, prefix: &str, end: &str) -> &'a str {
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix}"));
    let rest = &line.trim_start()[prefix.len()..];
    &rest[..rest.rfind(end).unwrap_or_else(|| panic!("{line}"))]
}

/// The numbers bpnn-tutor gives `cmp` under `label` (the first such line).
pub(crate) fn expected(script: &str, label: &str) -> (Vec<f64>, Vec<usize>) {
    let prefix = format!("cmp(\"{label}\", ");
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no cmp of {label}"));
    let rest = &line.trim_start()[prefix.len()..];
    // The literal ends where its brackets close (a list), or at its first ", " (a number,
    // or unpack's closing parenthesis).
    let end = if rest.starts_with('[') {
        let mut depth = 0;
        rest.char_indices()
            .find_map(|(i, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => return None,
                }
                (depth == 0).then_some(i + 1)
            })
            .unwrap()
    } else if let Some(args) = rest.strip_prefix("unpack(\"") {
        let key_end = rest.len() - args.len() + args.find('"').unwrap();
        key_end + rest[key_end..].find(')').unwrap() + 1
    } else {
        rest.find(", ").unwrap()
    };
    literal(script, &rest[..end])
}

pub(crate) fn bits(values: impl IntoIterator<Item = f64>) -> Vec<u64> {
    values.into_iter().map(f64::to_bits).collect()
}

/// 1e-9 relatively, with a floor for results that cancel to almost nothing.
fn agree(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: how many");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g == w || (g - w).abs() <= 1e-9 * w.abs() + 1e-15,
            "{what}[{i}]: {g} in the script, {w} in the reference"
        );
    }
}

/// The script of `lesson` holds its exact initial parameters, where its kinds say they are,
/// and its exact data, in the shapes of the lesson's input and output.
pub(crate) fn holds_exact_parameters_and_data(name: &str, lesson: &Lesson) {
    let script = pytorch::script(&Trace::new(lesson.clone())).unwrap();
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let names = LayerNames::new(l, format!("a{l}"));
        let refs = layer.kind.contract().torch_parameters(layer, &names);
        for ((spec, values), p) in layer.specs().iter().zip(&layer.params).zip(&refs) {
            let arg = after(&script, &format!("{}.copy_(", p.tensor()), ")  # ");
            let (numbers, dims) = literal(&script, arg);
            assert_eq!(dims, spec.dims, "{name}: the shape of {}", p.tensor());
            assert_eq!(
                bits(numbers),
                bits(values.iter().copied()),
                "{name}: {} is not the lesson's, bit for bit",
                p.tensor()
            );
        }
    }
    let (x, x_dims) = literal(&script, after(&script, "X = ", ""));
    let (y, y_dims) = literal(&script, after(&script, "Y = ", ""));
    let n = lesson.data.len();
    // (samples, *shape): a vector's features, a sequence's token ids or its rows.
    let x_want = [&[n][..], &lesson.input.dims()].concat();
    let y_want = [&[n][..], &lesson.shape(lesson.depth()).dims()].concat();
    assert_eq!(x_dims, x_want, "{name}: X's shape");
    assert_eq!(y_dims, y_want, "{name}: Y's shape");
    let inputs = lesson.data.iter().flat_map(|s| s.input.iter().copied());
    let targets = lesson.data.iter().flat_map(|s| s.target.iter().copied());
    assert_eq!(bits(x), bits(inputs), "{name}: X");
    assert_eq!(bits(y), bits(targets), "{name}: Y");
}

#[test]
fn every_script_holds_the_lessons_exact_parameters_and_data() {
    for (name, lesson) in bundled() {
        holds_exact_parameters_and_data(name, &lesson);
    }
}

pub(crate) fn activation(act: Activation, z: &str) -> String {
    match act {
        Activation::Sigmoid => format!("torch.sigmoid({z})"),
        Activation::Tanh => format!("torch.tanh({z})"),
        Activation::Relu => format!("torch.relu({z})"),
        Activation::LeakyRelu => format!("F.leaky_relu({z}, 0.01)"),
        Activation::Identity => z.to_string(),
        Activation::Softmax => format!("torch.softmax({z}, dim=-1)"),
        Activation::Gelu => format!("F.gelu({z}, approximate=\"none\")"),
    }
}

/// `torch.optim.…([list], …)` as the lesson's optimizer over the PyTorch parameters `list`.
pub(crate) fn optimizer(opt: &Optimizer, list: &str) -> String {
    match *opt {
        Optimizer::Sgd {
            learning_rate,
            momentum: 0.0,
        } => format!("torch.optim.SGD([{list}], lr={learning_rate:?})"),
        Optimizer::Sgd {
            learning_rate,
            momentum,
        } => format!("torch.optim.SGD([{list}], lr={learning_rate:?}, momentum={momentum:?})"),
        Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
        } => format!(
            "torch.optim.Adam([{list}], lr={learning_rate:?}, betas=({beta1:?}, {beta2:?}), eps={epsilon:?})"
        ),
        Optimizer::AdamW {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            weight_decay,
        } => format!(
            "torch.optim.AdamW([{list}], lr={learning_rate:?}, betas=({beta1:?}, {beta2:?}), \
             eps={epsilon:?}, weight_decay={weight_decay:?})"
        ),
    }
}

/// The module layer `l` builds in `Net.__init__` (none for a pool or flatten) and the lines
/// of its forward pass, as a PyTorch user writes them.
fn pytorch_code(layer: &Layer, l: usize) -> (Option<String>, Vec<String>) {
    let pair = |(a, b): (usize, usize)| format!("({a}, {b})");
    let activate = || {
        format!(
            "        a{l} = {}\n",
            activation(layer.activation(), &format!("z{l}"))
        )
    };
    let prev = l - 1;
    match &layer.kind {
        Kind::Conv2d(c) => {
            let (ci, o) = (layer.input.dims()[0], layer.output.dims()[0]);
            let w = c.window;
            let build = format!(
                "        self.layer{l} = nn.Conv2d({ci}, {o}, {}, stride={}, padding={})\n",
                pair(w.kernel),
                pair(w.stride),
                pair(w.padding)
            );
            let z = format!("        z{l} = self.layer{l}(a{prev})\n");
            (Some(build), vec![z, activate()])
        }
        Kind::Pool2d(p) => {
            let f = match p.op {
                PoolOp::Max => "max",
                PoolOp::Avg => "avg",
            };
            let pool = format!(
                "        p{l} = F.{f}_pool2d(a{prev}, {}, stride={})\n",
                pair(p.window.kernel),
                pair(p.window.stride)
            );
            (None, vec![pool, format!("        a{l} = p{l}\n")])
        }
        Kind::Flatten(_) => {
            let flat = format!("        f{l} = torch.flatten(a{prev}, 1)\n");
            (None, vec![flat, format!("        a{l} = f{l}\n")])
        }
        _ => {
            let (m, n) = (layer.inputs(), layer.neurons());
            let build = format!("        self.layer{l} = nn.Linear({m}, {n})\n");
            let z = format!("        z{l} = self.layer{l}(a{prev})\n");
            (Some(build), vec![z, activate()])
        }
    }
}

#[test]
fn every_script_builds_and_trains_the_network_as_the_lesson_does() {
    // Dense and convolutional lessons; `transformer` checks the transformers'.
    let transformer = |l: &Lesson| bpnn_tutor::layers::diagram::applies(l);
    for (name, lesson) in bundled().into_iter().filter(|(_, l)| !transformer(l)) {
        let script = pytorch::script(&Trace::new(lesson.clone())).unwrap();
        assert!(
            script.starts_with("#!/usr/bin/env python3\n\"\"\""),
            "{name}"
        );
        assert!(script.contains("\ntorch.set_default_dtype(torch.float64)\n"));
        let depth = lesson.depth();
        // Where the next module, and the next line of the forward pass, must be found.
        let (mut module, mut forward) = (0, script.find("def forward").unwrap());
        let mut trains = Vec::new();
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            // The modules in order, and the forward pass in order.
            let (build, lines) = pytorch_code(layer, l);
            if let Some(build) = build {
                let found = script[module..].find(&build);
                assert!(
                    found.is_some(),
                    "{name}: no {build:?} after the layers before it"
                );
                module += found.unwrap() + build.len();
            }
            for line in lines {
                let found = script[forward..].find(&line);
                assert!(
                    found.is_some(),
                    "{name}: no {line:?} after the layers before it"
                );
                forward += found.unwrap() + line.len();
            }
            if layer.specs().is_empty() {
                continue;
            }
            if layer.weights_train() {
                trains.push(format!("model.layer{l}.weight"));
            }
            if layer.biases_train() {
                trains.push(format!("model.layer{l}.bias"));
            }
        }
        let optimizer = optimizer(&lesson.optimizer, &trains.join(", "));
        assert!(
            script.contains(&format!("    optimizer = {optimizer}\n")),
            "{name}: {optimizer}"
        );
        let outputs = lesson.outputs();
        let loss = match lesson.loss {
            Loss::HalfSse => format!("0.5 * ((t[\"a{depth}\"] - y) ** 2).sum(dim=-1).mean()"),
            Loss::Mse => format!("F.mse_loss(t[\"a{depth}\"], y)"),
            Loss::Bce => format!("F.binary_cross_entropy(t[\"a{depth}\"], y)"),
            Loss::CrossEntropy => format!(
                "F.cross_entropy(t[\"z{depth}\"].reshape(-1, {outputs}), y.reshape(-1, {outputs}))"
            ),
        };
        assert!(
            script.contains(&format!("    return {loss}\n")),
            "{name}: {loss}"
        );
        for line in [
            format!("for epoch in range(1, {} + 1):", lesson.epochs),
            format!("range(0, len(X), {})", lesson.batch_size),
            "optimizer.step()".into(),
            "return report()".into(),
        ] {
            assert!(script.contains(&line), "{name}: {line}");
        }
        // A batch of several samples has its mean gradient checked before the step.
        assert_eq!(
            script.contains("check_batch(model)"),
            lesson.batch_size > 1 && lesson.data.len() > 1,
            "{name}"
        );
    }
}

#[test]
fn the_numbers_the_scripts_check_are_the_reference_implementations() {
    // The reference implementation is of dense networks; convolutional lessons are checked
    // against theirs in `cnn_engine`, transformer lessons in `transformer`.
    for (name, lesson) in bundled().into_iter().filter(|(_, l)| l.all_dense()) {
        let whole = pytorch::script(&Trace::new(lesson.clone())).unwrap();
        // Sample 1 and the end are checked in main, the first update in check_update.
        let script = &whole[whole.find("def main").unwrap()..];
        let update = &whole[whole.find("def check_update").unwrap()..];
        let run = reference::train(&lesson, true);
        let first = &run.samples[0][0];
        let depth = lesson.depth();
        for l in 1..=depth {
            let (z, _) = expected(script, &format!("z({l})"));
            agree(&z, &first.z[l - 1], &format!("{name} z({l})"));
            let (a, _) = expected(script, &format!("a({l})"));
            agree(&a, &first.a[l], &format!("{name} a({l})"));
            let (delta, _) = expected(script, &format!("delta({l})"));
            agree(&delta, &first.delta[l - 1], &format!("{name} delta({l})"));
            let (db, _) = expected(script, &format!("db({l})"));
            agree(&db, &first.delta[l - 1], &format!("{name} db({l})"));
            // ∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ·a⁽ˡ⁻¹⁾ₖ of the reference's numbers.
            let (dw, dims) = expected(script, &format!("dw({l})"));
            let outer: Vec<f64> = first.delta[l - 1]
                .iter()
                .flat_map(|d| first.a[l - 1].iter().map(move |a| d * a))
                .collect();
            assert_eq!(dims, [lesson.width(l), lesson.width(l - 1)], "{name}");
            agree(&dw, &outer, &format!("{name} dw({l})"));
            // After the first update (in check_update, the first cmp of each name).
            let after = &run.updates[0][0].params;
            if lesson.layers[l - 1].weights_train() {
                let (w, _) = expected(update, &format!("w({l})"));
                let want: Vec<f64> = after.w[l - 1].iter().flatten().copied().collect();
                agree(&w, &want, &format!("{name} w({l}) after update 1"));
            }
            if lesson.layers[l - 1].biases_train() {
                let (b, _) = expected(update, &format!("b({l})"));
                agree(
                    &b,
                    &after.b[l - 1],
                    &format!("{name} b({l}) after update 1"),
                );
            }
            let (w, _) = expected(script, &format!("final w({l})"));
            let want: Vec<f64> = run.params.w[l - 1].iter().flatten().copied().collect();
            agree(&w, &want, &format!("{name} final w({l})"));
            let (b, _) = expected(script, &format!("final b({l})"));
            agree(&b, &run.params.b[l - 1], &format!("{name} final b({l})"));
        }
        let (loss, _) = expected(script, "loss");
        agree(&loss, &[first.loss], &format!("{name} loss"));
        let (losses, _) = expected(script, "loss per epoch");
        agree(&losses, &run.epoch_losses, &format!("{name} epoch losses"));
    }
}

#[test]
fn export_writes_a_script_and_never_overwrites_it_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sigmoid_2layer.py");
    let export = |more: &[&str]| {
        let mut cmd = bin();
        cmd.args(["export", "sigmoid_2layer", "--format", "pytorch", "-o"])
            .arg(&path)
            .args(more);
        cmd.assert()
    };
    export(&[])
        .success()
        .stderr(predicate::str::contains("wrote"));
    let first = fs::read(&path).unwrap();
    assert!(first.starts_with(b"#!/usr/bin/env python3\n"));
    export(&[]).code(1).stderr(
        predicate::str::contains("already exists").and(predicate::str::contains("--force")),
    );
    assert_eq!(fs::read(&path).unwrap(), first);
    export(&["--force"]).success();
    assert_eq!(
        fs::read(&path).unwrap(),
        first,
        "the same lesson, the same bytes"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "a stray file");
    let stdout = succeeds(bin().args(["export", "sigmoid_2layer", "--format", "pytorch"]));
    assert_eq!(
        stdout.stdout, first,
        "-o - (the default) writes the same script"
    );
    bin()
        .args([
            "export",
            "sigmoid_2layer",
            "--format",
            "pytorch",
            "--epoch",
            "1",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--epoch and --sample do not apply",
        ));
}

#[test]
fn a_large_lesson_stays_a_reasonable_size() {
    let lesson = lesson::bundled::LESSONS
        .find("mnist_sized")
        .unwrap()
        .load()
        .unwrap();
    let numbers = lesson.parameter_count() * 4 // initial, first update, final, first dw/db
        + lesson.data.len() * (lesson.inputs() + lesson.outputs());
    let script = pytorch::script(&Trace::new(lesson)).unwrap();
    // Packed as base64 of float64s: 8 bytes a number and a third more, and little else.
    let bound = numbers * 8 * 4 / 3 * 103 / 100 + 100_000;
    assert!(
        script.len() < bound,
        "{} bytes for {numbers} numbers (bound {bound})",
        script.len()
    );
    // Whole tensors are compared: one cmp line each, no line per number.
    assert!(script.lines().filter(|l| l.contains("cmp(")).count() < 40);
}
