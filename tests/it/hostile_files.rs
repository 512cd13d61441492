//! Crafted files through the real binary: `.npy` headers, CSV data, lessons and worksheets made
//! to break the reader or to drive the terminal. Nothing panics, every problem is a message at
//! its place, and nothing a file holds reaches either stream raw: no C0 or C1 control, no DEL,
//! no bidirectional override or isolate.

use std::path::Path;
use std::process::Output;

use bpnn_tutor::source::display::is_unsafe;

use crate::common::cli::bin;

/// Asserts that a run ended with status 1 (not a panic's 101) and that neither stream holds a
/// character that would act on a terminal; returns its standard error.
#[track_caller]
fn refused_cleanly(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && is_unsafe(c))
            .collect();
        assert!(bad.is_empty(), "{stream} holds {bad:?}: {text:?}");
    }
    stderr
}

/// A `.npy` file of format `version` with the header text `header` (padded as NumPy pads it)
/// and `data` after it.
fn npy_raw(version: u8, header: &[u8], data: &[u8]) -> Vec<u8> {
    let prelude = if version == 1 { 10 } else { 12 };
    let mut header = header.to_vec();
    while !(prelude + header.len() + 1).is_multiple_of(64) {
        header.push(b' ');
    }
    header.push(b'\n');
    let mut out = b"\x93NUMPY".to_vec();
    out.extend([version, 0]);
    if version == 1 {
        out.extend((header.len() as u16).to_le_bytes());
    } else {
        out.extend((header.len() as u32).to_le_bytes());
    }
    out.extend(header);
    out.extend(data);
    out
}

/// A header with `descr` (a Python literal) for a 2 × 2 array.
fn with_descr(descr: &str) -> String {
    format!("{{'descr': {descr}, 'fortran_order': False, 'shape': (2, 2), }}")
}

const FOUR: [f64; 4] = [0.15, 0.2, 0.25, 0.3];

fn le(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// The flagship network, layer 1's weights from `w.npy`, one sample from `d.csv`.
const LESSON: &str = r#"[lesson]
title = "Data files"

[network]
inputs = 2

[[network.layer]]
neurons = 2
activation = "sigmoid"
weights = { npy = "w.npy" }

[[network.layer]]
neurons = 2
activation = "sigmoid"

[training]
loss = "bce"
optimizer = { kind = "sgd" }

[data]
csv = "d.csv"
inputs = 2
"#;

/// A directory holding [`LESSON`] with `w.npy` and `d.csv` as given.
fn lesson_dir(npy: &[u8], csv: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("l.toml"), LESSON).unwrap();
    std::fs::write(dir.path().join("w.npy"), npy).unwrap();
    std::fs::write(dir.path().join("d.csv"), csv).unwrap();
    dir
}

fn train(dir: &Path) -> Output {
    bin()
        .current_dir(dir)
        .args(["train", "l.toml"])
        .output()
        .unwrap()
}

const GOOD_CSV: &str = "0.05,0.1,0.01,0.99\n";

