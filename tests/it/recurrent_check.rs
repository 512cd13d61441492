//! Grading hand-worked recurrent steps: each named mistake of backpropagation through time,
//! worked by hand from the lesson's exact numbers (not from the program's rewrites), gets its
//! name; a sheet of right answers gets none; an error carried from the learner's own ∂L/∂h is
//! carried, not a new mistake; and the blank worksheet and `check` work on the new steps.

use crate::common::recurrent::bundled;
use crate::common::sheets::Dir;

use bpnn_tutor::check::{Answer, Verdict, grade};
use bpnn_tutor::lesson::Precision;
use bpnn_tutor::trace::{Index, Param, Place, StepKey, Tensor, Trace};

/// `v` written with 6 significant figures, as a learner copies a calculator.
fn six(v: f64) -> String {
    let decimals = (5 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.decimals$}")
}

struct Sheet {
    trace: Trace,
}

impl Sheet {
    fn of(lesson: &str) -> Self {
        Sheet {
            trace: Trace::new(bundled(lesson)),
        }
    }

    fn key(&self, name: &str) -> StepKey {
        let id = self.trace.parse_step(name).unwrap();
        StepKey {
            epoch: 1,
            place: Place::of(&id, 1),
            id,
        }
    }

    /// The exact value of a step of sample 1 (or batch 1) of epoch 1.
    fn v(&self, name: &str) -> f64 {
        self.trace.find(&self.key(name)).unwrap().value
    }

    /// A parameter of layer 1 as batch 1 used it.
    fn p(&self, tensor: Tensor, ix: &[usize]) -> f64 {
        self.trace.batch(1, 1).before(Param {
            l: 1,
            tensor,
            ix: Index::new(ix),
        })
    }

    fn answer(&self, name: &str, value: f64) -> Answer {
        let text = six(value);
        Answer {
            key: self.key(name),
            given: text.parse().unwrap(),
            text,
        }
    }

    /// The verdict and misconception of the last of `answers`.
    fn mark(&self, answers: &[Answer]) -> (Verdict, Option<&'static str>) {
        let graded = grade(&self.trace, answers, Precision::DEFAULT);
        let last = graded.last().unwrap();
        (last.verdict.clone(), last.misconception.map(|m| m.id))
    }

