//! Bulk numbers outside TOML: samples from a CSV file, parameters from NumPy `.npy` files, and
//! `train --save` writing such files beside a lesson too big for TOML. The `.npy` files here are
//! written byte by byte from NumPy's format description, not by the crate under test.

use std::path::Path;
use std::process::{Command, Output};

use bpnn_tutor::lesson::{self, LessonError};
use bpnn_tutor::trace::Trace;

use crate::common::cli::{assert_success, bin, succeeds};

/// `bpnn-tutor train ARGS…`, run in `dir`.
fn train_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .arg("train")
        .args(args)
        .output()
        .unwrap()
}

/// A `.npy` file (format 1.0, little-endian float64) of `values` in `shape`, which are given in
/// the file's order: row by row, or column by column when `fortran`.
fn npy(shape: &[usize], fortran: bool, values: &[f64]) -> Vec<u8> {
    npy_with("<f8", shape, fortran, &le_bytes(values))
}

fn npy_with(descr: &str, shape: &[usize], fortran: bool, data: &[u8]) -> Vec<u8> {
    let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
    let shape = match shape {
        [n] => format!("({n},)"),
        _ => format!("({})", dims.join(", ")),
    };
    let order = if fortran { "True" } else { "False" };
    let mut header =
        format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

fn le_bytes(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn f(s: &str) -> f64 {
    s.parse().unwrap()
}

const HEAD: &str = r#"[lesson]
title = "Data files"

[network]
inputs = 2
"#;

const TRAINING: &str = r#"
[training]
loss = "mse"
optimizer = { kind = "sgd", learning_rate = 0.5, momentum = 0.9 }
epochs = 3
batch_size = 2
"#;

const W1: [[&str; 2]; 3] = [["0.15", "-0.2"], ["0.25", "0.3"], ["-0.1", "0.05"]];
const B1: [&str; 3] = ["0.35", "-0.35", "0.1"];
const W2: [[&str; 3]; 2] = [["0.4", "0.45", "-0.3"], ["0.5", "-0.55", "0.2"]];
const B2: [&str; 2] = ["0.6", "0.6"];
const SAMPLES: [[&str; 4]; 5] = [
    ["0.05", "0.1", "0.01", "0.99"],
    ["1", "-2.5", "0.5", "0.25"],
    ["1e-3", "0.7", "0", "1"],
    ["-0.33", "0.125", "0.75", "0.2"],
    ["2", "3", "0.1", "0.9"],
];

fn inline_lesson() -> String {
    let rows = |m: &[&[&str]]| {
        let rows: Vec<String> = m.iter().map(|r| format!("[{}]", r.join(", "))).collect();
        format!("[{}]", rows.join(", "))
    };
    let w1: Vec<&[&str]> = W1.iter().map(|r| &r[..]).collect();
    let w2: Vec<&[&str]> = W2.iter().map(|r| &r[..]).collect();
    let mut text = format!(
        "{HEAD}\n[[network.layer]]\nneurons = 3\nactivation = \"tanh\"\nweights = {}\nbiases = [{}]\n\
         \n[[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\nweights = {}\nbiases = [{}]\n{TRAINING}",
        rows(&w1),
        B1.join(", "),
        rows(&w2),
        B2.join(", ")
    );
    for s in SAMPLES {
        text.push_str(&format!(
            "\n[[data]]\ninput = [{}, {}]\ntarget = [{}, {}]\n",
            s[0], s[1], s[2], s[3]
        ));
    }
    text
}

/// The same lesson with its numbers in files in `dir`: layer 1's weights in C order, layer 2's
/// in Fortran order, the samples in a CSV file with a header and spaces.
fn files_lesson(dir: &Path) -> String {
    let w1: Vec<f64> = W1.iter().flatten().map(|s| f(s)).collect();
    let w2_by_column: Vec<f64> = (0..3)
        .flat_map(|k| W2.iter().map(move |r| f(r[k])))
        .collect();
    let write = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).unwrap();
    write("w1.npy", npy(&[3, 2], false, &w1));
    write("w2.npy", npy(&[2, 3], true, &w2_by_column));
    write("b1.npy", npy(&[3], false, &B1.map(f)));
    write("b2.npy", npy(&[2], false, &B2.map(f)));
    std::fs::create_dir(dir.join("data")).unwrap();
    let mut csv = "x1, x2, y1, y2\r\n".to_string();
    for s in SAMPLES {
        csv.push_str(&format!("{}, {},{} ,{}\r\n", s[0], s[1], s[2], s[3]));
    }
    std::fs::write(dir.join("data/samples.csv"), format!("\u{feff}{csv}")).unwrap();
    format!(
        "{HEAD}\n[[network.layer]]\nneurons = 3\nactivation = \"tanh\"\n\
         weights = {{ npy = \"w1.npy\" }}\nbiases = {{ npy = \"b1.npy\" }}\n\
         \n[[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\n\
         weights = {{ npy = \"w2.npy\" }}\nbiases = {{ npy = \"b2.npy\" }}\n{TRAINING}\
         \n[data]\ncsv = \"data/samples.csv\"\ninputs = 2\nheader = true\n"
    )
}

fn json_export(dir: &Path, lesson: &str) -> String {
    let out = succeeds(
        bin()
            .current_dir(dir)
            .args(["export", "--format", "json", lesson]),
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn csv_and_npy_files_give_the_trace_of_the_same_lesson_written_inline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inline.toml"), inline_lesson()).unwrap();
    // The lesson with files lives in a folder of its own: its paths are relative to it.
    let sub = dir.path().join("with_files");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("files.toml"), files_lesson(&sub)).unwrap();
    let inline = json_export(dir.path(), "inline.toml");
    let files = json_export(dir.path(), "with_files/files.toml");
    assert!(inline.contains("\"file\":\"inline.toml\""));
    let files = files.replace(
        "\"file\":\"with_files/files.toml\"",
        "\"file\":\"inline.toml\"",
    );
    assert_eq!(files.len(), inline.len());
    assert!(files == inline, "the traces differ");
    // And the parsed lessons are equal, apart from their names.
    let a = lesson::load(&dir.path().join("inline.toml")).unwrap();
    let mut b = lesson::load(&sub.join("files.toml")).unwrap();
    b.source = a.source.clone();
    assert_eq!(a, b);
    assert_eq!(b.layers[1].weights()[[0, 2]], -0.3);
    assert_eq!(b.data[2].input[0], 1e-3);
}

/// Load `text` as `dir/l.toml`; it must fail.
fn refused(dir: &Path, text: &str) -> LessonError {
    let path = dir.join("l.toml");
    std::fs::write(&path, text).unwrap();
    let err = lesson::load(&path).unwrap_err();
    let out = bin().arg("train").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(err.to_string().trim_end()), "{stderr}");
    err
}