#[test]
fn crafted_npy_headers_never_panic_and_never_reach_the_terminal_raw() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        // A dtype that starts with a character of several bytes was once cut inside it.
        (
            npy_raw(1, with_descr("'é8'").as_bytes(), &[]),
            "its header's dtype 'é8' is not a NumPy dtype",
        ),
        (
            npy_raw(3, with_descr("'é8'").as_bytes(), &[]),
            "its header's dtype 'é8' is not a NumPy dtype",
        ),
        (
            npy_raw(3, with_descr("'\u{202e}8f<'").as_bytes(), &[]),
            "its header's dtype \"\\u{202e}8f<\" is not a NumPy dtype",
        ),
        (
            npy_raw(1, with_descr("'\x1b]0;PWNED\x07'").as_bytes(), &[]),
            "dtype \"\\u{1b}]0;PWNED\\u{7}\" is not a NumPy dtype",
        ),
        (
            npy_raw(1, with_descr("'\x1b[31m'").as_bytes(), &[]),
            "dtype \"\\u{1b}[31m\"",
        ),
        (
            npy_raw(
                1,
                b"{'descr': '<f8', '\x1b[31mx': 1, 'fortran_order': False, 'shape': (2, 2)}",
                &[],
            ),
            "its header has the unknown key \"\\u{1b}[31mx\"",
        ),
        (
            npy_raw(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shape': '\x1b[31m'}",
                &[],
            ),
            "its header's 'shape' is \"\\u{1b}[31m\", not a tuple of whole numbers",
        ),
        (
            npy_raw(
                1,
                "{'descr': '<f8', 'fortran_order': '\u{9b}2J', 'shape': (2, 2)}".as_bytes(),
                &[],
            ),
            "its header's 'fortran_order' is \"\\u{9b}2J\", not True or False",
        ),
        (
            npy_raw(1, b"['\x1b[31m']", &[]),
            "its header is a list, not a dictionary",
        ),
        (
            npy_raw(1, b"{'descr': '<f8', \x1b[31m", &[]),
            "its header cannot be read: at character 18, expected a value, found `\\u{1b}`",
        ),
        (
            npy_raw(
                1,
                b"{'descr': '<f8\x00', 'fortran_order': False, 'shape': (2, 2)}",
                &[],
            ),
            "dtype \"<f8\\u{0}\" is not a NumPy dtype",
        ),
        (npy_raw(1, b"{'descr': '<f8'\x00}", &[]), "found `\\u{0}`"),
        (
            npy_raw(1, b"{'descr': '<\xe9f8'}", &[]),
            "its header is not text: byte 13",
        ),
        (
            npy_raw(1, &[b'['; 40], &[]),
            "its header is not the description of an array",
        ),
    ];
    for (bytes, phrase) in cases {
        let dir = lesson_dir(&bytes, GOOD_CSV);
        let stderr = refused_cleanly(&train(dir.path()));
        assert!(
            stderr.starts_with("error: l.toml:10:19: w.npy: ") && stderr.contains(phrase),
            "{phrase}: {stderr}"
        );
    }
}

#[test]
fn npy_messages_say_what_the_file_holds_in_plain_words() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            npy_raw(1, with_descr("'|b1'").as_bytes(), &[1; 4]),
            "the file holds booleans (dtype '|b1'), but a lesson's parameters are float64",
        ),
        (
            npy_raw(1, with_descr("''").as_bytes(), &[]),
            "its header's dtype '' is not a NumPy dtype, but a lesson's parameters are float64",
        ),
        (
            npy_raw(1, with_descr("'<i4'").as_bytes(), &[0; 16]),
            "the file holds int32 numbers (dtype '<i4')",
        ),
        (
            npy_raw(
                1,
                b"{'descr': '<f8', 'fortran_order': False, 'shaper': (2, 2), }",
                &[],
            ),
            "its header has the unknown key 'shaper'; did you mean 'shape'?",
        ),
        (
            npy_raw(1, b"{'descr': '<f8', 'fortran_order': False}", &[]),
            "its header has no 'shape'",
        ),
        (
            npy_raw(
                1,
                with_descr("'<f8'").as_bytes(),
                &[le(&FOUR), vec![0]].concat(),
            ),
            "the file has 1 byte after its 4 numbers",
        ),
        (
            npy_raw(1, with_descr("'<f8'").as_bytes(), &le(&FOUR)[..31]),
            "its header promises 4 float64 numbers (32 bytes), but 31 bytes follow it",
        ),
        (
            b"\x93NUMPY\x01".to_vec(),
            "the file is truncated inside its header",
        ),
        (
            b"\x93NUMPY\x02\x00\xff\xff\xff\xff".to_vec(),
            "its header is 4294967295 bytes long, more than the 65535 a NumPy array needs",
        ),
    ];
    for (bytes, phrase) in cases {
        let dir = lesson_dir(&bytes, GOOD_CSV);
        let stderr = refused_cleanly(&train(dir.path()));
        assert!(stderr.contains(phrase), "{phrase}: {stderr}");
    }
    // `=f8` is float64 in the machine's own byte order, as numpy.load reads it.
    let native: Vec<u8> = FOUR.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let dir = lesson_dir(
        &npy_raw(1, with_descr("'=f8'").as_bytes(), &native),
        GOOD_CSV,
    );
    let lesson = bpnn_tutor::lesson::load(&dir.path().join("l.toml")).unwrap();
    assert_eq!(lesson.layers[0].weights().as_slice().unwrap(), FOUR);
    // An empty path is said to be one, not "no such file" after an empty name.
    let dir = lesson_dir(&[], GOOD_CSV);
    std::fs::write(
        dir.path().join("l.toml"),
        LESSON.replace("\"w.npy\"", "\"\""),
    )
    .unwrap();
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.starts_with("error: l.toml:10:19: the path of the .npy file is empty"),
        "{stderr}"
    );
}

