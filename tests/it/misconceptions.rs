//! Every misconception of the catalogue, made as a learner makes it: the wrong number is
//! worked out here by hand — from the lesson's own numbers and the mistake's formula, with
//! nothing of this program's — written into a worksheet to six decimals, and the real binary's
//! `check --format json` must name it.

use crate::common::sheets::{Dir, answer, lesson_file, marks};

fn sigma(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Six decimals, as a learner with a calculator writes them.
fn six(v: f64) -> String {
    format!("{v:.6}")
}

/// The flagship 2-2-2 example (x = (0.05, 0.1), y = (0.01, 0.99), sigmoid, half_sse),
/// worked by hand from its weights.
struct Classic {
    z1: [f64; 2],
    a1: [f64; 2],
    z2: [f64; 2],
    a2: [f64; 2],
    loss: f64,
    d2: [f64; 2],
    d1: [f64; 2],
    /// ∂L/∂w⁽²⁾ⱼₖ = δ⁽²⁾ⱼ·a⁽¹⁾ₖ
    dw2: [[f64; 2]; 2],
    /// ∂L/∂w⁽¹⁾ⱼₖ = δ⁽¹⁾ⱼ·xₖ
    dw1: [[f64; 2]; 2],
}

const X: [f64; 2] = [0.05, 0.10];
const Y: [f64; 2] = [0.01, 0.99];
const W1: [[f64; 2]; 2] = [[0.15, 0.20], [0.25, 0.30]];
const B1: [f64; 2] = [0.35, 0.35];
const W2: [[f64; 2]; 2] = [[0.40, 0.45], [0.50, 0.55]];
const B2: [f64; 2] = [0.60, 0.60];

impl Classic {
    fn new(w1: [[f64; 2]; 2], b1: [f64; 2], w2: [[f64; 2]; 2], b2: [f64; 2]) -> Self {
        let z1 = [0, 1].map(|j| w1[j][0] * X[0] + w1[j][1] * X[1] + b1[j]);
        let a1 = z1.map(sigma);
        let z2 = [0, 1].map(|j| w2[j][0] * a1[0] + w2[j][1] * a1[1] + b2[j]);
        let a2 = z2.map(sigma);
        let loss = 0.5 * ((a2[0] - Y[0]).powi(2) + (a2[1] - Y[1]).powi(2));
        let d2 = [0, 1].map(|j| (a2[j] - Y[j]) * a2[j] * (1.0 - a2[j]));
        let d1 = [0, 1].map(|j| (w2[0][j] * d2[0] + w2[1][j] * d2[1]) * a1[j] * (1.0 - a1[j]));
        let dw2 = [0, 1].map(|j| [0, 1].map(|k| d2[j] * a1[k]));
        let dw1 = [0, 1].map(|j| [0, 1].map(|k| d1[j] * X[k]));
        Classic {
            z1,
            a1,
            z2,
            a2,
            loss,
            d2,
            d1,
            dw2,
            dw1,
        }
    }

    fn published() -> Self {
        Classic::new(W1, B1, W2, B2)
    }
}

/// Grades `sheet` against `lesson` (a bundled lesson's name, or TOML written beside it) and
/// returns the verdict and misconception of the answer named `step`.
fn mark_of(lesson: &str, sheet: &str, step: &str) -> (String, Option<String>) {
    let dir = Dir::new();
    let lesson = if lesson.contains('[') {
        dir.write("lesson.toml", lesson);
        "lesson.toml".to_string()
    } else {
        lesson_file(lesson)
    };
    dir.write("ws.toml", sheet);
    let report = dir.json(&lesson, "ws.toml", &[]);
    let (_, verdict, id) = marks(&report)
        .into_iter()
        .find(|(name, _, _)| name == step)
        .unwrap_or_else(|| panic!("no answer {step}"));
    (verdict, id)
}

/// One wrong answer, alone on its sheet, named `id`.
fn names(lesson: &str, step: &str, at: &str, value: f64, id: &str) {
    let sheet = answer(step, &six(value), at);
    let got = mark_of(lesson, &sheet, step);
    assert_eq!(
        got,
        ("wrong".to_string(), Some(id.to_string())),
        "{step} = {value}"
    );
}

#[test]
fn exp_sign() {
    // σ(z) as 1/(1 + e^z): 1/(1 + e^0.3775) = 0.406730.
    let wrong = 1.0 / (1.0 + 0.3775f64.exp());
    assert_eq!(six(wrong), "0.406730");
    names("sigmoid_2layer", "a(1)[1]", "", wrong, "exp_sign");
}

#[test]
fn missing_bias() {
    // z⁽¹⁾₂ without b: 0.25·0.05 + 0.3·0.1 = 0.0425.
    names(
        "sigmoid_2layer",
        "z(1)[2]",
        "",
        0.25 * 0.05 + 0.3 * 0.1,
        "missing_bias",
    );
}

#[test]
fn transposed_weights() {
    let c = Classic::published();
    // z⁽²⁾₁ with w⁽²⁾₂₁ where w⁽²⁾₁₂ belongs: 0.4·a₁ + 0.5·a₂ + 0.6.
    let z = 0.4 * c.a1[0] + 0.5 * c.a1[1] + 0.6;
    names("sigmoid_2layer", "z(2)[1]", "", z, "transposed_weights");
    // A hidden δ that reads row 1 of W⁽²⁾ instead of column 1: (w₁₁δ₁ + w₁₂δ₂)·a(1 − a).
    let a = c.a1[0];
    let delta = (W2[0][0] * c.d2[0] + W2[0][1] * c.d2[1]) * a * (1.0 - a);
    names(
        "sigmoid_2layer",
        "delta(1)[1]",
        "",
        delta,
        "transposed_weights",
    );
}

#[test]
fn loss_factor() {
    let c = Classic::published();
    // Σ(a − y)² without the ½: twice the loss.
    let loss = (c.a2[0] - Y[0]).powi(2) + (c.a2[1] - Y[1]).powi(2);
    assert!((loss - 2.0 * c.loss).abs() < 1e-15);
    names("sigmoid_2layer", "loss", "", loss, "loss_factor");
    // ∂/∂a of Σ(a − y)², keeping the 2 the ½ cancels: 2(a − y)·a(1 − a).
    let a = c.a2[1];
    let delta = 2.0 * (a - Y[1]) * a * (1.0 - a);
    names("sigmoid_2layer", "delta(2)[2]", "", delta, "loss_factor");
}

#[test]
fn flipped_error() {
    let a = Classic::published().a2[0];
    names(
        "sigmoid_2layer",
        "delta(2)[1]",
        "",
        (Y[0] - a) * a * (1.0 - a),
        "flipped_error",
    );
}

#[test]
fn missing_derivative() {
    let c = Classic::published();
    names(
        "sigmoid_2layer",
        "delta(2)[2]",
        "",
        c.a2[1] - Y[1],
        "missing_derivative",
    );
    let back = W2[0][1] * c.d2[0] + W2[1][1] * c.d2[1];
    names(
        "sigmoid_2layer",
        "delta(1)[2]",
        "",
        back,
        "missing_derivative",
    );
}

#[test]
fn derivative_of_z() {
    let c = Classic::published();
    let back = W2[0][1] * c.d2[0] + W2[1][1] * c.d2[1];
    let z = c.z1[1];
    names(
        "sigmoid_2layer",
        "delta(1)[2]",
        "",
        back * z * (1.0 - z),
        "derivative_of_z",
    );
    let (a, z) = (c.a2[0], c.z2[0]);
    names(
        "sigmoid_2layer",
        "delta(2)[1]",
        "",
        (a - Y[0]) * z * (1.0 - z),
        "derivative_of_z",
    );
}

#[test]
fn updated_weights() {
    // The classic worked example's erratum: δ⁽¹⁾₁ from w⁽²⁾ after its update,
    // w⁺ = w − 0.5·∂L/∂w.
    let c = Classic::published();
    let w11 = W2[0][0] - 0.5 * c.dw2[0][0];
    let w21 = W2[1][0] - 0.5 * c.dw2[1][0];
    let a = c.a1[0];
    let delta = (w11 * c.d2[0] + w21 * c.d2[1]) * a * (1.0 - a);
    names(
        "sigmoid_2layer",
        "delta(1)[1]",
        "",
        delta,
        "updated_weights",
    );
}

#[test]
fn wrong_input() {
    let c = Classic::published();
    // ∂L/∂w⁽²⁾₁₁ from z⁽¹⁾₁ instead of a⁽¹⁾₁, and from the layer's own output a⁽²⁾₁.
    names(
        "sigmoid_2layer",
        "dw(2)[1,1]",
        "",
        c.d2[0] * c.z1[0],
        "wrong_input",
    );
    names(
        "sigmoid_2layer",
        "dw(2)[1,2]",
        "",
        c.d2[0] * c.a2[0],
        "wrong_input",
    );
    // Below the first layer there is no z: the neuron's own z⁽¹⁾₁ instead of x₁.
    names(
        "sigmoid_2layer",
        "dw(1)[1,1]",
        "",
        c.d1[0] * c.z1[0],
        "wrong_input",
    );
}

#[test]
fn derivative_as_input() {
    // The article's own slip, on the flagship lesson: ∂L/∂w⁽²⁾₁₂ = δ⁽²⁾₁·a(1 − a).
    let c = Classic::published();
    let a = c.a1[1];
    names(
        "sigmoid_2layer",
        "dw(2)[1,2]",
        "",
        c.d2[0] * a * (1.0 - a),
        "derivative_as_input",
    );
}

#[test]
fn gradient_ascent() {
    let c = Classic::published();
    let w = W2[0][0] + 0.5 * c.dw2[0][0];
    names(
        "sigmoid_2layer",
        "w(2)[1,1]",
        "batch = 1\n",
        w,
        "gradient_ascent",
    );
}

#[test]
fn no_learning_rate() {
    let c = Classic::published();
    names(
        "sigmoid_2layer",
        "w(1)[1,2]",
        "",
        W1[0][1] - c.dw1[0][1],
        "no_learning_rate",
    );
}

/// One sample of xor_tanh worked by hand.
struct XorSample {
    x: [f64; 2],
    a1: [f64; 2],
    loss: f64,
    d2: f64,
    d1: [f64; 2],
}

/// xor_tanh: tanh hidden layer, sigmoid output, bce, the four XOR samples in one batch.
fn xor() -> Vec<XorSample> {
    let w1 = [[0.5, 0.4], [-0.6, -0.3]];
    let b1 = [-0.1, 0.2];
    let (w2, b2) = ([0.3, 0.6], -0.2);
    [
        ([0.0, 0.0], 0.0),
        ([0.0, 1.0], 1.0),
        ([1.0, 0.0], 1.0),
        ([1.0, 1.0], 0.0),
    ]
    .into_iter()
    .map(|(x, y): ([f64; 2], f64)| {
        let a1 = [0, 1].map(|j| (w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]).tanh());
        let a2 = sigma(w2[0] * a1[0] + w2[1] * a1[1] + b2);
        let loss = -(y * a2.ln() + (1.0 - y) * (1.0 - a2).ln());
        // ∂L/∂a·σ′ = (a − y)/(a(1 − a))·a(1 − a)
        let d2 = a2 - y;
        let d1 = [0, 1].map(|j| w2[j] * d2 * (1.0 - a1[j] * a1[j]));
        XorSample {
            x,
            a1,
            loss,
            d2,
            d1,
        }
    })
    .collect()
}

