//! `bpnn-tutor check` and `bpnn-tutor worksheet`, run as a learner would, on the classic 2-2-2
//! example. The exact values are the published ones (forward pass, loss, one gradient and one
//! updated weight of the well-known worked example), not values read back from this program;
//! line:column positions are counted by hand from the worksheets below.

use crate::common;
use crate::common::cli::bin;
use crate::common::sheets::{self, Dir, Run, lesson_file};

use serde_json::Value;

/// Published values of the classic example (η = 0.5, one sample).
const Z1_1: f64 = 0.3775;
const A1_1: f64 = 0.593269992;
const A1_2: f64 = 0.596884378;
const Z2_1: f64 = 1.105905967;
const A2_1: f64 = 0.75136507;
const LOSS: f64 = 0.298371109;
const DW2_11: f64 = 0.082167041;
const W2_11_AFTER: f64 = 0.35891648;

fn lesson() -> String {
    lesson_file("sigmoid_2layer")
}

/// A directory holding `ws.toml` with `text`; commands run there, so messages say `ws.toml`.
struct Sheet(Dir);

impl std::ops::Deref for Sheet {
    type Target = Dir;

    fn deref(&self) -> &Dir {
        &self.0
    }
}

impl Sheet {
    fn new(text: &str) -> Self {
        let dir = Dir::new();
        dir.write("ws.toml", text);
        Sheet(dir)
    }

