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
            answer("z(1)[1]", "0.3775", ""),
            answer("a(1)[1]", "0.406730", ""),
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
    assert_eq!(
        lines[0],
        "worksheet        right  wrong  carried  imprecise  unanswered  misconceptions"
    );
    assert_eq!(
        lines[1],
        "class/ana.toml       2      0        0          0           0  —"
    );
    assert_eq!(
        lines[2],
        "class/ben.toml       1      1        0          0           0  exp_sign"
    );
    // z(1)[1] = 0.4 agrees with 0.3775 to 1 decimal (rounded): imprecise.
    assert_eq!(
        lines[3],
        "class/cleo.toml      0      1        0          1           0  exp_sign"
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
    assert_eq!(
        header,
        [
            "worksheet",
            "right",
            "wrong",
            "carried",
            "imprecise",
            "unanswered",
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
    assert_eq!(rows[1][1..7], ["1", "1", "0", "0", "0", "exp_sign"]);
    assert_eq!(rows[2][7], "3 significant figures");
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
            .contains("\n\"a, \"\"b\"\".toml\",1,0,0,0,0,,3 significant figures,\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_is_an_array_of_reports() {
    let dir = class();
    let r = check_classic(&dir, &["class", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    let reports: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 3);
    assert_eq!(reports[1]["worksheet"], "class/ben.toml");
    assert_eq!(reports[1]["version"], 2);
    assert_eq!(reports[1]["answers"][1]["misconception"]["id"], "exp_sign");
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
            "class/dan.toml       —      —        —          —           —  could not be read"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 could not be read"), "{}", r.stdout);
    let csv = check_classic(&dir, &["class", "--format", "csv"]);
    assert!(
        csv.stdout.contains("\nclass/dan.toml,,,,,,,,unreadable\n"),
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
