//! Errors under `--lang zh`: broken lessons, data files, ranges, files in the way and clap's own
//! parse errors say what is wrong in Chinese, at the same `file:line:column`, with the same exit
//! status as in English, and without an English sentence left in them; the English messages
//! are what they were.

use std::path::Path;

use crate::common::cli::bin;

/// A valid lesson; each case edits one line. Line numbers, for counting: 5 `inputs`, 8
/// `neurons`, 9 `activation`, 10 `weights`, 11 `biases`, 14 `loss`, 15 `optimizer`, 19 `input`,
/// 20 `target`.
const BASE: &str = r#"[lesson]
title = "Test lesson"

[network]
inputs = 2

[[network.layer]]
neurons = 2
activation = "sigmoid"
weights = [[0.15, 0.20], [0.25, 0.30]]
biases = [0.35, 0.35]

[training]
loss = "half_sse"
optimizer = { kind = "sgd", learning_rate = 0.5 }
epochs = 1

[[data]]
input = [0.05, 0.10]
target = [0.01, 0.99]
"#;

/// `BASE` with `old` replaced by `new` (once).
fn edit(old: &str, new: &str) -> String {
    assert!(BASE.contains(old), "{old}");
    BASE.replacen(old, new, 1)
}

/// A `.npy` file (format 1.0) of `descr` numbers in `shape`, holding `data`.
fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
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

/// A run of the binary in `dir` with `args` under `--lang LANG`: its exit status and standard
/// error.
fn run(dir: &Path, lang: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = bin()
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(["--lang", lang])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stderr).expect("standard error is UTF-8"),
    )
}

/// The first run of three or more English words in the lines of `text` a person reads (not
/// the source lines a snippet shows), outside what is quoted: `…`, '…' and "…" hold names,
/// values and TOML as written, which stay as they are.
fn english_sentence(text: &str) -> Option<String> {
    for line in text.lines() {
        let body = line.trim_start();
        let snippet = body
            .split_once('|')
            .is_some_and(|(gutter, _)| gutter.trim().chars().all(|c| c.is_ascii_digit()));
        if snippet {
            continue;
        }
        let mut outside = String::new();
        let mut quote: Option<char> = None;
        for c in body.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if matches!(c, '`' | '\'' | '"') => {
                    quote = Some(c);
                    outside.push(' ');
                }
                // Chinese text and punctuation end a run of English words.
                None if !c.is_ascii() => outside.push_str(" | "),
                None => outside.push(c),
            }
        }
        // Words in a row, with nothing but spaces between them (a list of names, `a, b, c`,
        // is no sentence).
        let mut run: Vec<&str> = Vec::new();
        for word in outside.split_whitespace() {
            let punctuation = |c: char| c.is_ascii_punctuation();
            let core = word.trim_matches(punctuation);
            if word.starts_with(punctuation) {
                run.clear();
            }
            if core.is_empty() || !core.chars().all(|c| c.is_ascii_alphabetic()) {
                run.clear();
                continue;
            }
            run.push(core);
            if run.len() >= 3 {
                return Some(format!("{}: {line}", run.join(" ")));
            }
            if word.ends_with(punctuation) {
                run.clear();
            }
        }
    }
    None
}

/// One case: the lesson files it writes, its arguments, what its Chinese and English errors
/// start with, and the exit status both give.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<&'static str>,
    zh: &'static str,
    en: &'static str,
    status: i32,
}

fn lesson_case(name: &'static str, text: String, zh: &'static str, en: &'static str) -> Case {
    Case {
        name,
        files: vec![("lesson.toml", text.into_bytes())],
        args: vec!["lesson.toml"],
        zh,
        en,
        status: 1,
    }
}

