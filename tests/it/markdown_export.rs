//! The Markdown worked example: a golden snapshot of the classic 2-2-2 document, and checks
//! that every document parses as GitHub-flavoured Markdown with math, closes every formula,
//! shows every value of the selected steps, and is the same bytes every time.

use crate::common;

use std::collections::HashMap;
use std::io::{self, Write};

use bpnn_tutor::export::{Selection, markdown};
use bpnn_tutor::lesson::{Activation, Lesson, Loss, Notes, Optimizer};
use bpnn_tutor::trace::Trace;
use common::markdown::check_markdown;
use common::{classic, layer, lesson, sgd};
use ndarray::{Array1, Array2, arr1, arr2};

fn export(trace: &Trace, selection: &Selection, ascii: bool) -> String {
    let mut out = Vec::new();
    markdown::write(trace, selection, ascii, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn export_all(lesson: Lesson, ascii: bool) -> (Trace, String) {
    let trace = Trace::new(lesson);
    let doc = export(&trace, &Selection::all(&trace), ascii);
    (trace, doc)
}

/// The classic example as a lesson author would write it: title, summary and notes.
fn classic_lesson() -> Lesson {
    let mut l = classic(1, true);
    l.title = "The classic 2-2-2 example".into();
    l.summary = "One training step of a 2-2-2 sigmoid network, every number worked out.\n\
                 Inputs x = (0.05, 0.10), targets y = (0.01, 0.99)."
        .into();
    l.source = "lessons/classic_222.toml".into();
    l.notes = Notes {
        forward: Some("Each neuron sums its weighted inputs, then squashes the sum.".into()),
        loss: None,
        backward: Some("The error flows back: output deltas first, then hidden ones.".into()),
        update: Some("Gradient descent: each parameter moves against its gradient.".into()),
    };
    l
}

/// 2-3-1, tanh then sigmoid, BCE, SGD with momentum, 4 samples in batches of 2, 2 epochs.
fn momentum_batches() -> Lesson {
    lesson(
        2,
        vec![
            layer(
                Activation::Tanh,
                arr2(&[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]]),
                arr1(&[0.0, 0.1, -0.1]),
            ),
            layer(
                Activation::Sigmoid,
                arr2(&[[0.7, -0.8, 0.9]]),
                arr1(&[0.05]),
            ),
        ],
        Loss::Bce,
        Optimizer::Sgd {
            learning_rate: 0.1,
            momentum: 0.9,
        },
        2,
        2,
        vec![
            (vec![0.0, 1.0], vec![1.0]),
            (vec![1.0, 0.0], vec![1.0]),
            (vec![1.0, 1.0], vec![0.0]),
            (vec![0.0, 0.0], vec![0.0]),
        ],
    )
}

/// 2-2-3, ReLU then softmax, cross-entropy, Adam, full batch of 3, 2 epochs.
fn adam_softmax() -> Lesson {
    lesson(
        2,
        vec![
            layer(
                Activation::Relu,
                arr2(&[[0.5, -0.3], [0.2, 0.8]]),
                arr1(&[0.1, -0.1]),
            ),
            layer(
                Activation::Softmax,
                arr2(&[[0.3, -0.1], [0.2, 0.4], [-0.6, 0.1]]),
                arr1(&[0.0, 0.0, 0.0]),
            ),
        ],
        Loss::CrossEntropy,
        common::adam(0.01),
        2,
        3,
        vec![
            (vec![1.0, 0.5], vec![1.0, 0.0, 0.0]),
            (vec![-0.5, 1.0], vec![0.0, 1.0, 0.0]),
            (vec![0.2, -1.0], vec![0.0, 0.0, 1.0]),
        ],
    )
}

/// The classic shapes with a frozen first layer (leaky ReLU) and fixed output biases, MSE.
fn frozen() -> Lesson {
    let mut l1 = layer(
        Activation::LeakyRelu,
        arr2(&[[0.15, -0.20], [0.25, 0.30]]),
        arr1(&[0.35, -0.35]),
    );
    l1.trainable = false;
    let mut l2 = layer(
        Activation::Identity,
        arr2(&[[0.40, 0.45], [0.50, 0.55]]),
        arr1(&[0.60, 0.60]),
    );
    l2.train_biases = false;
    lesson(
        2,
        vec![l1, l2],
        Loss::Mse,
        sgd(0.5),
        1,
        1,
        vec![(vec![0.05, 0.10], vec![0.01, 0.99])],
    )
}

/// A 1-1-1 identity network with a learning rate far too large: it overflows to ∞, then NaN.
fn diverging() -> Lesson {
    lesson(
        1,
        vec![
            layer(Activation::Identity, arr2(&[[2.0]]), arr1(&[0.0])),
            layer(Activation::Identity, arr2(&[[2.0]]), arr1(&[0.0])),
        ],
        Loss::Mse,
        sgd(50.0),
        12,
        1,
        vec![(vec![10.0], vec![1.0])],
    )
}

/// A wide lesson (large matrices and data rows are elided): 40-12-3, 30 samples, 1 epoch.
fn wide() -> Lesson {
    let (n_in, n_hid, n_out) = (40, 12, 3);
    let w = |rows: usize, cols: usize, seed: usize| {
        Array2::from_shape_fn((rows, cols), |(r, c)| {
            (((r * 31 + c * 17 + seed) % 23) as f64 - 11.0) / 50.0
        })
    };
    let data = (0..30)
        .map(|s| {
            let x: Vec<f64> = (0..n_in)
                .map(|k| ((s * 7 + k) % 10) as f64 / 10.0)
                .collect();
            let mut y = vec![0.0; n_out];
            y[s % n_out] = 1.0;
            (x, y)
        })
        .collect();
    lesson(
        n_in,
        vec![
            layer(Activation::Sigmoid, w(n_hid, n_in, 1), Array1::zeros(n_hid)),
            layer(
                Activation::Sigmoid,
                w(n_out, n_hid, 2),
                Array1::zeros(n_out),
            ),
        ],
        Loss::HalfSse,
        sgd(0.5),
        1,
        5,
        data,
    )
}

fn all_lessons() -> Vec<(&'static str, Lesson)> {
    vec![
        ("classic", classic_lesson()),
        ("momentum_batches", momentum_batches()),
        ("adam_softmax", adam_softmax()),
        ("frozen", frozen()),
        ("diverging", diverging()),
        ("wide", wide()),
    ]
}

#[test]
fn classic_document_snapshot() {
    let (_, doc) = export_all(classic_lesson(), false);
    insta::assert_snapshot!("classic_latex", doc);
}

#[test]
fn classic_ascii_document_snapshot() {
    let (_, doc) = export_all(classic_lesson(), true);
    insta::assert_snapshot!("classic_ascii", doc);
}

#[test]
fn classic_document_shows_the_published_numbers() {
    let (_, doc) = export_all(classic_lesson(), false);
    // The published values, to 6 significant digits, worked out (`&= …`) or in a table row.
    for (anchor, value) in [
        ("e1-s1-z-1-1", "&= 0.3775"),
        ("e1-s1-z-1-2", "| 0.3925 |"),
        ("e1-s1-a-1-1", "&= 0.593270"),
        ("e1-s1-a-1-2", "| 0.596884 |"),
        ("e1-s1-z-2-1", "&= 1.10591"),
        ("e1-s1-a-2-1", "&= 0.751365"),
        ("e1-s1-a-2-2", "| 0.772928 |"),
        ("e1-s1-loss", "&= 0.298371"),
        ("e1-s1-delta-2-1", "&= 0.138499"),
        ("e1-s1-dw-2-1-1", "&= 0.0821670"),
        ("e1-s1-dw-1-1-1", "&= 0.000438568"),
        ("e1-b1-w-1-1-1", "&= 0.149781"),
        ("e1-b1-w-2-1-1", "| 0.358916 |"),
        ("e1-b1-w-2-1-2", "| 0.408666 |"),
    ] {
        let at = doc
            .find(&format!("<a id=\"{anchor}\"></a>"))
            .unwrap_or_else(|| panic!("no anchor {anchor}"));
        let section = &doc[at..];
        let end = section[1..].find("<a id=").map_or(section.len(), |e| e + 1);
        assert!(
            section[..end].contains(value),
            "{anchor} should show {value}:\n{}",
            &section[..end]
        );
    }
    assert!(!doc.contains("0.392500"), "0.3925 is padded");
}

#[test]
fn documents_parse_and_every_formula_is_closed() {
    for (name, lesson) in all_lessons() {
        let (_, doc) = export_all(lesson.clone(), false);
        let math = check_markdown(&doc, name);
        assert!(!math.is_empty(), "{name}: no formulas");
        let (_, ascii) = export_all(lesson, true);
        let math = check_markdown(&ascii, &format!("{name} --ascii"));
        assert!(math.is_empty(), "{name} --ascii has math: {:?}", math[0]);
        assert!(ascii.is_ascii(), "{name} --ascii has a character above 127");
        for latex in ["$", "\\frac", "\\begin", "\\cdot", "\\left"] {
            assert!(!ascii.contains(latex), "{name} --ascii contains {latex}");
        }
    }
}

/// A number as the document writes it, read back: `−0.0380982`, `3.5×10⁻⁵`,
/// `3.5 \\times 10^{-5}`, `1.5e-1`, `NaN`, `∞`.
fn read_number(text: &str) -> f64 {
    let t = text
        .trim()
        .trim_matches('*')
        .replace('−', "-")
        .replace("{,}", "")
        .replace(',', "");
    match t.as_str() {
        "NaN" | "\\text{NaN}" => return f64::NAN,
        "∞" | "inf" | "\\infty" => return f64::INFINITY,
        "-∞" | "-inf" | "-\\infty" => return f64::NEG_INFINITY,
        _ => {}
    }
    if let Some((m, e)) = t.split_once(" \\times 10^{") {
        return format!("{m}e{}", e.trim_end_matches('}')).parse().unwrap();
    }
    if let Some((m, e)) = t.split_once("×10") {
        let exp: String = e
            .chars()
            .map(|c| match c {
                '⁻' => '-',
                c => char::from_digit(
                    "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c).unwrap() as u32,
                    10,
                )
                .unwrap(),
            })
            .collect();
        return format!("{m}e{exp}").parse().unwrap();
    }
    t.parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

/// The value shown for the step whose anchor is at `pos`: the result of its worked-out
/// formula, the last cell of its table row, or the table cell the anchor opens.
fn shown_value(doc: &str, pos: usize) -> f64 {
    let line_start = doc[..pos].rfind('\n').map_or(0, |i| i + 1);
    let after = &doc[pos..];
    let after = &after[after.find("</a>").unwrap() + 4..];
    if doc[line_start..].starts_with("| ") {
        let line = &after[..after.find('\n').unwrap()];
        if after.starts_with('`') {
            let cells: Vec<&str> = line.trim_end_matches(" |").rsplit(" | ").collect();
            return read_number(cells[0]);
        }
        return read_number(&line[..line.find(" |").unwrap()]);
    }
    let block = &after[..after.find("\n```\n").unwrap()];
    let block = block.strip_suffix("\n\\end{aligned}").unwrap_or(block);
    read_number(block.rsplit("= ").next().unwrap())
}

#[test]
fn every_value_of_the_trace_appears_with_a_unique_anchor() {
    for (name, lesson) in all_lessons() {
        for ascii in [false, true] {
            let trace = Trace::new(lesson.clone());
            let selection = Selection::all(&trace);
            let doc = export(&trace, &selection, ascii);
            let mut at: HashMap<&str, usize> = HashMap::new();
            for (id, pos) in anchors_at(&doc) {
                assert!(at.insert(id, pos).is_none(), "{name}: anchor {id} twice");
            }
            let mut count = 0;
            for step in selection.steps(&trace) {
                count += 1;
                let pos = *at
                    .get(markdown::anchor(&step).as_str())
                    .unwrap_or_else(|| panic!("{name}: no anchor for {}", step.name()));
                let shown = shown_value(&doc, pos);
                let v = step.value;
                let agrees = (shown.is_nan() && v.is_nan())
                    || shown == v
                    || (shown - v).abs() <= 5e-6 * v.abs();
                assert!(
                    agrees,
                    "{name} (ascii {ascii}): {} = {v} but the document shows {shown}",
                    step.name()
                );
            }
            assert_eq!(count, trace.epochs() * trace.epoch_len(), "{name}");
        }
    }
}

#[test]
fn the_same_lesson_gives_the_same_bytes() {
    for (name, lesson) in all_lessons() {
        let (_, first) = export_all(lesson.clone(), false);
        let (trace, second) = export_all(lesson, false);
        assert_eq!(first, second, "{name}");
        // And again from a trace that has already trained (and cached batches).
        assert_eq!(
            first,
            export(&trace, &Selection::all(&trace), false),
            "{name}"
        );
    }
}

/// Every anchor id of a document with where it is.
fn anchors_at(doc: &str) -> impl Iterator<Item = (&str, usize)> {
    doc.match_indices("<a id=\"").map(|(i, m)| {
        let rest = &doc[i + m.len()..];
        (&rest[..rest.find('"').unwrap()], i)
    })
}

fn anchors(doc: &str) -> Vec<&str> {
    anchors_at(doc).map(|(id, _)| id).collect()
}

#[test]
fn epoch_and_sample_ranges_select_what_they_say() {
    let trace = Trace::new(classic(3, true));
    let doc = export(
        &trace,
        &Selection {
            epochs: 2..=2,
            samples: None,
        },
        false,
    );
    let ids = anchors(&doc);
    assert!(ids.contains(&"e2-s1-z-1-1") && ids.contains(&"e2-b1-w-2-2-2"));
    assert!(
        !ids.iter()
            .any(|a| a.starts_with("e1-") || a.starts_with("e3-"))
    );
    assert!(doc.contains("every number of epoch 2 (all samples)"));
    // The loss table still covers the whole run, linking only the selected epoch.
    assert!(doc.contains("| 1 | ") && doc.contains("| [2](#e2) | ") && doc.contains("| 3 | "));

    // Batches of 2 over 4 samples: sample 3 brings the update of batch 2, not sample 4.
    let trace = Trace::new(momentum_batches());
    let doc = export(
        &trace,
        &Selection {
            epochs: 1..=2,
            samples: Some(3..=3),
        },
        false,
    );
    let ids = anchors(&doc);
    for want in [
        "e1-s3",
        "e2-s3-loss",
        "e1-b2-update",
        "e2-b2-v-2-1-3",
        "e2-b2-w-2-1-3",
    ] {
        assert!(ids.contains(&want), "missing {want}");
    }
    for a in &ids {
        assert!(
            !(a.contains("-s1") || a.contains("-s2") || a.contains("-s4") || a.contains("-b1")),
            "unselected {a}"
        );
    }
    assert!(doc.contains("samples 3 to 4 (samples outside the selection are not shown above"));
    assert!(doc.contains("every number of epochs 1 to 2, sample 3"));
    check_markdown(&doc, "momentum sample 3");
}

#[test]
fn non_finite_values_render() {
    let (trace, doc) = export_all(diverging(), false);
    let first = trace.first_non_finite().expect("the lesson diverges");
    assert!(doc.contains("> **Training diverges:**"));
    assert!(doc.contains(&format!("(#{})", markdown::anchor(&first))));
    assert!(doc.contains("\\infty") || doc.contains("\\text{NaN}"));
    assert!(doc.contains("| NaN |") || doc.contains("| ∞ |") || doc.contains("| −∞ |"));
    let (_, ascii) = export_all(diverging(), true);
    assert!(ascii.contains("= NaN") || ascii.contains("inf"));
}

#[test]
fn optimizer_state_and_frozen_layers_are_shown() {
    let (_, doc) = export_all(momentum_batches(), false);
    // The optimizer's state in a table of its own, so neither is wider than the page.
    assert!(doc.contains("| parameter | before | gradient | step η·v | after |"));
    assert!(doc.contains("| parameter | velocity v |"));
    assert!(doc.contains("**The batch mean.**"));
    let (_, doc) = export_all(adam_softmax(), false);
    assert!(
        doc.contains("| parameter | before | gradient | step η·m̂/(√v̂ + ε) | after |")
            && doc.contains("| parameter | m | v | m̂ | v̂ |")
    );
    assert!(
        doc.contains("### <a id=\"e2-b1-update\"></a>Epoch 2, update after batch 1 (Adam's t = 2)")
    );
    assert!(doc.contains("<a id=\"e1-b1-mhat-1-1-2\"></a>"));
    let (_, ascii) = export_all(adam_softmax(), true);
    assert!(
        ascii.contains(
            "| parameter | before | gradient | step eta*mhat/(sqrt(vhat) + eps) | after |"
        )
    );
    let (_, doc) = export_all(frozen(), false);
    assert!(doc.contains("Layer 1 (hidden) is frozen"));
    assert!(doc.contains("Layer 2 (output) (its biases are fixed):"));
    assert!(!doc.contains("<a id=\"e1-b1-b-2-1\"></a>"));
}

#[test]
fn large_matrices_and_data_are_elided() {
    let (_, doc) = export_all(wide(), false);
    assert!(doc.contains("\\cdots") && doc.contains("\\vdots") && doc.contains("\\ddots"));
    assert!(doc.contains("W⁽¹⁾ is 12 × 40"));
    assert!(doc.contains("The first 10 of 30 samples; the JSON export lists them all."));
    assert!(doc.contains("(40 values in all)"));
    assert!(doc.contains("> **A long document:** "));
    let (_, small) = export_all(classic_lesson(), false);
    assert!(!small.contains("A long document"));
    let (_, ascii) = export_all(wide(), true);
    assert!(ascii.contains("W(1) = [ ") && ascii.contains(" ... "));
}

/// Counts bytes and the largest single write, so a test can see the document stream out.
struct Meter {
    bytes: usize,
    largest_write: usize,
}

impl Write for Meter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        self.largest_write = self.largest_write.max(buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_large_lesson_streams_in_small_writes() {
    let lesson = wide();
    let trace = Trace::new(lesson);
    let selection = Selection::all(&trace);
    let mut meter = Meter {
        bytes: 0,
        largest_write: 0,
    };
    markdown::write(&trace, &selection, false, &mut meter).unwrap();
    // Some megabytes of document, never more than one formula line at a time.
    assert!(meter.bytes > 1_000_000, "{} bytes", meter.bytes);
    assert!(
        meter.largest_write < 4096,
        "a write of {}",
        meter.largest_write
    );
}

#[test]
fn a_long_run_summarises_its_losses() {
    let trace = Trace::new(classic(100, false));
    let doc = export(
        &trace,
        &Selection {
            epochs: 1..=1,
            samples: None,
        },
        false,
    );
    let table = &doc[doc.find("| epoch | mean loss | |").unwrap()..];
    let table = &table[..table.find("\n\n").unwrap()];
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .map(|row| row.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect();
    let loss = |e: usize| trace.epoch_summary(e).loss;
    let half = (1..=100).find(|&e| loss(e) < loss(1) / 2.0).unwrap();
    let tenth = (1..=100).find(|&e| loss(e) < 0.1).unwrap();
    for row in &rows[..rows.len() - 1] {
        let e: usize = row[0].trim_start_matches("[1](#e1)").parse().unwrap_or(1);
        let marked = !row[2].is_empty();
        assert!(
            e.is_multiple_of(5) || marked,
            "epoch {e} is in the table for no reason"
        );
        if e == half {
            assert!(row[2].contains("first below half"), "{row:?}");
        }
        if e == tenth {
            assert!(row[2].contains("first below 0.1"), "{row:?}");
        }
    }
    assert_eq!(rows[0][0], "[1](#e1)");
    assert_eq!(rows[1][..], ["2", "0.291028", "after 1 update"]);
    assert_eq!(rows[rows.len() - 1][0], "after training");
    assert!(
        rows.iter()
            .any(|r| r[0] == "100" && r[2].contains("the last"))
    );
    assert!(doc.contains("Of 100 epochs the table shows those marked and every 5th"));
    assert!(loss(100) < loss(1));
}