    fn check(&self, extra: &[&str]) -> Run {
        let lesson = lesson();
        let mut args = vec!["check", lesson.as_str(), "ws.toml"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    fn json(&self) -> (Option<i32>, Value) {
        let r = self.check(&["--format", "json"]);
        assert!(r.stderr.is_empty(), "{}", r.stderr);
        (r.code, serde_json::from_str(&r.stdout).unwrap())
    }
}

/// One `[[answer]]` with a value written exactly as given (quotes included, if any).
fn answer(name: &str, value: &str) -> String {
    sheets::answer(name, value, "")
}

/// (name, verdict) of every answer of a report.
fn verdicts(report: &Value) -> Vec<(String, String)> {
    sheets::marks(report)
        .into_iter()
        .map(|(name, verdict, _)| (name, verdict))
        .collect()
}

fn verdict_of(text: &str) -> String {
    let (_, report) = Sheet::new(text).json();
    verdicts(&report)[0].1.clone()
}

#[test]
fn a_worksheet_of_published_values_is_all_right() {
    let mut text = String::from("lesson = \"lessons/sigmoid_2layer.toml\"\n\n");
    for (name, v) in [
        ("z(1)[1]", "0.3775"),
        ("a(1)[1]", "0.593269992"),
        ("a(1)[2]", "0.596884378"),
        ("z(2)[1]", "1.105905967"),
        ("a(2)[1]", "0.75136507"),
        ("loss", "0.298371109"),
        ("dw(2)[1,1]", "0.082167041"),
    ] {
        text.push_str(&answer(name, v));
    }
    text.push_str("[[answer]]\nname = \"w(2)[1,1]\"\nsample = 1\nvalue = 0.35891648\n");
    let sheet = Sheet::new(&text);
    let r = sheet.check(&[]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.is_empty(), "no warning: the lesson is named alike");
    assert!(r.stdout.ends_with("\nscore: 8/8 right\n"), "{}", r.stdout);
    insta::assert_snapshot!("all_right", r.stdout);
}

#[test]
fn precision_is_the_text_as_written() {
    let one = |name: &str, v: &str| verdict_of(&answer(name, v));
    // σ(0.3775) = 0.59327: 0.593 is it to 3 places, 0.5932 cut off after 4, 0.5933 rounded.
    assert_eq!(one("a(1)[1]", "0.593"), "right");
    assert_eq!(one("a(1)[1]", "0.5932"), "right");
    assert_eq!(one("a(1)[1]", "0.5933"), "right");
    assert_eq!(one("a(1)[1]", "0.5934"), "wrong");
    // A slip of the kind DESIGN §7 names: 0.865 is nowhere near 0.59327.
    assert_eq!(one("a(1)[1]", "0.865"), "wrong");
    // a(1)[2] = 0.596884: 0.597 is right to 3 places, but 0.5970 claims a 4th place and
    // 0.5969 is the value to 4 places — whether the zero is kept by quotes or in the number.
    assert_eq!(one("a(1)[2]", "0.597"), "right");
    assert_eq!(one("a(1)[2]", "\"0.5970\""), "wrong");
    assert_eq!(one("a(1)[2]", "0.5970"), "wrong");
    assert_eq!(one("a(1)[2]", "\"0.5969\""), "right");
    assert_eq!(one("a(1)[2]", "\" 0.5969 \""), "right");
    // Exponents count: 3.775e-1 has 4 decimals.
    assert_eq!(one("z(1)[1]", "3.775e-1"), "right");
    assert_eq!(one("z(1)[1]", "3.78e-1"), "right");
    assert_eq!(one("z(1)[1]", "3.77e-1"), "right"); // cut off
    assert_eq!(one("z(1)[1]", "3.76e-1"), "wrong");
    // A whole number is precise to the unit: the loss 0.298 is 0 to 0 places, but 0 has no
    // significant figure at all (the floor is 3); 1 is not the loss rounded or cut off.
    assert_eq!(one("loss", "0"), "imprecise");
    assert_eq!(one("loss", "1"), "wrong");
}

#[test]
fn an_error_carried_forward_is_told_apart_from_a_new_one() {
    // The learner slips on a(1)[1] (0.865 instead of σ(0.3775) = 0.593270), then computes
    // z(2)[1] correctly from it: 0.4·0.865 + 0.45·0.596884 + 0.6 = 1.2145978 ≈ 1.214598.
    let by_hand: f64 = 0.4 * 0.865 + 0.45 * 0.596884 + 0.6;
    assert!((by_hand - 1.2145978).abs() < 1e-12);
    let text = [
        answer("z(1)[1]", "0.3775"),
        answer("a(1)[1]", "0.865"),
        answer("a(1)[2]", "0.596884"),
        answer("z(2)[1]", "1.214598"),
        answer("a(2)[1]", "0.70"),
    ]
    .concat();
    let sheet = Sheet::new(&text);
    let r = sheet.check(&[]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains("follows from your a(1)[1]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("a⁽¹⁾₁ = σ(z⁽¹⁾₁) = σ(0.3775) = 0.593270"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .ends_with("\nscore: 2/5 right, 2 wrong, 1 carried forward\n"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("carried", r.stdout);

    let (code, report) = sheet.json();
    assert_eq!(code, Some(1));
    let z2 = &report["answers"][3];
    assert_eq!(z2["verdict"], "carried");
    assert_eq!(z2["carried_from"], serde_json::json!(["a(1)[1]"]));
    assert!((z2["exact"].as_f64().unwrap() - Z2_1).abs() < 1e-9);
    assert_eq!(report["answers"][1]["verdict"], "wrong");
    assert_eq!(report["answers"][1]["carried_from"], serde_json::json!([]));
    // 0.70 is σ of neither the exact z(2)[1] (0.75) nor the learner's (0.77): a new mistake.
    assert_eq!(report["answers"][4]["verdict"], "wrong");

    let ascii = sheet.check(&["--ascii"]);
    assert!(
        ascii
            .stdout
            .contains("a(1)[1] = sigmoid(z(1)[1]) = sigmoid(0.3775) = 0.593270"),
        "{}",
        ascii.stdout
    );
    assert!(ascii.stdout.is_ascii());
}

#[test]
fn update_steps_are_located_by_batch() {
    // w(2)[1,1] ← 0.4 − 0.5·0.082167041 = 0.35891648, after batch 1 (`sample` means the batch).
    assert!((0.4 - 0.5 * DW2_11 - W2_11_AFTER).abs() < 1e-8);
    for key in ["sample", "batch"] {
        let text = format!(
            "[[answer]]\nname = \"w(2)[1,1]\"\n{key} = 1\nvalue = 0.358916\n\n\
             [[answer]]\nname = \"w(2)[1,2]\"\nvalue = 0.4079\n"
        );
        let (code, report) = Sheet::new(&text).json();
        assert_eq!(
            code,
            Some(1),
            "w(2)[1,2] = 0.45 − 0.5·0.0826676 = 0.408666, not 0.4079"
        );
        let w = &report["answers"][0];
        assert_eq!(w["verdict"], "right");
        assert_eq!(w["phase"], "update");
        assert_eq!(w["sample"], 1);
        assert!((w["exact"].as_f64().unwrap() - W2_11_AFTER).abs() < 1e-8);
        assert_eq!(report["answers"][1]["verdict"], "wrong");
    }
    // An update computed right from a wrong gradient: 0.4 − 0.5·0.09 = 0.355.
    let text = "[[answer]]\nname = \"dw(2)[1,1]\"\nvalue = 0.09\n\n\
                [[answer]]\nname = \"w(2)[1,1]\"\nsample = 1\nvalue = 0.355\n";
    let (code, report) = Sheet::new(text).json();
    assert_eq!(code, Some(1));
    assert_eq!(report["answers"][0]["verdict"], "wrong");
    assert_eq!(report["answers"][1]["verdict"], "carried");
    assert_eq!(
        report["answers"][1]["carried_from"],
        serde_json::json!(["dw(2)[1,1]"])
    );
}

#[test]
fn unanswered_entries_are_listed_but_not_scored() {
    let text = [
        answer("z(1)[1]", "0.3775"),
        answer("a(1)[1]", "\"\""),
        "[[answer]]\nname = \"loss\"\n\n".to_string(),
        answer("a(1)[2]", "\"   \""),
    ]
    .concat();
    let sheet = Sheet::new(&text);
    let r = sheet.check(&[]);
    assert_eq!(r.code, Some(0), "nothing answered is wrong");
    assert!(
        r.stdout.ends_with("\nscore: 1/1 right; 3 unanswered\n"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("unanswered", r.stdout);
    let (_, report) = sheet.json();
    assert_eq!(
        verdicts(&report),
        [
            ("z(1)[1]".into(), "right".into()),
            ("a(1)[1]".into(), "unanswered".into()),
            ("loss".into(), "unanswered".into()),
            ("a(1)[2]".into(), "unanswered".into()),
        ]
    );
    assert_eq!(report["answers"][1]["given"], Value::Null);
    assert_eq!(report["answers"][1]["written"], Value::Null);
    assert_eq!(report["score"]["total"], 1);
    assert_eq!(report["score"]["unanswered"], 3);
}

#[test]
fn the_json_report_has_its_shape_and_the_published_values() {
    let text = [
        answer("z(1)[1]", "0.3775"),
        answer("a(1)[1]", "\"0.5933\""),
        answer("a(1)[2]", "0.5969"),
        answer("z(2)[1]", "1.1059"),
        answer("a(2)[1]", "0.7514"),
        answer("loss", "0.2984"),
        answer("dw(2)[1,1]", "0.0822"),
    ]
    .concat();
    let (code, report) = Sheet::new(&text).json();
    assert_eq!(code, Some(0));
    assert_eq!(report["format"], "bpnn-tutor-check");
    // Version 3 adds the student, the variant, marks and the first error.
    assert_eq!(report["version"], 3);
    assert_eq!(
        report["precision"],
        serde_json::json!({"significant_figures": 3, "decimals": null, "set_by": "default"})
    );
    assert_eq!(report["lesson"]["title"], "Two-layer sigmoid network");
    assert_eq!(report["worksheet"], "ws.toml");
    let keys: Vec<&str> = report["answers"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(
        keys_sorted,
        [
            "carried_from",
            "epoch",
            "exact",
            "given",
            "line",
            "marks",
            "misconception",
            "name",
            "out_of",
            "phase",
            "sample",
            "verdict",
            "written"
        ]
    );
    let published = [Z1_1, A1_1, A1_2, Z2_1, A2_1, LOSS, DW2_11];
    let phases = [
        "forward", "forward", "forward", "forward", "forward", "loss", "backward",
    ];
    let lines = [1, 5, 9, 13, 17, 21, 25];
    for (i, a) in report["answers"].as_array().unwrap().iter().enumerate() {
        let exact = a["exact"].as_f64().unwrap();
        assert!(
            (exact - published[i]).abs() < 1e-9,
            "{}: {exact} vs {}",
            a["name"],
            published[i]
        );
        assert_eq!(a["phase"], phases[i]);
        assert_eq!(a["line"], lines[i]);
        assert_eq!(a["epoch"], 1);
        assert_eq!(a["sample"], 1);
        assert_eq!(a["verdict"], "right");
        assert_eq!(a["misconception"], Value::Null);
    }
    assert_eq!(report["answers"][1]["given"], 0.5933);
    assert_eq!(report["answers"][1]["written"], "0.5933");
    assert_eq!(
        report["score"],
        serde_json::json!({"right": 7, "total": 7, "wrong": 0, "carried": 0, "imprecise": 0, "unanswered": 0})
    );
}

/// Runs `check` on a broken worksheet: exit 1, nothing on stdout, and the message.
fn broken(text: &str) -> String {
    let r = Sheet::new(text).check(&[]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
    r.stderr
}

#[test]
fn unknown_step_names_say_why_at_their_position() {
    // Line 2, column 8 is the opening quote of the name: `name = "` is 7 characters.
    let e = broken("[[answer]]\nname = \"w(3)[1,1]\"\nvalue = 0.1\n");
    assert!(
        e.starts_with(
            "error: ws.toml:2:8: the lesson has no step w(3)[1,1]: the network has 2 layers\n"
        ),
        "{e}"
    );
    assert!(
        e.contains("its layers are 1 (2 neurons, sigmoid) and 2 (2 neurons, sigmoid)"),
        "{e}"
    );
    insta::assert_snapshot!("no_layer_3", e);

    let e = broken("[[answer]]\nname = \"dleta(2)[1]\"\n");
    assert!(
        e.starts_with(
            "error: ws.toml:2:8: `dleta(2)[1]` is not a step name: unknown quantity `dleta`"
        ),
        "{e}"
    );
    assert!(e.contains("did you mean `delta(2)[1]`?"), "{e}");

    // Every broken answer is reported, each at its own line; the good one in between is not.
    let e = broken(
        "[[answer]]\nname = \"a(1)[3]\"\n\n[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\n\n\
         [[answer]]\n  name = \"m(1)[1,1]\"\n\n[[answer]]\nname = \"a1[1]\"\n",
    );
    insta::assert_snapshot!("several_names", e);
    assert!(
        e.contains("error: ws.toml:2:8: the lesson has no step a(1)[3]: layer 1 has 2 neurons")
    );
    assert!(e.contains(
        "error: ws.toml:9:10: the lesson has no step m(1)[1,1]: plain SGD keeps no optimizer state"
    ));
    assert!(e.contains("error: ws.toml:12:8: `a1[1]` is not a step name; did you mean `a(1)[1]`?"));
    assert!(e.ends_with("3 problems in ws.toml\n"), "{e}");
}

#[test]
fn malformed_worksheets_point_at_the_problem() {
    // (worksheet, the first line of the message) — columns counted by hand.
    let cases = [
        // `name = ` is 7 characters: the unquoted name starts in column 8.
        (
            "[[answer]]\nname = z(1)[1]\n",
            "error: ws.toml:2:8: invalid TOML: the step name must be in quotes",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0,5\n",
            "error: ws.toml:3:9: invalid TOML: `value` must be a number, found 0,5",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = \"0.37 75\"\n",
            "error: ws.toml:3:9: expected a number for `value`, found the string \"0.37 75\"",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = true\n",
            "error: ws.toml:3:9: expected a number for `value`, found `true`",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvlaue = 0.3775\n",
            "error: ws.toml:3:1: unknown key `vlaue` in answer 1; did you mean `value`?",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\nepoch = 2\n",
            "error: ws.toml:4:9: epoch = 2, but the lesson trains for 1 epoch",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\nsample = 0\n",
            "error: ws.toml:4:10: `sample` must be at least 1, found 0",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = 0.3775\nsample = 2\n",
            "error: ws.toml:4:10: sample = 2, but the lesson has 1 sample",
        ),
        (
            "[[answer]]\nname = \"w(1)[1,1]\"\nbatch = 2\n",
            "error: ws.toml:3:9: batch = 2, but an epoch has 1 batch (a batch of 1 sample)",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nbatch = 1\n",
            "error: ws.toml:3:1: `batch` is only for update steps; z(1)[1] is computed for each sample",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nepoch = \"1\"\n",
            "error: ws.toml:3:9: expected a whole number for `epoch`, found the string \"1\"",
        ),
        (
            "[[answer]]\nvalue = 0.3775\n",
            "error: ws.toml:1:1: answer 1 is missing `name`",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\n\n[[answer]]\nname = \" z(1)[1]\"\n",
            "error: ws.toml:5:8: z(1)[1] of epoch 1, sample 1 is answered twice (first in the [[answer]] on line 1)",
        ),
        (
            "[answer]\nname = \"z(1)[1]\"\n",
            "error: ws.toml:1:1: expected [[answer]] (double brackets: a list of answers), found a single table",
        ),
        (
            "[[answers]]\nname = \"z(1)[1]\"\n",
            "error: ws.toml:1:3: unknown section `answers`; did you mean `answer`?",
        ),
        (
            "lesson = \"sigmoid_2layer\"\nname = \"z(1)[1]\"\n",
            "error: ws.toml:2:1: `name` is outside any [[answer]]",
        ),
        (
            "lesson = \"sigmoid_2layer\"\n",
            "error: ws.toml:1:1: the worksheet has no [[answer]] tables",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\nvalue = 1\n",
            "error: ws.toml:2:16: invalid TOML: this string has no closing `\"` on its line",
        ),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nname = \"a(1)[1]\"\n",
            "error: ws.toml:3:1: `name` is defined twice",
        ),
        ("", "error: ws.toml: the worksheet is empty"),
        (" \n\t\n", "error: ws.toml: the worksheet is empty"),
        (
            "[[answer]]\nname = \"z(1)[1]\"\nvalue = 1\0\n",
            "error: ws.toml:3:10: the file contains a NUL byte",
        ),
    ];
    for (text, first) in cases {
        let e = broken(text);
        assert!(
            e.starts_with(first),
            "for {text:?}\nexpected: {first}\nfound:    {e}"
        );
    }
    insta::assert_snapshot!(
        "decimal_comma",
        broken("[[answer]]\nname = \"z(1)[1]\"\nvalue = 0,3775\n")
    );
}

#[test]
fn files_that_are_not_worksheets() {
    let sheet = Sheet::new("");
    std::fs::create_dir(sheet.path("dir")).unwrap();
    std::fs::write(sheet.path("utf16.toml"), b"\xff\xfe[\x00").unwrap();
    std::fs::write(
        sheet.path("latin1.toml"),
        b"[[answer]]\nname = \"z(1)[1]\"\nvalue = \"\xe9\"\n",
    )
    .unwrap();
    let lesson = lesson();
    for (file, first) in [
        // A directory is a class of worksheets; this one has none.
        ("dir", "error: dir: the directory holds no .toml worksheets"),
        ("missing.toml", "error: missing.toml: no such file"),
        ("utf16.toml", "error: utf16.toml: the file is UTF-16 text"),
        (
            "latin1.toml",
            "error: latin1.toml:3:10: the file is not valid UTF-8: byte 0xE9",
        ),
    ] {
        let r = sheet.run(&["check", &lesson, file]);
        assert_eq!(r.code, Some(1));
        assert!(r.stderr.starts_with(first), "{file}: {}", r.stderr);
    }
}

#[test]
fn exit_codes() {
    let right = answer("z(1)[1]", "0.3775");
    let wrong = answer("z(1)[1]", "0.3776");
    assert_eq!(Sheet::new(&right).check(&[]).code, Some(0));
    assert_eq!(Sheet::new(&wrong).check(&[]).code, Some(1));
    // Usage errors are clap's: exit 2.
    let sheet = Sheet::new(&right);
    assert_eq!(sheet.run(&["check", &lesson()]).code, Some(2));
    assert_eq!(sheet.check(&["--format", "yaml"]).code, Some(2));
    // A lesson that cannot be loaded is the user's input too: exit 1.
    let r = sheet.run(&["check", "no_such_lesson", "ws.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with("error: no_such_lesson:"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_worksheet_for_another_lesson_is_checked_with_a_warning() {
    let text = format!("lesson = \"xor.toml\"\n\n{}", answer("z(1)[1]", "0.3775"));
    let r = Sheet::new(&text).check(&[]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.stderr.starts_with(
            "warning: ws.toml:1:10: the worksheet is for the lesson \"xor.toml\", but it is checked against"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("(the command line wins)"));

    // When the steps do not fit the lesson, the warning comes first: it is the likely cause.
    let text = "lesson = \"xor.toml\"\n\n[[answer]]\nname = \"z(3)[1]\"\n";
    let r = Sheet::new(text).check(&[]);
    assert_eq!(r.code, Some(1));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert!(
        lines[0].starts_with("warning: ws.toml:1:10: "),
        "{}",
        r.stderr
    );
    assert!(
        lines[1].starts_with("error: ws.toml:4:8: the lesson has no step z(3)[1]"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_worksheet_can_come_from_standard_input() {
    let out = bin()
        .args(["check", &lesson(), "-"])
        .write_stdin(answer("a(1)[1]", "0.593"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("a(1)[1]  right    0.593  0.593270"));
}

/// The (name, epoch, key, number) of every answer of a worksheet, read as plain TOML.
fn entries(text: &str) -> Vec<(String, i64, String, i64)> {
    let doc: toml::Table = text.parse().unwrap();
    doc["answer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let t = a.as_table().unwrap();
            assert_eq!(t["value"].as_str(), Some(""), "blank: {t:?}");
            let key = if t.contains_key("batch") {
                "batch"
            } else {
                "sample"
            };
            (
                t["name"].as_str().unwrap().to_string(),
                t["epoch"].as_integer().unwrap(),
                key.to_string(),
                t[key].as_integer().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_blank_worksheet_lists_every_step_in_trace_order_and_checks_as_unanswered() {
    let sheet = Sheet::new("");
    let r = sheet.run(&["worksheet", "sigmoid_2layer", "-o", "blank.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.starts_with("wrote blank.toml"), "{}", r.stderr);
    let text = std::fs::read_to_string(sheet.path("blank.toml")).unwrap();
    assert!(
        text.starts_with("# Worksheet: Two-layer sigmoid network\n"),
        "{text}"
    );
    assert!(text.contains("\nlesson = \"lessons/sigmoid_2layer.toml\"\n"));
    assert!(text.contains("#     bpnn-tutor check lessons/sigmoid_2layer.toml blank.toml\n"));
    assert!(text.contains(
        "#     layer 1 (sigmoid): w(1) = [[0.15, 0.2], [0.25, 0.3]], b(1) = [0.35, 0.35]\n"
    ));
    assert!(text.contains("# activation (sigmoid) of hidden neuron 1\nname = \"a(1)[1]\"\n"));
    let listed = entries(&text);
    let names: Vec<&str> = listed.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(names, common::CLASSIC_ORDER);
    for (name, epoch, key, n) in &listed {
        let update = name.starts_with("w(") || name.starts_with("b(");
        assert_eq!(
            (*epoch, key.as_str(), *n),
            (1, if update { "batch" } else { "sample" }, 1)
        );
    }

    // It parses back as a worksheet: every answer unanswered, nothing wrong.
    let r = sheet.run(&["check", "sigmoid_2layer", "blank.toml"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert!(
        r.stdout.ends_with("\nscore: 0/0 right; 37 unanswered\n"),
        "{}",
        r.stdout
    );

    // Filled in with the published values, those answers are right.
    let mut filled = text.clone();
    for (name, v) in [
        ("a(1)[1]", A1_1),
        ("loss", LOSS),
        ("w(2)[1,1]", W2_11_AFTER),
    ] {
        let at = filled.find(&format!("name = \"{name}\"")).unwrap();
        let blank = at + filled[at..].find("value = \"\"").unwrap();
        filled.replace_range(blank..blank + 10, &format!("value = {v}"));
    }
    std::fs::write(sheet.path("filled.toml"), filled).unwrap();
    let r = sheet.run(&["check", "sigmoid_2layer", "filled.toml"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.ends_with("\nscore: 3/3 right; 34 unanswered\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_blank_worksheet_is_never_written_over_without_force() {
    let sheet = Sheet::new("");
    std::fs::write(sheet.path("mine.toml"), "my work").unwrap();
    let r = sheet.run(&["worksheet", "sigmoid_2layer", "-o", "mine.toml"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("mine.toml already exists"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(sheet.path("mine.toml")).unwrap(),
        "my work"
    );
    let r = sheet.run(&["worksheet", "sigmoid_2layer", "-o", "mine.toml", "--force"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(sheet.path("mine.toml")).unwrap();
    assert_eq!(entries(&text).len(), 37);
    // Nothing else is left in the directory (no temporary file).
    let files: Vec<_> = std::fs::read_dir(sheet.dir.path()).unwrap().collect();
    assert_eq!(files.len(), 2, "ws.toml and mine.toml");
}

#[test]
fn a_blank_worksheet_for_a_later_sample_names_its_batch() {
    // The classic network on three samples in batches of two: sample 2 is in batch 1, whose
    // update follows it; sample 3 is alone in batch 2.
    let lesson = std::fs::read_to_string(lesson())
        .unwrap()
        .replace("epochs = 1\nbatch_size = 1", "epochs = 2\nbatch_size = 2")
        .replace(
            "[[data]]\ninput = [0.05, 0.10]\ntarget = [0.01, 0.99]",
            "[[data]]\ninput = [0.05, 0.10]\ntarget = [0.01, 0.99]\n\n\
             [[data]]\ninput = [0.5, -0.2]\ntarget = [0.5, 0.5]\n\n\
             [[data]]\ninput = [1.0, 1.0]\ntarget = [0.9, 0.1]",
        );
    let sheet = Sheet::new("");
    std::fs::write(sheet.path("three.toml"), &lesson).unwrap();
    let r = sheet.run(&[
        "worksheet",
        "three.toml",
        "--epoch",
        "2",
        "--sample",
        "2",
        "-o",
        "-",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let listed = entries(&r.stdout);
    assert_eq!(listed.len(), 37);
    assert!(
        listed[..25]
            .iter()
            .all(|e| (e.1, e.2.as_str(), e.3) == (2, "sample", 2))
    );
    assert!(
        listed[25..]
            .iter()
            .all(|e| (e.1, e.2.as_str(), e.3) == (2, "batch", 1))
    );
    assert!(
        r.stdout
            .contains("from the mean of the gradients of samples 1 to 2")
    );
    assert!(
        r.stdout
            .contains("after the updates before batch 1 of epoch 2")
    );
    std::fs::write(sheet.path("s2.toml"), &r.stdout).unwrap();
    let r2 = sheet.run(&["check", "three.toml", "s2.toml"]);
    assert_eq!(r2.code, Some(0), "{}", r2.stderr);
    assert!(r2.stderr.is_empty(), "{}", r2.stderr);

    let r = sheet.run(&["worksheet", "three.toml", "--sample", "3", "-o", "-"]);
    let listed = entries(&r.stdout);
    assert!(
        listed[25..]
            .iter()
            .all(|e| (e.2.as_str(), e.3) == ("batch", 2))
    );

    for (args, message) in [
        (
            vec!["--sample", "4"],
            "error: --sample 4 is out of range: the lesson has 3 samples (1 to 3)",
        ),
        (
            vec!["--epoch", "3"],
            "error: --epoch 3 is out of range: the lesson trains for 2 epochs (1 to 2)",
        ),
        (vec!["--epoch", "0"], "error: --epoch 0 is out of range"),
    ] {
        let mut all = vec!["worksheet", "three.toml", "-o", "x.toml"];
        all.extend(args);
        let r = sheet.run(&all);
        assert_eq!(r.code, Some(1));
        assert!(r.stderr.starts_with(message), "{}", r.stderr);
        assert!(!sheet.path("x.toml").exists());
    }
}

#[test]
fn the_article_slip_worksheet_is_reported_as_it_promises() {
    // lessons/worksheets/article_2_2_1_slip.toml says what check must find: a(1)[1] wrong
    // (the article's 0.865 for σ(0.6) = 0.6457), the answers before it right, and every
    // later answer carried forward from the one before it.
    let sheet = lesson_file("worksheets/article_2_2_1_slip");
    let r = Sheet::new("").run(&["check", "article_2_2_1", &sheet, "--format", "json"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.is_empty(),
        "the worksheet names this lesson: {}",
        r.stderr
    );
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let got: Vec<(String, String, Vec<String>)> = report["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let from = a["carried_from"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            (
                a["name"].as_str().unwrap().to_string(),
                a["verdict"].as_str().unwrap().to_string(),
                from,
            )
        })
        .collect();
    let expect = |name: &str, verdict: &str, from: &[&str]| {
        (
            name.to_string(),
            verdict.to_string(),
            from.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        got,
        [
            expect("z(1)[1]", "right", &[]),
            expect("a(1)[1]", "wrong", &[]),
            expect("z(1)[2]", "right", &[]),
            expect("a(1)[2]", "right", &[]),
            expect("z(2)[1]", "carried", &["a(1)[1]"]),
            expect("a(2)[1]", "carried", &["z(2)[1]"]),
            expect("loss", "carried", &["a(2)[1]"]),
            expect("delta(2)[1]", "carried", &["a(2)[1]"]),
            expect("dw(2)[1,1]", "carried", &["delta(2)[1]", "a(1)[1]"]),
            expect("w(2)[1,1]", "carried", &["dw(2)[1,1]"]),
        ]
    );
    // σ(0.6) = 1/(1 + e^−0.6) = 0.645656306
    let sigma = 1.0 / (1.0 + (-0.6f64).exp());
    assert!((report["answers"][1]["exact"].as_f64().unwrap() - sigma).abs() < 1e-15);
    assert!((sigma - 0.645656306).abs() < 1e-9);
}
