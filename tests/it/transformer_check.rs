//! The misconceptions of a transformer's steps, each made as a learner makes it: the wrong
//! number worked out here from the step's inputs (the trace's own values of q, k, μ, σ², …,
//! which the transformer tests check against PyTorch and a reference) and the mistake's
//! formula written out here, into a worksheet; the real binary's `check --format json` must
//! name it. A sheet of the right values is never given a misconception.

use crate::common;
use crate::common::sheets::{Dir, answer, lesson_file, marks};

use bpnn_tutor::lesson;
use bpnn_tutor::trace::Trace;

/// Six significant figures, as a learner with a calculator writes them.
fn six(v: f64) -> String {
    let digits = 5 - v.abs().log10().floor() as i32;
    format!("{:.*}", digits.max(0) as usize, v)
}

fn trace(name: &str) -> Trace {
    Trace::new(lesson::load_arg(lesson_file(name)).unwrap())
}

/// The value of step `name` in epoch 1, sample (or batch) 1.
fn v(t: &Trace, name: &str) -> f64 {
    let id = t.parse_step(name).unwrap();
    t.find(&common::key(1, id, 1))
        .unwrap_or_else(|| panic!("no {name}"))
        .value
}

/// Grades one answer of `value` for `step` of the bundled lesson `lesson`.
fn mark(lesson: &str, step: &str, value: f64) -> (String, Option<String>) {
    let dir = Dir::new();
    dir.write("ws.toml", &answer(step, &six(value), ""));
    let report = dir.json(&lesson_file(lesson), "ws.toml", &[]);
    let (_, verdict, id) = marks(&report)
        .into_iter()
        .find(|(n, _, _)| n == step)
        .unwrap();
    (verdict, id)
}

fn names(lesson: &str, step: &str, value: f64, id: &str) {
    assert_eq!(
        mark(lesson, step, value),
        ("wrong".to_string(), Some(id.to_string())),
        "{step} = {value}"
    );
}

fn q(t: &Trace, which: &str, pos: usize, c: usize) -> f64 {
    v(t, &format!("{which}(3)[{pos},{c}]"))
}

#[test]
fn no_attention_scale() {
    let t = trace("tiny_gpt");
    let dot: f64 = (1..=4).map(|c| q(&t, "q", 3, c) * q(&t, "k", 2, c)).sum();
    names("tiny_gpt", "score(3)[3,2]", dot, "no_attention_scale");
}

#[test]
fn no_attention_scale_in_a_weight() {
    let t = trace("tiny_gpt");
    // Query 3's weights from scores q·k without the √4: softmax over keys 1 to 3.
    let raw: Vec<f64> = (1..=3)
        .map(|s| {
            (1..=4)
                .map(|c| q(&t, "q", 3, c) * q(&t, "k", s, c))
                .sum::<f64>()
        })
        .collect();
    let total: f64 = raw.iter().map(|x| x.exp()).sum();
    names(
        "tiny_gpt",
        "attn(3)[3,2]",
        raw[1].exp() / total,
        "no_attention_scale",
    );
}

#[test]
fn attention_scale_by_dim() {
    let t = trace("tiny_gpt_two_heads");
    // Head 1 holds features 1 and 2; divided by √4 (the model's) instead of √2 (the head's).
    let dot: f64 = (1..=2).map(|c| q(&t, "q", 3, c) * q(&t, "k", 2, c)).sum();
    names(
        "tiny_gpt_two_heads",
        "score(3)[1,3,2]",
        dot / 2.0,
        "attention_scale_by_dim",
    );
}

#[test]
fn softmax_wrong_axis() {
    let t = trace("tiny_gpt");
    // Down key 2's column: the queries 2, 3 and 4 that see it.
    let s: Vec<f64> = (2..=4)
        .map(|u| v(&t, &format!("score(3)[{u},2]")))
        .collect();
    let total: f64 = s.iter().map(|x| x.exp()).sum();
    names(
        "tiny_gpt",
        "attn(3)[3,2]",
        s[1].exp() / total,
        "softmax_wrong_axis",
    );
}

#[test]
fn mask_after_softmax() {
    let t = trace("tiny_gpt");
    // Query 2 over all four keys, the later two unmasked: q₂·k_s/√4.
    let raw: Vec<f64> = (1..=4)
        .map(|s| {
            (1..=4)
                .map(|c| q(&t, "q", 2, c) * q(&t, "k", s, c))
                .sum::<f64>()
                / 2.0
        })
        .collect();
    let total: f64 = raw.iter().map(|x| x.exp()).sum();
    names(
        "tiny_gpt",
        "attn(3)[2,1]",
        raw[0].exp() / total,
        "mask_after_softmax",
    );
}

#[test]
fn layernorm_constant_stats() {
    let t = trace("tiny_gpt");
    let direct = v(&t, "dxhat(2)[2,3]") / (v(&t, "var(2)[2]") + 1e-5).sqrt();
    names("tiny_gpt", "dx(2)[2,3]", direct, "layernorm_constant_stats");
}

