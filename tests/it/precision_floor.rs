//! The precision floor, through the real binary: an answer is right when it agrees with the
//! exact value to every digit written and to at least 3 significant figures (or what the
//! command line, the worksheet or the lesson asks), or is the exact value itself; one that
//! agrees to fewer figures is imprecise. Exact values here are the published ones of the
//! classic example or worked out by hand in the comments.

use crate::common::sheets::{Dir, answer, lesson_file};

/// The verdict of one answer alone on a sheet, with `extra` arguments.
fn verdict(lesson: &str, name: &str, value: &str, at: &str, extra: &[&str]) -> String {
    let dir = Dir::new();
    dir.write("ws.toml", &answer(name, value, at));
    let report = dir.json(&lesson_file(lesson), "ws.toml", extra);
    report["answers"][0]["verdict"]
        .as_str()
        .unwrap()
        .to_string()
}

fn classic(name: &str, value: &str) -> String {
    verdict("sigmoid_2layer", name, value, "", &[])
}

#[test]
fn too_few_figures_are_imprecise_not_right() {
    // z(1)[1] = 0.3775: 0 is it to 0 decimals, but has no significant figure.
    assert_eq!(classic("z(1)[1]", "0"), "imprecise");
    // a(1)[1] = σ(0.3775) = 0.593270: 1 is it rounded to 0 decimals.
    assert_eq!(classic("a(1)[1]", "1"), "imprecise");
    // a(2)[1] = 0.751365: 0.7 is it cut off after 1 decimal.
    assert_eq!(classic("a(2)[1]", "0.7"), "imprecise");
    // deep_sigmoid's a(2)[2] = 0.676203: 0.67 is it cut off, 0.68 rounded — 2 figures each.
    assert_eq!(
        verdict("deep_sigmoid", "a(2)[2]", "0.67", "", &[]),
        "imprecise"
    );
    assert_eq!(
        verdict("deep_sigmoid", "a(2)[2]", "0.68", "", &[]),
        "imprecise"
    );
    // relu_vs_leaky's dw(2)[1,1] = 0.02021: 0.02 has 1 figure.
    assert_eq!(
        verdict("relu_vs_leaky", "dw(2)[1,1]", "0.02", "", &[]),
        "imprecise"
    );
    // Wrong stays wrong whatever its figures: 0.593 is 0.6 rounded, 0.5 cut off, never 0.7.
    assert_eq!(classic("a(1)[1]", "0.6"), "imprecise");
    assert_eq!(classic("a(1)[1]", "0.5"), "imprecise");
    assert_eq!(classic("a(1)[1]", "0.7"), "wrong");
}

#[test]
fn three_figures_are_right() {
    assert_eq!(classic("a(1)[1]", "0.593"), "right");
    // δ(2)[2] = −0.0380982: leading zeros are not figures.
    assert_eq!(classic("delta(2)[2]", "-0.0381"), "right");
    // z(2)[1] = 1.105905967 rounded to 1.11.
    assert_eq!(classic("z(2)[1]", "1.11"), "right");
    // More digits must all agree: 0.5934 is not 0.59327 to 4 decimals.
    assert_eq!(classic("a(1)[1]", "0.5934"), "wrong");
}

#[test]
fn the_exact_value_is_right_whatever_its_digits() {
    // relu_dead's second hidden neuron never fires: z = −0.05, so a = ReLU(z) = 0 exactly.
    assert_eq!(verdict("relu_dead", "a(1)[2]", "0", "", &[]), "right");
    // identity_regression's first update is 0.7000000000000001 in f64: 0.7 is that number to
    // f64 precision, one figure or not.
    assert_eq!(
        verdict(
            "identity_regression",
            "w(1)[1,1]",
            "0.7",
            "batch = 1\n",
            &[]
        ),
        "right"
    );
    // xor_tanh's z(1)[1] of sample 2 is 0.4·1 − 0.1 = 0.30000000000000004: 0.3.
    assert_eq!(
        verdict("xor_tanh", "z(1)[1]", "0.3", "sample = 2\n", &[]),
        "right"
    );
}

