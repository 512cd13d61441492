//! Marks as a teacher sets them: a worksheet names its student, `[grading]` gives marks per
//! step, kind of number or phase and a share of them for carried and imprecise answers; the
//! report gives the marks, the percentage, and the first error with the answers that follow
//! from it.

use crate::common::learner::{self, Hand, Mistake, Written};
use crate::common::sheets::{Dir, answer, lesson_file};

/// A learner's sheet as a worksheet file.
fn worksheet(head: &str, sheet: &[Written]) -> String {
    let mut text = head.to_string();
    for w in sheet {
        let at = if w.update {
            format!("batch = {}\n", w.at)
        } else {
            format!("sample = {}\n", w.at)
        };
        text.push_str(&answer(&w.name, &format!("\"{}\"", w.text), &at));
    }
    text
}

#[test]
fn marks_per_phase_kind_and_step_with_shares_for_carried_and_imprecise() {
    let dir = Dir::new();
    // z(1)[1] right (forward, 1 mark), a(1)[1] wrong (exp_sign; forward, 1), z(2)[1] carried
    // from it (forward, 1: half of it), loss imprecise (its own rule: 3, a quarter of it),
    // delta(2)[1] right (backward: 2), dw(2)[1,1] unanswered (the kind's rule: 4).
    let head = "student = \"Ana Lima\"\n\n[grading]\n\
        marks = { backward = 2, \"loss\" = 3, dw = 4 }\ncarried = 0.5\nimprecise = 0.25\n\n";
    let z2 = 0.4 * 0.40673 + 0.45 * 0.596884 + 0.6;
    let sheet = [
        head.to_string(),
        answer("z(1)[1]", "0.3775", ""),
        answer("a(1)[1]", "0.406730", ""),
        answer("a(1)[2]", "0.596884", ""),
        answer("z(2)[1]", &format!("{z2:.6}"), ""),
        answer("loss", "0.3", ""),
        answer("delta(2)[1]", "0.138499", ""),
        answer("dw(2)[1,1]", "\"\"", ""),
    ]
    .concat();
    dir.write("ws.toml", &sheet);
    let report = dir.json(&lesson_file("sigmoid_2layer"), "ws.toml", &[]);
    assert_eq!(report["student"], "Ana Lima");
    let marks: Vec<(f64, f64)> = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["marks"].as_f64().unwrap(), a["out_of"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        marks,
        [
            (1.0, 1.0),
            (0.0, 1.0),
            (1.0, 1.0),
            (0.5, 1.0),
            (0.75, 3.0),
            (2.0, 2.0),
            (0.0, 4.0)
        ]
    );
    let earned = 1.0 + 1.0 + 0.5 + 0.75 + 2.0;
    let out_of = 1.0 + 1.0 + 1.0 + 1.0 + 3.0 + 2.0 + 4.0;
    assert_eq!(report["marks"]["earned"], earned);
    assert_eq!(report["marks"]["out_of"], out_of);
    let text = dir
        .run(&["check", &lesson_file("sigmoid_2layer"), "ws.toml"])
        .stdout;
    assert!(text.starts_with("student: Ana Lima\n"), "{text}");
    assert!(
        text.contains(&format!(
            "\nmarks: 5.25/13 ({:.1}%)\n",
            100.0 * earned / out_of
        )),
        "{text}"
    );
    assert!(
        text.contains("\nfirst error a(1)[1]: exp_sign → 1 answer follows\n"),
        "{text}"
    );
}

#[test]
fn the_first_error_counts_every_answer_that_follows_from_it() {
    // exp_sign made every time on the flagship example, worked on at calculator precision:
    // of the 37 answers, only z(1)[1] and z(1)[2] come before or beside it unaffected; the
    // other 34 after a(1)[1] follow (a(1)[2] is the same mistake again, the rest carried).
    let lesson = bpnn_tutor::lesson::bundled::LESSONS
        .find("sigmoid_2layer")
        .unwrap()
        .load()
        .unwrap();
    let hand = Hand {
        mistake: Some(Mistake::ExpSign),
        ..Hand::right(6, false)
    };
    let sheet = learner::work(&lesson, &hand);
    assert_eq!(sheet.len(), 37);
    let dir = Dir::new();
    dir.write("ws.toml", &worksheet("", &sheet));
    let report = dir.json(&lesson_file("sigmoid_2layer"), "ws.toml", &[]);
    assert_eq!(
        report["first_error"],
        serde_json::json!({"name": "a(1)[1]", "epoch": 1, "sample": 1,
                           "misconception": "exp_sign", "follow": 34})
    );
    let text = dir
        .run(&["check", &lesson_file("sigmoid_2layer"), "ws.toml"])
        .stdout;
    assert!(
        text.contains("\nfirst error a(1)[1]: exp_sign → 34 answers follow\n"),
        "{text}"
    );
}

#[test]
fn a_lessons_marks_apply_unless_the_worksheet_gives_its_own_and_survive_training() {
    let base = std::fs::read_to_string(lesson_file("sigmoid_2layer")).unwrap();
    let dir = Dir::new();
    dir.write(
        "lesson.toml",
        &format!("{base}\n[grading]\nmarks = 2\ncarried = 1\n"),
    );
    dir.write("ws.toml", &answer("z(1)[1]", "0.3775", ""));
    let report = dir.json("lesson.toml", "ws.toml", &[]);
    assert_eq!(report["marks"]["out_of"], 2.0);
    dir.write(
        "own.toml",
        &format!(
            "[grading]\nmarks = 5\n\n{}",
            answer("z(1)[1]", "0.3775", "")
        ),
    );
    let report = dir.json("lesson.toml", "own.toml", &[]);
    assert_eq!(report["marks"]["out_of"], 5.0);
    let r = dir.run(&["train", "lesson.toml", "--save", "trained.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let saved = std::fs::read_to_string(dir.path("trained.toml")).unwrap();
    assert!(
        saved.contains("\n[grading]\nmarks = 2.0\ncarried = 1.0\nimprecise = 0.5\n"),
        "{saved}"
    );
}

#[test]
fn bad_marks_and_students_are_refused_where_they_are_written() {
    let dir = Dir::new();
    let lesson = lesson_file("sigmoid_2layer");
    let one = answer("a(1)[1]", "0.593", "");
    for (head, at, message) in [
        (
            "[grading]\nmarks = { backword = 2 }\n",
            "ws.toml:2:11",
            "`backword` in `marks` is neither a phase, a kind of number nor a step name; did you mean `backward`?",
        ),
        (
            "[grading]\nmarks = 1\ncarried = 2\n",
            "ws.toml:3:11",
            "`carried` is 2, but a share of the marks is from 0 to 1",
        ),
        (
            "[grading]\nmarks = { \"delta(3)[1]\" = 2 }\n",
            "ws.toml:2:11",
            "`marks` names delta(3)[1], a step this lesson does not have",
        ),
        ("student = \"\"\n", "ws.toml:1:11", "`student` is empty"),
        (
            "student = 3\n",
            "ws.toml:1:11",
            "expected a string for `student`",
        ),
    ] {
        dir.write("ws.toml", &format!("{head}\n{one}"));
        let r = dir.run(&["check", &lesson, "ws.toml"]);
        assert_eq!(r.code, Some(1), "{head}");
        let want = format!("error: {at}: {message}");
        assert!(
            r.stderr.starts_with(&want),
            "want {want}\n got {}",
            r.stderr
        );
    }
}
