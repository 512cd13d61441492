//! What a student reads in the Markdown export of the bundled lessons: every default
//! document within what GitHub renders, pure ASCII under `--ascii`, the lesson's prose as
//! Markdown, the loss after each update, the classic post's follow-up numbers, the network
//! as a mermaid diagram and each phase in matrix form — numbers computed here independently.

use crate::common;

use bpnn_tutor::export::{Selection, markdown};
use bpnn_tutor::lesson::{self, Lesson, Notes};
use bpnn_tutor::trace::Trace;
use common::markdown::check_markdown;

fn default_doc(lesson: Lesson, ascii: bool) -> String {
    let trace = Trace::new(lesson);
    let mut out = Vec::new();
    markdown::write_default(&trace, ascii, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn bundled(name: &str) -> Lesson {
    lesson::bundled::LESSONS
        .all()
        .iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no bundled lesson {name}"))
        .load()
        .unwrap()
}

/// GitHub renders Markdown files up to about 512 KB.
const GITHUB_LIMIT: usize = 512 * 1024;

#[test]
fn every_bundled_lesson_reads_on_github_by_default() {
    for b in lesson::bundled::LESSONS.all() {
        let doc = default_doc(b.load().unwrap(), false);
        assert!(doc.len() <= GITHUB_LIMIT, "{}: {} bytes", b.name, doc.len());
        let math = check_markdown(&doc, b.name);
        assert!(!math.is_empty(), "{}: no formulas", b.name);
        assert!(doc.contains("```mermaid\nflowchart LR\n"), "{}", b.name);
        assert!(!doc.contains("\\`"), "{}: an escaped backtick", b.name);
        every_link_has_its_anchor(&doc, b.name);
    }
}

/// Every `](#id)` link of a document points at an `<a id="id">` of the same document.
fn every_link_has_its_anchor(doc: &str, what: &str) {
    let ids: std::collections::HashSet<&str> = doc
        .match_indices("<a id=\"")
        .map(|(i, m)| {
            let rest = &doc[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    for (i, m) in doc.match_indices("](#") {
        let rest = &doc[i + m.len()..];
        let id = &rest[..rest.find(')').unwrap()];
        assert!(
            ids.contains(id),
            "{what}: a link to #{id}, which the document lacks"
        );
    }
}

#[test]
fn ascii_documents_are_pure_ascii_without_latex() {
    for b in lesson::bundled::LESSONS.all() {
        let doc = default_doc(b.load().unwrap(), true);
        assert!(doc.len() <= GITHUB_LIMIT, "{}", b.name);
        if let Some((i, c)) = doc.char_indices().find(|(_, c)| !c.is_ascii()) {
            let from = doc[..i].rfind('\n').map_or(0, |n| n + 1);
            panic!("{}: {c:?} in {:?}", b.name, &doc[from..i + c.len_utf8()]);
        }
        let math = check_markdown(&doc, b.name);
        assert!(math.is_empty(), "{}: math under --ascii", b.name);
        for latex in ["\\frac", "\\begin", "\\cdot", "\\left", "```math"] {
            assert!(!doc.contains(latex), "{}: --ascii wrote {latex}", b.name);
        }
    }
}

#[test]
fn code_spans_in_notes_stay_code() {
    let doc = default_doc(bundled("article_2_2_1"), false);
    assert!(!doc.contains("\\`"));
    let quoted = doc
        .lines()
        .filter(|l| l.starts_with("> "))
        .collect::<Vec<_>>();
    assert!(
        quoted.iter().any(|l| l.contains("`bpnn-tutor check")),
        "{quoted:#?}"
    );
}

#[test]
fn notes_may_use_inline_math() {
    let mut l = bundled("sigmoid_2layer");
    l.notes = Notes {
        forward: Some("Each $`a^{(1)}_{1} = \\sigma(z^{(1)}_{1})`$, see `z(1)[1]`.".into()),
        ..Notes::default()
    };
    let doc = default_doc(l.clone(), false);
    assert!(doc.contains("> Each $`a^{(1)}_{1} = \\sigma(z^{(1)}_{1})`$, see `z(1)[1]`."));
    assert!(
        check_markdown(&doc, "inline math")
            .iter()
            .any(|m| m.contains("\\sigma(z^{(1)}_{1})"))
    );
    let ascii = default_doc(l, true);
    assert!(ascii.contains("> Each `a^(1)_1 = sigma(z^(1)_1)`, see `z(1)[1]`."));
}

/// The classic 2-2-2 example computed here, apart from the engine: the loss before training,
/// after each of `updates` updates (biases trained or not), as lists.
fn classic_losses(updates: usize, train_biases: bool) -> Vec<f64> {
    let sig = |z: f64| 1.0 / (1.0 + (-z).exp());
    let (x, y, eta) = ([0.05, 0.1], [0.01, 0.99], 0.5);
    let (mut w1, mut b1) = ([[0.15, 0.2], [0.25, 0.3]], [0.35, 0.35]);
    let (mut w2, mut b2) = ([[0.4, 0.45], [0.5, 0.55]], [0.6, 0.6]);
    let mut losses = Vec::new();
    for round in 0..=updates {
        let h: Vec<f64> = (0..2)
            .map(|j| sig(w1[j][0] * x[0] + w1[j][1] * x[1] + b1[j]))
            .collect();
        let o: Vec<f64> = (0..2)
            .map(|j| sig(w2[j][0] * h[0] + w2[j][1] * h[1] + b2[j]))
            .collect();
        losses.push(0.5 * ((o[0] - y[0]).powi(2) + (o[1] - y[1]).powi(2)));
        if round == updates {
            break;
        }
        let d2: Vec<f64> = (0..2)
            .map(|j| (o[j] - y[j]) * o[j] * (1.0 - o[j]))
            .collect();
        let d1: Vec<f64> = (0..2)
            .map(|j| (w2[0][j] * d2[0] + w2[1][j] * d2[1]) * h[j] * (1.0 - h[j]))
            .collect();
        for j in 0..2 {
            for k in 0..2 {
                w2[j][k] -= eta * d2[j] * h[k];
                w1[j][k] -= eta * d1[j] * x[k];
            }
            if train_biases {
                b2[j] -= eta * d2[j];
                b1[j] -= eta * d1[j];
            }
        }
    }
    losses
}

fn six(v: f64) -> String {
    bpnn_tutor::notation::number::text(
        v,
        bpnn_tutor::notation::Digits::Short(6),
        bpnn_tutor::notation::Notation::Unicode,
    )
}

#[test]
fn the_flagship_shows_the_loss_after_its_update() {
    let losses = classic_losses(1, true);
    assert_eq!(six(losses[1]), "0.280471");
    let doc = default_doc(bundled("sigmoid_2layer"), false);
    let payoff = doc
        .lines()
        .find(|l| l.starts_with("**Loss after the update:**"))
        .expect("the payoff");
    assert!(
        payoff.contains("was 0.298371") && payoff.contains("**0.280471**"),
        "{payoff}"
    );
    assert!(doc.contains("| after training | **0.280471** |"));
}

#[test]
fn the_classic_posts_follow_up_numbers() {
    // The post: 0.298371109, then 0.291027924 after the first round (computed exactly:
    // 0.291027774, the same to 6 digits), 0.0000351085 after 10,000 rounds — the loss of
    // epoch 10,000, that is after 9,999 updates; after the 10,000th it is 3.51019e-5.
    let losses = classic_losses(10_000, false);
    assert_eq!(six(losses[1]), "0.291028");
    assert_eq!(six(losses[9_999]), "3.51085×10⁻⁵");
    assert_eq!(six(losses[10_000]), "3.51019×10⁻⁵");
    let doc = default_doc(bundled("classic_fixed_biases"), false);
    assert!(doc.contains("with the new ones it is **0.291028**"));
    let row = |e: &str| {
        doc.lines()
            .find(|l| l.starts_with(&format!("| {e} |")))
            .unwrap()
    };
    assert!(
        row("2").contains("| 0.291028 | after 1 update |"),
        "{}",
        row("2")
    );
    // One spelling per number: a power of ten from four leading zeros on, thousands separated.
    assert!(row("10,000").contains("3.51085×10⁻⁵"), "{}", row("10,000"));
    assert!(row("after training").contains("3.51019×10⁻⁵"));
    // The default shows epoch 1 and says how to see more.
    assert!(doc.contains("<a id=\"e1-s1-z-1-1\">") && !doc.contains("<a id=\"e2\">"));
    assert!(doc.contains("choose any other part with `--epoch` and `--sample`"));
}

/// The entries of the `n`-th bmatrix after `from` in `doc`, row by row.
fn bmatrix_after(doc: &str, from: &str, n: usize) -> Vec<Vec<f64>> {
    let rest = &doc[doc.find(from).unwrap_or_else(|| panic!("no {from}"))..];
    let m = rest.split("\\begin{bmatrix}").nth(n + 1).unwrap();
    let m = &m[..m.find("\\end{bmatrix}").unwrap()];
    m.split("\\\\")
        .map(|row| row.split('&').map(|c| c.trim().parse().unwrap()).collect())
        .collect()
}

#[test]
fn the_backward_pass_in_matrix_form_has_the_products() {
    let doc = default_doc(bundled("sigmoid_2layer"), false);
    // δ and a, computed here.
    let sig = |z: f64| 1.0 / (1.0 + (-z).exp());
    let h = [
        sig(0.15 * 0.05 + 0.2 * 0.1 + 0.35),
        sig(0.25 * 0.05 + 0.3 * 0.1 + 0.35),
    ];
    let o = [
        sig(0.4 * h[0] + 0.45 * h[1] + 0.6),
        sig(0.5 * h[0] + 0.55 * h[1] + 0.6),
    ];
    let d2 = [
        (o[0] - 0.01) * o[0] * (1.0 - o[0]),
        (o[1] - 0.99) * o[1] * (1.0 - o[1]),
    ];
    // ∂L/∂W⁽²⁾ = δ⁽²⁾(a⁽¹⁾)ᵀ: the third matrix of its equation.
    let dw = bmatrix_after(&doc, "\\frac{\\partial L}{\\partial W^{(2)}} &=", 2);
    for j in 0..2 {
        for k in 0..2 {
            let want = d2[j] * h[k];
            assert!(
                (dw[j][k] - want).abs() <= 5e-6 * want.abs(),
                "{j},{k}: {dw:?}"
            );
        }
    }
    // δ⁽¹⁾ = (W⁽²⁾)ᵀδ⁽²⁾ ⊙ σ′(z⁽¹⁾): the transpose is written out.
    let eq = "\\delta^{(1)} &= \\left(W^{(2)}\\right)^{\\top} \\delta^{(2)} \\odot \\sigma'\\left(z^{(1)}\\right)";
    assert!(doc.contains(eq));
    let wt = bmatrix_after(&doc, eq, 0);
    assert_eq!(wt, vec![vec![0.4, 0.5], vec![0.45, 0.55]]);
    let d1 = bmatrix_after(&doc, eq, 3);
    let want = (0.4 * d2[0] + 0.5 * d2[1]) * h[0] * (1.0 - h[0]);
    assert!((d1[0][0] - want).abs() <= 5e-6 * want, "{d1:?}");
    // The hidden δ names the error passed back, Σₖ w⁽²⁾ₖ₁·δ⁽²⁾ₖ, as a factor with its value.
    let upstream = six(0.4 * d2[0] + 0.5 * d2[1]);
    assert_eq!(upstream, "0.0363503");
    let worked = &doc[doc.find("<a id=\"e1-s1-delta-1-1\"></a>").unwrap()..];
    let worked = &worked[..worked.find("<a id=\"e1-s1-db-1-1\"></a>").unwrap()];
    assert!(
        worked.contains("*The error passed back from layer 2:*"),
        "{worked}"
    );
    // Its contributions one by one, each with its product (0.4·0.138499, 0.5·δ⁽²⁾₂), then
    // their sum, as Mazur shows them; the δ itself as the product of its factors.
    let (c1, c2) = (six(0.4 * d2[0]), six(0.5 * d2[1]).replace('−', "-"));
    assert_eq!(c1, "0.0553994");
    for line in [
        format!("&= 0.4 \\cdot 0.138499 &&= {c1} \\\\"),
        format!("&\\phantom{{=}} + 0.5 \\cdot \\left(-0.0380982\\right) &&= {c2} \\\\"),
        format!("&= {upstream}"),
        "&= 0.0363503 \\cdot 0.241301 \\\\".to_string(),
    ] {
        assert!(worked.contains(&line), "{line} in {worked}");
    }
    // And the forward pass: z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾ = (0.3775, 0.3925).
    let z = bmatrix_after(&doc, "z^{(1)} &= W^{(1)} a^{(0)} + b^{(1)}", 3);
    assert_eq!(z, vec![vec![0.3775], vec![0.3925]]);
    let ascii = default_doc(bundled("sigmoid_2layer"), true);
    assert!(ascii.contains("delta(1) = W(2)^T delta(2) (*) sigmoid'(z(1))"));
}

#[test]
fn the_network_is_a_diagram_with_every_weight() {
    let doc = default_doc(bundled("sigmoid_2layer"), false);
    let diagram = &doc[doc.find("```mermaid").unwrap()..];
    let diagram = &diagram[..diagram[3..].find("```").unwrap() + 3];
    // Two neurons a side: every edge carries its weight (inputs n0, n1; layer 1 n2, n3; …).
    for (from, to, w) in [
        ("n0", "n2", "0.15"),
        ("n1", "n2", "0.2"),
        ("n0", "n3", "0.25"),
        ("n1", "n3", "0.3"),
        ("n2", "n4", "0.4"),
        ("n3", "n4", "0.45"),
        ("n2", "n5", "0.5"),
        ("n3", "n5", "0.55"),
    ] {
        assert!(
            diagram.contains(&format!("{from} -->|\"{w}\"| {to}")),
            "{diagram}"
        );
    }
    assert_eq!(diagram.matches("-->").count(), 8);
    // More than two neurons a side: edges without labels, their values in a table by ends.
    let doc = default_doc(bundled("softmax_classifier"), false);
    let diagram = &doc[doc.find("```mermaid").unwrap()..];
    assert_eq!(diagram.matches("-->|").count(), 0);
    assert_eq!(
        diagram[..diagram[3..].find("```").unwrap()]
            .matches(" --> ")
            .count(),
        4 * 3 + 3 * 3
    );
    assert!(doc.contains("| to a⁽¹⁾₁ | −0.553178 | 0.398437 | 0.586116 | 0.680088 |"));
    // A wide network is blocks with their counts inside, each edge its count of weights.
    let doc = default_doc(bundled("mnist_sized"), false);
    assert!(doc.contains("n0((\"input x<br/>784 values\"))"));
    assert!(doc.contains("n1[\"layer 1: 128 neurons, sigmoid<br/>W⁽¹⁾ 128 × 784, b 128\"]"));
    assert!(
        doc.contains("n0 -->|\"100,352 weights\"| n1")
            && doc.contains("n1 -->|\"1,280 weights\"| n2")
    );
}

#[test]
fn wide_layers_are_summarised_and_chosen_ranges_are_whole() {
    let trace = Trace::new(bundled("article_pytorch"));
    let mut out = Vec::new();
    markdown::write_default(&trace, false, &mut out).unwrap();
    let doc = String::from_utf8(out).unwrap();
    let selection = markdown::default_selection(&trace);
    assert_eq!(selection.epochs, 1..=1);
    let last = *selection.samples.as_ref().expect("the first samples").end();
    assert!(last > 1 && last < 1000);
    assert!(doc.contains(&format!("<a id=\"e1-s{last}-loss\">")));
    assert!(!doc.contains(&format!("<a id=\"e1-s{}-loss\">", last + 1)));
    // An explicit range shows every step of it, even of a wide layer.
    let trace = Trace::new(bundled("mnist_sized"));
    let selection = Selection {
        epochs: 1..=1,
        samples: Some(1..=1),
    };
    let mut meter = Vec::new();
    markdown::write(&trace, &selection, false, &mut meter).unwrap();
    let doc = String::from_utf8(meter).unwrap();
    assert!(doc.contains("<a id=\"e1-s1-dw-1-64-400\"></a>"));
    assert!(doc.contains("> **A long document:**"));
}

#[test]
fn notes_stand_only_beside_the_numbers_they_quote() {
    // The iris lesson's notes quote epoch 1, sample 1 (a⁽²⁾₁ = 0.468024): never above epoch 100.
    let trace = Trace::new(bundled("softmax_classifier"));
    let selection = Selection {
        epochs: 100..=100,
        samples: None,
    };
    let mut out = Vec::new();
    markdown::write(&trace, &selection, false, &mut out).unwrap();
    let doc = String::from_utf8(out).unwrap();
    assert!(
        !doc.contains("0.468024") && !doc.contains("this setosa"),
        "a note above epoch 100"
    );
    assert!(doc.contains("The lesson's notes describe epoch 1, sample 1 and its update, which"));
    // Sample 2 of epoch 1 is not the sample the notes describe either.
    let selection = Selection {
        epochs: 1..=1,
        samples: Some(2..=2),
    };
    let mut out = Vec::new();
    markdown::write(&trace, &selection, false, &mut out).unwrap();
    assert!(!String::from_utf8(out).unwrap().contains("this setosa"));
    // Where they are shown, a run of sentences follows the step it names: the article's σ(0.2)
    // after the worked z⁽¹⁾₁ and before the row of z⁽¹⁾₂; no sentence about the tutor's keys.
    let doc = default_doc(bundled("article_2_2_1"), false);
    let at = |s: &str| doc.find(s).unwrap_or_else(|| panic!("no {s}"));
    let note = at("σ(0.2) ≈ 0.865 for this first hidden neuron");
    assert!(at("<a id=\"e1-s1-z-1-1\">") < note && note < at("<a id=\"e1-s1-z-1-2\">"));
    let doc = default_doc(bundled("classic_fixed_biases"), false);
    assert!(doc.contains("Epoch 2, after one update: 0.291028"));
    assert!(!doc.contains("PgDn"));
}
