//! A class at once: `check LESSON A.toml B.toml …` or a directory of worksheets grades each
//! and prints one row per worksheet, the most frequent misconceptions, or the table as CSV,
//! or an array of JSON reports; exit 0 only when every worksheet is all right.

use crate::common::sheets::{Dir, Run, answer, lesson_file};

/// `check` of the classic lesson against `rest` (worksheets, then options), run in `dir`.
fn check_classic(dir: &Dir, rest: &[&str]) -> Run {
    let lesson = lesson_file("sigmoid_2layer");
    let mut args = vec!["check", lesson.as_str()];
    args.extend_from_slice(rest);
    dir.run(&args)
}

/// Three learners on the classic example. a(1)[1] = σ(0.3775) = 0.593270, z(1)[1] = 0.3775,
/// and 1/(1 + e^0.3775) = 0.406730 (the sign of the exponent flipped).
fn class() -> Dir {
    let dir = Dir::new();
    dir.write(
        "class/ana.toml",
        &[
            answer("z(1)[1]", "0.3775", ""),
            answer("a(1)[1]", "0.5933", ""),
        ]
        .concat(),
    );
    dir.write(
        "class/ben.toml",
        &[
            "student = \"Ben Okafor\"\n\n",
            &answer("z(1)[1]", "0.3775", ""),
            &answer("a(1)[1]", "0.406730", ""),
        ]
        .concat(),
    );
    dir.write(
        "class/cleo.toml",
        &[
            answer("z(1)[1]", "0.4", ""),
            answer("a(1)[1]", "0.406730", ""),
        ]
        .concat(),
    );
    // Not worksheets: skipped when a directory is named.
    dir.write("class/notes.txt", "not a worksheet");
    dir.write("class/.hidden.toml", "[[answer]]\nname = \"nonsense\"\n");
    dir
}

