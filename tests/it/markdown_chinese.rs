//! The Markdown and plain-text exports under `--lang zh`: no English sentence is left in the
//! prose of a dense, a convolutional, a recurrent and a transformer lesson (nor of the
//! optimizers', frozen layers' and a variant's answer key), the Chinese in formulas is inside
//! `\text{…}`, text lines stay within 100 display columns — and the same detector finds the
//! English in the `--lang en` documents, which are what they always were.

use crate::common::cli::{bin, succeeds};
use crate::common::markdown::check_markdown;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use unicode_width::UnicodeWidthStr;

/// The lessons exported: dense (an optimizer with state, a batch mean, frozen layers),
/// convolutional, recurrent (an RNN, an LSTM) and transformer (with LoRA).
const LESSONS: [&str; 9] = [
    "sigmoid_2layer",
    "adam",
    "softmax_classifier",
    "fine_tune_frozen",
    "cnn_first",
    "rnn_by_hand",
    "lstm_remembers",
    "tiny_gpt",
    "tiny_gpt_lora",
];

/// `export LESSON --lang LANG --format FORMAT -o -`.
fn export(lesson: &str, lang: &str, format: &str) -> String {
    let out = succeeds(bin().args([
        "--lang", lang, "export", lesson, "--format", format, "-o", "-",
    ]));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs of three or more lowercase ASCII words in a row (`the loss of`), each run whole.
fn english_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let word = |t: &str| {
        let t = t.trim_end_matches([',', '.', ';', ':', ')']);
        let t = t.trim_start_matches('(');
        !t.is_empty() && t.chars().all(|c| c.is_ascii_lowercase() || c == '\'')
    };
    for token in text.split_whitespace().chain([""]) {
        if word(token) {
            run.push(token);
            continue;
        }
        if run.len() >= 3 {
            runs.push(run.join(" "));
        }
        run.clear();
    }
    runs
}

/// The document's own prose, as GitHub shows it: its text outside code blocks (formulas,
/// mermaid), code spans, inline math and HTML (anchors), less the lesson's notes (quoted, and
/// the lesson's own words) and formulas in tables (a cell with `=`).
fn prose(doc: &str) -> Vec<String> {
    let options = Options::ENABLE_MATH | Options::ENABLE_TABLES;
    let (mut fenced, mut quoted) = (false, 0);
    let mut out = Vec::new();
    for event in Parser::new_ext(doc, options) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => fenced = true,
            Event::End(TagEnd::CodeBlock) => fenced = false,
            Event::Start(Tag::BlockQuote(_)) => quoted += 1,
            Event::End(TagEnd::BlockQuote(_)) => quoted -= 1,
            Event::Text(t) if !fenced && quoted == 0 && !t.contains('=') => out.push(t.to_string()),
            _ => {}
        }
    }
    out
}

/// The English sentences left in a Markdown document's prose.
fn english_in_markdown(doc: &str) -> Vec<String> {
    prose(doc).iter().flat_map(|t| english_runs(t)).collect()
}

/// The English sentences left in a plain-text document: in its lines of prose and the cells
/// of its tables (two spaces apart), not in the lesson's notes (indented), formulas or
/// matrices (indented, or with `=` or `<-`).
fn english_in_text(doc: &str) -> Vec<String> {
    doc.lines()
        .filter(|l| !l.starts_with(' ') && !l.contains('=') && !l.contains("<-"))
        .flat_map(|l| l.split("  "))
        .flat_map(english_runs)
        .collect()
}

/// Does `s` hold a Chinese character (or full-width punctuation)?
fn has_chinese(s: &str) -> bool {
    s.chars()
        .any(|c| UnicodeWidthStr::width(c.to_string().as_str()) == 2)
}

#[test]
fn the_detector_finds_english_sentences_and_passes_chinese_ones() {
    assert_eq!(
        english_runs("**Loss:** the loss of one sample; 每轮损失"),
        ["the loss of one sample;"]
    );
    assert!(english_runs("损失：`half_sse`，即单个样本的损失 ln a 由 logits").is_empty());
    assert!(english_runs("z − max z − ln Σ e^(z − max z)").is_empty());
}

#[test]
fn every_word_of_a_chinese_markdown_export_is_chinese() {
    for lesson in LESSONS {
        let en = export(lesson, "en", "md");
        let zh = export(lesson, "zh", "md");
        // The detector reads English where it is: the English document is full of it.
        assert!(english_in_markdown(&en).len() > 20, "{lesson}: {en}");
        let left = english_in_markdown(&zh);
        assert!(
            left.is_empty(),
            "{lesson}: English left in Chinese: {left:#?}"
        );
        // GitHub reads every formula, and Chinese in one is only ever inside \text{…}.
        for tex in check_markdown(&zh, lesson) {
            let mut rest = tex.clone();
            while let Some(i) = rest.find("\\text{") {
                let end = i + rest[i..].find('}').expect("\\text{ is closed");
                rest.replace_range(i..=end, "");
            }
            assert!(
                !has_chinese(&rest),
                "{lesson}: Chinese outside \\text: {tex}"
            );
        }
    }
}

