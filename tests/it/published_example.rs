//! The classic published 2-2-2 sigmoid example, number by number. Expected values are the
//! published ones (hand-checked there), not this program's output.

use crate::common;

use bpnn_tutor::trace::{Quantity, StepId, Trace};
use common::{agrees, classic, close};

fn value(trace: &Trace, name: &str, at: usize) -> f64 {
    let id = StepId::parse(name).unwrap();
    trace
        .find(&common::key(1, id, at))
        .unwrap_or_else(|| panic!("{name}"))
        .value
}

#[test]
fn forward_pass_and_loss() {
    let t = Trace::new(classic(1, true));
    for (name, want) in [
        ("z(1)[1]", "0.3775"),
        ("a(1)[1]", "0.593269992"),
        ("a(1)[2]", "0.596884378"),
        ("z(2)[1]", "1.105905967"),
        ("a(2)[1]", "0.75136507"),
        ("a(2)[2]", "0.772928465"),
        ("loss", "0.298371109"),
    ] {
        let got = value(&t, name, 1);
        assert!(agrees(got, want), "{name}: {got} vs {want}");
    }
}

#[test]
fn backward_pass() {
    let t = Trace::new(classic(1, true));
    // The post: ∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568.
    assert!(agrees(value(&t, "dw(2)[1,1]", 1), "0.082167041"));
    assert!(agrees(value(&t, "dw(1)[1,1]", 1), "0.000438568"));
    // δ for output 1: (0.75136507 − 0.01)·0.75136507·(1 − 0.75136507) = 0.138498562
    assert!(agrees(value(&t, "delta(2)[1]", 1), "0.138498562"));
}

#[test]
fn updated_weights() {
    let t = Trace::new(classic(1, true));
    // As published, each to the digits printed.
    let w2 = [
        ["0.35891648", "0.408666186"],
        ["0.511301270", "0.561370121"],
    ];
    let w1 = [["0.149780716", "0.19956143"], ["0.24975114", "0.29950229"]];
    for (l, w) in [(2, w2), (1, w1)] {
        for (j, row) in w.iter().enumerate() {
            for (k, want) in row.iter().enumerate() {
                let id = StepId::weight(Quantity::W, l, j, k);
                let got = t.find(&common::key(1, id, 1)).unwrap().value;
                assert!(agrees(got, want), "{id}: {got} vs {want}");
            }
        }
    }
    let p = t.final_params();
    assert!(agrees(p.layers[1].w()[[0, 0]], "0.35891648"));
    // Biases train per neuron here: b ← b − η·δ, so hidden 1 moves by 0.5·0.008771354.
    assert!(close(p.layers[0].b()[0], 0.35 - 0.5 * 0.0087713546, 1e-7));
}

#[test]
fn fixed_biases_ten_thousand_epochs() {
    let t = Trace::new(classic(10_000, false));
    assert!(agrees(t.epoch_summary(2).loss, "0.291027774"));
    assert!(agrees(t.epoch_summary(10_000).loss, "0.0000351085"));
    let p = t.final_params();
    assert_eq!(p.layers[0].b()[0], 0.35);
    assert_eq!(p.layers[1].b()[1], 0.60);
}

#[test]
fn trace_order_of_one_sample() {
    let t = Trace::new(classic(1, true));
    let names: Vec<String> = t.steps(1, 0..t.epoch_len()).map(|s| s.name()).collect();
    let expected = common::CLASSIC_ORDER;
    assert_eq!(names, expected);
    // Every step is found again by its name at its own position.
    for s in t.steps(1, 0..t.epoch_len()) {
        assert_eq!(t.position(&s.id, s.place), Some(s.index), "{}", s.name());
    }
}

#[test]
fn formulas_match_the_post() {
    use bpnn_tutor::notation::{Digits, Notation};
    use bpnn_tutor::trace::Style;
    let t = Trace::new(classic(1, true));
    let z = t
        .find(&common::key(1, StepId::parse("z(1)[1]").unwrap(), 1))
        .unwrap();
    let f = t.formula(&z);
    let latex = Style::new(Notation::Latex, Digits::Full);
    assert_eq!(
        f.symbolic(latex),
        "z^{(1)}_{1} = w^{(1)}_{1,1} \\cdot a^{(0)}_{1} + w^{(1)}_{1,2} \\cdot a^{(0)}_{2} + b^{(1)}_{1}"
    );
    assert_eq!(
        f.substituted(latex),
        "0.15 \\cdot 0.05 + 0.2 \\cdot 0.1 + 0.35"
    );
    let uni = Style::new(Notation::Unicode, Digits::Sig(6));
    let d = t
        .find(&common::key(1, StepId::parse("delta(1)[1]").unwrap(), 1))
        .unwrap();
    let f = t.formula(&d);
    assert_eq!(
        f.symbolic(uni),
        "δ⁽¹⁾₁ = (w⁽²⁾₁,₁·δ⁽²⁾₁ + w⁽²⁾₂,₁·δ⁽²⁾₂)·(a⁽¹⁾₁·(1 − a⁽¹⁾₁))"
    );
    assert_eq!(
        f.substituted(uni),
        "(0.4·0.138499 + 0.5·(-0.0380982))·(0.593270·(1 − 0.593270))"
    );
    assert_eq!(f.result(uni), "0.00877135");
}