#[test]
fn batch_sum() {
    // w⁽¹⁾₁₂ − η·Σₛ δ⁽¹⁾₁·x₂ over the four samples, instead of their mean (η = 1).
    let sum: f64 = xor().iter().map(|s| s.d1[0] * s.x[1]).sum();
    names("xor_tanh", "w(1)[1,2]", "", 0.4 - sum, "batch_sum");
}

#[test]
fn tanh_derivative_sign() {
    // δ⁽¹⁾₁ of sample 2 with tanh′ = 1 + a² instead of 1 − a².
    let s = &xor()[1];
    let delta = 0.3 * s.d2 * (1.0 + s.a1[0] * s.a1[0]);
    names(
        "xor_tanh",
        "delta(1)[1]",
        "sample = 2\n",
        delta,
        "tanh_derivative_sign",
    );
}

#[test]
fn loss_sign() {
    // bce without its minus sign: y ln a + (1 − y) ln(1 − a) < 0.
    let s = &xor()[1];
    names("xor_tanh", "loss", "sample = 2\n", -s.loss, "loss_sign");
}

/// The flagship network trained with Adam (ε = 0.01, large enough to matter), one step.
fn adam_lesson() -> String {
    std::fs::read_to_string(lesson_file("adam"))
        .unwrap()
        .replace("epsilon = 1e-8", "epsilon = 0.01")
        .replace("epochs = 20", "epochs = 1")
}

