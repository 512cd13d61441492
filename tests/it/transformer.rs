//! Transformer lessons (embedding, layer norm, attention, GELU MLP, residuals, LoRA, AdamW):
//! every formula evaluates to its step's value, every gradient equals the finite-difference
//! gradient of the batch loss, the forward pass equals an independent reference, and the
//! numbers of a tiny GPT equal PyTorch's float64 ones.

use crate::common;
use crate::common::transformer_ref;

use bpnn_tutor::lesson::{Lesson, parse, to_toml};
use bpnn_tutor::trace::{Index, Inner, Param, Phase, Quantity, StepId, Tensor, Trace};
use proptest::prelude::*;

const TOKENS: [&str; 5] = ["我", "爱", "学", "习", "。"];

/// A tiny GPT as a lesson file: embedding, layer norm, attention ⊕, layer norm, a GELU MLP ⊕,
/// layer norm, a softmax output; parameters drawn from `seed`, token data drawn from it too.
pub fn gpt(
    seed: u64,
    heads: usize,
    causal: bool,
    lora: bool,
    batch: usize,
    optimizer: &str,
) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n as u64) as usize
    };
    let adapter = |r: usize| {
        if lora {
            format!("lora = {{ rank = {r}, alpha = 3 }}\n")
        } else {
            String::new()
        }
    };
    let mut data = String::new();
    for _ in 0..3 {
        let seq: Vec<String> = (0..5).map(|_| format!("\"{}\"", TOKENS[next(5)])).collect();
        data.push_str(&format!(
            "\n[[data]]\ninput = [{}]\ntarget = [{}]\n",
            seq[..4].join(", "),
            seq[1..].join(", ")
        ));
    }
    format!(
        r#"[lesson]
title = "gpt"

[network]
vocabulary = ["我", "爱", "学", "习", "。"]
sequence = 4
init = {{ scheme = "normal", std = 0.5, seed = {seed} }}

[[network.layer]]
kind = "embedding"
dim = 4
positions = true

[[network.layer]]
kind = "layernorm"

[[network.layer]]
kind = "attention"
heads = {heads}
causal = {causal}
residual = 1

[[network.layer]]
kind = "layernorm"

[[network.layer]]
neurons = 6
activation = "gelu"
{lora1}
[[network.layer]]
neurons = 4
activation = "identity"
residual = 3

[[network.layer]]
kind = "layernorm"

[[network.layer]]
neurons = 5
activation = "softmax"
{lora2}
[training]
loss = "cross_entropy"
optimizer = {optimizer}
epochs = 2
batch_size = {batch}
{data}"#,
        lora1 = adapter(2),
        lora2 = adapter(1),
    )
}

fn lesson(text: &str) -> Lesson {
    parse(text, "gpt.toml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-15
}

fn check_formulas(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    for epoch in 1..=lesson.epochs {
        for step in trace.steps(epoch, 0..trace.epoch_len()) {
            let f = trace.formula(&step);
            let got = f.rhs.eval();
            prop_assert!(
                close(got, step.value, 1e-12),
                "{} (epoch {epoch}): formula gives {got}, step is {}",
                step.name(),
                step.value
            );
            for t in &f.terms {
                let (want, got) = (t.name.eval(), t.definition.eval());
                prop_assert!(
                    close(want, got, 1e-12),
                    "{}: term {want} vs {got}",
                    step.name()
                );
            }
        }
    }
    Ok(())
}

/// Every entry of every tensor whose gradient the lesson computes: the batch-mean gradient
/// against the central difference of the batch loss.
fn check_gradients(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    let batch = trace.batch(1, 1);
    let params = trace.initial_params();
    let h = 1e-6;
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        for (spec, (_, tensor)) in layer.specs().iter().zip(&params.layers[i].tensors) {
            let lora_base = !spec.trains && layer.specs().iter().any(|s| s.tensor == Tensor::LoraA);
            if lora_base {
                continue;
            }
            for (ix, _) in tensor.indexed_iter() {
                let ix = Index::new(ndarray::Dimension::slice(&ix));
                let nudged = |d: f64| {
                    let mut p = params.clone();
                    *p.layers[i].at_mut(spec.tensor, &ix) += d;
                    common::batch_loss(lesson, &p)
                };
                let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
                let analytic = batch.gradient(Param {
                    l,
                    tensor: spec.tensor,
                    ix,
                });
                prop_assert!(
                    (analytic - numeric).abs() <= 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9,
                    "layer {l} {:?}{ix:?}: analytic {analytic} vs numeric {numeric}",
                    spec.tensor
                );
            }
        }
    }
    Ok(())
}

