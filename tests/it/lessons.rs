//! The bundled lesson library: every lesson loads, trains without a NaN, has its notes, and its
//! gradients agree with finite differences; every lesson is well-conditioned (one ulp in a
//! weight does not change its outcome); the bundled copies are the files in `lessons/`;
//! together the lessons cover every activation, loss, optimizer and way of training; and the
//! numbers the lessons promise (the classic post's loss, the worksheet's verdicts, the
//! fine-tuned layer) hold.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bpnn_tutor::check::{Answer, Verdict, grade};
use bpnn_tutor::engine::Params;
use bpnn_tutor::lesson::{self, Activation, Lesson, Loss, Optimizer, bundled};
use bpnn_tutor::trace::{Param, StepId, Trace};
use common::agrees;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Lesson {
    bundled::LESSONS
        .find(name)
        .unwrap_or_else(|| panic!("{name} is not bundled"))
        .load()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn all_lessons() -> Vec<(&'static str, Lesson)> {
    bundled::LESSONS
        .all()
        .iter()
        .map(|b| (b.name, b.load().unwrap_or_else(|e| panic!("{e}"))))
        .collect()
}

/// The lowest layer (1-based) whose parameters may move a (leaky) ReLU's z across its kink when
/// nudged, and the kinked neurons: a z within 1e-4 of 0 in any sample of the batch.
fn kinks(lesson: &Lesson, trace: &Trace) -> Vec<(usize, usize)> {
    let record = trace.batch(1, 1);
    let mut out = Vec::new();
    for s in record.samples() {
        for (i, layer) in lesson.layers.iter().enumerate() {
            if matches!(layer.activation(), Activation::Relu | Activation::LeakyRelu) {
                let l = i + 1;
                for (j, z) in s.zs(l).iter().enumerate() {
                    if z.abs() < 1e-4 {
                        out.push((l, j));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_first_batch_gradient_matches_finite_differences() {
    let h = 1e-6;
    // The recurrent lessons' gradients are checked in `recurrent.rs`, the transformers' (every
    // tensor) in `transformer.rs`.
    for (name, lesson) in all_lessons()
        .into_iter()
        .filter(|(_, l)| !common::has_recurrent(l) && !bpnn_tutor::layers::diagram::applies(l))
    {
        let trace = Trace::new(lesson.clone());
        let record = trace.batch(1, 1);
        let params = trace.initial_params();
        let kinks = kinks(&lesson, &trace);
        let mut checked = 0;
        // Big networks: an even spread of about 500 entries (every entry costs two passes).
        let stride = (lesson.parameter_count() / 500).max(1);
        let mut seen = 0usize;
        for l in 0..lesson.depth() {
            if !lesson.layers[l].is_dense() {
                // Every tensor of a convolution (none of a pool or flatten), entry by entry.
                for spec in lesson.layers[l].specs() {
                    for e in 0..spec.len() {
                        seen += 1;
                        if !(seen - 1).is_multiple_of(stride) {
                            continue;
                        }
                        let ix = bpnn_tutor::trace::Index::at_offset(e, &spec.dims);
                        let nudge = |d: f64| {
                            let mut p = params.clone();
                            *p.layers[l].at_mut(spec.tensor, &ix) += d;
                            common::batch_loss(&lesson, &p)
                        };
                        let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
                        let analytic = record.gradient(Param {
                            l: l + 1,
                            tensor: spec.tensor,
                            ix,
                        });
                        let tolerance = 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9;
                        assert!(
                            (analytic - numeric).abs() <= tolerance,
                            "{name}: layer {} {:?}{ix:?}: analytic {analytic} vs numeric {numeric}",
                            l + 1,
                            spec.tensor
                        );
                        checked += 1;
                    }
                }
                continue;
            }
            let (rows, cols) = params.layers[l].w().dim();
            let mut entries: Vec<(usize, Option<usize>)> = (0..rows).map(|j| (j, None)).collect();
            entries.extend((0..rows).flat_map(|j| (0..cols).map(move |k| (j, Some(k)))));
            for (j, k) in entries {
                seen += 1;
                if !(seen - 1).is_multiple_of(stride) {
                    continue;
                }
                // A nudge of a parameter at or below a kinked neuron may cross the kink.
                if kinks
                    .iter()
                    .any(|&(kl, kj)| l + 1 < kl || (l + 1 == kl && j == kj))
                {
                    continue;
                }
                let nudge = |d: f64| {
                    let mut p = params.clone();
                    match k {
                        Some(k) => {
                            *p.layers[l].at_mut(
                                bpnn_tutor::trace::Tensor::W,
                                &bpnn_tutor::trace::Index::two(j, k),
                            ) += d
                        }
                        None => {
                            *p.layers[l].at_mut(
                                bpnn_tutor::trace::Tensor::B,
                                &bpnn_tutor::trace::Index::one(j),
                            ) += d
                        }
                    }
                    common::batch_loss(&lesson, &p)
                };
                let numeric = (nudge(h) - nudge(-h)) / (2.0 * h);
                let analytic = record.gradient(match k {
                    Some(k) => Param::w(l + 1, j, k),
                    None => Param::b(l + 1, j),
                });
                // 1e-9: the rounding noise of a central difference with h = 1e-6 on losses of
                // order 1 (ε·L/h ≈ 5e-10 for L = 2.3).
                let tolerance = 1e-6 * analytic.abs().max(numeric.abs()) + 1e-9;
                assert!(
                    (analytic - numeric).abs() <= tolerance,
                    "{name}: layer {} [{j},{k:?}]: analytic {analytic} vs numeric {numeric}",
                    l + 1
                );
                checked += 1;
            }
        }
        assert_eq!(
            checked,
            lesson.parameter_count().div_ceil(stride),
            "{name}: a ReLU z within 1e-4 of 0 in the first batch skipped some entries: {kinks:?}"
        );
    }
}

#[test]
fn every_lesson_has_notes_and_trains_without_nan() {
    for (name, lesson) in all_lessons() {
        assert!(!lesson.title.trim().is_empty(), "{name}: no title");
        assert!(!lesson.summary.trim().is_empty(), "{name}: no summary");
        let n = &lesson.notes;
        for (phase, note) in [
            ("forward", &n.forward),
            ("loss", &n.loss),
            ("backward", &n.backward),
            ("update", &n.update),
        ] {
            assert!(
                note.as_deref().is_some_and(|t| !t.trim().is_empty()),
                "{name}: no {phase} note"
            );
        }
        let trace = Trace::new(lesson.clone());
        if let Some(step) = trace.first_non_finite() {
            panic!("{name}: {} is not finite", step.name());
        }
    }
}

/// Lessons that show a network failing to learn, by design: a plain RNN that cannot carry its
/// first input over five steps (its partner, lstm_remembers, learns).
const FAIL_BY_DESIGN: [&str; 1] = ["rnn_forgets"];

/// Every lesson that trains for more than one epoch ends with a clearly lower loss, but those
/// that show a network that cannot learn, whose loss must stay put.
#[test]
fn every_multi_epoch_lesson_learns() {
    for (name, lesson) in all_lessons() {
        if lesson.epochs == 1 {
            continue;
        }
        if FAIL_BY_DESIGN.contains(&name) {
            let trace = Trace::new(lesson.clone());
            let (first, last) = (
                trace.epoch_summary(1).loss,
                trace.epoch_summary(lesson.epochs).loss,
            );
            assert!(
                last > 0.9 * first,
                "{name} learns after all: {first} → {last}"
            );
            continue;
        }
        let trace = Trace::new(lesson.clone());
        let first = trace.epoch_summary(1).loss;
        let last = trace.epoch_summary(lesson.epochs).loss;
        assert!(last < 0.5 * first, "{name}: loss {first} → {last}");
    }
}

/// The final epoch's mean loss, trained as `train` trains.
fn final_loss(lesson: &Lesson) -> f64 {
    let mut driver = bpnn_tutor::trace::Driver::new(lesson);
    let mut last = f64::NAN;
    while let Some(loss) = driver.epoch(lesson) {
        last = loss;
    }
    last
}

/// Every lesson is well-conditioned: nudging the first initial weight of any layer by one
/// unit in the last place moves the final loss by less than 1e-9 relatively, so any correct
/// implementation (PyTorch, numpy, a hand-written loop) reproduces the lesson's numbers.
/// A chaotic lesson fails this: softmax_classifier at η = 0.5 moves by 4%.
#[test]
fn every_lesson_is_well_conditioned() {
    for (name, lesson) in all_lessons() {
        let base = final_loss(&lesson);
        for l in 0..lesson.layers.len() {
            let mut nudged = lesson.clone();
            // The first entry of the layer's first tensor (W, a kernel, E, γ, W_q …; a
            // pooling or flatten layer has none).
            let Some(w) = nudged.layers[l]
                .params
                .first_mut()
                .and_then(|t| t.iter_mut().next())
            else {
                continue;
            };
            *w = w.next_up();
            let moved = (final_loss(&nudged) - base).abs() / base;
            assert!(
                moved < 1e-9,
                "{name}: one ulp more in the first weight of layer {} moves the final loss by {moved:e}",
                l + 1
            );
        }
    }
}

#[test]
fn bundled_copies_are_the_files_in_lessons() {
    for b in bundled::LESSONS.all() {
        let path = repo().join(b.path());
        let file = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            file == b.text.as_bytes(),
            "{} differs from its bundled copy",
            b.path()
        );
    }
}

#[test]
fn every_lesson_file_is_bundled() {
    let names: BTreeSet<&str> = bundled::LESSONS.names().into_iter().collect();
    assert_eq!(
        names.len(),
        bundled::LESSONS.all().len(),
        "a lesson is bundled twice"
    );
    let mut files = 0;
    for entry in std::fs::read_dir(repo().join("lessons")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
            assert!(
                names.contains(stem.as_str()),
                "{} is not in src/lesson/bundled.rs",
                path.display()
            );
            files += 1;
        }
    }
    assert_eq!(files, names.len());
}

#[test]
fn lessons_command_lists_every_bundled_lesson() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("bpnn-tutor")
        .arg("lessons")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (lessons, worksheets) = stdout.split_once("\n\n").unwrap();
    let listed: Vec<&str> = lessons
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let names = bundled::LESSONS.names();
    assert_eq!(listed, names, "{stdout}");
    let mut worksheets = worksheets.lines();
    assert!(worksheets.next().unwrap().starts_with("worksheets"));
    let listed: Vec<&str> = worksheets
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        bpnn_tutor::check::bundled::WORKSHEETS.names(),
        "{stdout}"
    );
    for (name, lesson) in all_lessons() {
        let line = stdout.lines().find(|l| l.starts_with(name)).unwrap();
        assert!(line.contains(&lesson.title), "{line}");
    }
}

/// Which tables and keys a lesson file writes, for what the parsed `Lesson` no longer shows.
fn raw(name: &str) -> toml::Table {
    bundled::LESSONS.find(name).unwrap().text.parse().unwrap()
}

#[test]
fn together_the_lessons_cover_every_feature() {
    let lessons = all_lessons();
    let activations: BTreeSet<&str> = lessons
        .iter()
        .flat_map(|(_, l)| l.layers.iter().map(|layer| layer.activation().name()))
        .collect();
    for a in Activation::ALL {
        assert!(
            activations.contains(a.name()),
            "no lesson uses {}",
            a.name()
        );
    }
    let losses: BTreeSet<&str> = lessons.iter().map(|(_, l)| l.loss.name()).collect();
    for l in Loss::ALL {
        assert!(losses.contains(l.name()), "no lesson uses {}", l.name());
    }
    let has = |what: &str, f: &dyn Fn(&Lesson) -> bool| {
        assert!(lessons.iter().any(|(_, l)| f(l)), "no lesson has {what}");
    };
    has(
        "plain SGD",
        &|l| matches!(l.optimizer, Optimizer::Sgd { momentum, .. } if momentum == 0.0),
    );
    has(
        "SGD with momentum",
        &|l| matches!(l.optimizer, Optimizer::Sgd { momentum, .. } if momentum > 0.0),
    );
    has("Adam", &|l| matches!(l.optimizer, Optimizer::Adam { .. }));
    has("batch size 1 with several samples", &|l| {
        l.batch_size == 1 && l.data.len() > 1
    });
    has("mini-batches", &|l| {
        1 < l.batch_size && l.batch_size < l.data.len()
    });
    has("full batches of several samples", &|l| {
        l.batch_size == l.data.len() && l.data.len() > 1
    });
    has("a frozen layer", &|l| l.layers.iter().any(|x| !x.trainable));
    has("frozen biases on a trained layer", &|l| {
        l.layers.iter().any(|x| x.trainable && !x.train_biases)
    });
    has("a hidden layer", &|l| l.depth() > 1);
    let names = bundled::LESSONS.names();
    assert!(
        names.iter().any(|n| raw(n).contains_key("generate")),
        "no lesson generates its data"
    );
    assert!(
        names.iter().any(|n| {
            raw(n)["network"]["layer"]
                .as_array()
                .unwrap()
                .iter()
                .any(|layer| !layer.as_table().unwrap().contains_key("weights"))
        }),
        "no lesson draws its weights from a seeded init"
    );
}

#[test]
fn classic_fixed_biases_reaches_the_published_loss() {
    let lesson = load("classic_fixed_biases");
    assert_eq!(lesson.epochs, 10_000);
    assert!(lesson.layers.iter().all(|l| l.trainable && !l.train_biases));
    let trace = Trace::new(lesson);
    let first = trace.epoch_summary(1).loss;
    let second = trace.epoch_summary(2).loss;
    let last = trace.epoch_summary(10_000).loss;
    assert!(agrees(first, "0.298371109"), "{first}");
    assert!(agrees(second, "0.291027774"), "{second}");
    assert!(agrees(last, "0.0000351085"), "{last}");
    let p = trace.final_params();
    assert_eq!(p.layers[0].b().to_vec(), vec![0.35, 0.35]);
    assert_eq!(p.layers[1].b().to_vec(), vec![0.60, 0.60]);
}

/// The frozen first layer of fine_tune_frozen is what `bpnn-tutor train xor_tanh --save` writes,
/// and it does not move.
#[test]
fn fine_tune_starts_from_trained_xor_and_keeps_it() {
    let xor = Trace::new(load("xor_tanh")).final_params();
    let lesson = load("fine_tune_frozen");
    assert!(!lesson.layers[0].trainable);
    assert!(lesson.layers[1..].iter().all(|l| l.trainable));
    assert_eq!(lesson.layers[0].weights(), xor.layers[0].w());
    assert_eq!(lesson.layers[0].biases(), xor.layers[0].b());
    let tuned = Trace::new(lesson).final_params();
    assert_eq!(tuned.layers[0].w(), xor.layers[0].w());
    assert_eq!(tuned.layers[0].b(), xor.layers[0].b());
}

/// The dead ReLU neuron never moves; its leaky twin comes back to life.
#[test]
fn dead_relu_stays_dead_and_leaky_relu_recovers() {
    let dead = load("relu_dead");
    let leaky = load("relu_vs_leaky");
    assert_eq!(dead.layers[0].activation(), Activation::Relu);
    assert_eq!(leaky.layers[0].activation(), Activation::LeakyRelu);
    assert_eq!(dead.layers[0].weights(), leaky.layers[0].weights());
    assert_eq!(dead.data, leaky.data);
    let z2 = |p: &Params, x: f64| p.layers[0].w()[[1, 0]] * x + p.layers[0].b()[1];
    let xs: Vec<f64> = dead.data.iter().map(|s| s.input[0]).collect();
    let start = Params::from_lesson(&dead);
    assert!(xs.iter().all(|&x| z2(&start, x) < 0.0));

    let after = Trace::new(dead).final_params();
    assert_eq!(after.layers[0].w().row(1), start.layers[0].w().row(1));
    assert_eq!(after.layers[0].b()[1], start.layers[0].b()[1]);
    assert_eq!(after.layers[1].w()[[0, 1]], start.layers[1].w()[[0, 1]]);

    let after = Trace::new(leaky).final_params();
    assert!(xs.iter().any(|&x| z2(&after, x) > 0.0));
}

/// Reads a worksheet (DESIGN §7) into answers, keeping each number as written.
fn worksheet(path: &Path) -> (String, Vec<Answer>) {
    let table: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let lesson = table["lesson"].as_str().unwrap().to_owned();
    let answers = table["answer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let name = a["name"].as_str().unwrap();
            let given = a["value"].as_float().unwrap();
            let int = |key: &str| a.get(key).map_or(1, |v| v.as_integer().unwrap() as usize);
            Answer {
                key: common::key(int("epoch"), StepId::parse(name).unwrap(), int("sample")),
                given,
                // The shortest text that reads back to the value is the text as written, as long
                // as the worksheet writes no trailing zeros.
                text: given.to_string(),
            }
        })
        .collect();
    (lesson, answers)
}

#[test]
fn the_article_slip_worksheet_is_graded_as_it_says() {
    let (file, answers) = worksheet(&repo().join("lessons/worksheets/article_2_2_1_slip.toml"));
    assert_eq!(file, "lessons/article_2_2_1.toml");
    let lesson = lesson::load(&repo().join(&file)).unwrap();
    let graded = grade(
        &Trace::new(lesson),
        &answers,
        bpnn_tutor::lesson::Precision::DEFAULT,
    );
    assert_eq!(graded.len(), answers.len(), "every answer names a step");
    let verdicts: Vec<(String, Verdict)> = graded
        .iter()
        .map(|g| (g.answer.key.id.to_string(), g.verdict.clone()))
        .collect();
    let carried = |from: &[&str]| Verdict::Carried {
        from: from.iter().map(|s| s.to_string()).collect(),
    };
    let want = [
        ("z(1)[1]", Verdict::Right),
        ("a(1)[1]", Verdict::Wrong),
        ("z(1)[2]", Verdict::Right),
        ("a(1)[2]", Verdict::Right),
        ("z(2)[1]", carried(&["a(1)[1]"])),
        ("a(2)[1]", carried(&["z(2)[1]"])),
        ("loss", carried(&["a(2)[1]"])),
        ("delta(2)[1]", carried(&["a(2)[1]"])),
        ("dw(2)[1,1]", carried(&["delta(2)[1]", "a(1)[1]"])),
        ("w(2)[1,1]", carried(&["dw(2)[1,1]"])),
    ];
    let want: Vec<(String, Verdict)> = want.into_iter().map(|(n, v)| (n.to_string(), v)).collect();
    assert_eq!(verdicts, want);
}

/// The numbers the article_2_2_1 notes quote, computed by hand (σ(z) = 1 / (1 + e^(−z))).
#[test]
fn article_2_2_1_has_the_right_numbers() {
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let trace = Trace::new(load("article_2_2_1"));
    let value = |name: &str| {
        let id = StepId::parse(name).unwrap();
        trace.find(&common::key(1, id, 1)).unwrap().value
    };
    let (a11, a12) = (s(0.6), s(1.3));
    let a2 = s(0.5 * a11 + 0.6 * a12 + 0.1);
    let d2 = (a2 - 1.0) * a2 * (1.0 - a2);
    for (name, want) in [
        ("z(1)[1]", 0.6),
        ("a(1)[1]", a11),
        ("z(1)[2]", 1.3),
        ("a(1)[2]", a12),
        ("a(2)[1]", a2),
        ("loss", 0.5 * (a2 - 1.0) * (a2 - 1.0)),
        ("delta(2)[1]", d2),
        ("delta(1)[1]", 0.5 * d2 * a11 * (1.0 - a11)),
        ("w(2)[1,1]", 0.5 - 0.1 * d2 * a11),
    ] {
        let got = value(name);
        assert!((got - want).abs() <= 1e-15, "{name}: {got} vs {want}");
    }
    for (name, written) in [
        ("a(1)[1]", "0.645656"),
        ("a(2)[1]", "0.709783"),
        ("loss", "0.0421130"),
        ("delta(2)[1]", "-0.0597822"),
        ("w(2)[1,1]", "0.503860"),
    ] {
        assert!(agrees(value(name), written), "{name}");
    }
    // The notes quote each result as the program writes it.
    let lesson = load("article_2_2_1");
    let d11 = 0.5 * d2 * a11 * (1.0 - a11);
    assert_quotes(
        "article_2_2_1",
        &lesson,
        &[
            ("a⁽¹⁾₁", a11),
            ("a⁽¹⁾₂", a12),
            ("z⁽²⁾₁", 0.5 * a11 + 0.6 * a12 + 0.1),
            ("a⁽²⁾₁", a2),
            ("L", 0.5 * (a2 - 1.0) * (a2 - 1.0)),
            ("δ⁽²⁾₁", d2),
            ("δ⁽¹⁾₁", d11),
            ("δ⁽¹⁾₂", 0.6 * d2 * a12 * (1.0 - a12)),
            ("∂L/∂w⁽²⁾₁,₁", d2 * a11),
            ("∂L/∂w⁽¹⁾₁,₂", d11 * 2.0),
            ("w⁽²⁾₁,₁", 0.5 - 0.1 * d2 * a11),
            ("b⁽²⁾₁", 0.1 - 0.1 * d2),
        ],
    );
    // The article's number is σ of neither 0.2 nor 0.6.
    assert!(!agrees(s(0.2), "0.865") && !agrees(s(0.6), "0.865"));
}

/// Every number the softmax_classifier notes quote is the program's, to the digits quoted.
#[test]
fn softmax_classifier_notes_quote_the_programs_numbers() {
    use bpnn_tutor::engine::{Workspace, forward};
    let lesson = load("softmax_classifier");
    let trace = Trace::new(lesson.clone());
    let value = |name: &str, at: usize| {
        let id = StepId::parse(name).unwrap();
        trace.find(&common::key(1, id, at)).unwrap().value
    };
    // Each number checked here is written so in the notes (with a true minus sign).
    let text = prose(&lesson);
    let quoted = |written: &str| {
        let written = written.replace('-', "−");
        assert!(text.contains(&written), "the notes do not quote {written}");
    };
    for (name, written) in [
        ("a(1)[1]", "0.384593"),
        ("a(1)[2]", "0.324050"),
        ("a(1)[3]", "0.978747"),
        ("z(2)[1]", "0.356723"),
        ("z(2)[2]", "0.227754"),
        ("z(2)[3]", "-0.999463"),
        ("a(2)[1]", "0.468024"),
        ("a(2)[2]", "0.411394"),
        ("a(2)[3]", "0.120582"),
        ("loss", "0.759236"),
        ("delta(2)[1]", "-0.531976"),
        ("delta(2)[2]", "0.411394"),
        ("delta(2)[3]", "0.120582"),
        ("delta(1)[1]", "0.151978"),
    ] {
        assert!(
            agrees(value(name, 1), written),
            "{name}: {}",
            value(name, 1)
        );
        quoted(written);
    }
    assert!(agrees(3f64.ln(), "1.09861"));
    quoted("1.09861");
    let initial = trace.initial_params();
    let w2: Vec<f64> = (0..3).map(|k| initial.layers[1].w()[[k, 0]]).collect();
    for (w, written) in w2.iter().zip(["-0.815338", "0.702571", "-0.668863"]) {
        assert!(agrees(*w, written), "w(2)[k,1] = {w}");
    }
    // In δ⁽¹⁾₁ = (−0.815338·(−0.531976) + 0.702571·0.411394 − 0.668863·0.120582)·…
    quoted("-0.815338·");
    quoted("+ 0.702571·");
    quoted("- 0.668863·");
    // The update after batch 1: w ← w − η·ḡ.
    let (old, new) = (initial.layers[0].w()[[0, 0]], value("w(1)[1,1]", 1));
    assert!(
        agrees(old, "-0.553178") && agrees(new, "-0.586388"),
        "{old} → {new}"
    );
    assert!(agrees((old - new) / 0.4, "0.0830253"));
    for written in ["-0.553178", "-0.586388", "0.0830253"] {
        quoted(written);
    }
    assert_eq!(lesson.optimizer.learning_rate(), 0.4);
    assert_eq!(trace.layout().batches() * lesson.epochs, 400);
    assert!(agrees(trace.epoch_summary(1).loss, "1.08851"));
    assert!(agrees(trace.epoch_summary(100).loss, "0.0491462"));
    quoted("1.08851");
    quoted("0.0491462");
    // After the last epoch, the probability of each flower's true class.
    let params = trace.final_params();
    let mut ws = Workspace::new(&lesson);
    let lowest = lesson
        .data
        .iter()
        .map(|s| {
            forward(&lesson, &params, s.input.as_slice().unwrap(), &mut ws);
            let class = s.target.iter().position(|&y| y == 1.0).unwrap();
            ws.a[2][class]
        })
        .fold(f64::INFINITY, f64::min);
    assert!(lowest >= 0.889 && agrees(lowest, "0.889"), "{lowest}");
}

/// A number as the formula panel and the Markdown export write it, worked out here on its own:
/// 6 significant digits, and a trailing zero only where the value has it — the stored
/// 0.39249999999999996 is 0.3925, not 0.392500, but σ(0.3775) = 0.5932699921… is 0.593270.
/// With a true minus sign, as the notes write it.
fn six_digits(v: f64) -> String {
    assert!(
        v != 0.0 && (1e-4..1e15).contains(&v.abs()),
        "{v} would be written with a power of ten"
    );
    // The power of ten after rounding: 0.0999999886 to 6 digits is 0.100000.
    let rounded = format!("{v:.5e}");
    let exponent: i32 = rounded[rounded.find('e').unwrap() + 1..].parse().unwrap();
    let decimals = (5 - exponent).max(0) as usize;
    let padded = format!("{v:.decimals$}");
    let trimmed = match padded.contains('.') {
        true => padded.trim_end_matches('0').trim_end_matches('.'),
        false => &padded,
    };
    // Shorter only where the shorter number is the value up to the last bits of floating point.
    let same = (trimmed.parse::<f64>().unwrap() - v).abs() <= 1e-12 * v.abs();
    let text = if same { trimmed } else { &padded };
    text.replace('-', "−")
}

#[test]
fn six_digits_writes_numbers_as_the_program_does() {
    assert_eq!(six_digits(0.25 * 0.05 + 0.3 * 0.1 + 0.35), "0.3925");
    assert_eq!(six_digits(0.3775), "0.3775");
    assert_eq!(six_digits(0.593269992107187), "0.593270");
    assert_eq!(six_digits(-0.03809823651655623), "−0.0380982");
    assert_eq!(six_digits(0.0999999886), "0.100000");
    assert_eq!(six_digits(1.10590596705977), "1.10591");
    assert_eq!(six_digits(123456.7), "123457");
}

/// A lesson's summary and notes as one text, lines joined as the tutor joins them.
fn prose(lesson: &Lesson) -> String {
    let n = &lesson.notes;
    let notes = [&n.forward, &n.loss, &n.backward, &n.update];
    std::iter::once(lesson.summary.as_str())
        .chain(notes.into_iter().flatten().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n")
        .replace('\n', " ")
}

/// The results the prose quotes for `name`: in every equation `name = … = result` (`name` a
/// whole symbol, so `w⁽²⁾₁,₁` is not found inside `∂L/∂w⁽²⁾₁,₁`), the number after its last `=`.
/// An equation ends at a comma, semicolon or colon, at " and", or at the end of a sentence, or
/// at a parenthesis that closes one opened before it; what its own parentheses hold does not
/// count. One whose last side is not a bare number (`δ⁽ˡ⁾ⱼ = ∂L/∂z⁽ˡ⁾ⱼ`) has no result.
fn quoted_results(text: &str, name: &str) -> Vec<String> {
    const ENDS: [&str; 6] = [", ", "; ", ": ", " and ", " and,", ". "];
    let start = format!("{name} = ");
    let mut out = Vec::new();
    for (at, _) in text.match_indices(&start) {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace() && c != '(') {
            continue;
        }
        let rest = &text[at + start.len()..];
        // Where the equation ends, and where its last side starts (after an `=` outside its
        // parentheses).
        let (mut depth, mut end, mut last) = (0, rest.len(), 0);
        for (i, c) in rest.char_indices() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth -= 1,
                _ => {}
            }
            let tail = &rest[i..];
            if depth < 0 || (depth == 0 && ENDS.iter().any(|e| tail.starts_with(e))) {
                end = i;
                break;
            }
            if depth == 0 && tail.starts_with("= ") {
                last = i + 2;
            }
        }
        let last = &rest[last..end];
        let number: String = last
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '−')
            .collect();
        let number = number.trim_end_matches('.');
        // A result may be followed by a remark in parentheses, nothing else.
        let after = last[number.len()..].trim_end_matches('.').trim_start();
        let numeric = number.replace('−', "-").parse::<f64>().is_ok();
        if numeric && (after.is_empty() || after.starts_with('(')) {
            out.push(number.to_owned());
        }
    }
    out
}