fn position(err: &LessonError) -> (String, Option<usize>, Option<usize>) {
    let d = err.diagnostic();
    let file = Path::new(&d.file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    (file, d.line, d.column)
}

/// The flagship network with layer 1's weights and the samples given as `weights` and `data`.
fn lesson_with(weights: &str, data: &str) -> String {
    format!(
        "{HEAD}\n[[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\nweights = {weights}\n\
         \n[[network.layer]]\nneurons = 2\nactivation = \"sigmoid\"\n\
         \n[training]\nloss = \"bce\"\noptimizer = {{ kind = \"sgd\" }}\n\n{data}"
    )
}
// Line 10 is `weights = …`; `weights = { npy = ` is 18 characters, so its value is at column 19.
// Line 21 is `csv = …` (its value at column 7), line 22 `inputs = …` (column 10).
const NPY_W1: &str = "{ npy = \"w.npy\" }";
const CSV_DATA: &str = "[data]\ncsv = \"d.csv\"\ninputs = 2\n";
const GOOD_CSV: &str = "0.05,0.1,0.01,0.99\n";

#[test]
fn csv_problems_are_reported_at_their_line_and_column_of_the_csv_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = npy(&[2, 2], false, &[0.15, 0.2, 0.25, 0.3]);
    std::fs::write(dir.path().join("w.npy"), good).unwrap();
    let cases: [(&str, (usize, usize), &str); 7] = [
        (
            "0.05,0.1,0.01,0.99\n0.05,abc,0.01,0.99\n",
            (2, 6),
            "expected a number, found `abc`",
        ),
        (
            "0.05,0.1,0.01,0.99\n\n0.05,0.1,0.01\n",
            (3, 1),
            "line 3 has 3 values, but each line needs 4",
        ),
        ("0.05, NaN,0.01,0.99\n", (1, 7), "(not a number)"),
        ("0.05,0.1,0.01,inf\n", (1, 15), "(infinity)"),
        (
            "0.05,0.1,0.01,1.5\n",
            (1, 15),
            "bce targets are probabilities",
        ),
        ("x1,x2,y1,y2\n0.05,0.1,0.01,0.99\n", (1, 1), "found `x1`"),
        ("0.05;0.1;0.01;0.99\n", (1, 1), "line 1 has 1 value"),
    ];
    for (csv, (line, column), phrase) in cases {
        std::fs::write(dir.path().join("d.csv"), csv).unwrap();
        let err = refused(dir.path(), &lesson_with(NPY_W1, CSV_DATA));
        assert!(matches!(err, LessonError::DataFile(_)), "{err}");
        assert_eq!(
            position(&err),
            ("d.csv".to_string(), Some(line), Some(column)),
            "{csv:?}: {err}"
        );
        assert!(err.diagnostic().message.contains(phrase), "{err}");
        assert!(err.diagnostic().snippet.is_some(), "{err}");
    }
    // The header hint, and the file as a whole at the lesson's `csv = "…"`.
    std::fs::write(dir.path().join("d.csv"), "x1,x2,y1,y2\n").unwrap();
    let err = refused(dir.path(), &lesson_with(NPY_W1, CSV_DATA));
    assert!(err.to_string().contains("add header = true"), "{err}");
    let with_header = format!("{CSV_DATA}header = true\n");
    let err = refused(dir.path(), &lesson_with(NPY_W1, &with_header));
    assert_eq!(
        position(&err),
        ("l.toml".into(), Some(21), Some(7)),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("no samples (only the header line)"),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("d.csv")).unwrap();
    let err = refused(dir.path(), &lesson_with(NPY_W1, CSV_DATA));
    assert_eq!(
        position(&err),
        ("l.toml".into(), Some(21), Some(7)),
        "{err}"
    );
    assert!(err.to_string().contains("d.csv: no such file"), "{err}");
    // `inputs` must be the network's.
    std::fs::write(dir.path().join("d.csv"), GOOD_CSV).unwrap();
    let three = CSV_DATA.replace("inputs = 2", "inputs = 3");
    let err = refused(dir.path(), &lesson_with(NPY_W1, &three));
    assert_eq!(
        position(&err),
        ("l.toml".into(), Some(22), Some(10)),
        "{err}"
    );
    assert!(lesson::load(&dir.path().join("l.toml")).is_err());
    std::fs::write(dir.path().join("l.toml"), lesson_with(NPY_W1, CSV_DATA)).unwrap();
    assert!(lesson::load(&dir.path().join("l.toml")).is_ok());
}