fn check_reference(lesson: &Lesson) -> Result<(), TestCaseError> {
    let trace = Trace::new(lesson.clone());
    let params = trace.initial_params();
    let batch = trace.batch(1, 1);
    for n in batch.sample_numbers().collect::<Vec<_>>() {
        let ours = batch.sample(n).unwrap();
        let reference = transformer_ref::forward(lesson, &params, n - 1);
        // Both sum in their own orders; a residual's sum may cancel to a small number, whose
        // last digits differ: 1e-10 relative, 1e-13 absolute.
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-10 * a.abs().max(b.abs()) + 1e-13;
        let loss = (ours.loss(), reference.loss);
        prop_assert!(near(loss.0, loss.1), "loss {} vs {}", loss.0, loss.1);
        for l in 1..=lesson.depth() {
            for (k, (&a, &b)) in ours.activations(l).iter().zip(&reference.a[l]).enumerate() {
                prop_assert!(near(a, b), "a({l}) #{k}: {a} vs reference {b}");
            }
        }
        for (l, weights) in &reference.attn {
            let ours = ours.numbers(Quantity::Block(Inner::Attn), *l);
            for (k, (&a, &b)) in ours.iter().zip(weights).enumerate() {
                prop_assert!(near(a, b), "attn({l}) #{k}: {a} vs reference {b}");
            }
        }
    }
    Ok(())
}

fn any_gpt() -> impl Strategy<Value = Lesson> {
    (
        0u64..1_000_000,
        prop_oneof![Just(1usize), Just(2), Just(4)],
        any::<bool>(),
        any::<bool>(),
        1usize..=3,
        prop_oneof![
            Just("{ kind = \"adamw\", learning_rate = 0.05, weight_decay = 0.1 }"),
            Just("{ kind = \"adam\", learning_rate = 0.01 }"),
            Just("{ kind = \"sgd\", learning_rate = 0.3, momentum = 0.5 }"),
        ],
    )
        .prop_map(|(seed, heads, causal, lora, batch, opt)| {
            lesson(&gpt(seed, heads, causal, lora, batch, opt))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn substituted_formulas_give_the_values(lesson in any_gpt()) {
        check_formulas(&lesson)?;
    }

    #[test]
    fn gradients_equal_finite_differences(lesson in any_gpt()) {
        check_gradients(&lesson)?;
    }

    #[test]
    fn forward_equals_an_independent_reference(lesson in any_gpt()) {
        check_reference(&lesson)?;
    }
}

#[test]
fn masked_scores_are_minus_infinity_and_their_weights_zero() {
    let lesson = lesson(&gpt(
        5,
        2,
        true,
        false,
        1,
        "{ kind = \"sgd\", learning_rate = 0.1 }",
    ));
    let trace = Trace::new(lesson);
    let step = |name: &str| {
        let id = trace.parse_step(name).unwrap();
        trace.find(&common::key(1, id, 1)).unwrap()
    };
    assert_eq!(step("score(3)[1,1,2]").value, f64::NEG_INFINITY);
    assert_eq!(step("attn(3)[2,1,4]").value, 0.0);
    assert!(step("attn(3)[2,4,1]").value > 0.0);
    let row: f64 = (1..=4)
        .map(|s| step(&format!("attn(3)[1,3,{s}]")).value)
        .sum();
    assert!((row - 1.0).abs() < 1e-15);
    // Masked scores are infinite by design, not a diverging network.
    assert!(trace.first_non_finite().is_none());
    let f = trace.formula(&step("attn(3)[1,2,3]"));
    assert!(!f.remarks.is_empty(), "a masked weight says why it is 0");
}

#[test]
fn v_is_attentions_value_or_adams_second_moment_by_layer() {
    let lesson = lesson(&gpt(
        9,
        1,
        true,
        false,
        3,
        "{ kind = \"adamw\", learning_rate = 0.05 }",
    ));
    let trace = Trace::new(lesson);
    let v3 = trace.parse_step("v(3)[1,2]").unwrap();
    assert_eq!(v3.quantity, Quantity::Block(Inner::Value));
    let v5 = trace.parse_step("v(5)[1,2]").unwrap();
    assert_eq!(v5.quantity.moment(), Some(bpnn_tutor::trace::Moment::V));
    let decayed = trace.parse_step("decayed_w_q(3)[1,1]").unwrap();
    assert!(trace.find(&common::key(1, decayed, 1)).is_some());
}

#[test]
fn lora_trains_a_and_b_and_leaves_the_base_as_it_was() {
    let lesson = lesson(&gpt(
        11,
        1,
        true,
        true,
        3,
        "{ kind = \"adamw\", learning_rate = 0.05 }",
    ));
    let trace = Trace::new(lesson.clone());
    let (before, after) = (trace.initial_params(), trace.final_params());
    for l in [5, 8] {
        for t in [Tensor::W, Tensor::B] {
            assert_eq!(
                before.layers[l - 1].get(t),
                after.layers[l - 1].get(t),
                "layer {l} {t:?}"
            );
        }
        assert_ne!(
            before.layers[l - 1].get(Tensor::LoraA),
            after.layers[l - 1].get(Tensor::LoraA)
        );
    }
    // No step computes the frozen base's gradient or update.
    let names: Vec<String> = trace
        .steps(1, 0..trace.epoch_len())
        .map(|s| s.name())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("dw(5)") || n.starts_with("w(5)"))
    );
    assert!(names.iter().any(|n| n.starts_with("dlora_a(5)")));
    assert!(names.iter().any(|n| n.starts_with("lora_b(8)")));
}

