//! The interface in Chinese: the tutor's frames (aligned by display width), and English
//! unchanged under a locale that is not Chinese.

use crate::common::cli::{bin, succeeds};
use crate::common::wide::{aligned, text, widths};
use crate::tui_render::{app_with, chars, classic, draw, goto, press};

use bpnn_tutor::i18n::Lang;
use bpnn_tutor::tui::{App, Settings};
use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;

fn zh() -> Settings {
    Settings {
        ascii: false,
        color: false,
        lang: Lang::Zh,
        wide_ambiguous: false,
    }
}

#[test]
fn the_start_card_and_first_step_in_chinese_at_80x24() {
    let mut app = App::new(classic(), zh());
    app.finish_training();
    app.show_card();
    let t = draw(&app, 80, 24);
    let frame = text(t.backend().buffer());
    aligned(&frame, 80);
    assert!(frame.contains("逐个查看训练中的每一个数"), "{frame}");
    insta::assert_snapshot!("zh_card_80x24", t.backend());
    press(&mut app, KeyCode::Char('x'));
    let t = draw(&app, 80, 24);
    let frame = text(t.backend().buffer());
    aligned(&frame, 80);
    assert!(frame.contains("前向传播 · 第 1/37 步"), "{frame}");
    assert!(frame.contains("→ 下一步"), "{frame}");
    insta::assert_snapshot!("zh_first_step_80x24", t.backend());
}

#[test]
fn help_and_a_quiz_verdict_in_chinese_stay_aligned_at_both_sizes() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app_with(classic(), zh());
        press(&mut app, KeyCode::Char('?'));
        let frame = text(draw(&app, w, h).backend().buffer());
        widths(&frame, w as usize);
        assert!(frame.contains("空格  下一步"), "{frame}");
        if w == 80 {
            insta::assert_snapshot!("zh_help_80x24", draw(&app, w, h).backend());
        }
        let mut app = app_with(classic(), zh());
        goto(&mut app, "z(1)[1]");
        press(&mut app, KeyCode::Char('Q'));
        chars(&mut app, "0.5");
        press(&mut app, KeyCode::Enter);
        let frame = text(draw(&app, w, h).backend().buffer());
        aligned(&frame, w as usize);
        assert!(frame.contains("你的 0.5：错误"), "{frame}");
        assert!(frame.contains("测验 0/1 正确"), "{frame}");
    }
}

#[test]
fn english_frames_are_the_same_whatever_the_default_language() {
    let en = Settings {
        lang: Lang::En,
        ..zh()
    };
    let default = Settings {
        ascii: false,
        color: false,
        ..Default::default()
    };
    let a = app_with(classic(), en);
    let b = app_with(classic(), default);
    assert_eq!(
        draw(&a, 80, 24).backend().buffer(),
        draw(&b, 80, 24).backend().buffer()
    );
}

/// Every command's output under `LANG=C.UTF-8` (and no other locale variable) is, byte for
/// byte, what `--lang en` writes; and `--lang zh` writes something else.
#[test]
fn a_c_locale_writes_what_lang_en_writes() {
    let runs: &[&[&str]] = &[
        &["--help"],
        &["lessons"],
        &["check", "--help"],
        &["sigmoid_2layer"],
        &["export", "sigmoid_2layer", "-o", "-"],
        &["check", "sigmoid_2layer", "no-such-worksheet.toml"],
        &["no-such-lesson.toml"],
        &["worksheet", "adam", "-o", "-"],
        &["train", "sgd_momentum"],
        &["export", "tiny_gpt", "--format", "text", "-o", "-"],
        &["export", "cnn_first", "--format", "nope"],
        &[
            "check",
            "article_2_2_1",
            "lessons/worksheets/article_2_2_1_slip.toml",
            "--decimals",
            "2",
        ],
    ];
    for args in runs {
        let run = |lang: Option<&str>, locale: &str| {
            let mut cmd = bin();
            cmd.env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env("LANG", locale);
            cmd.args(*args);
            if let Some(l) = lang {
                cmd.args(["--lang", l]);
            }
            cmd.output().unwrap()
        };
        let c = run(None, "C.UTF-8");
        let en = run(Some("en"), "zh_CN.UTF-8");
        assert_eq!(c.status.code(), en.status.code(), "{args:?}");
        assert_eq!(c.stdout, en.stdout, "{args:?}");
        assert_eq!(c.stderr, en.stderr, "{args:?}");
        assert!(!c.stdout.is_empty() || !c.stderr.is_empty(), "{args:?}");
    }
    let zh = succeeds(
        bin()
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .arg("--help"),
    );
    let en = succeeds(
        bin()
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .arg("--help"),
    );
    assert_ne!(zh.stdout, en.stdout);
}