/// Every result the lesson's prose quotes for each name is `value` written as the program
/// writes it, and each name is quoted at least once.
fn assert_quotes(lesson_name: &str, lesson: &Lesson, want: &[(&str, f64)]) {
    let text = prose(lesson);
    for &(name, value) in want {
        let quotes = quoted_results(&text, name);
        assert!(
            !quotes.is_empty(),
            "{lesson_name}: no result quoted for {name}"
        );
        let written = six_digits(value);
        for q in quotes {
            assert_eq!(q, written, "{lesson_name}: {name} is {value}");
        }
    }
}

#[test]
fn quoted_results_finds_the_result_of_each_equation() {
    let text = "First: z⁽¹⁾₁ = 0.15·0.05 + 0.35 = 0.3775, a⁽¹⁾₁ = σ(0.3775) = 0.593270. Then \
                δ⁽ˡ⁾ⱼ = ∂L/∂z⁽ˡ⁾ⱼ and ∂L/∂w⁽²⁾₁,₁ = 0.138499 · 0.593270 = 0.0821670 and \
                w⁽²⁾₁,₁ = 0.40 − 0.5 · 0.0821670 = 0.358916 (δ⁽²⁾₂ = −0.0380982) and, in \
                epoch 2, b⁽²⁾₁ = 0.5 (a⁽²⁾₁ = 0.7, x = (0.1, 0.2)). L = −ln 0.5 = 0.693147.";
    assert_eq!(quoted_results(text, "z⁽¹⁾₁"), ["0.3775"]);
    assert_eq!(quoted_results(text, "a⁽¹⁾₁"), ["0.593270"]);
    assert_eq!(quoted_results(text, "δ⁽ˡ⁾ⱼ"), Vec::<String>::new());
    assert_eq!(quoted_results(text, "∂L/∂w⁽²⁾₁,₁"), ["0.0821670"]);
    assert_eq!(quoted_results(text, "w⁽²⁾₁,₁"), ["0.358916"]);
    assert_eq!(quoted_results(text, "δ⁽²⁾₂"), ["−0.0380982"]);
    assert_eq!(quoted_results(text, "b⁽²⁾₁"), ["0.5"]);
    assert_eq!(quoted_results(text, "a⁽²⁾₁"), ["0.7"]);
    assert_eq!(quoted_results(text, "L"), ["0.693147"]);
}