#[test]
fn layer_norm_passes_its_error_back_in_three_named_parts() {
    let lesson = lesson(&gpt(
        3,
        1,
        true,
        false,
        1,
        "{ kind = \"sgd\", learning_rate = 0.1 }",
    ));
    let trace = Trace::new(lesson);
    let id = trace.parse_step("dx(2)[2,3]").unwrap();
    let step = trace.find(&common::key(1, id, 1)).unwrap();
    let f = trace.formula(&step);
    assert_eq!(f.terms.len(), 3);
    let sum =
        f.terms[0].definition.eval() + f.terms[1].definition.eval() + f.terms[2].definition.eval();
    assert_eq!(sum, step.value);
    let labels: Vec<String> = f
        .terms
        .iter()
        .map(|t| t.label.as_ref().unwrap().text())
        .collect();
    assert!(
        labels[1].contains("mean") && labels[2].contains("variance"),
        "{labels:?}"
    );
    // The embedding's error arrives by two paths: through the layer norm and the residual.
    let id = trace.parse_step("delta(1)[2,3]").unwrap();
    let f = trace.formula(&trace.find(&common::key(1, id, 1)).unwrap());
    assert_eq!(
        f.terms.len(),
        2,
        "passed back from layer 2, and along layer 3's residual"
    );
}

#[test]
fn a_saved_transformer_reads_back_the_same() {
    for lora in [false, true] {
        let lesson = lesson(&gpt(
            21,
            2,
            true,
            lora,
            2,
            "{ kind = \"adamw\", learning_rate = 0.05 }",
        ));
        let text = to_toml(&lesson);
        let back = parse(&text, "gpt.toml").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, lesson);
    }
}