/// A file of 3990 × 5000 float64 zeros (160 MB, sparse on disk) in C or Fortran order.
fn big_npy(dir: &Path, name: &str, fortran: bool) {
    let order = if fortran { "True" } else { "False" };
    let header = format!("{{'descr': '<f8', 'fortran_order': {order}, 'shape': (3990, 5000), }}");
    let header = npy_raw(1, header.as_bytes(), &[]);
    let file = std::fs::File::create(dir.join(name)).unwrap();
    std::io::Write::write_all(&mut &file, &header).unwrap();
    file.set_len(header.len() as u64 + 3990 * 5000 * 8).unwrap();
}

#[cfg(unix)]
#[test]
fn an_npy_file_is_refused_from_its_header_and_read_in_the_memory_of_its_numbers() {
    use crate::common::cli::with_data_limit;
    let dir = tempfile::tempdir().unwrap();
    // A layer of 3990 × 5000 weights whose lesson fails after it (its CSV file is missing):
    // what is measured is the reading of the weights.
    let lesson = |npy: &str| {
        LESSON
            .replace("inputs = 2", "inputs = 5000")
            .replacen("neurons = 2", "neurons = 3990", 1)
            .replace("\"w.npy\"", &format!("\"{npy}\""))
            .replace("\"d.csv\"", "\"missing.csv\"")
    };
    big_npy(dir.path(), "c.npy", false);
    big_npy(dir.path(), "f.npy", true);
    let train_limited = |mib: u64| {
        with_data_limit(
            std::process::Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
                .current_dir(dir.path())
                .args(["train", "l.toml"]),
            mib << 20,
        )
    };
    // The numbers take 152 MiB: reading them in 192 MiB leaves room for little else (reading
    // the file whole, then the array, took twice the numbers).
    for npy in ["c.npy", "f.npy"] {
        std::fs::write(dir.path().join("l.toml"), lesson(npy)).unwrap();
        let stderr = refused_cleanly(&train_limited(192));
        assert!(
            stderr.contains("missing.csv: no such file"),
            "{npy}: {stderr}"
        );
    }
    // Both orders give the same matrix (checked on a small one: the big one is not kept).
    let small = |fortran: bool| {
        let header = format!(
            "{{'descr': '<f8', 'fortran_order': {}, 'shape': (2, 2), }}",
            if fortran { "True" } else { "False" }
        );
        // w = [[0.15, 0.2], [0.25, 0.3]]: by rows, or by columns.
        let values = if fortran {
            [0.15, 0.25, 0.2, 0.3]
        } else {
            FOUR
        };
        npy_raw(1, header.as_bytes(), &le(&values))
    };
    for fortran in [false, true] {
        let d = lesson_dir(&small(fortran), GOOD_CSV);
        let l = bpnn_tutor::lesson::load(&d.path().join("l.toml")).unwrap();
        assert_eq!(l.layers[0].weights().as_slice().unwrap(), FOUR, "{fortran}");
    }
    // A file of the limit's size whose header promises 4 numbers is refused from its size,
    // without being read.
    let file = std::fs::File::create(dir.path().join("w.npy")).unwrap();
    let header = npy_raw(1, with_descr("'<f8'").as_bytes(), &[]);
    std::io::Write::write_all(&mut &file, &header).unwrap();
    file.set_len(160_000_000).unwrap();
    std::fs::write(dir.path().join("l.toml"), LESSON).unwrap();
    std::fs::write(dir.path().join("d.csv"), GOOD_CSV).unwrap();
    let stderr = refused_cleanly(&train_limited(32));
    assert!(
        stderr.contains("the file has 159999840 bytes after its 4 numbers"),
        "{stderr}"
    );
}