#[test]
fn a_directory_gives_a_class_table_sorted_by_name() {
    let dir = class();
    let r = check_classic(&dir, &["class"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // The student's name, marks (one an answer, half for an imprecise one) and the first
    // error join the counts (the teacher columns). The table is written row by row,
    // so its `%` column is as wide as any percentage can be (`99.5`), known before grading.
    assert_eq!(
        lines[0],
        "worksheet        student     marks     %  right  wrong  carried  imprecise  unanswered  first error  misconceptions"
    );
    assert_eq!(
        lines[1],
        "class/ana.toml   —               2   100      2      0        0          0           0  —            —"
    );
    assert_eq!(
        lines[2],
        "class/ben.toml   Ben Okafor      1    50      1      1        0          0           0  a(1)[1] → 0  exp_sign"
    );
    // z(1)[1] = 0.4 agrees with 0.3775 to 1 decimal (rounded): imprecise, half a mark.
    assert_eq!(
        lines[3],
        "class/cleo.toml  —             0.5    25      0      1        0          1           0  a(1)[1] → 0  exp_sign"
    );
    assert_eq!(lines[4], "");
    assert_eq!(lines[5], "most frequent misconceptions:");
    assert!(
        lines[6].starts_with("  exp_sign  2 worksheets (2 answers): σ(z) was computed as"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(
            "precision: at least 3 significant figures (the default)\n\
             3 worksheets: 1 all right, 2 with answers to look at\n"
        ),
        "{}",
        r.stdout
    );
    // Naming the files gives the same table.
    let files = check_classic(
        &dir,
        &["class/ana.toml", "class/ben.toml", "class/cleo.toml"],
    );
    assert_eq!(files.stdout, r.stdout);
}

#[test]
fn csv_has_a_header_and_one_row_per_worksheet() {
    let dir = class();
    let r = check_classic(&dir, &["class", "--format", "csv"]);
    assert_eq!(r.code, Some(1));
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    // The student, the score (marks) and the first error join the counts.
    assert_eq!(
        header,
        [
            "worksheet",
            "student",
            "variant",
            "score",
            "out_of",
            "percent",
            "right",
            "wrong",
            "carried",
            "imprecise",
            "unanswered",
            "first_error",
            "first_error_misconception",
            "answers_following",
            "misconceptions",
            "precision",
            "problem"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{}", r.stdout);
    let files: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        files,
        ["class/ana.toml", "class/ben.toml", "class/cleo.toml"]
    );
    assert_eq!(rows[1][1], "Ben Okafor");
    assert_eq!(rows[1][3..11], ["1", "2", "50.0", "1", "1", "0", "0", "0"]);
    assert_eq!(rows[1][11..15], ["a(1)[1]", "exp_sign", "0", "exp_sign"]);
    assert_eq!(rows[2][3], "0.5", "an imprecise answer earns half its mark");
    assert_eq!(rows[2][15], "3 significant figures");
    // One worksheet gives one row.
    let one = check_classic(&dir, &["class/ana.toml", "--format", "csv"]);
    assert_eq!(one.code, Some(0));
    assert_eq!(one.stdout.lines().count(), 2, "{}", one.stdout);
}

#[test]
fn file_names_with_commas_and_quotes_are_quoted() {
    let dir = Dir::new();
    dir.write("a, \"b\".toml", &answer("z(1)[1]", "0.3775", ""));
    dir.write("c.toml", &answer("z(1)[1]", "0.3775", ""));
    let r = check_classic(&dir, &["a, \"b\".toml", "c.toml", "--format", "csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("\n\"a, \"\"b\"\".toml\",,,1,1,100.0,1,0,0,0,0,,,,,3 significant figures,\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_is_the_reports_and_a_summary_with_each_steps_item_analysis() {
    let dir = class();
    let r = check_classic(&dir, &["class", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    let class: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // An object, no longer a bare array: the reports, and the class's summary beside them.
    assert_eq!(class["format"], "bpnn-tutor-class");
    assert_eq!(class["version"], 1);
    let reports = class["worksheets"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[1]["worksheet"], "class/ben.toml");
    assert_eq!(reports[1]["student"], "Ben Okafor");
    assert_eq!(reports[1]["version"], 3);
    assert_eq!(reports[1]["answers"][1]["misconception"]["id"], "exp_sign");
    assert_eq!(
        reports[1]["marks"],
        serde_json::json!({"earned": 1.0, "out_of": 2.0, "percent": 50.0})
    );
    assert_eq!(reports[1]["first_error"]["name"], "a(1)[1]");
    let summary = &class["summary"];
    assert_eq!(summary["worksheets"], 3);
    assert_eq!(summary["all_right"], 1);
    // (100 + 50 + 25) / 3
    assert!((summary["mean_percent"].as_f64().unwrap() - 175.0 / 3.0).abs() < 1e-9);
    let items = summary["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["z(1)[1]", "a(1)[1]"], "in trace order");
    assert_eq!(items[0]["right"], 2);
    assert_eq!(items[0]["imprecise"], 1);
    assert_eq!(
        items[0]["most_common_misconception"],
        serde_json::Value::Null
    );
    assert_eq!(items[1]["right"], 1);
    assert_eq!(items[1]["wrong"], 2);
    assert_eq!(
        items[1]["most_common_misconception"],
        serde_json::json!({"id": "exp_sign", "answers": 2})
    );
}

#[test]
fn the_long_csv_has_one_row_per_answer_and_pivots_by_step_and_misconception() {
    let dir = class();
    let r = check_classic(&dir, &["class", "--format", "csv", "--long"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 6, "two answers on each of three sheets");
    // A pivot: (step, misconception) → answers, and marks per student.
    let mut pivot = std::collections::BTreeMap::new();
    let mut marks = std::collections::BTreeMap::new();
    for row in &rows {
        *pivot
            .entry((row[col("step")].clone(), row[col("misconception")].clone()))
            .or_insert(0) += 1;
        *marks.entry(row[col("worksheet")].clone()).or_insert(0.0) +=
            row[col("marks")].parse::<f64>().unwrap();
    }
    assert_eq!(pivot[&("a(1)[1]".to_string(), "exp_sign".to_string())], 2);
    assert_eq!(pivot[&("z(1)[1]".to_string(), String::new())], 3);
    assert_eq!(marks["class/cleo.toml"], 0.5);
    let ben = rows
        .iter()
        .find(|r| r[col("student")] == "Ben Okafor")
        .unwrap();
    assert_eq!(ben[col("verdict")], "right");
}

#[test]
fn a_class_exits_0_only_when_every_worksheet_is_all_right() {
    let dir = Dir::new();
    dir.write("a.toml", &answer("z(1)[1]", "0.3775", ""));
    dir.write("b.toml", &answer("a(1)[1]", "0.593", ""));
    let r = check_classic(&dir, &["a.toml", "b.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert!(r.stdout.contains("no misconceptions found"), "{}", r.stdout);
    assert!(
        r.stdout.ends_with("2 worksheets: 2 all right\n"),
        "{}",
        r.stdout
    );
    dir.write("c.toml", &answer("a(1)[1]", "0.59", ""));
    let r = check_classic(&dir, &["a.toml", "b.toml", "c.toml"]);
    assert_eq!(r.code, Some(1), "an imprecise answer is not all right");
}

#[test]
fn a_broken_worksheet_is_reported_and_the_others_still_graded() {
    let dir = class();
    dir.write(
        "class/dan.toml",
        "[[answer]]\nname = \"z(9)[1]\"\nvalue = 1\n",
    );
    let r = check_classic(&dir, &["class"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("error: class/dan.toml:2:8: the lesson has no step z(9)[1]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains(
            "class/dan.toml   —               —     —      —      —        —          —           —  —            could not be read"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 could not be read"), "{}", r.stdout);
    let csv = check_classic(&dir, &["class", "--format", "csv"]);
    assert!(
        csv.stdout
            .contains("\nclass/dan.toml,,,,,,,,,,,,,,,,unreadable\n"),
        "{}",
        csv.stdout
    );
}

#[test]
fn directories_without_worksheets_and_stdin_twice_are_refused() {
    let dir = Dir::new();
    dir.write("empty/readme.txt", "nothing here");
    let r = check_classic(&dir, &["empty"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "error: empty: the directory holds no .toml worksheets\n"
    );
    let r = check_classic(&dir, &["-", "-"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("standard input (-) can be read once"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_directory_says_what_it_skipped_and_why() {
    let dir = class();
    let fifo = dir.path("class/pipe.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink(dir.path("class/gone.txt"), dir.path("class/dangling.toml"))
        .unwrap();
    std::fs::create_dir(dir.path("class/folder.toml")).unwrap();
    let start = std::time::Instant::now();
    let r = check_classic(&dir, &["class"]);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "waited on the FIFO"
    );
    assert_eq!(r.code, Some(1));
    let notes: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        notes[..2],
        [
            "note: class/dangling.toml is skipped: it is a symbolic link to nothing that can be \
             read (No such file or directory (os error 2))",
            "note: class/folder.toml is skipped: it is a directory, not a worksheet file",
        ]
    );
    assert_eq!(
        notes[2],
        "note: class/pipe.toml is skipped: it is a FIFO (a named pipe), not a worksheet file"
    );
    assert_eq!(notes.len(), 3, "{}", r.stderr);
    assert!(
        r.stdout.contains("3 worksheets: 1 all right"),
        "{}",
        r.stdout
    );
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_written_as_text() {
    let dir = Dir::new();
    for name in ["=HYPERLINK(1).toml", "+1.toml", "@SUM(A1).toml", "ok.toml"] {
        dir.write(name, &answer("z(1)[1]", "0.3775", ""));
    }
    let r = check_classic(
        &dir,
        &[
            "=HYPERLINK(1).toml",
            "+1.toml",
            "@SUM(A1).toml",
            "ok.toml",
            "--format",
            "csv",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let cells: Vec<&str> = r
        .stdout
        .lines()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(
        cells,
        [
            "worksheet",
            "\"'=HYPERLINK(1).toml\"",
            "\"'+1.toml\"",
            "\"'@SUM(A1).toml\"",
            "ok.toml"
        ]
    );
    // A CSV reader reads them back as text with the quote mark before them.
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let first: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(first[0], "'=HYPERLINK(1).toml");
}

#[test]
fn a_students_name_is_guarded_in_both_csv_forms_and_a_negative_answer_stays_a_number() {
    let dir = Dir::new();
    // z(1)[1] = 0.3775, written with its sign flipped: a plain number, if a wrong one.
    dir.write(
        "@a.toml",
        &[
            "student = \"=SUM(A1)\"\n\n",
            &answer("z(1)[1]", "-0.3775", ""),
        ]
        .concat(),
    );
    dir.write("b.toml", &answer("z(1)[1]", "0.3775", ""));
    let wide = check_classic(&dir, &["@a.toml", "b.toml", "--format", "csv"]);
    assert_eq!(wide.code, Some(1), "{}", wide.stderr);
    let row = wide.stdout.lines().nth(1).unwrap();
    assert!(row.starts_with("\"'@a.toml\",\"'=SUM(A1)\","), "{row}");
    let long = check_classic(&dir, &["@a.toml", "b.toml", "--format", "csv", "--long"]);
    assert_eq!(long.code, Some(1), "{}", long.stderr);
    let mut reader = csv::Reader::from_reader(long.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = long.stdout.lines().nth(1).unwrap();
    assert!(first.starts_with("\"'@a.toml\",\"'=SUM(A1)\","), "{first}");
    let cells: Vec<&str> = first.split(',').collect();
    assert_eq!(cells[col("given")], "-0.3775");
    assert_eq!(cells[col("exact")].parse::<f64>().unwrap(), 0.3775);
    assert_eq!(cells[col("verdict")], "wrong");
}

#[test]
fn a_worksheet_with_a_floor_of_its_own_says_so_under_its_row() {
    let dir = class();
    dir.write(
        "class/dora.toml",
        &format!(
            "[grading]\ndecimals = 2\n\n{}",
            answer("z(1)[1]", "0.38", "")
        ),
    );
    let r = check_classic(&dir, &["class"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[4],
        "class/dora.toml  —               1   100      1      0        0          0           0  —            —"
    );
    assert_eq!(
        lines[5],
        "                 held to at least 2 decimals (set by the worksheet)"
    );
    assert!(
        r.stdout.contains(
            "precision: at least 3 significant figures (the default); 1 worksheet held to \
             another, said under its row\n"
        ),
        "{}",
        r.stdout
    );
}

/// A class of `n` copies of a worksheet of 837 answers to the MNIST-sized lesson, each graded
/// in a fifth of a second or so.
fn mnist_class(dir: &Dir, n: usize) -> String {
    let mut sheet = String::new();
    'rows: for j in 1..=128 {
        for k in 1..=784 {
            if sheet.len() > 40_000 {
                break 'rows;
            }
            sheet.push_str(&answer(&format!("dw(1)[{j},{k}]"), "0.123", ""));
        }
    }
    let folder = format!("mnist{n}");
    for i in 0..n {
        dir.write(&format!("{folder}/s{i:03}.toml"), &sheet);
    }
    folder
}

#[cfg(target_os = "linux")]
#[test]
fn a_class_is_graded_row_by_row_in_the_memory_of_a_few_worksheets() {
    use crate::common::cli::peak_memory;
    use std::io::BufRead;
    let dir = Dir::new();
    let mut peaks = Vec::new();
    for n in [4, 28] {
        let folder = mnist_class(&dir, n);
        let (out, kib) = peak_memory(
            std::process::Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
                .current_dir(dir.dir.path())
                .args(["check", "mnist_sized", &folder, "--format", "json"]),
        );
        assert_eq!(out.status.code(), Some(1));
        let class: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(class["worksheets"].as_array().unwrap().len(), n);
        assert_eq!(class["summary"]["worksheets"], n);
        assert_eq!(class["summary"]["items"].as_array().unwrap().len(), 837);
        peaks.push(kib);
    }
    // Seven times the worksheets, and no more memory (measured: 23 MB both; 20 and 29 MB when
    // every report was kept until the table was written).
    assert!(peaks[1] < peaks[0] + 4_000, "{peaks:?} KiB");
    // The first row comes long before the last; a reader that leaves after it is no error.
    let folder = mnist_class(&dir, 12);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bpnn-tutor"))
        .current_dir(dir.dir.path())
        .args(["check", "mnist_sized", &folder, "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines
            .next()
            .unwrap()
            .unwrap()
            .starts_with("worksheet,student,variant,score,")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .unwrap()
            .starts_with("mnist12/s000.toml,,,0,837,0.0,0,837,")
    );
    let first_row = start.elapsed();
    drop(lines);
    let out = child.wait_with_output().unwrap();
    let all = start.elapsed();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        first_row * 3 < all,
        "first row after {first_row:?}, all after {all:?}"
    );
}