#[test]
fn npy_problems_are_reported_at_the_lessons_npy_value_with_what_the_file_holds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.csv"), GOOD_CSV).unwrap();
    let four = [0.15, 0.2, 0.25, 0.3];
    let f32s: Vec<u8> = four
        .iter()
        .flat_map(|&x| (x as f32).to_le_bytes())
        .collect();
    let mut truncated = npy(&[2, 2], false, &four);
    truncated.truncate(truncated.len() - 8);
    let cases: [(Vec<u8>, &str); 6] = [
        (
            npy_with("<f4", &[2, 2], false, &f32s),
            "holds float32 numbers (dtype '<f4')",
        ),
        (
            npy(&[2, 3], false, &[0.0; 6]),
            "holds an array of shape (2, 3), but the weights of layer 1 must have shape (2, 2)",
        ),
        (npy(&[4], false, &four), "holds an array of shape (4,)"),
        (
            truncated,
            "truncated: its header promises 4 float64 numbers (32 bytes), but 24 bytes follow",
        ),
        (b"w = [[1, 2]]\n".to_vec(), "not a NumPy .npy file"),
        (
            npy(&[2, 2], false, &[0.1, f64::INFINITY, 0.2, 0.3]),
            "an infinite number at index [0, 1]",
        ),
    ];
    for (bytes, phrase) in cases {
        std::fs::write(dir.path().join("w.npy"), bytes).unwrap();
        let err = refused(dir.path(), &lesson_with(NPY_W1, CSV_DATA));
        assert!(matches!(err, LessonError::DataFile(_)), "{err}");
        assert_eq!(
            position(&err),
            ("l.toml".into(), Some(10), Some(19)),
            "{err}"
        );
        assert!(err.diagnostic().message.contains(phrase), "{err}");
        assert!(err.diagnostic().message.contains("w.npy: "), "{err}");
    }
    // A transposed matrix says so; a big-endian file is fine.
    std::fs::write(dir.path().join("w.npy"), npy(&[3, 2], false, &[0.0; 6])).unwrap();
    std::fs::write(dir.path().join("d3.csv"), "1,2,3,0.5,0.5\n").unwrap();
    let three_inputs = lesson_with(NPY_W1, "[data]\ncsv = \"d3.csv\"\ninputs = 3\n").replacen(
        "inputs = 2",
        "inputs = 3",
        1,
    );
    let err = refused(dir.path(), &three_inputs);
    assert!(err.to_string().contains("looks transposed"), "{err}");
    let be: Vec<u8> = four.iter().flat_map(|x| x.to_be_bytes()).collect();
    std::fs::write(
        dir.path().join("w.npy"),
        npy_with(">f8", &[2, 2], false, &be),
    )
    .unwrap();
    std::fs::write(dir.path().join("l.toml"), lesson_with(NPY_W1, CSV_DATA)).unwrap();
    let l = lesson::load(&dir.path().join("l.toml")).unwrap();
    assert_eq!(l.layers[0].weights().row(1).to_vec(), [0.25, 0.3]);
}