#[test]
fn adam_mistakes() {
    let c = Classic::published();
    let (b1, b2, eps, eta) = (0.9, 0.999, 0.01, 0.1);
    // Step t = 1 from m = v = 0: m = (1 − β₁)g, v = (1 − β₂)g², m̂ = m/(1 − β₁), v̂ = v/(1 − β₂).
    let moments = |g: f64| ((1.0 - b1) * g, (1.0 - b2) * g * g);
    let lesson = adam_lesson();
    let g = c.dw2[0][0];
    let (m, v) = moments(g);
    let (m_hat, v_hat) = (m / (1.0 - b1), v / (1.0 - b2));
    let inside = W2[0][0] - eta * m_hat / (v_hat + eps).sqrt();
    names(&lesson, "w(2)[1,1]", "", inside, "adam_epsilon_inside_sqrt");
    let g = c.dw2[0][1];
    let (m, v) = moments(g);
    let uncorrected = W2[0][1] - eta * m / (v.sqrt() + eps);
    names(
        &lesson,
        "w(2)[1,2]",
        "",
        uncorrected,
        "adam_no_bias_correction",
    );
    // t = 2 at the first step: m̂ = m/(1 − β₁²).
    let g = c.dw2[1][0];
    let (m, _) = moments(g);
    names(
        &lesson,
        "mhat(2)[2,1]",
        "",
        m / (1.0 - b1 * b1),
        "adam_t_off_by_one",
    );
    // v fed g instead of g²: (1 − β₂)·g.
    let g = c.dw2[1][1];
    names(
        &lesson,
        "v(2)[2,2]",
        "",
        (1.0 - b2) * g,
        "adam_unsquared_gradient",
    );
}