/// A fixed one-head tiny GPT whose numbers PyTorch computed.
#[test]
fn a_tiny_gpt_trains_as_pytorch_float64_does() {
    let text = gpt(
        42,
        1,
        true,
        false,
        3,
        "{ kind = \"adamw\", learning_rate = 0.05, weight_decay = 0.01 }",
    );
    let trace = Trace::new(lesson(&text));
    // Computed in PyTorch 2 float64 from this lesson's JSON export (initial parameters and
    // data): nn.Embedding plus a position parameter, nn.LayerNorm, nn.MultiheadAttention with
    // a causal attn_mask, nn.Linear and F.gelu, F.cross_entropy, torch.optim.AdamW.
    let pytorch = PYTORCH_LOSSES;
    for (e, want) in pytorch.iter().enumerate() {
        let got = trace.epoch_summary(e + 1).loss;
        assert!(
            close(got, *want, 1e-12),
            "epoch {}: {got} vs PyTorch {want}",
            e + 1
        );
    }
    let id = StepId::new(Quantity::Block(Inner::Attn), 3, &[2, 1]);
    let attn = trace.find(&common::key(1, id, 1)).unwrap().value;
    assert!(
        close(attn, PYTORCH_ATTN_3_2, 1e-12),
        "attn(3)[3,2] {attn} vs {PYTORCH_ATTN_3_2}"
    );
    let _ = Phase::Update;
}

/// The epoch losses PyTorch gives `gpt(42, 1, true, false, 3, adamw)` (see above).
const PYTORCH_LOSSES: [f64; 2] = [1.9157750032565806, 1.7446061122375573];
/// PyTorch's attention weight of query 3 for key 2 in layer 3, sample 1, before training.
const PYTORCH_ATTN_3_2: f64 = 0.4579606222303545;

/// The tutor on a tiny GPT: the attention matrix with its masked cells on an attention
/// step, a layer norm's three named terms on its ∂L/∂x step, and every step of a sample
/// drawn without a panic, in the scalar and matrix views, Unicode and ASCII.
#[test]
fn the_tutor_draws_attention_and_layer_norm() {
    use crate::tui_render::{app_with, draw, goto, press, settings, text};
    use ratatui::crossterm::event::KeyCode;
    let lesson = bpnn_tutor::lesson::load_arg("lessons/tiny_gpt.toml").unwrap();
    let mut app = app_with(lesson, settings());
    goto(&mut app, "attn(3)[3,2]");
    for (w, h) in [(80, 24), (200, 60)] {
        let screen = text(draw(&app, w, h).backend().buffer());
        assert!(screen.contains("−∞ mask"), "{w}x{h}:\n{screen}");
        assert!(screen.contains("attn(3)[3,2]"), "{w}x{h}:\n{screen}");
    }
    goto(&mut app, "dx(2)[2,3]");
    let screen = text(draw(&app, 200, 60).backend().buffer());
    for words in ["directly", "through the mean", "through the variance"] {
        assert!(screen.contains(words), "{words}:\n{screen}");
    }
    // The quiz hides the current value in every panel: the attention matrix's entry too.
    let mut quiz = app_with(
        bpnn_tutor::lesson::load_arg("tiny_gpt").unwrap(),
        settings(),
    );
    goto(&mut quiz, "attn(3)[3,2]");
    press(&mut quiz, KeyCode::Char('Q'));
    let value = quiz.current_step().unwrap().value;
    let screen = text(draw(&quiz, 200, 60).backend().buffer());
    let shown = bpnn_tutor::notation::number::format(
        value,
        bpnn_tutor::notation::Digits::Sig(4),
        bpnn_tutor::notation::Notation::Unicode,
    );
    assert!(
        !screen.contains(&shown),
        "{shown} shown in the quiz:\n{screen}"
    );
    let lessons = ["tiny_gpt", "tiny_gpt_two_heads", "tiny_gpt_lora"]
        .map(|name| bpnn_tutor::lesson::load_arg(name).unwrap());
    for (n, lesson) in lessons.into_iter().enumerate() {
        let ascii = n == 1;
        let mut s = settings();
        s.ascii = ascii;
        let mut app = app_with(lesson, s);
        let layout = app.trace().unwrap().layout();
        let steps = layout.steps_per_sample() + layout.steps_per_update();
        for i in 0..steps {
            let size = if i % 2 == 0 { (80, 24) } else { (200, 60) };
            draw(&app, size.0, size.1);
            if i % 97 == 0 {
                press(&mut app, KeyCode::Char('m'));
                draw(&app, 120, 40);
                press(&mut app, KeyCode::Char('m'));
            }
            press(&mut app, KeyCode::Right);
        }
    }
}