#[test]
fn a_chinese_markdown_export_says_what_a_chinese_course_says() {
    let doc = export("sigmoid_2layer", "zh", "md");
    for sentence in [
        "| 层 | 神经元 | 激活函数 | 训练 |",
        "| 1（隐藏层） | 2 | `sigmoid` | 权重和偏置 |",
        "**损失**：`half_sse`，即单个样本的损失；一个批量的损失是其中各样本损失的平均值。",
        "**优化器**：普通随机梯度下降（`sgd`），学习率 η = 0.5。",
        "**批量大小**：1，每个样本之后都更新参数（每轮更新 1 次）。**轮数**：1。**样本数**：1。",
        "**规则**：对每一层 l 的每个神经元 j",
        "链式法则，逐个因子：",
        "*从第 2 层传回的误差：*",
        "*sigmoid 的斜率：*",
        "**矩阵形式**：逐层写出同样的数（⊙ 表示逐元素相乘）：",
        "| 步骤 | 代入数值 | 值 |",
        "每个可训练参数都用样本 1 的梯度更新。",
        "| 参数 | 更新前 | 梯度 | 步长 η·∂L/∂p | 更新后 |",
        // The loss of the classic post, 0.298371109 to six digits.
        "样本 1 的损失是 0.298371；",
        "训练 1 轮之后的参数",
        "章节：[`#e1`](#e1)（一轮）",
    ] {
        assert!(doc.contains(sentence), "missing {sentence:?} in\n{doc}");
    }
    let rnn = export("rnn_by_hand", "zh", "md");
    assert!(rnn.contains("第 1 层（rnn，2 个单元，tanh）按时间展开，画出它的 3 个时间步"));
    assert!(rnn.contains("**随时间展开**：循环层在每个时间步 t"));
    assert!(
        rnn.contains("\\text{（来自时间步 } t \\text{ 的输出，以及来自时间步 } t + 1\\text{）}")
    );
    let lstm = export("lstm_remembers", "zh", "md");
    assert!(lstm.contains("每 8 个样本之后用它们梯度的平均值更新参数"));
    assert!(lstm.contains("**批量平均**。这次更新使用 8 个样本梯度的平均值"));
    let gpt = export("tiny_gpt", "zh", "md");
    assert!(gpt.contains("**第 3 层的注意力**（权重，即每个查询在各个键上的得分经 softmax 所得）"));
    assert!(gpt.contains("| 3 | 因果注意力 ⊕1 | 4×4 |"));
    let cnn = export("cnn_first", "zh", "md");
    assert!(
        cnn.contains(" + \\dots + \\text{还有 6 项} + "),
        "a long sum in Chinese"
    );
    assert!(cnn.contains("| 1（隐藏层） | `conv2d` |"));
    let lora = export("tiny_gpt_lora", "zh", "md");
    assert!(lora.contains("第 2 层（层归一化）已冻结：它的参数保持不变。"));
    assert!(lora.contains("第 5 层（全连接 gelu +LoRA；W 和 b 冻结）："));
    let frozen = export("fine_tune_frozen", "zh", "md");
    assert!(frozen.contains("第 1 层（隐藏层）已冻结：它的权重和偏置保持不变。"));
    let adam = export("adam", "zh", "md");
    assert!(adam.contains("每个参数 p 都有从 0 开始的一阶矩 m 和二阶矩 v"));
    assert!(adam.contains("这次更新之后优化器的状态："));
}

#[test]
fn a_chinese_text_export_is_chinese_within_100_columns() {
    for lesson in ["sigmoid_2layer", "cnn_first", "rnn_by_hand", "tiny_gpt"] {
        let en = export(lesson, "en", "text");
        let zh = export(lesson, "zh", "text");
        let source = std::fs::read_to_string(format!("lessons/{lesson}.toml")).unwrap();
        assert!(en.is_ascii(), "{lesson}: English text is ASCII");
        assert!(english_in_text(&en).len() > 20, "{lesson}: {en}");
        let left = english_in_text(&zh);
        assert!(
            left.is_empty(),
            "{lesson}: English left in Chinese: {left:#?}"
        );
        for line in zh.lines() {
            assert!(
                line.width() <= 100,
                "{lesson}: {} columns: {line}",
                line.width()
            );
            // Nothing but Chinese is above 127 — formulas and numbers stay ASCII — except what
            // the lesson's own text writes and ASCII has no spelling for (AdamW's p̃), which
            // stays itself rather than being named in English.
            let other = line.chars().find(|&c| {
                !c.is_ascii() && !has_chinese(&c.to_string()) && c != '—' && !source.contains(c)
            });
            assert!(other.is_none(), "{lesson}: {other:?} in {line}");
            assert!(!line.contains("not in ASCII"), "{lesson}: {line}");
        }
    }
    let text = export("sigmoid_2layer", "zh", "text");
    assert!(text.contains("\n链式法则，逐个因子：\n"), "{text}");
    assert!(
        text.contains("\n损失：half_sse，即单个样本的损失；"),
        "{text}"
    );
    assert!(
        text.contains("\n层           神经元  激活函数  训练\n"),
        "{text}"
    );
    assert!(text.contains("delta(l)[j] = (sum_k w(l+1)[k,j]*delta(l+1)[k])*f'(z(l)[j])"));
}

#[test]
fn a_variants_answer_key_is_chinese_under_zh() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "zh"] {
        let out = dir.path().join(lang);
        succeeds(
            bin()
                .args(["--lang", lang, "worksheet", "adam", "--variants", "1", "-o"])
                .arg(&out),
        );
        let key = std::fs::read_to_string(out.join("keys/variant-01.md")).unwrap();
        check_markdown(&key, lang);
        let left = english_in_markdown(&key);
        match lang {
            "en" => assert!(left.len() > 5, "{key}"),
            _ => {
                assert!(left.is_empty(), "English left in the key: {left:#?}");
                assert!(key.starts_with("# 参考答案：Adam 优化器，变体 "), "{key}");
                assert!(key.contains("\n## 样本 1：前向传播\n"), "{key}");
                assert!(
                    key.contains("\n| 步骤 | 含义 | 公式 | 代入数值 | 值 |\n"),
                    "{key}"
                );
                assert!(
                    key.contains("| `z(1)[1]` | 隐藏层神经元 1 的加权输入 |"),
                    "{key}"
                );
            }
        }
    }
}
