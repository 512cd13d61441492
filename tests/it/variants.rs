//! A variant per student: `worksheet LESSON --students roster.csv` writes one worksheet per
//! student with its own numbers and an answer key each; `check` grades each sheet against its
//! own variant. Held here: thirty students get thirty distinct variants, every key's numbers
//! are what an independent hand learner computes from the variant's numbers, every variant is
//! diagnosable (one mistake made every time is named and nothing else is, on full sheets and
//! on sheets of gradients only), and a class of mixed variants is one table.

use std::collections::BTreeSet;
use std::path::Path;

use bpnn_tutor::check::{Answer, Grader};
use bpnn_tutor::lesson::{Lesson, Precision, bundled};
use bpnn_tutor::trace::{Place, StepKey, Trace};
use ndarray::{Array1, Array2};

use crate::common::learner::{self, Coverage, Hand, Mistake, Written};
use crate::common::sheets::{Dir, answer};

fn load(name: &str) -> Lesson {
    bundled::LESSONS.find(name).unwrap().load().unwrap()
}

/// The numbers of a worksheet's `[variant]`, read with the `toml` crate.
struct Numbers {
    id: String,
    layers: Vec<(Vec<Vec<f64>>, Vec<f64>)>,
    data: Vec<(Vec<f64>, Vec<f64>)>,
}

fn numbers(v: &toml::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_float().or(x.as_integer().map(|i| i as f64)).unwrap())
        .collect()
}

fn read_variant(path: &Path) -> (Option<String>, Numbers) {
    let doc: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let student = doc.get("student").map(|s| s.as_str().unwrap().to_string());
    let v = doc["variant"].as_table().unwrap();
    let layers = v["layer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let rows = l["weights"]
                .as_array()
                .unwrap()
                .iter()
                .map(numbers)
                .collect();
            (rows, numbers(&l["biases"]))
        })
        .collect();
    let data = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (numbers(&s["input"]), numbers(&s["target"])))
        .collect();
    let id = v["id"].as_str().unwrap().to_string();
    (student, Numbers { id, layers, data })
}

/// The lesson with the variant's numbers, built here from the parsed file.
fn with_numbers(base: &Lesson, n: &Numbers) -> Lesson {
    let mut lesson = base.clone();
    for (layer, (w, b)) in lesson.layers.iter_mut().zip(&n.layers) {
        let flat: Vec<f64> = w.iter().flatten().copied().collect();
        let weights = Array2::from_shape_vec((w.len(), w[0].len()), flat).unwrap();
        layer.params = vec![weights.into_dyn(), Array1::from(b.clone()).into_dyn()];
    }
    for (sample, (x, y)) in lesson.data.iter_mut().zip(&n.data) {
        sample.input = Array1::from(x.clone());
        sample.target = Array1::from(y.clone());
    }
    lesson
}

/// Thirty students, with a header, quotes and a name that is not ASCII.
fn roster() -> String {
    let mut text = String::from("id,name\n");
    for i in 1..=30 {
        let name = match i {
            7 => "\"Okafor, Ben\"".to_string(),
            12 => "Cléo Martin".to_string(),
            _ => format!("Student {i}"),
        };
        text.push_str(&format!("{i},{name}\n"));
    }
    text
}