/// The display column at which the `n`-th field (0-based, split at runs of spaces) of `row`
/// ends.
fn field_end(row: &str, n: usize) -> usize {
    let mut fields = 0;
    let mut col = 0;
    let mut in_field = false;
    for c in row.chars() {
        let w = UnicodeWidthStr::width(c.to_string().as_str());
        if c == ' ' {
            if in_field && fields == n {
                return col;
            }
            if in_field {
                fields += 1;
            }
            in_field = false;
        } else {
            in_field = true;
        }
        col += w;
    }
    col
}

/// A class of worksheets named in Chinese: every right-aligned column ends in the same display
/// column on every row, in English and in Chinese; the explanations are Chinese under zh.
#[test]
fn a_class_with_chinese_names_keeps_its_columns_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = std::fs::read_to_string("lessons/worksheets/article_2_2_1_slip.toml").unwrap();
    for name in ["张三", "bob", "欧阳娜娜"] {
        std::fs::write(dir.path().join(format!("{name}.toml")), &sheet).unwrap();
    }
    for lang in ["en", "zh"] {
        let out = bin()
            .args(["check", "article_2_2_1"])
            .arg(dir.path())
            .args(["--lang", lang])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<&str> = text.lines().take(4).collect();
        // The worksheet column ends where its padding ends: the marks and % columns (fields
        // 1 and 2, right-aligned) end in the same column on the heading and every row.
        for field in [1, 2, 3] {
            let ends: Vec<usize> = rows.iter().map(|r| field_end(r, field)).collect();
            assert!(
                ends.iter().all(|&e| e == ends[0]),
                "{lang} field {field}: {ends:?}\n{text}"
            );
        }
        assert!(text.contains("张三.toml"), "{text}");
        if lang == "zh" {
            assert!(rows[0].starts_with("作业"), "{text}");
            assert!(text.contains("3 份作业"), "{text}");
        }
    }
}

/// An answer typed with a Chinese input method, in full-width digits and signs, is the number:
/// the quiz grades it right (z(1)[1] = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775 by hand).
#[test]
fn full_width_digits_typed_in_the_quiz_are_numbers() {
    let mut app = app_with(classic(), zh());
    goto(&mut app, "z(1)[1]");
    press(&mut app, KeyCode::Char('Q'));
    chars(&mut app, "０．３７７５");
    press(&mut app, KeyCode::Enter);
    let frame = text(draw(&app, 80, 24).backend().buffer());
    assert!(frame.contains("你的 0.3775：正确"), "{frame}");
    // A full-width minus: −0.3775 is wrong, but read as a number, not refused.
    goto(&mut app, "a(1)[1]");
    chars(&mut app, "－０．５");
    press(&mut app, KeyCode::Enter);
    let frame = text(draw(&app, 80, 24).backend().buffer());
    assert!(frame.contains("你的 -0.5：错误"), "{frame}");
    // The status line speaks Chinese too: a letter in an answer, and a hint.
    goto(&mut app, "z(1)[2]");
    chars(&mut app, "0x");
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.starts_with("`x` 不是数的一部分"), "{status}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('H'));
    let status = app.status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.starts_with("提示 1/"), "{status}");
}