#[test]
fn layernorm_unbiased_variance() {
    let t = trace("tiny_gpt");
    let mu = v(&t, "mu(2)[2]");
    let ss: f64 = (1..=4)
        .map(|j| (v(&t, &format!("a(1)[2,{j}]")) - mu).powi(2))
        .sum();
    names(
        "tiny_gpt",
        "var(2)[2]",
        ss / 3.0,
        "layernorm_unbiased_variance",
    );
}

/// A layer norm of nearly equal numbers: σ² = 2.67e-6 is below ε = 1e-5, so where ε goes shows.
const TINY_VARIANCE: &str = r#"[lesson]
title = "a layer norm of nearly equal numbers"

[network]
inputs = 3
sequence = 2

[[network.layer]]
kind = "layernorm"

[[network.layer]]
neurons = 2
activation = "identity"
weights = [[0.5, -0.3, 0.2], [0.1, 0.4, -0.2]]

[training]
loss = "mse"
optimizer = { kind = "sgd", learning_rate = 0.1 }

[[data]]
input = [[1.0, 1.002, 1.004], [0.5, 0.52, 0.49]]
target = [[0.0, 1.0], [1.0, 0.0]]
"#;

#[test]
fn layernorm_epsilon_outside_sqrt() {
    // Position 1: μ = 1.002, σ² = (0.002² + 0 + 0.002²)/3; x̂₁ with ε after the root.
    let var = (0.002f64.powi(2) * 2.0) / 3.0;
    let wrong = (1.0 - 1.002) / (var.sqrt() + 1e-5);
    let dir = Dir::new();
    dir.write("ln.toml", TINY_VARIANCE);
    dir.write("ws.toml", &answer("xhat(1)[1,1]", &six(wrong), ""));
    let report = dir.json("ln.toml", "ws.toml", &[]);
    let (_, verdict, id) = marks(&report).into_iter().next().unwrap();
    assert_eq!(
        (verdict.as_str(), id.as_deref()),
        ("wrong", Some("layernorm_epsilon_outside_sqrt"))
    );
}

#[test]
fn residual_gradient_dropped() {
    let t = trace("tiny_gpt");
    // The embedding's error through the layer norm alone, without layer 3's residual.
    names(
        "tiny_gpt",
        "delta(1)[2,3]",
        v(&t, "dx(2)[2,3]"),
        "residual_gradient_dropped",
    );
}

#[test]
fn adamw_coupled_decay() {
    let t = trace("tiny_gpt");
    // Adam with L2 at t = 1: g' = g + λp, m̂ = g', v̂ = g'², p − η·g'/(|g'| + ε).
    let (p, g) = (-0.56, v(&t, "dw_q(3)[1,1]"));
    let g2 = g + 0.01 * p;
    let wrong = p - 0.05 * (g2 / ((g2 * g2).sqrt() + 1e-8));
    names("tiny_gpt", "w_q(3)[1,1]", wrong, "adamw_coupled_decay");
}

#[test]
fn lora_scale_missing() {
    let t = trace("tiny_gpt_lora");
    let sum: f64 = (1..=4)
        .map(|pos| v(&t, &format!("delta(5)[{pos},1]")) * v(&t, &format!("down(5)[{pos},1]")))
        .sum();
    names(
        "tiny_gpt_lora",
        "dlora_b(5)[1,1]",
        sum,
        "lora_scale_missing",
    );
}

#[test]
fn gelu_tanh_approximation() {
    let t = trace("tiny_gpt");
    let z = v(&t, "z(5)[2,1]");
    let wrong =
        0.5 * z * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (z + 0.044715 * z.powi(3))).tanh());
    names("tiny_gpt", "a(5)[2,1]", wrong, "gelu_tanh_approximation");
}

#[test]
fn right_answers_are_never_named() {
    for (lesson, steps) in [
        (
            "tiny_gpt",
            &[
                "score(3)[3,2]",
                "attn(3)[3,2]",
                "attn(3)[2,1]",
                "dx(2)[2,3]",
                "var(2)[2]",
                "xhat(2)[1,2]",
                "delta(1)[2,3]",
                "w_q(3)[1,1]",
                "a(5)[2,1]",
                "ctx(3)[2,1]",
                "dscore(3)[3,1]",
                "dq(3)[2,2]",
                "mu(2)[1]",
            ][..],
        ),
        (
            "tiny_gpt_two_heads",
            &["score(3)[1,3,2]", "attn(3)[2,4,1]"][..],
        ),
        (
            "tiny_gpt_lora",
            &["dlora_b(5)[1,1]", "down(5)[2,1]", "lora_a(8)[1,1]"][..],
        ),
    ] {
        let t = trace(lesson);
        let sheet: String = steps
            .iter()
            .map(|s| answer(s, &six(v(&t, s)), ""))
            .collect();
        let dir = Dir::new();
        dir.write("ws.toml", &sheet);
        let report = dir.json(&lesson_file(lesson), "ws.toml", &[]);
        for (name, verdict, id) in marks(&report) {
            assert_eq!((verdict.as_str(), id), ("right", None), "{lesson} {name}");
        }
    }
}