#[test]
fn momentum_mistakes() {
    // sgd_momentum: η = 0.5, μ = 0.9. Epoch 1's velocity is its gradient g (PyTorch's first
    // v), so every parameter moves by −η·g; epoch 2 starts from there with gradient G.
    let (eta, mu) = (0.5, 0.9);
    let c = Classic::published();
    let step = |p: [[f64; 2]; 2], g: [[f64; 2]; 2]| {
        [0, 1].map(|j| [0, 1].map(|k| p[j][k] - eta * g[j][k]))
    };
    let bias = |b: [f64; 2], d: [f64; 2]| [0, 1].map(|j| b[j] - eta * d[j]);
    let (w1, w2) = (step(W1, c.dw1), step(W2, c.dw2));
    let second = Classic::new(w1, bias(B1, c.d1), w2, bias(B2, c.d2));
    // w ← w − η·v with the old velocity g instead of the new μ·g + G.
    let old = w2[0][0] - eta * c.dw2[0][0];
    names(
        "sgd_momentum",
        "w(2)[1,1]",
        "epoch = 2\n",
        old,
        "momentum_old_velocity",
    );
    // v ← μ·v + (1 − μ)·G instead of μ·v + G.
    let ema = mu * c.dw2[0][1] + (1.0 - mu) * second.dw2[0][1];
    names(
        "sgd_momentum",
        "v(2)[1,2]",
        "epoch = 2\n",
        ema,
        "momentum_ema",
    );
}

#[test]
fn extra_derivative() {
    // One softmax layer with cross-entropy: z = (0.2 − 0.8, 0.7 + 0.2 + 0.3) = (−0.6, 1.2);
    // δ₁ = a₁ − y₁ already, not (a₁ − y₁)·a₁(1 − a₁).
    let lesson = "[lesson]\ntitle = \"softmax\"\n\n[network]\ninputs = 2\n\n\
        [[network.layer]]\nneurons = 2\nactivation = \"softmax\"\n\
        weights = [[0.2, -0.4], [0.7, 0.1]]\nbiases = [0.0, 0.3]\n\n\
        [training]\nloss = \"cross_entropy\"\noptimizer = { kind = \"sgd\", learning_rate = 0.5 }\n\n\
        [[data]]\ninput = [1.0, 2.0]\ntarget = [0.0, 1.0]\n";
    let (e1, e2) = ((-0.6f64).exp(), 1.2f64.exp());
    let a1 = e1 / (e1 + e2);
    names(
        lesson,
        "delta(1)[1]",
        "",
        a1 * a1 * (1.0 - a1),
        "extra_derivative",
    );
    // And −Σ y ln a without its minus: ln a₂.
    names(lesson, "loss", "", (e2 / (e1 + e2)).ln(), "loss_sign");
}

