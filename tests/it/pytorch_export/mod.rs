//! `export --format pytorch`: every bundled lesson's script holds the lesson's exact initial
//! parameters and data (read back from the script's lists and packed base64, bit for bit),
//! builds the network a PyTorch user would write (`nn.Linear`, `nn.Conv2d`, the pools, flatten,
//! the lesson's optimizer over its trainable tensors only, its loss, epochs and batches), and
//! the numbers it checks PyTorch against — sample 1, the first update, every epoch's loss and
//! the final parameters — are those of the independent reference implementation (the
//! recurrent kinds' scripts: `pytorch_recurrent`). Running the scripts needs PyTorch, which CI
//! does not have: `docs/pytorch/run_scripts.sh` does that.
//!
//! - `transformer`: the same for the transformer's kinds (embedding, layer norm, attention,
//!   LoRA, GELU, AdamW), bundled and random.

mod transformer;

use std::fs;

use bpnn_tutor::export::pytorch;
use bpnn_tutor::layers::Kind;
use bpnn_tutor::layers::pool::PoolOp;
use bpnn_tutor::lesson::{self, Activation, Layer, Lesson, Loss, Optimizer};
use bpnn_tutor::trace::Trace;
use predicates::prelude::*;

use crate::common::cli::{bin, succeeds};
use crate::common::script::{agree, expected, holds_exact_parameters_and_data};
use crate::common::{has_recurrent, reference};

pub(crate) fn bundled() -> Vec<(&'static str, Lesson)> {
    lesson::bundled::LESSONS
        .all()
        .iter()
        .map(|b| (b.name, b.load().unwrap()))
        .collect()
}

/// The bundled lessons without a recurrent layer (their scripts: `pytorch_recurrent`) and
/// without a transformer's (`transformer`).
fn not_recurrent() -> Vec<(&'static str, Lesson)> {
    bundled()
        .into_iter()
        .filter(|(_, l)| !has_recurrent(l) && !bpnn_tutor::layers::diagram::applies(l))
        .collect()
}

#[test]
fn every_script_holds_the_lessons_exact_parameters_and_data() {
    for (name, lesson) in bundled() {
        let script = pytorch::script(&Trace::new(lesson.clone())).unwrap();
        holds_exact_parameters_and_data(name, &lesson, &script);
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
    for (name, lesson) in not_recurrent() {
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