fn cases() -> Vec<Case> {
    let csv_lesson = edit(
        "[[data]]\ninput = [0.05, 0.10]\ntarget = [0.01, 0.99]\n",
        "[data]\ncsv = \"data.csv\"\ninputs = 2\n",
    );
    let npy_lesson = edit(
        "weights = [[0.15, 0.20], [0.25, 0.30]]",
        "weights = { npy = \"w.npy\" }",
    );
    let f4: Vec<u8> = [1f32, 2.0, 3.0, 4.0]
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    vec![
        lesson_case(
            "wrong type",
            edit("learning_rate = 0.5", "learning_rate = \"a\""),
            "错误：lesson.toml:15:45: `learning_rate` 应为数值，实际是字符串 \"a\"",
            "error: lesson.toml:15:45: expected a number for `learning_rate`, found the string \"a\"",
        ),
        lesson_case(
            "unknown key with did-you-mean",
            edit("learning_rate = 0.5", "learing_rate = 0.5"),
            "错误：lesson.toml:15:29: 优化器中有未知的键 `learing_rate`；你是不是想写 `learning_rate`？",
            "error: lesson.toml:15:29: unknown key `learing_rate` in the optimizer; did you mean `learning_rate`?",
        ),
        lesson_case(
            "missing table",
            "[network]\nlayers = [2, \"x\"]\n".to_string(),
            "错误：lesson.toml:1:1: 文件中没有 [lesson] 表",
            "error: lesson.toml:1:1: the file has no [lesson] table",
        ),
        lesson_case(
            "bad shape",
            edit(
                "weights = [[0.15, 0.20], [0.25, 0.30]]",
                "weights = [[0.15, 0.20], [0.25]]",
            ),
            "错误：lesson.toml:10:26: 第 1 层权重的第 2 行有 1 个数，但网络有 2 个输入",
            "error: lesson.toml:10:26: row 2 of the weights of layer 1 has 1 number, but the network has 2 inputs",
        ),
        lesson_case(
            "out of range with plural counts",
            edit("target = [0.01, 0.99]", "target = [0.01, 0.99, 0.5]"),
            "错误：lesson.toml:20:10: 样本 1 的目标有 3 个数，但输出层（第 1 层）有 2 个神经元",
            "error: lesson.toml:20:10: the target of sample 1 has 3 numbers, but the output layer (layer 1) has 2 neurons",
        ),
        Case {
            name: "bad csv data file",
            files: vec![
                ("lesson.toml", csv_lesson.into_bytes()),
                ("data.csv", b"0.1,0.2,0.3,0.4\n0.5,abc,0.7,0.8\n".to_vec()),
            ],
            args: vec!["lesson.toml"],
            zh: "错误：data.csv:2:5: 应为数值，实际是 `abc`",
            en: "error: data.csv:2:5: expected a number, found `abc`",
            status: 1,
        },
        Case {
            name: "bad npy data file",
            files: vec![
                ("lesson.toml", npy_lesson.into_bytes()),
                ("w.npy", npy("<f4", "(2, 2)", &f4)),
            ],
            args: vec!["lesson.toml"],
            zh: "错误：lesson.toml:10:19: w.npy：文件中是 float32 数（dtype '<f4'），但课程的参数必须是 float64（dtype '<f8'）",
            en: "error: lesson.toml:10:19: w.npy: the file holds float32 numbers (dtype '<f4'), but a lesson's parameters are float64 (dtype '<f8')",
            status: 1,
        },
        Case {
            name: "a range outside the lesson",
            files: vec![("lesson.toml", BASE.as_bytes().to_vec())],
            args: vec!["export", "lesson.toml", "--epoch", "3"],
            zh: "错误：--epoch 3 超出了这一课的范围：它的轮次是 1 到 1",
            en: "error: --epoch 3 is outside the lesson, which has epochs 1 to 1",
            status: 1,
        },
        Case {
            name: "a range that is none",
            files: vec![("lesson.toml", BASE.as_bytes().to_vec())],
            args: vec!["export", "lesson.toml", "--epoch", "1..x"],
            zh: "错误：'--epoch <EPOCH>' 的值 '1..x' 无效：`1..x` 既不是数，也不是 1..3 这样的范围",
            en: "error: invalid value '1..x' for '--epoch <EPOCH>': `1..x` is not a number or a range such as 1..3",
            status: 2,
        },
        Case {
            name: "an existing output without --force",
            files: vec![
                ("lesson.toml", BASE.as_bytes().to_vec()),
                ("out.md", b"kept\n".to_vec()),
            ],
            args: vec!["export", "lesson.toml", "-o", "out.md"],
            zh: "错误：out.md 已经存在；加上 --force 可以覆盖它，或者换一个名字",
            en: "error: out.md already exists; add --force to overwrite it, or choose another name",
            status: 1,
        },
        Case {
            name: "a missing argument",
            files: vec![],
            args: vec!["export"],
            zh: "错误：缺少以下必需的参数：\n  <LESSON>\n\n用法：bpnn-tutor export <LESSON>\n\n更多信息请用 '--help'。\n",
            en: "error: the following required arguments were not provided:\n  <LESSON>\n\nUsage: bpnn-tutor export <LESSON>\n\nFor more information, try '--help'.\n",
            status: 2,
        },
        Case {
            name: "an unknown argument",
            files: vec![("lesson.toml", BASE.as_bytes().to_vec())],
            args: vec!["export", "lesson.toml", "--sampel", "1"],
            zh: "错误：意外的参数 '--sampel'\n\n  提示：有一个相近的参数：'--sample'\n\n用法：",
            en: "error: unexpected argument '--sampel' found\n\n  tip: a similar argument exists: '--sample'\n\nUsage: ",
            status: 2,
        },
        Case {
            name: "a bad worksheet",
            files: vec![(
                "sheet.toml",
                b"[[answer]]\nname = \"z(1)[3]\"\nvalue = 0.5\n".to_vec(),
            )],
            args: vec!["check", "sigmoid_2layer", "sheet.toml"],
            zh: "错误：sheet.toml:2:8: 这一课没有步 z(1)[3]：第 1 层有 2 个神经元",
            en: "error: sheet.toml:2:8: the lesson has no step z(1)[3]: layer 1 has 2 neurons",
            status: 1,
        },
    ]
}