#[test]
fn bidirectional_overrides_and_isolates_are_escaped_in_every_snippet() {
    let npy = npy_raw(1, with_descr("'<f8'").as_bytes(), &le(&FOUR));
    // A CSV value, a lesson's value and a worksheet's step name, each with an override or an
    // isolate that would reorder the line shown.
    let dir = lesson_dir(&npy, "0.05,0.1,0.01,0.99\n0.05,\u{202e}abc,0.01,0.99\n");
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.starts_with("error: d.csv:2:6: expected a number, found \"\\u{202e}abc\"")
            && stderr.contains("\\u{202e}abc"),
        "{stderr}"
    );
    std::fs::write(dir.path().join("d.csv"), GOOD_CSV).unwrap();
    let lesson = LESSON.replacen("\"sigmoid\"", "\"sig\u{2067}moid\u{2069}\"", 1);
    std::fs::write(dir.path().join("l.toml"), lesson).unwrap();
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.contains("9 | activation = \"sig\\u{2067}moid\\u{2069}\""),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("s.toml"),
        "[[answer]]\nname = \"z\u{202e}(1)[1]\"\nvalue = 0.5\n",
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "sigmoid_2layer", "s.toml"])
        .output()
        .unwrap();
    let stderr = refused_cleanly(&out);
    assert!(
        stderr.contains("2 | name = \"z\\u{202e}(1)[1]\""),
        "{stderr}"
    );
}

fn good_npy() -> Vec<u8> {
    npy_raw(1, with_descr("'<f8'").as_bytes(), &le(&FOUR))
}

#[test]
fn blank_and_white_space_lines_are_skipped_and_errors_are_at_their_own_line() {
    let cases: [(&str, &str); 4] = [
        (
            "0.05,0.1,0.01,0.99\n   \n\t\n0.05,x,0.01,0.99\n",
            "error: d.csv:4:6: expected a number, found `x`\n  |\n4 | …,x,…\n  |   ^\n",
        ),
        (
            " \t \n0.05,0.1,0.01\n",
            "error: d.csv:2:1: line 2 has 3 values, but each line needs 4",
        ),
        (
            "\r\n\r\n0.05,0.1,0.01,0.99\r\n\r\n1,2,3,oops\r\n",
            "error: d.csv:5:7: expected a number, found `oops`",
        ),
        (
            "\n  \n\t\n",
            "error: l.toml:21:7: d.csv: the file has no samples\n",
        ),
    ];
    for (csv, start) in cases {
        let dir = lesson_dir(&good_npy(), csv);
        let stderr = refused_cleanly(&train(dir.path()));
        assert!(stderr.starts_with(start), "{csv:?}: {stderr}");
    }
    // Samples around such lines are all read, in order.
    let dir = lesson_dir(&good_npy(), "\n \n0.05,0.1,0.01,0.99\n\t\n1,2,0.5,0.5\n  ");
    let lesson = bpnn_tutor::lesson::load(&dir.path().join("l.toml")).unwrap();
    let inputs: Vec<Vec<f64>> = lesson.data.iter().map(|s| s.input.to_vec()).collect();
    assert_eq!(inputs, [vec![0.05, 0.1], vec![1.0, 2.0]]);
}

#[test]
fn a_csv_header_must_name_as_many_columns_as_a_sample_has() {
    let dir = lesson_dir(&good_npy(), "\nx1,x2,y\n0.05,0.1,0.01,0.99\n");
    std::fs::write(
        dir.path().join("l.toml"),
        format!("{LESSON}header = true\n"),
    )
    .unwrap();
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.starts_with(
            "error: d.csv:2:1: the header names 3 columns, but each line needs 4: 2 inputs \
             (inputs = 2) and 2 targets"
        ),
        "{stderr}"
    );
    std::fs::write(
        dir.path().join("d.csv"),
        "\nx1,x2,y1,y2\n0.05,0.1,0.01,0.99\n",
    )
    .unwrap();
    let lesson = bpnn_tutor::lesson::load(&dir.path().join("l.toml")).unwrap();
    assert_eq!(lesson.data.len(), 1);
}