/// The flagship lesson's notes quote the program's numbers as its formula panel and Markdown
/// write them (6 significant digits, no padding zeros), not to a precision of their own: each
/// result is worked out here in closed form from the lesson's own weights, checked against the
/// trace, and compared with the text of the notes.
#[test]
fn sigmoid_2layer_notes_quote_the_programs_numbers_as_it_writes_them() {
    let lesson = load("sigmoid_2layer");
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let (w1, b1) = (&lesson.layers[0].weights(), &lesson.layers[0].biases());
    let (w2, b2) = (&lesson.layers[1].weights(), &lesson.layers[1].biases());
    let (x, y) = (&lesson.data[0].input, &lesson.data[0].target);
    let z1 = |j: usize| w1[[j, 0]] * x[0] + w1[[j, 1]] * x[1] + b1[j];
    let a1 = |j: usize| s(z1(j));
    let a2 = |j: usize| s(w2[[j, 0]] * a1(0) + w2[[j, 1]] * a1(1) + b2[j]);
    let loss = 0.5 * ((a2(0) - y[0]).powi(2) + (a2(1) - y[1]).powi(2));
    let d2 = |j: usize| (a2(j) - y[j]) * a2(j) * (1.0 - a2(j));
    let d11 = (w2[[0, 0]] * d2(0) + w2[[1, 0]] * d2(1)) * a1(0) * (1.0 - a1(0));
    let eta = lesson.optimizer.learning_rate();
    let dw2_11 = d2(0) * a1(0);
    let want = [
        ("z⁽¹⁾₁", "z(1)[1]", z1(0)),
        ("a⁽¹⁾₁", "a(1)[1]", a1(0)),
        ("L", "loss", loss),
        ("δ⁽²⁾₁", "delta(2)[1]", d2(0)),
        ("δ⁽²⁾₂", "delta(2)[2]", d2(1)),
        ("δ⁽¹⁾₁", "delta(1)[1]", d11),
        ("∂L/∂w⁽²⁾₁,₁", "dw(2)[1,1]", dw2_11),
        ("w⁽²⁾₁,₁", "w(2)[1,1]", w2[[0, 0]] - eta * dw2_11),
        ("b⁽²⁾₁", "b(2)[1]", b2[0] - eta * d2(0)),
    ];
    // The closed forms are the program's numbers.
    let trace = Trace::new(lesson.clone());
    for &(_, step, value) in &want {
        let got = trace
            .find(&common::key(1, StepId::parse(step).unwrap(), 1))
            .unwrap()
            .value;
        assert!(common::close(got, value, 1e-12), "{step}: {got} vs {value}");
    }
    let named: Vec<(&str, f64)> = want.iter().map(|&(name, _, v)| (name, v)).collect();
    assert_quotes("sigmoid_2layer", &lesson, &named);
    // The outputs, a⁽²⁾ = (a⁽²⁾₁, a⁽²⁾₂), and the output errors ∂L/∂a⁽²⁾ⱼ = a⁽²⁾ⱼ − yⱼ.
    let text = prose(&lesson);
    let outputs = format!("a⁽²⁾ = ({}, {})", six_digits(a2(0)), six_digits(a2(1)));
    assert!(text.contains(&outputs), "no {outputs} in the notes");
    for j in 0..2 {
        let error = format!("{} for output {}", six_digits(a2(j) - y[j]), j + 1);
        assert!(text.contains(&error), "no {error} in the notes");
    }
}