    /// One wrong answer, alone, named `id`.
    fn names(&self, name: &str, value: f64, id: &str) {
        assert!(
            !bpnn_tutor::check::agrees(value, &six(value), self.v(name)),
            "{name}: the mistake gives the right value"
        );
        let got = self.mark(&[self.answer(name, value)]);
        assert_eq!(got, (Verdict::Wrong, Some(id)), "{name} = {value}");
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[test]
fn bptt_truncated() {
    // Many to many: δ at step 2 from the output at step 2 alone, without W_hhᵀδ₃.
    let s = Sheet::of("rnn_next_step");
    let from_output = s.trace.batch(1, 1).before(Param::w(2, 0, 0)) * s.v("delta(2)[2,1]");
    s.names("dh(1)[2,1]", from_output, "bptt_truncated");
    let h = s.v("h(1)[2,1]");
    s.names(
        "delta(1)[2,1]",
        from_output * (1.0 - h * h),
        "bptt_truncated",
    );
}

#[test]
fn previous_state() {
    let s = Sheet::of("rnn_by_hand");
    // z₂ with W_hh·h₂ where W_hh·h₁ belongs.
    let w = |j, k| s.p(Tensor::WHh, &[j, k]);
    let z = 0.5 * 0.5 + 0.1 + (w(0, 0) * s.v("h(1)[2,1]") + w(0, 1) * s.v("h(1)[2,2]") + 0.0);
    s.names("z(1)[2,1]", z, "previous_state");
    // ∂L/∂w_hh summed with δ_t·h_t instead of δ_t·h_{t−1}.
    let g = s.v("delta(1)[2,1]") * s.v("h(1)[2,1]") + s.v("delta(1)[3,1]") * s.v("h(1)[3,1]");
    s.names("dw_hh(1)[1,1]", g, "previous_state");
}

#[test]
fn last_step_gradient() {
    // ∂L/∂w_ih from the last step only: δ₃·x₃ = δ⁽¹⁾₃,₁·(−1).
    let s = Sheet::of("rnn_by_hand");
    s.names("dw_ih(1)[1,1]", -s.v("delta(1)[3,1]"), "last_step_gradient");
}

#[test]
fn recurrent_weights_transposed() {
    // ∂L/∂h₂ through W_hh (row 1) where W_hhᵀ (column 1) belongs.
    let s = Sheet::of("rnn_by_hand");
    let w = |j, k| s.p(Tensor::WHh, &[j, k]);
    let wrong = w(0, 0) * s.v("delta(1)[3,1]") + w(0, 1) * s.v("delta(1)[3,2]");
    s.names("dh(1)[2,1]", wrong, "recurrent_weights_transposed");
}

#[test]
fn one_bias() {
    let s = Sheet::of("rnn_by_hand");
    // b_hh⁽¹⁾₂ = 0.2 left out of z⁽¹⁾₂,₂.
    s.names("z(1)[2,2]", s.v("z(1)[2,2]") - 0.2, "one_bias");
}

#[test]
fn lstm_cell_path_dropped() {
    let s = Sheet::of("lstm_remembers");
    let c = s.v("c(1)[3,1]");
    let through_h = s.v("dh(1)[3,1]") * s.v("o(1)[3,1]") * (1.0 - c.tanh().powi(2));
    s.names("dc(1)[3,1]", through_h, "lstm_cell_path_dropped");
}

#[test]
fn gate_order() {
    // Two units: g is rows 5–6 and o rows 7–8; read as i, f, o, g they swap.
    let s = Sheet::of("lstm_remembers");
    s.names("g(1)[1,1]", s.v("z(1)[1,7]").tanh(), "gate_order");
    s.names("o(1)[1,1]", sigmoid(s.v("z(1)[1,5]")), "gate_order");
    // z of row 5 (g of unit 1) from the weights of row 7 (o of unit 1): z of row 7.
    s.names("z(1)[2,5]", s.v("z(1)[2,7]"), "gate_order");
    // c with the swapped candidate.
    let c = s.v("f(1)[2,1]") * s.v("c(1)[1,1]") + s.v("i(1)[2,1]") * s.v("z(1)[2,7]").tanh();
    s.names("c(1)[2,1]", c, "gate_order");
}

#[test]
fn cell_tanh_dropped_and_candidate_sigmoid() {
    let s = Sheet::of("lstm_remembers");
    s.names(
        "h(1)[2,1]",
        s.v("o(1)[2,1]") * s.v("c(1)[2,1]"),
        "cell_tanh_dropped",
    );
    s.names("g(1)[2,2]", sigmoid(s.v("z(1)[2,6]")), "candidate_sigmoid");
}

#[test]
fn the_shared_mistakes_hold_in_time_too() {
    // δ without the slope: ∂L/∂h alone (the dense layer's missing_derivative, in time).
    let s = Sheet::of("rnn_by_hand");
    s.names("delta(1)[2,1]", s.v("dh(1)[2,1]"), "delta_without_slope");
    // The update the wrong way.
    let g = s.trace.batch(1, 1).gradient(Param {
        l: 1,
        tensor: Tensor::WHh,
        ix: Index::two(0, 0),
    });
    s.names("w_hh(1)[1,1]", 0.1 + 0.5 * g, "gradient_ascent");
}

/// Every step of a sample and its update, answered right: every answer right, none named.
#[test]
fn right_sheets_are_never_misnamed() {
    for lesson in ["rnn_by_hand", "lstm_remembers", "rnn_next_step"] {
        let s = Sheet::of(lesson);
        let layout = s.trace.layout();
        let steps = s
            .trace
            .steps(1, 0..layout.steps_per_sample() + layout.steps_per_update());
        let answers: Vec<Answer> = steps
            .filter(|step| step.value != 0.0)
            .map(|step| {
                let text = six(step.value);
                Answer {
                    key: step.key(),
                    given: text.parse().unwrap(),
                    text,
                }
            })
            .collect();
        for g in grade(&s.trace, &answers, Precision::DEFAULT) {
            assert_eq!(
                (g.verdict, g.misconception.map(|m| m.id)),
                (Verdict::Right, None),
                "{lesson}: {}",
                g.step.name()
            );
        }
    }
}

/// A slip in ∂L/∂h, and δ worked on from it: the δ is carried from the learner's ∂L/∂h, not
/// a new mistake.
#[test]
fn an_error_in_dh_is_carried_into_delta() {
    let s = Sheet::of("rnn_by_hand");
    let slip = s.v("dh(1)[2,1]") * 1.5;
    let h = s.v("h(1)[2,1]");
    let answers = [
        s.answer("dh(1)[2,1]", slip),
        s.answer("delta(1)[2,1]", slip * (1.0 - h * h)),
    ];
    let (verdict, id) = s.mark(&answers);
    assert_eq!(
        verdict,
        Verdict::Carried {
            from: vec!["dh(1)[2,1]".into()]
        }
    );
    assert_eq!(id, None);
}

/// `check` on a worksheet file, as a teacher runs it: the recurrent steps' names read, the
/// mistake named in the JSON report.
#[test]
fn check_names_a_recurrent_mistake_from_a_file() {
    let s = Sheet::of("lstm_remembers");
    let c = s.v("c(1)[3,1]");
    let dropped = s.v("dh(1)[3,1]") * s.v("o(1)[3,1]") * (1.0 - c.tanh().powi(2));
    let dir = Dir::new();
    dir.write(
        "sheet.toml",
        &format!(
            "[[answer]]\nname = \"c(1)[3,1]\"\nvalue = {}\n\n[[answer]]\nname = \"dc(1)[3,1]\"\nvalue = {}\n",
            six(c),
            six(dropped)
        ),
    );
    let report = dir.json("lstm_remembers", "sheet.toml", &[]);
    let text = report.to_string();
    assert!(text.contains("\"lstm_cell_path_dropped\""), "{text}");
    assert!(text.contains("\"right\""), "{text}");
}

/// The blank worksheet of a recurrent lesson lists its new steps, each with its words.
#[test]
fn a_blank_worksheet_lists_the_steps_through_time() {
    let dir = Dir::new();
    let run = dir.run(&["worksheet", "lstm_remembers", "-o", "blank.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path("blank.toml")).unwrap();
    for name in [
        "\"c(1)[5,2]\"",
        "\"dc(1)[1,1]\"",
        "\"g(1)[3,1]\"",
        "\"dw_hh(1)[8,2]\"",
    ] {
        assert!(text.contains(name), "{name}");
    }
    assert!(text.contains("cell state of hidden unit"));
}

/// Each recurrent kind's mistakes: a unique id, one sentence with an ASCII spelling, and a row
/// of the README's table.
#[test]
fn the_recurrent_mistakes_are_explained_and_listed() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let shared: Vec<&str> = bpnn_tutor::check::CATALOGUE.iter().map(|m| m.id).collect();
    for kind in bpnn_tutor::layers::KINDS
        .iter()
        .filter(|k| k.name != "dense")
    {
        assert!(!kind.mistakes.is_empty(), "{}", kind.name);
        for m in kind.mistakes {
            assert!(!shared.contains(&m.id), "{} is already a shared id", m.id);
            assert!(m.explanation.ends_with('.'), "{}", m.id);
            assert_eq!(
                m.explanation.trim_end_matches('.').matches(". ").count(),
                0,
                "{}",
                m.id
            );
            let ascii = bpnn_tutor::notation::prose::ascii(m.explanation);
            assert!(
                ascii.is_ascii() && !ascii.contains('?'),
                "{}: {ascii}",
                m.id
            );
            let row = format!("| `{}` | {} |", m.id, m.explanation);
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }
}