#[test]
fn a_csv_message_shows_the_offending_field_and_nothing_else_of_the_file() {
    let dir = lesson_dir(&good_npy(), "0.05,oops,API_KEY=s3cr3t,0.99\n");
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr
            .starts_with("error: d.csv:1:6: expected a number, found `oops`\n  |\n1 | …,oops,…\n"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cr3t"), "{stderr}");
    // A file that is not text, such as a process's environment, is refused without a snippet.
    let lesson = LESSON.replace("\"d.csv\"", "\"/proc/self/environ\"");
    std::fs::write(dir.path().join("l.toml"), lesson).unwrap();
    let out = bin()
        .current_dir(dir.path())
        .env("BPNN_TEST_SECRET", "hunter2")
        .args(["train", "l.toml"])
        .output()
        .unwrap();
    let stderr = refused_cleanly(&out);
    if std::path::Path::new("/proc/self/environ").exists() {
        assert!(
            stderr.contains("/proc/self/environ:1:")
                && stderr.contains("the file contains a NUL byte: this looks like a binary file"),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains("hunter2") && !stderr.contains("PATH="),
        "{stderr}"
    );
    // An empty path is said to be empty.
    std::fs::write(
        dir.path().join("l.toml"),
        LESSON.replace("\"d.csv\"", "\"\""),
    )
    .unwrap();
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.starts_with("error: l.toml:21:7: the path of the CSV file is empty"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_long_csv_line_is_refused_as_it_streams_in_little_memory() {
    use crate::common::cli::with_data_limit;
    let dir = lesson_dir(&good_npy(), "");
    // A line of 100 MB (within the size limit of a CSV file), after a good one.
    let mut csv = std::io::BufWriter::new(std::fs::File::create(dir.path().join("d.csv")).unwrap());
    std::io::Write::write_all(&mut csv, GOOD_CSV.as_bytes()).unwrap();
    let chunk = vec![b'1'; 1 << 20];
    for _ in 0..100 {
        std::io::Write::write_all(&mut csv, &chunk).unwrap();
    }
    std::io::Write::flush(&mut csv).unwrap();
    drop(csv);
    // 32 MiB are plenty (holding the line took 2.2 GB).
    let out = with_data_limit(
        std::process::Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
            .current_dir(dir.path())
            .args(["train", "l.toml"]),
        32 << 20,
    );
    let stderr = refused_cleanly(&out);
    assert!(
        stderr.starts_with(
            "error: d.csv:2:1: line 2 is longer than 65 KiB, more than a line of 4 numbers needs"
        ),
        "{stderr}"
    );
}

#[test]
fn a_control_character_in_a_closed_string_and_the_exports_minus_sign_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let flagship = std::fs::read_to_string("lessons/sigmoid_2layer.toml").unwrap();
    let lesson = flagship.replacen(
        "title = { en = \"Two-layer sigmoid network\", zh = \"两层 sigmoid 网络\" }",
        "title = \"Two\u{1}layer\"",
        1,
    );
    std::fs::write(dir.path().join("l.toml"), lesson).unwrap();
    let stderr = refused_cleanly(&train(dir.path()));
    assert!(
        stderr.starts_with(
            "error: l.toml:2:13: invalid TOML: a string cannot hold the control character U+0001"
        ) && stderr.contains("help: remove it, or write it as the escape \\u0001"),
        "{stderr}"
    );
    // The minus sign the exports print (U+2212), quoted or not, is named in the help.
    for (value, fixed) in [("\"\u{2212}0.5\"", "\"-0.5\""), ("\u{2212}0.5", "-0.5")] {
        std::fs::write(
            dir.path().join("s.toml"),
            format!("[[answer]]\nname = \"z(1)[1]\"\nvalue = {value}\n"),
        )
        .unwrap();
        let out = bin()
            .current_dir(dir.path())
            .args(["check", "sigmoid_2layer", "s.toml"])
            .output()
            .unwrap();
        let stderr = refused_cleanly(&out);
        assert!(
            stderr.starts_with("error: s.toml:3:9: ")
                && stderr.contains(&format!(
                    "help: write the minus sign as `-`, the one on the keyboard: value = {fixed}"
                )),
            "{stderr}"
        );
    }
}
