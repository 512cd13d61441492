//! Every layer kind's picture, parameter panel and matrix view in Chinese: a few steps of each
//! family of kinds (convolutions, pools and flatten; rnn and lstm; embedding, layer norm and
//! attention) drawn at 80×24 and 120×40, every row the terminal's width with the borders in
//! place, every panel where the English frame has it, and no English word left in the
//! network, parameter and matrix panels but the names of kinds, activations and PyTorch's.

use crate::common::wide::{aligned, corners, english, first_panel, panel, text};
use crate::tui_render::{app_with, draw, goto, press};

use bpnn_tutor::i18n::Lang;
use bpnn_tutor::lesson::{Lesson, bundled};
use bpnn_tutor::tui::{App, Settings};
use ratatui::crossterm::event::KeyCode;

/// Names that stay as they are in Chinese: activations, kinds as lesson files name them,
/// the attention weights' symbol, LoRA and the optimizers, PyTorch's.
const NAMES: &[&str] = &[
    "relu",
    "leaky",
    "tanh",
    "sigmoid",
    "softmax",
    "gelu",
    "identity",
    "conv",
    "maxpool",
    "avgpool",
    "flatten",
    "lstm",
    "embedding",
    "layernorm",
    "attention",
    "attn",
    "lora",
    "adam",
    "adamw",
    "torch",
];

fn settings(lang: Lang) -> Settings {
    Settings {
        ascii: false,
        color: false,
        lang,
        wide_ambiguous: false,
    }
}

fn load(name: &str) -> Lesson {
    bundled::LESSONS.find(name).unwrap().load().unwrap()
}

fn frame(app: &App, (w, h): (u16, u16)) -> String {
    text(draw(app, w, h).backend().buffer())
}

/// Draws each step of `lesson` in Chinese and in English, in the scalar and the matrix view,
/// at both sizes; returns every Chinese frame, one after another.
fn frames(lesson: &str, steps: &[&str]) -> String {
    let mut zh = app_with(load(lesson), settings(Lang::Zh));
    let mut en = app_with(load(lesson), settings(Lang::En));
    let mut all = String::new();
    for step in steps {
        goto(&mut zh, step);
        goto(&mut en, step);
        assert_eq!(zh.current_step().unwrap().name(), *step);
        for _view in ["scalar", "matrix"] {
            for size in [(80, 24), (120, 40)] {
                let (z, e) = (frame(&zh, size), frame(&en, size));
                aligned(&z, size.0 as usize);
                assert_eq!(corners(&z), corners(&e), "{step} {size:?}:\n{z}\n{e}");
                let mut panels = vec![first_panel(&z).unwrap()];
                panels.extend(panel(&z, "参数"));
                panels.extend(panel(&z, "矩阵形式"));
                for p in &panels {
                    let left = english(p, NAMES);
                    assert!(left.is_empty(), "{step} {size:?}: {left:?} in\n{p}");
                }
                all.push_str(&z);
                all.push('\n');
            }
            press(&mut zh, KeyCode::Char('m'));
            press(&mut en, KeyCode::Char('m'));
        }
    }
    all
}

fn contains_all(frames: &str, words: &[&str]) {
    for w in words {
        assert!(frames.contains(w), "no {w} in any frame");
    }
}

#[test]
fn convolutions_pools_and_flatten_speak_chinese() {
    let frames_first = frames(
        "cnn_first",
        &[
            "z(1)[1,1,2]",
            "a(1)[1,1,2]",
            "a(2)[1,1,2]",
            "a(3)[3]",
            "delta(3)[2]",
            "delta(2)[1,1,1]",
            "delta(1)[1,2,2]",
            "dw(1)[1,1,2,2]",
            "db(1)[1]",
            "w(1)[1,1,1,1]",
        ],
    );
    contains_all(
        &frames_first,
        &[
            "第 1 层 · conv2d 3×3，1 → 1 通道，步幅 1，填充 0 · 样本 1",
            "z⁽¹⁾ 通道 1",
            "卷积核 [o,c]",
            "互相关：卷积核不翻转",
            "maxpool2d 2×2，步幅 2",
            "最大值",
            "传回",
            "按行优先",
            "第 3 层（flatten）没有参数；第 1 层的卷积核：",
            "更新写入的新值",
        ],
    );
    let frames_two = frames(
        "cnn_two_channels",
        &[
            "z(1)[2,1,1]",
            "a(2)[1,1,1]",
            "delta(2)[2,1,1]",
            "delta(1)[1,1,1]",
            "dw(1)[2,2,1,1]",
        ],
    );
    contains_all(
        &frames_two,
        &["填充 1", "avgpool2d 3×3", "平均值", "梯度的 1/9"],
    );
}

#[test]
fn recurrent_layers_speak_chinese() {
    let rnn = frames(
        "rnn_by_hand",
        &[
            "z(1)[1,2]",
            "z(1)[2,1]",
            "h(1)[2,1]",
            "dh(1)[2,1]",
            "delta(1)[1,1]",
            "dw_ih(1)[1,1]",
            "db_hh(1)[1]",
            "w_hh(1)[1,1]",
        ],
    );
    contains_all(
        &rnn,
        &[
            "网络 · 样本 1 · 第 1 层：rnn（tanh）按时间展开",
            "权重：",
            "前一时间步的隐藏状态",
            "各行之和",
            "全导数",
        ],
    );
    let lstm = frames(
        "lstm_remembers",
        &["i(1)[1,1]", "c(1)[2,1]", "dc(1)[2,1]", "delta(1)[1,3]"],
    );
    contains_all(&lstm, &["lstm 按时间展开", "c⁽¹⁾₂"]);
    // The start card's lines of a recurrent layer.
    let mut app = app_with(load("rnn_by_hand"), settings(Lang::Zh));
    app.show_card();
    let card = frame(&app, (80, 24));
    aligned(&card, 80);
    assert!(card.contains("单元在时间步 t 的隐藏状态"), "{card}");
}

#[test]
fn a_transformer_speaks_chinese() {
    let gpt = frames(
        "tiny_gpt",
        &[
            "a(1)[1,1]",
            "mu(2)[2]",
            "xhat(2)[1,1]",
            "score(3)[2,1]",
            "attn(3)[3,2]",
            "ctx(3)[1,1]",
            "dscore(3)[2,1]",
            "a(5)[1,1]",
            "delta(2)[1,1]",
        ],
    );
    contains_all(
        &gpt,
        &[
            "位置",
            "词元",
            "词嵌入",
            "层归一化",
            "注意力 因果",
            "亮起的块在特征 1 上的 a",
            "第 2 层的 μ",
            "注意力 · 第 3 层 · 得分 S = q·k/√d，掩码处为 −∞",
            "−∞ 掩码",
            "对角线以上为 −∞",
            "全连接 gelu",
        ],
    );
    let lora = frames("tiny_gpt_lora", &["down(5)[1,1]", "lora_a(5)[1,1]"]);
    contains_all(&lora, &["（新）", "（旧）"]);
}