/// A lesson of 100 inputs and 200 hidden neurons: 20,401 parameters, too many for TOML.
const BIG: &str = r#"[lesson]
title = "Wide"
summary = "A wide layer."

[lesson.notes]
forward = "z⁽¹⁾₁ starts near 0.0 for every neuron."
loss = "The loss of a sample."

[network]
inputs = 100
init = { scheme = "xavier_uniform", seed = 3 }

[[network.layer]]
neurons = 200
activation = "tanh"

[[network.layer]]
neurons = 1
activation = "sigmoid"

[training]
loss = "bce"
optimizer = { kind = "adam", learning_rate = 0.01 }
epochs = 2

[generate]
samples = 4
distribution = "uniform"
seed = 9
target = [1.0]
"#;

fn numpy() -> bool {
    Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_network_too_big_for_toml_is_saved_with_npy_files_that_load_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.toml"), BIG).unwrap();
    let out = train_in(dir.path(), &["big.toml", "--save", "t.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("t.w1.npy"), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "big.toml", "t.b1.npy", "t.b2.npy", "t.toml", "t.w1.npy", "t.w2.npy"
        ]
    );
    let text = std::fs::read_to_string(dir.path().join("t.toml")).unwrap();
    assert!(text.len() < 4096, "{} bytes", text.len());
    assert!(text.contains("weights = { npy = \"t.w1.npy\" }"), "{text}");
    assert!(
        text.contains("[generate]\nsamples = 4\ndistribution = \"uniform\""),
        "{text}"
    );
    assert!(!text.contains("[[data]]"));
    // The saved lesson holds what training ended with, as the trace computes it.
    let saved = lesson::load(&dir.path().join("t.toml")).unwrap();
    let original = lesson::load(&dir.path().join("big.toml")).unwrap();
    assert_eq!(saved.data, original.data);
    let last = Trace::new(original.clone()).final_params();
    for (layer, p) in saved.layers.iter().zip(&last.layers) {
        assert_eq!(layer.weights(), p.w());
        assert_eq!(layer.biases(), p.b());
    }
    assert_ne!(saved.layers[0].weights(), original.layers[0].weights());
    // NumPy reads the same numbers.
    if !numpy() {
        eprintln!("note: python3 with numpy is not installed; NumPy's reading is not checked");
        return;
    }
    let script = "import numpy, sys\n\
                  w = numpy.load(sys.argv[1])\n\
                  print(w.dtype, w.shape, numpy.ascontiguousarray(w).tobytes().hex())";
    let out = succeeds(
        assert_cmd::Command::new("python3")
            .current_dir(dir.path())
            .args(["-c", script, "t.w1.npy"]),
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let hex: String = saved.layers[0]
        .weights()
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(stdout.trim(), format!("float64 (200, 100) {hex}"));
}

#[test]
fn saving_never_overwrites_any_of_its_files_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.toml"), BIG).unwrap();
    std::fs::write(dir.path().join("t.b2.npy"), "mine").unwrap();
    let out = train_in(dir.path(), &["big.toml", "--save", "t.toml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim(),
        "error: t.b2.npy already exists; add --force to overwrite it, or choose another name"
    );
    assert!(out.stdout.is_empty(), "refused before training");
    assert_eq!(std::fs::read(dir.path().join("t.b2.npy")).unwrap(), b"mine");
    assert!(!dir.path().join("t.toml").exists() && !dir.path().join("t.w1.npy").exists());
    let out = train_in(dir.path(), &["big.toml", "--save", "t.toml", "--force"]);
    assert!(out.status.success());
    assert_ne!(std::fs::read(dir.path().join("t.b2.npy")).unwrap(), b"mine");
    assert!(lesson::load(&dir.path().join("t.toml")).is_ok());
}

#[test]
fn samples_too_many_for_toml_are_saved_to_a_csv_file_beside_the_lesson() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::new();
    for i in 0..20_000 {
        let x = i as f64 / 20_000.0;
        csv.push_str(&format!("{x},{},{}\n", 1.0 - x, 2.0 * x + 1.0));
    }
    std::fs::write(dir.path().join("line.csv"), &csv).unwrap();
    let text = "[lesson]\ntitle = \"Line\"\n[network]\ninputs = 2\n[[network.layer]]\nneurons = 1\n\
                activation = \"identity\"\nweights = [[0.5, -0.5]]\n[training]\nloss = \"mse\"\n\
                optimizer = { kind = \"sgd\", learning_rate = 0.1 }\nbatch_size = 100\n\
                [data]\ncsv = \"line.csv\"\ninputs = 2\n";
    std::fs::write(dir.path().join("line.toml"), text).unwrap();
    let out = train_in(dir.path(), &["line.toml", "--save", "out/s.toml"]);
    // A missing directory is refused before training, not found after it.
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "trained before refusing");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = train_in(dir.path(), &["line.toml", "--save", "out/s.toml"]);
    assert_success(&out);
    let saved_text = std::fs::read_to_string(dir.path().join("out/s.toml")).unwrap();
    assert!(saved_text.contains("[data]\ncsv = \"s.data.csv\"\ninputs = 2\n"));
    assert!(
        saved_text.contains("weights = [["),
        "small parameters stay inline"
    );
    let saved = lesson::load(&dir.path().join("out/s.toml")).unwrap();
    let original = lesson::load(&dir.path().join("line.toml")).unwrap();
    assert_eq!(saved.data, original.data);
    assert_eq!(saved.data.len(), 20_000);
}