/// Two sigmoid neurons that nearly agree, and an identity output z = a₁ − a₂ that cancels.
const CANCELLING: &str = "[lesson]\ntitle = \"cancelling\"\n\n[network]\ninputs = 1\n\n\
    [[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\nweights = [[0.5], [0.499]]\n\
    biases = [0.0, 0.0]\n\n[[network.layer]]\nneurons = 1\nactivation = \"identity\"\n\
    weights = [[1.0, -1.0]]\nbiases = [0.0]\n\n[training]\nloss = \"half_sse\"\n\
    optimizer = { kind = \"sgd\", learning_rate = 0.5 }\n\n[[data]]\ninput = [1.0]\ntarget = [0.0]\n";

#[test]
fn early_rounding() {
    // σ(0.5) = 0.6224593 and σ(0.499) = 0.6222243 are right as 0.6225 and 0.6222 (four
    // significant figures), but their difference 0.0003 has lost every figure of the exact
    // 0.000235: carried from the rounded answers, not a new mistake.
    let (a1, a2) = (sigma(0.5), sigma(0.499));
    assert_eq!(
        (format!("{a1:.4}"), format!("{a2:.4}")),
        ("0.6225".into(), "0.6222".into())
    );
    assert!((a1 - a2 - 0.000235).abs() < 1e-6);
    let sheet = [
        answer("a(1)[1]", "0.6225", ""),
        answer("a(1)[2]", "0.6222", ""),
        answer("z(2)[1]", "0.0003", ""),
    ]
    .concat();
    let dir = Dir::new();
    dir.write("lesson.toml", CANCELLING)
        .write("ws.toml", &sheet);
    let report = dir.json("lesson.toml", "ws.toml", &[]);
    let z = &report["answers"][2];
    assert_eq!(z["verdict"], "carried");
    assert_eq!(z["misconception"]["id"], "early_rounding");
    assert_eq!(z["carried_from"], serde_json::json!(["a(1)[1]", "a(1)[2]"]));
    assert_eq!(report["answers"][0]["verdict"], "right");
    let text = dir.run(&["check", "lesson.toml", "ws.toml"]).stdout;
    assert!(
        text.contains("follows from your rounded a(1)[1] and a(1)[2]"),
        "{text}"
    );
    assert!(
        text.contains("early_rounding: Intermediate values were rounded"),
        "{text}"
    );
    // Rounded to three figures, both are 0.622 and the difference is 0: the exact 0.000235 to
    // the unit, but not imprecise — the rounding took its figures.
    let sheet = [
        answer("a(1)[1]", "0.622", ""),
        answer("a(1)[2]", "0.622", ""),
        answer("z(2)[1]", "0", ""),
    ]
    .concat();
    dir.write("zero.toml", &sheet);
    let report = dir.json("lesson.toml", "zero.toml", &[]);
    assert_eq!(report["answers"][2]["verdict"], "carried");
    assert_eq!(
        report["answers"][2]["misconception"]["id"],
        "early_rounding"
    );
    // Alone, the same 0 has simply too few figures.
    dir.write("alone.toml", &answer("z(2)[1]", "0", ""));
    let report = dir.json("lesson.toml", "alone.toml", &[]);
    assert_eq!(report["answers"][0]["verdict"], "imprecise");
    assert_eq!(
        report["answers"][0]["misconception"],
        serde_json::Value::Null
    );
}

#[test]
fn a_wrong_answer_no_mistake_explains_stays_plain_wrong() {
    // 0.512345 for a(1)[1] = 0.593270 is none of the catalogue's numbers; a single digit
    // (0.4) matches too many mistakes by chance to name one.
    for value in ["0.512345", "0.4"] {
        let got = mark_of("sigmoid_2layer", &answer("a(1)[1]", value, ""), "a(1)[1]");
        assert_eq!(got, ("wrong".to_string(), None), "{value}");
    }
}

#[test]
fn a_mistake_on_the_learners_own_wrong_input_is_still_named() {
    // The learner's z⁽¹⁾₁ is off (0.3800), and from it they compute 1/(1 + e^0.38).
    let wrong = 1.0 / (1.0 + 0.38f64.exp());
    let sheet = [
        answer("z(1)[1]", "0.3800", ""),
        answer("a(1)[1]", &six(wrong), ""),
    ]
    .concat();
    let got = mark_of("sigmoid_2layer", &sheet, "a(1)[1]");
    assert_eq!(got, ("wrong".to_string(), Some("exp_sign".to_string())));
}