#[test]
fn the_text_report_says_the_policy_and_why_an_answer_is_imprecise() {
    let dir = Dir::new();
    dir.write("ws.toml", &answer("a(2)[1]", "0.7", ""));
    let r = dir.run(&["check", &lesson_file("sigmoid_2layer"), "ws.toml"]);
    assert_eq!(r.code, Some(1), "imprecise is not right");
    assert!(
        r.stdout
            .starts_with("precision: at least 3 significant figures (the default)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("0.7 has 1 significant figure; this sheet asks for 3"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with("\nscore: 0/1 right, 1 imprecise\n"),
        "{}",
        r.stdout
    );
}

/// The classic lesson with a `[grading]` table.
fn graded_lesson(grading: &str) -> String {
    let text = std::fs::read_to_string(lesson_file("sigmoid_2layer")).unwrap();
    format!("{text}\n[grading]\n{grading}\n")
}

#[test]
fn command_line_beats_worksheet_beats_lesson_beats_default() {
    let dir = Dir::new();
    dir.write("lesson.toml", &graded_lesson("significant_figures = 2"));
    // a(1)[1] = 0.593270: 0.59 has 2 significant figures and 2 decimals.
    let plain = answer("a(1)[1]", "0.59", "");
    dir.write("plain.toml", &plain);
    dir.write(
        "decimals.toml",
        &format!("[grading]\ndecimals = 3\n\n{plain}"),
    );
    let run = |sheet: &str, extra: &[&str]| {
        let r = dir.json("lesson.toml", sheet, extra);
        (
            r["answers"][0]["verdict"].as_str().unwrap().to_string(),
            r["precision"].clone(),
        )
    };
    let policy = |sf: Option<u32>, dec: Option<u32>, by: &str| serde_json::json!({"significant_figures": sf, "decimals": dec, "set_by": by});
    assert_eq!(
        run("plain.toml", &[]),
        ("right".into(), policy(Some(2), None, "lesson"))
    );
    assert_eq!(
        run("decimals.toml", &[]),
        ("imprecise".into(), policy(None, Some(3), "worksheet"))
    );
    assert_eq!(
        run("decimals.toml", &["--decimals", "2"]),
        ("right".into(), policy(None, Some(2), "command line"))
    );
    assert_eq!(
        run("plain.toml", &["--significant-figures", "3"]),
        ("imprecise".into(), policy(Some(3), None, "command line"))
    );
    // Without any [grading]: the default.
    let r = dir.json(&lesson_file("sigmoid_2layer"), "plain.toml", &[]);
    assert_eq!(r["precision"], policy(Some(3), None, "default"));
    let text = dir.run(&["check", "lesson.toml", "decimals.toml"]).stdout;
    assert!(
        text.starts_with("precision: at least 3 decimals (set by the worksheet)\n"),
        "{text}"
    );
}

#[test]
fn the_command_line_takes_one_of_the_two() {
    let dir = Dir::new();
    dir.write("ws.toml", &answer("a(1)[1]", "0.593", ""));
    let lesson = lesson_file("sigmoid_2layer");
    let r = dir.run(&[
        "check",
        &lesson,
        "ws.toml",
        "--decimals",
        "2",
        "--significant-figures",
        "3",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    let r = dir.run(&["check", &lesson, "ws.toml", "--significant-figures", "0"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn grading_tables_are_checked_where_they_are_written() {
    let dir = Dir::new();
    // Lines of the appended table: the lesson's text, a blank line, then [grading].
    let base = std::fs::read_to_string(lesson_file("sigmoid_2layer")).unwrap();
    let line = base.lines().count() + 3;
    for (grading, column, message) in [
        (
            "significant_figures = 0",
            23,
            "`significant_figures` must be at least 1, found 0",
        ),
        (
            "decimals = 1.5",
            12,
            "expected a whole number for `decimals`",
        ),
        ("digits = 3", 1, "unknown key `digits` in [grading]"),
    ] {
        dir.write("lesson.toml", &graded_lesson(grading));
        dir.write("ws.toml", &answer("a(1)[1]", "0.593", ""));
        let r = dir.run(&["check", "lesson.toml", "ws.toml"]);
        assert_eq!(r.code, Some(1));
        let want = format!("error: lesson.toml:{line}:{column}: {message}");
        assert!(
            r.stderr.starts_with(&want),
            "want {want}\n got {}",
            r.stderr
        );
    }
    // Both at once: the error is at the second.
    dir.write(
        "ws.toml",
        &format!(
            "[grading]\ndecimals = 2\nsignificant_figures = 3\n\n{}",
            answer("a(1)[1]", "0.593", "")
        ),
    );
    let r = dir.run(&["check", &lesson_file("sigmoid_2layer"), "ws.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with(
            "error: ws.toml:3:1: [grading] sets both `significant_figures` and `decimals`"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_blank_worksheet_says_the_lessons_floor() {
    let dir = Dir::new();
    dir.write("lesson.toml", &graded_lesson("decimals = 4"));
    let r = dir.run(&["worksheet", "lesson.toml", "-o", "-"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stdout
            .contains("# to every digit written and has at least 4 decimals."),
        "{}",
        r.stdout
    );
}

#[test]
fn a_trained_lesson_keeps_its_grading() {
    let dir = Dir::new();
    dir.write("lesson.toml", &graded_lesson("decimals = 4"));
    let r = dir.run(&["train", "lesson.toml", "--save", "trained.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let saved = std::fs::read_to_string(dir.path("trained.toml")).unwrap();
    assert!(saved.contains("\n[grading]\ndecimals = 4\n"), "{saved}");
}