#[test]
fn a_saved_lesson_says_it_was_trained_and_marks_notes_about_the_old_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = train_in(dir.path(), &["sigmoid_2layer", "--save", "s.toml"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let loss = stdout.trim().rsplit("loss ").next().unwrap();
    let saved = lesson::load(&dir.path().join("s.toml")).unwrap();
    assert_eq!(
        saved.title,
        "Two-layer sigmoid network (trained for 1 epoch)"
    );
    assert!(
        saved.summary.starts_with(&format!(
            "Trained from lessons/sigmoid_2layer.toml for 1 epoch with `bpnn-tutor train`; \
             the mean loss of the last epoch was {loss}."
        )),
        "{}",
        saved.summary
    );
    assert!(
        saved
            .summary
            .contains("The classic published 2-2-2 worked example")
    );
    for note in [&saved.notes.forward, &saved.notes.update] {
        let note = note.as_deref().unwrap();
        assert!(
            note.starts_with("(Written for the lesson before training"),
            "{note}"
        );
    }
    // Trained again, it says so again, from the saved file.
    let out = train_in(dir.path(), &["s.toml", "--save", "s2.toml"]);
    assert!(out.status.success());
    let again = lesson::load(&dir.path().join("s2.toml")).unwrap();
    assert_eq!(
        again.title,
        "Two-layer sigmoid network (trained for 2 epochs)"
    );
    assert!(again.summary.starts_with("Trained from s.toml for 1 epoch"));
    let note = again.notes.forward.as_deref().unwrap();
    assert_eq!(
        note.matches("(Written for the lesson before training")
            .count(),
        1
    );
}

#[test]
fn a_lesson_saved_to_standard_output_must_fit_in_one_file() {
    let out = succeeds(bin().args(["train", "sigmoid_2layer", "--save", "-"]));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (epochs, saved) = stdout.split_once("[lesson]").unwrap();
    assert!(epochs.starts_with("epoch 1/1  loss "));
    assert!(lesson::parse(&format!("[lesson]{saved}"), "s.toml").is_ok());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.toml"), BIG).unwrap();
    let out = train_in(dir.path(), &["big.toml", "--save", "-"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "refused before training");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot go to standard output: give --save a file name"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