fn class_of_thirty(dir: &Dir, lesson: &str, seed: &str) {
    dir.write("roster.csv", &roster());
    let r = dir.run(&[
        "worksheet",
        lesson,
        "--students",
        "roster.csv",
        "--seed",
        seed,
        "-o",
        "class",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("wrote 30 worksheets"), "{}", r.stderr);
}

fn sheets(dir: &Dir) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir.path("class"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The worksheet of a learner's sheet, for `student` with the variant's own table.
fn filled(original: &Path, sheet: &[Written]) -> String {
    let text = std::fs::read_to_string(original).unwrap();
    let head = &text[..text.find("[[answer]]").unwrap()];
    let mut out = head.to_string();
    for w in sheet {
        let at = if w.update {
            format!("batch = {}\n", w.at)
        } else {
            format!("sample = {}\n", w.at)
        };
        out.push_str(&answer(&w.name, &format!("\"{}\"", w.text), &at));
    }
    out
}

#[test]
fn thirty_students_get_thirty_distinct_variants_each_keyed_to_its_own_numbers() {
    let dir = Dir::new();
    class_of_thirty(&dir, "sigmoid_2layer", "3");
    let files = sheets(&dir);
    assert_eq!(files.len(), 30);
    let base = load("sigmoid_2layer");
    let mut seen = BTreeSet::new();
    let mut students = Vec::new();
    for file in &files {
        let (student, n) = read_variant(file);
        students.push(student.unwrap());
        let key = format!("{:?}{:?}", n.layers, n.data);
        assert!(seen.insert(key), "{} repeats a variant", file.display());
        // Pleasant numbers: weights and biases in steps of 0.05, inputs in tenths.
        for (w, b) in &n.layers {
            for x in w.iter().flatten().chain(b) {
                assert!(((x * 20.0).round() - x * 20.0).abs() < 1e-9, "{x}");
                assert!(x.abs() >= 0.1 - 1e-12, "{x}");
            }
        }
        // The key's numbers are what a hand learner gets from the variant's numbers.
        let lesson = with_numbers(&base, &n);
        let right = learner::work(&lesson, &Hand::right(17, false));
        let name = file.file_stem().unwrap().to_str().unwrap();
        let md = std::fs::read_to_string(dir.path(&format!("class/keys/{name}.md"))).unwrap();
        assert!(md.contains(&format!("variant {}", n.id)), "{md}");
        for w in &right {
            let row = md
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", w.name)))
                .unwrap_or_else(|| panic!("{name}: no {}", w.name));
            let shown: f64 = row
                .rsplit('|')
                .nth(1)
                .unwrap()
                .trim()
                .replace('−', "-")
                .parse()
                .unwrap();
            let tolerance = 1e-5 * w.full.abs().max(1e-9);
            assert!(
                (shown - w.full).abs() <= tolerance,
                "{name} {}: key {shown}, hand {}",
                w.name,
                w.full
            );
        }
    }
    assert_eq!(students[6], "Okafor, Ben");
    assert_eq!(students[11], "Cléo Martin");
    // The same roster and seed give the same files; another seed other variants.
    let again = Dir::new();
    class_of_thirty(&again, "sigmoid_2layer", "3");
    for file in &files {
        let name = file.file_name().unwrap();
        let there = again.path("class").join(name);
        assert_eq!(std::fs::read(file).unwrap(), std::fs::read(there).unwrap());
    }
    let other = Dir::new();
    class_of_thirty(&other, "sigmoid_2layer", "4");
    let (_, a) = read_variant(&files[0]);
    let (_, b) = read_variant(&sheets(&other)[0]);
    assert_ne!(a.layers, b.layers);
}

/// Grades a learner's sheet against a trace: the misconception ids it names.
fn named(trace: &Trace, sheet: &[Written]) -> Vec<&'static str> {
    let answers: Vec<Answer> = sheet
        .iter()
        .map(|w| {
            let id = trace.parse_step(&w.name).unwrap();
            let place = match w.update {
                true => Place::Batch(w.at),
                false => Place::Sample(w.at),
            };
            Answer {
                key: StepKey {
                    epoch: 1,
                    place,
                    id,
                },
                given: w.text.parse().unwrap(),
                text: w.text.clone(),
            }
        })
        .collect();
    Grader::new(trace, &answers, Precision::DEFAULT)
        .grade_all(&answers)
        .into_iter()
        .filter_map(|g| g.misconception.map(|m| m.id))
        .collect()
}

#[test]
fn every_variant_of_a_roster_is_diagnosable() {
    for lesson_name in ["sigmoid_2layer", "xor_tanh", "adam", "relu_vs_leaky"] {
        let dir = Dir::new();
        class_of_thirty(&dir, lesson_name, "11");
        let base = load(lesson_name);
        let (mut shown, mut named_right, mut misnamed) = (0, 0, 0);
        // Every third student's variant: ten different sets of numbers per lesson.
        for file in sheets(&dir).into_iter().step_by(3) {
            let (_, n) = read_variant(&file);
            let lesson = with_numbers(&base, &n);
            let trace = Trace::new(lesson.clone());
            for coverage in [Coverage::Full, Coverage::Gradients] {
                let right = learner::work(
                    &lesson,
                    &Hand {
                        coverage,
                        ..Hand::right(6, false)
                    },
                );
                for mistake in Mistake::ALL {
                    let hand = Hand {
                        coverage,
                        mistake: Some(mistake),
                        ..Hand::right(6, false)
                    };
                    let sheet = learner::work(&lesson, &hand);
                    if sheet.iter().zip(&right).all(|(a, b)| a.text == b.text) {
                        continue;
                    }
                    shown += 1;
                    let ids = named(&trace, &sheet);
                    named_right += usize::from(ids.contains(&mistake.id()));
                    let others: BTreeSet<&str> =
                        ids.into_iter().filter(|&id| id != mistake.id()).collect();
                    if !others.is_empty() {
                        misnamed += 1;
                        eprintln!(
                            "{lesson_name} {} {coverage:?}: {} also named {others:?}",
                            n.id,
                            mistake.id()
                        );
                    }
                }
            }
        }
        let rate = named_right as f64 / shown as f64;
        eprintln!(
            "{lesson_name}, 10 of 30 variants: {named_right}/{shown} mistakes named ({:.2}%), {misnamed} sheets misnamed",
            100.0 * rate
        );
        assert!(rate >= 0.95, "{named_right}/{shown}");
        assert_eq!(misnamed, 0);
    }
}

#[test]
fn each_student_is_graded_against_their_own_variant_in_one_table() {
    let dir = Dir::new();
    class_of_thirty(&dir, "sigmoid_2layer", "5");
    let base = load("sigmoid_2layer");
    let files = sheets(&dir);
    // Every student works their own variant right, rounding as they go to 4 figures.
    for file in &files {
        let (_, n) = read_variant(file);
        let sheet = learner::work(&with_numbers(&base, &n), &Hand::right(4, true));
        std::fs::write(file, filled(file, &sheet)).unwrap();
    }
    let r = dir.run(&["check", "sigmoid_2layer", "class", "--format", "csv"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 30, "one row per student");
    let variants: BTreeSet<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(variants.len(), 30, "thirty variants in one table");
    for row in &rows {
        assert_eq!(&row[3], &row[4], "{row:?}: full marks");
    }
    // One student's right answers under another's variant are not right.
    let (first, second) = (&files[0], &files[1]);
    let mine = std::fs::read_to_string(first).unwrap();
    let theirs = std::fs::read_to_string(second).unwrap();
    let table = |t: &str| {
        let start = t.find("[variant]").unwrap();
        let end = t[start..].find("\n\n").unwrap() + start;
        t[start..end].to_string()
    };
    let swapped = mine.replace(&table(&mine), &table(&theirs));
    dir.write("swapped.toml", &swapped);
    let report = dir.json("sigmoid_2layer", "swapped.toml", &[]);
    let wrong = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["verdict"] != "right")
        .count();
    assert!(wrong > 20, "{wrong} of 37 not right");
}

#[test]
fn variants_without_a_roster_and_what_is_refused() {
    let dir = Dir::new();
    let r = dir.run(&["worksheet", "article_2_2_1", "--variants", "3", "-o", "v"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    for n in 1..=3 {
        assert!(dir.path(&format!("v/variant-0{n}.toml")).is_file());
        assert!(dir.path(&format!("v/keys/variant-0{n}.md")).is_file());
    }
    // Nothing is overwritten without --force.
    let again = dir.run(&["worksheet", "article_2_2_1", "--variants", "3", "-o", "v"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    // A file in the way of the directory is refused before anything is drawn.
    dir.write("f", "a file");
    let in_the_way = dir.run(&["worksheet", "article_2_2_1", "--variants", "2", "-o", "f"]);
    assert_eq!(in_the_way.code, Some(1));
    assert!(
        in_the_way.stderr.contains("f is not a directory"),
        "{}",
        in_the_way.stderr
    );
    assert_eq!(std::fs::read_to_string(dir.path("f")).unwrap(), "a file");
    let to_stdout = dir.run(&["worksheet", "article_2_2_1", "--variants", "2", "-o", "-"]);
    assert_eq!(to_stdout.code, Some(1));
    assert!(
        to_stdout
            .stderr
            .contains("variants are written to a directory"),
        "{}",
        to_stdout.stderr
    );
    let big = dir.run(&["worksheet", "mnist_sized", "--variants", "2", "-o", "m"]);
    assert_eq!(big.code, Some(1));
    assert!(
        big.stderr.contains("variants are drawn for at most"),
        "{}",
        big.stderr
    );
    dir.write("empty.csv", "name\n\n");
    let empty = dir.run(&[
        "worksheet",
        "sigmoid_2layer",
        "--students",
        "empty.csv",
        "-o",
        "e",
    ]);
    assert_eq!(empty.code, Some(1));
    assert!(
        empty.stderr.contains("the roster lists no students"),
        "{}",
        empty.stderr
    );
    // A [variant] of the wrong shape is refused where it is written.
    let sheet = std::fs::read_to_string(dir.path("v/variant-01.toml")).unwrap();
    let bad = sheet.replacen("input = [", "input = [0.5, ", 1);
    dir.write("bad.toml", &bad);
    let r = dir.run(&["check", "article_2_2_1", "bad.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(
            "the input of sample 1 of [variant] has 3 numbers, but the network has 2 inputs"
        ),
        "{}",
        r.stderr
    );
}
