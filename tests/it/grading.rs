//! Grading against the classic example, with an error carried forward as learners make it.

use crate::common;

use bpnn_tutor::check::{Answer, Verdict, grade};
use bpnn_tutor::lesson::Precision;
use bpnn_tutor::trace::{StepId, Trace};

fn answer(name: &str, text: &str) -> Answer {
    Answer {
        key: common::key(1, StepId::parse(name).unwrap(), 1),
        given: text.parse().unwrap(),
        text: text.into(),
    }
}

#[test]
fn right_wrong_and_carried() {
    let trace = Trace::new(common::classic(1, true));
    // The learner slips on a(1)[1] (0.865 instead of σ(0.3775) = 0.593270), then computes
    // z(2)[1] = 0.4·0.865 + 0.45·0.596884378 + 0.6 = 1.214597970 correctly from it, and
    // a(2)[1] = σ(1.2146) = 1/(1 + e^−1.2146) = 0.771108 from that.
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    let z2: f64 = 0.4 * 0.865 + 0.45 * 0.596884378 + 0.6;
    assert!((z2 - 1.21459797).abs() < 1e-8);
    let a2 = format!("{:.4}", sigma(1.2146));
    let answers = vec![
        answer("z(1)[1]", "0.3775"),
        answer("a(1)[1]", "0.865"),
        answer("a(1)[2]", "0.5969"),
        answer("z(2)[1]", "1.2146"),
        answer("a(2)[1]", &a2),
        answer("loss", "0.5"),
    ];
    let graded = grade(&trace, &answers, Precision::DEFAULT);
    let verdicts: Vec<Verdict> = graded.iter().map(|g| g.verdict.clone()).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Right,
            Verdict::Wrong,
            Verdict::Right,
            Verdict::Carried {
                from: vec!["a(1)[1]".into()]
            },
            Verdict::Carried {
                from: vec!["z(2)[1]".into()]
            },
            Verdict::Wrong,
        ]
    );
    assert!((graded[1].step.value - 0.593269992).abs() < 1e-9);
}

#[test]
fn rounding_of_right_inputs_is_not_an_error() {
    let trace = Trace::new(common::classic(1, true));
    // From a(1)[1] ≈ 0.5933 and a(1)[2] ≈ 0.5969 (both right to 4 places), a learner gets
    // z(2)[1] = 0.4·0.5933 + 0.45·0.5969 + 0.6 = 1.10593, which is the exact 1.105905967
    // to 5 places, so right either way; one more digit written from rounded inputs
    // (1.105925) is right only because it follows from right answers.
    let answers = vec![
        answer("a(1)[1]", "0.5933"),
        answer("a(1)[2]", "0.5969"),
        answer("z(2)[1]", "1.105925"),
    ];
    let graded = grade(&trace, &answers, Precision::DEFAULT);
    assert!(
        graded.iter().all(|g| g.verdict == Verdict::Right),
        "{graded:?}"
    );
}

#[test]
fn a_skipped_velocity_is_recomputed_from_the_learners_gradient() {
    // SGD with momentum 0.9, η = 0.5 on the classic example. The learner writes a wrong
    // dw(2)[1,1] = 0.09 (exact 0.0821670), skips v(2)[1,1], and updates correctly from it:
    // v = 0.9·0 + 0.09 = 0.09, w = 0.4 − 0.5·0.09 = 0.355. That update follows from their
    // gradient; the same number without the wrong gradient is simply wrong.
    let mut lesson = common::classic(1, true);
    lesson.optimizer = bpnn_tutor::lesson::Optimizer::Sgd {
        learning_rate: 0.5,
        momentum: 0.9,
    };
    let trace = Trace::new(lesson);
    let answers = vec![answer("dw(2)[1,1]", "0.09"), answer("w(2)[1,1]", "0.355")];
    let graded = grade(&trace, &answers, Precision::DEFAULT);
    assert_eq!(graded[0].verdict, Verdict::Wrong);
    assert_eq!(
        graded[1].verdict,
        Verdict::Carried {
            from: vec!["dw(2)[1,1]".into()]
        }
    );
    let alone = grade(&trace, &[answer("w(2)[1,1]", "0.355")], Precision::DEFAULT);
    assert_eq!(alone[0].verdict, Verdict::Wrong);
}

fn mark(graded: &[bpnn_tutor::check::Graded], name: &str) -> (Verdict, Option<&'static str>) {
    let g = graded
        .iter()
        .find(|g| g.step.name() == name)
        .unwrap_or_else(|| panic!("no {name}"));
    (g.verdict.clone(), g.misconception.map(|m| m.id))
}

#[test]
fn right_work_rounded_as_you_go_stays_right() {
    let trace = Trace::new(common::classic(1, true));
    // σ(z⁽²⁾) are 0.7513651 and 0.7729285, right to five places as 0.75137 and 0.77293; the
    // loss worked on from those, ½(0.74137² + 0.21707²) = 0.2983744, is not the exact
    // 0.2983711 to six places, but it is what those right figures give: right, not carried.
    let loss: f64 = 0.5 * ((0.75137f64 - 0.01).powi(2) + (0.77293f64 - 0.99).powi(2));
    assert_eq!(format!("{loss:.6}"), "0.298374");
    let answers = vec![
        answer("a(2)[1]", "0.75137"),
        answer("a(2)[2]", "0.77293"),
        answer("loss", "0.298374"),
    ];
    let graded = grade(&trace, &answers, Precision::DEFAULT);
    assert!(
        graded.iter().all(|g| g.verdict == Verdict::Right),
        "{graded:?}"
    );
}

#[test]
fn too_few_figures_are_imprecise_wherever_they_are_carried() {
    // δ⁽²⁾₁ = (a − y)·a(1 − a) = 0.1384986; ∂L/∂b⁽²⁾₁ = δ⁽²⁾₁. Written 0.14, both are right
    // to their two figures and short of the floor's three: imprecise, both — no sum cancelled
    // anything between them, so it is not early rounding.
    let trace = Trace::new(common::classic(1, true));
    let answers = vec![answer("delta(2)[1]", "0.14"), answer("db(2)[1]", "0.14")];
    let graded = grade(&trace, &answers, Precision::DEFAULT);
    assert_eq!(mark(&graded, "delta(2)[1]"), (Verdict::Imprecise, None));
    assert_eq!(mark(&graded, "db(2)[1]"), (Verdict::Imprecise, None));
}

#[test]
fn a_number_one_unit_in_the_last_place_away_is_right() {
    let trace = Trace::new(common::classic(1, true));
    let exact = trace
        .find(&common::key(1, StepId::parse("a(1)[1]").unwrap(), 1))
        .unwrap()
        .value;
    // The same σ computed in another order, one bit away, written with all 17 digits.
    let other = f64::from_bits(exact.to_bits() + 1);
    let text = format!("{other:.17}");
    let graded = grade(&trace, &[answer("a(1)[1]", &text)], Precision::DEFAULT);
    assert_eq!(graded[0].verdict, Verdict::Right, "{text} for {exact}");
}
