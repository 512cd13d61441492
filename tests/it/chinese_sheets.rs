//! Worksheets and check's reports in Chinese: the words change, the keys and numbers do not.

use crate::common::cli::{bin, succeeds};

fn stdout(args: &[&str], lang: &str) -> String {
    let out = succeeds(bin().args(args).args(["--lang", lang]));
    String::from_utf8(out.stdout).unwrap()
}

/// The lines a worksheet's reader reads: everything but its comments.
fn keys(sheet: &str) -> Vec<&str> {
    sheet.lines().filter(|l| !l.starts_with('#')).collect()
}

#[test]
fn a_chinese_worksheet_has_chinese_comments_and_the_same_answers_to_fill() {
    for lesson in ["adam", "sgd_momentum", "fine_tune_frozen"] {
        let args = ["worksheet", lesson, "-o", "-"];
        let (en, zh) = (stdout(&args, "en"), stdout(&args, "zh"));
        assert_eq!(keys(&en), keys(&zh), "{lesson}");
        for words in [
            "# 作业：",
            "# 已知条件：",
            "# ---- 前向传播 ----",
            "# ---- 反向传播 ----",
        ] {
            assert!(zh.contains(words), "{lesson}: no {words} in\n{zh}");
        }
        assert!(zh.contains("至少有 3 位有效数字"), "{zh}");
        // Every comment is in Chinese: no English sentence (three words in a row) is left,
        // outside the command to run and the names of arrays.
        let comments = zh.lines().filter(|l| l.starts_with('#'));
        for line in comments.filter(|l| !l.contains("bpnn-tutor check")) {
            let words: Vec<&str> = line
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1)
                .collect();
            let english = words
                .windows(3)
                .any(|w| w.iter().all(|w| w.chars().all(|c| c.is_ascii_lowercase())));
            assert!(!english, "{lesson}: English left in {line:?}");
        }
    }
}

#[test]
fn the_first_layer_line_and_the_optimizer_are_worded_in_chinese() {
    let zh = stdout(&["worksheet", "sgd_momentum", "-o", "-"], "zh");
    assert!(zh.contains("#   输入 x = a(0) = [0.05, 0.1]\n"), "{zh}");
    assert!(zh.contains("#   目标 y = [0.01, 0.99]\n"), "{zh}");
    assert!(
        zh.contains(
            "#     第 1 层（sigmoid）：w(1) = [[0.15, 0.2], [0.25, 0.3]], b(1) = [0.35, 0.35]\n"
        ),
        "{zh}"
    );
    assert!(zh.contains("学习率 η = 0.5，动量 μ = 0.9"), "{zh}");
    let en = stdout(&["worksheet", "sgd_momentum", "-o", "-"], "en");
    assert!(
        en.contains("#   input  x = a(0) = [0.05, 0.1]\n#   target y = [0.01, 0.99]\n"),
        "{en}"
    );
}

#[test]
fn checks_precision_line_and_shortfall_are_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.toml");
    std::fs::write(
        &sheet,
        "lesson = \"article_2_2_1\"\n\n[[answer]]\nname = \"a(1)[1]\"\nvalue = \"0.65\"\n",
    )
    .unwrap();
    let sheet = sheet.to_str().unwrap();
    let zh = stdout_of(&["check", "article_2_2_1", sheet], "zh");
    assert!(zh.starts_with("精度：至少 3 位有效数字（默认）\n"), "{zh}");
    assert!(
        zh.contains("0.65 只有 2 位有效数字；本作业要求至少 3 位"),
        "{zh}"
    );
    let en = stdout_of(&["check", "article_2_2_1", sheet], "en");
    assert!(
        en.starts_with("precision: at least 3 significant figures (the default)\n"),
        "{en}"
    );
    assert!(
        en.contains("0.65 has 2 significant figures; this sheet asks for 3"),
        "{en}"
    );
    let decimals = stdout_of(&["check", "article_2_2_1", sheet, "--decimals", "1"], "zh");
    assert!(
        decimals.starts_with("精度：至少 1 位小数（由命令行设定）\n"),
        "{decimals}"
    );
}

/// Standard output of a run that may exit 1 (a worksheet with a mistake).
fn stdout_of(args: &[&str], lang: &str) -> String {
    let out = bin().args(args).args(["--lang", lang]).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The bundled worksheet in Chinese holds the same answers as the English one, so `check`
/// grades both alike; its comments are Chinese.
#[test]
fn the_bundled_chinese_worksheet_grades_as_the_english_one() {
    let grade = |sheet: &str| stdout_of(&["check", "article_2_2_1", sheet], "en");
    assert_eq!(grade("article_2_2_1_slip"), grade("article_2_2_1_slip_zh"));
    let zh = stdout_of(&["check", "article_2_2_1", "article_2_2_1_slip_zh"], "zh");
    assert!(zh.contains("成绩：3/10 正确，1 错误，6 沿用"), "{zh}");
    let listed = stdout_of(&["lessons"], "zh");
    assert!(
        listed.contains("article_2_2_1_slip_zh    一份 lessons/article_2_2_1.toml 的手算作业"),
        "{listed}"
    );
}