#[test]
fn the_text_report_explains_under_the_answer_beside_the_right_formula() {
    let dir = Dir::new();
    dir.write("ws.toml", &answer("a(1)[1]", "0.406730", ""));
    let r = dir.run(&["check", &lesson_file("sigmoid_2layer"), "ws.toml"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("a(1)[1]")).unwrap();
    assert!(
        lines[at + 1].contains("a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.3775) = 0.5932700"),
        "{}",
        r.stdout
    );
    assert!(
        lines[at + 2].trim_start().starts_with(
            "exp_sign: σ(z) was computed as 1/(1 + e^z), with the exponent's sign flipped"
        ),
        "{}",
        r.stdout
    );
    let ascii = dir.run(&[
        "check",
        &lesson_file("sigmoid_2layer"),
        "ws.toml",
        "--ascii",
    ]);
    assert!(ascii.stdout.is_ascii(), "{}", ascii.stdout);
    assert!(
        ascii.stdout.contains("exp_sign: sigma(z) was computed"),
        "{}",
        ascii.stdout
    );
}

#[test]
fn the_readme_lists_every_misconception_with_its_explanation() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    for m in bpnn_tutor::check::misconception::every() {
        let row = format!("| `{}` | {} |", m.id, m.explanation);
        assert!(readme.contains(&row), "README lacks {row}");
    }
}

/// The detail a report gives under a misconception: which factor, which input, which way.
fn detail_of(lesson: &str, sheet: &str, step: &str) -> String {
    let dir = Dir::new();
    dir.write("ws.toml", sheet);
    let report = dir.json(&lesson_file(lesson), "ws.toml", &[]);
    let answer = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == step)
        .unwrap()
        .clone();
    answer["misconception"]["detail"]
        .as_str()
        .unwrap_or_else(|| panic!("no detail: {answer}"))
        .to_string()
}

#[test]
fn explanations_say_which_factor_which_way_and_which_weights() {
    let c = Classic::published();
    // δ⁽²⁾₂ with ∂L/∂a = 2(a − y): twice the right one, the ½ of half_sse forgotten.
    let a = c.a2[1];
    let sheet = answer("delta(2)[2]", &six(2.0 * (a - Y[1]) * a * (1.0 - a)), "");
    let detail = detail_of("sigmoid_2layer", &sheet, "delta(2)[2]");
    assert!(
        detail.starts_with("Your δ⁽²⁾₂ is twice the right one: ∂L/∂a was taken as 2(a − y)"),
        "{detail}"
    );
    // The loss with the mean over the outputs: 1/2 of the right one.
    let mean = ((c.a2[0] - Y[0]).powi(2) + (c.a2[1] - Y[1]).powi(2)) / 2.0 * 0.5;
    let detail = detail_of("sigmoid_2layer", &answer("loss", &six(mean), ""), "loss");
    assert!(
        detail.starts_with("Your L is half the right one"),
        "{detail}"
    );
    // A hidden δ through row 1 of W⁽²⁾: the weights leaving hidden neuron 1 are column 1.
    let a = c.a1[0];
    let delta = (W2[0][0] * c.d2[0] + W2[0][1] * c.d2[1]) * a * (1.0 - a);
    let detail = detail_of(
        "sigmoid_2layer",
        &answer("delta(1)[1]", &six(delta), ""),
        "delta(1)[1]",
    );
    assert_eq!(
        detail,
        "δ⁽¹⁾₁ gathers the error along the weights leaving neuron 1 of layer 1, w⁽²⁾₁,₁, w⁽²⁾₂,₁ \
         (column 1 of W⁽²⁾); your number used the weights into neuron 1 of layer 2, \
         w⁽²⁾₁,₁, w⁽²⁾₁,₂ (row 1)."
    );
    // A hidden δ from output 2 alone.
    let one = W2[1][0] * c.d2[1] * a * (1.0 - a);
    let detail = detail_of(
        "sigmoid_2layer",
        &answer("delta(1)[1]", &six(one), ""),
        "delta(1)[1]",
    );
    assert!(
        detail.starts_with("Your δ⁽¹⁾₁ took the error through w⁽²⁾₂,₁·δ⁽²⁾₂ alone"),
        "{detail}"
    );
    // ∂L/∂w from z⁽¹⁾₁ instead of a⁽¹⁾₁.
    let detail = detail_of(
        "sigmoid_2layer",
        &answer("dw(2)[1,1]", &six(c.d2[0] * c.z1[0]), ""),
        "dw(2)[1,1]",
    );
    assert_eq!(
        detail,
        "Your ∂L/∂w⁽²⁾₁,₁ multiplies δ by z⁽¹⁾₁, where it takes a⁽¹⁾₁, the activation the weight carries."
    );
}