/// A worksheet's answers in full-width digits read as numbers: z(1)[1] = 0.1·1 + 0.2·2 + 0.1
/// = 0.6 in the article's network, by hand; `０．６` is right and `－０．６` wrong.
#[test]
fn full_width_digits_in_a_worksheet_are_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.toml");
    for (value, verdict) in [("０．６", "right"), ("－０．６", "wrong")] {
        std::fs::write(
            &sheet,
            format!("lesson = \"article_2_2_1\"\n\n[[answer]]\nname = \"z(1)[1]\"\nvalue = \"{value}\"\n"),
        )
        .unwrap();
        let out = bin()
            .args(["check", "article_2_2_1"])
            .arg(&sheet)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let row = text
            .lines()
            .find(|l| l.starts_with("z(1)[1]"))
            .unwrap_or_default();
        assert!(
            row.split_whitespace().nth(1) == Some(verdict),
            "{value}: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// A lesson's title, summary and notes may be given per language: each is shown in the
/// interface's language (English here, the default), and `train --save`'s TOML keeps both.
#[test]
fn bilingual_lesson_text_is_read_shown_and_written_back_whole() {
    use bpnn_tutor::lesson::{self, Texts};
    let l = lesson::load_arg("sigmoid_2layer").unwrap();
    assert_eq!(l.title, "Two-layer sigmoid network");
    let title = l.bilingual.title.clone().unwrap();
    assert_eq!(title.zh.as_deref(), Some("两层 sigmoid 网络"));
    assert_eq!(title.pick(Lang::Zh), "两层 sigmoid 网络");
    assert!(
        l.bilingual
            .summary
            .as_ref()
            .unwrap()
            .pick(Lang::Zh)
            .contains("2-2-2 演算示例")
    );
    // Written back and read again: the same lesson, both languages kept.
    let again = lesson::parse(&lesson::to_toml(&l), "again.toml").unwrap();
    assert_eq!(again.bilingual, l.bilingual);
    assert_eq!(
        (again.title, again.summary),
        (l.title.clone(), l.summary.clone())
    );
    // A text in one language only falls back to it in the other.
    let only_zh = Texts {
        en: None,
        zh: Some("前向传播".into()),
    };
    assert_eq!(only_zh.pick(Lang::En), "前向传播");
    // A note given per language, and a table with neither, which is refused.
    let base = std::fs::read_to_string("lessons/sigmoid_2layer.toml").unwrap();
    // The file's loss note, a `[lesson.notes.loss]` table, replaced by an inline one.
    let table = base.find("\n[lesson.notes.loss]\n").unwrap() + 1;
    let end = table + base[table..].find("\n\n[").unwrap() + 2;
    let without = format!("{}{}", &base[..table], &base[end..]);
    let start = without.find("[lesson.notes]\n").unwrap() + "[lesson.notes]\n".len();
    let (base, end) = (without.as_str(), start);
    let with_note = format!(
        "{}loss = {{ en = \"The loss.\", zh = \"损失。\" }}\n{}",
        &base[..start],
        &base[end..]
    );
    let l = lesson::parse(&with_note, "note.toml").unwrap();
    assert_eq!(l.notes.loss.as_deref(), Some("The loss."));
    assert_eq!(
        l.bilingual.notes[1].as_ref().unwrap().pick(Lang::Zh),
        "损失。"
    );
    let empty = base.replacen("title = { en", "title = { }\nx = { en", 1);
    assert!(lesson::parse(&empty, "e.toml").is_err());
    let none = format!("{}loss = {{ }}\n{}", &base[..start], &base[end..]);
    let e = lesson::parse(&none, "n.toml").unwrap_err().to_string();
    assert!(e.contains("`loss` gives no text"), "{e}");
}

/// Under zh the tutor's card shows the Chinese title and summary of a bilingual lesson.
#[test]
fn the_chinese_title_is_shown_under_zh() {
    let out = bin().args(["--lang", "zh", "lessons"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("sigmoid_2layer           两层 sigmoid 网络"),
        "{text}"
    );
}

/// `train --save` of a bilingual lesson keeps both languages, each saying it was trained.
#[test]
fn a_saved_bilingual_lesson_keeps_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["train", "sigmoid_2layer", "--save", "s.toml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = bpnn_tutor::lesson::load(&dir.path().join("s.toml")).unwrap();
    let title = saved.bilingual.title.unwrap();
    assert_eq!(
        title.zh.as_deref(),
        Some("两层 sigmoid 网络 (trained for 1 epoch)")
    );
    assert_eq!(
        saved.title,
        "Two-layer sigmoid network (trained for 1 epoch)"
    );
    let summary = saved.bilingual.summary.unwrap();
    assert!(summary.zh.unwrap().contains("经典的已发表 2-2-2 演算示例"));
}

/// The formula panel says what a dense step's number is in Chinese, and where: the words of a
/// dense layer, the loss and an update are translated (step names stay as they are).
#[test]
fn a_dense_steps_words_are_chinese() {
    use bpnn_tutor::trace::Trace;
    let lesson = bpnn_tutor::lesson::bundled::LESSONS
        .find("sigmoid_2layer")
        .unwrap()
        .load()
        .unwrap();
    let trace = Trace::new(lesson);
    let words = |name: &str| crate::step_words::words(&trace, name);
    let (zh, en) = words("z(1)[2]");
    assert_eq!(zh, "隐藏层神经元 2 的加权输入");
    assert_eq!(en, "weighted input of hidden neuron 2");
    assert_eq!(words("delta(2)[1]").0, "输出神经元 1 的误差项 ∂L/∂z");
    assert_eq!(
        words("dw(2)[1,2]").0,
        "损失对权重（隐藏层神经元 2 → 输出神经元 1）的梯度"
    );
    assert_eq!(words("b(1)[1]").0, "更新后的隐藏层神经元 1 的偏置");
}