#[test]
fn errors_under_zh_are_chinese_where_english_ones_are_as_they_were() {
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in &case.files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let (zh_status, zh) = run(dir.path(), "zh", &case.args);
        let (en_status, en) = run(dir.path(), "en", &case.args);
        let name = case.name;
        assert_eq!(zh_status, Some(case.status), "{name}: {zh}");
        assert_eq!(en_status, Some(case.status), "{name}: {en}");
        assert!(zh.starts_with(case.zh), "{name}:\n{zh}");
        assert!(en.starts_with(case.en), "{name}:\n{en}");
        assert_eq!(english_sentence(&zh), None, "{name}:\n{zh}");
        // The same lines, in the same places: the snippet and its carets are the file's.
        assert_eq!(
            zh.lines().count(),
            en.lines().count(),
            "{name}:\n{zh}\n{en}"
        );
    }
}

/// The caret under a value stays under it after a Chinese message, and the help follows it.
#[test]
fn a_snippet_under_a_chinese_message_points_where_the_english_one_does() {
    let dir = tempfile::tempdir().unwrap();
    let text = edit("learning_rate = 0.5", "learning_rate = \"a\"");
    std::fs::write(dir.path().join("lesson.toml"), text).unwrap();
    let (_, zh) = run(dir.path(), "zh", &["lesson.toml"]);
    let (_, en) = run(dir.path(), "en", &["lesson.toml"]);
    let rest = |s: &str| {
        s.lines()
            .skip(1)
            .take(3)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(rest(&zh), rest(&en));
    let caret = zh.lines().nth(3).unwrap();
    assert_eq!(caret.find('^'), Some(49), "{zh}");
}

/// The checker of these tests finds English where it is, and leaves names, values and
/// snippets alone.
#[test]
fn an_english_sentence_is_found_outside_quotes_and_snippets() {
    assert_eq!(
        english_sentence("错误：f:1:1: expected a number"),
        Some("expected a number: 错误：f:1:1: expected a number".to_string())
    );
    assert_eq!(english_sentence("错误：`learning rate is` 应为数值"), None);
    assert_eq!(english_sentence("15 | optimizer = the big one"), None);
    assert_eq!(english_sentence("错误：f: TOML 格式错误"), None);
    assert_eq!(english_sentence("= 帮助：可选：sigmoid, tanh, relu"), None);
    assert!(english_sentence("错误：d.csv:2:5: expected a number, found `abc`").is_some());
    assert!(english_sentence("（only the header line）").is_some());
}
