//! What each step's number is, in Chinese, for every layer kind: walking every step of a
//! lesson of each family, the Chinese words leave nothing in English (no ASCII word of three
//! or more letters but the names a Chinese text keeps: activations, losses, PyTorch's module,
//! the optimizers, LoRA, the tensors W_ih and W_hh) and the English words are `describe`'s;
//! and a few sentences written out by hand from the lesson's network.

use bpnn_tutor::i18n::Lang;
use bpnn_tutor::lesson::{self, Activation, Loss};
use bpnn_tutor::trace::{Phase, Place, StepKey, Trace};

/// Names a Chinese sentence keeps as they are.
const KEPT: &[&str] = &["nn.Conv2d", "Adam", "AdamW", "LoRA", "W_ih", "W_hh"];

fn trace(name: &str) -> Trace {
    Trace::new(lesson::load_arg(name).unwrap())
}

/// The ASCII words of `s` of three or more letters, outside "quoted" tokens: a run of
/// letters, digits, `_` and `.` that starts with a letter.
fn english_words(s: &str) -> Vec<String> {
    let unquoted: String = s.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let mut words = Vec::new();
    let mut word = String::new();
    for c in unquoted.chars().chain([' ']) {
        let part = c.is_ascii_alphanumeric() || c == '_' || c == '.';
        if part && (!word.is_empty() || c.is_ascii_alphabetic()) {
            word.push(c);
            continue;
        }
        let letters = word.chars().filter(|c| c.is_ascii_alphabetic()).count();
        if letters >= 3 {
            words.push(word.trim_end_matches('.').to_string());
        }
        word.clear();
    }
    words
}

/// Walks every step of the lesson's first epoch: its Chinese words keep no English and are
/// not its English ones, and its English words are `describe`'s. Returns how many steps.
fn every_step_in_chinese(name: &str) -> usize {
    let trace = trace(name);
    let kept: Vec<&str> = KEPT
        .iter()
        .copied()
        .chain(Activation::ALL.iter().map(|a| a.name()))
        .chain(Loss::ALL.iter().map(|l| l.name()))
        .collect();
    let mut n = 0;
    for step in trace.steps(1, 0..trace.epoch_len()) {
        let (zh, en) = (
            trace.describe_in(&step, Lang::Zh),
            trace.describe_in(&step, Lang::En),
        );
        assert_eq!(en, trace.describe(&step), "{name} {}", step.id);
        assert_ne!(zh, en, "{name} {}", step.id);
        for text in [&zh, &en] {
            assert!(!text.contains("desc-"), "{name} {}: {text}", step.id);
        }
        let left: Vec<String> = english_words(&zh)
            .into_iter()
            .filter(|w| !kept.contains(&w.as_str()))
            .collect();
        assert!(left.is_empty(), "{name} {}: {zh} keeps {left:?}", step.id);
        n += 1;
    }
    n
}

/// The Chinese and English words of the step `name` (the first sample's, or the first
/// update's).
pub(crate) fn words(trace: &Trace, name: &str) -> (String, String) {
    let id = trace.parse_step(name).unwrap();
    let place = match id.quantity.phase() == Phase::Update {
        true => Place::Batch(1),
        false => Place::Sample(1),
    };
    let step = trace
        .find(&StepKey {
            epoch: 1,
            place,
            id,
        })
        .unwrap_or_else(|| panic!("{name}"));
    (
        trace.describe_in(&step, Lang::Zh),
        trace.describe_in(&step, Lang::En),
    )
}

#[test]
fn the_check_finds_english_words_and_passes_names_and_tokens() {
    assert_eq!(
        english_words("特征图 1 的 weighted input"),
        ["weighted", "input"]
    );
    assert_eq!(english_words("与 nn.Conv2d 的计算相同。"), ["nn.Conv2d"]);
    assert_eq!(english_words("词元 \"the\" 的 W_hh，σ，z，A·a"), ["W_hh"]);
}

#[test]
fn a_dense_layer_on_a_vector_on_a_sequence_and_with_lora_in_chinese() {
    for name in ["sigmoid_2layer", "adam", "sgd_momentum", "deep_sigmoid"] {
        assert!(every_step_in_chinese(name) > 20, "{name}");
    }
    // tiny_gpt's layers 5, 6 and 8 are dense at each of 4 positions; 8 layers in all.
    let gpt = trace("tiny_gpt");
    assert_eq!(
        words(&gpt, "z(5)[2,3]").0,
        "位置 2 的第 5 隐藏层的神经元 3 的加权输入"
    );
    assert_eq!(
        words(&gpt, "a(8)[4,6]").0,
        "位置 4 的输出神经元 6 的激活值（softmax）"
    );
    // Layer 5 of tiny_gpt_lora has an adapter of rank 2 on its frozen weights.
    let lora = trace("tiny_gpt_lora");
    let (zh, en) = words(&lora, "down(5)[1,2]");
    assert_eq!(zh, "LoRA 的降维投影 A·a，第 2 个秩分量");
    assert_eq!(en, "LoRA's down projection A·a, rank 2");
    assert_eq!(
        words(&lora, "dlora_b(5)[3,1]").0,
        "损失对 LoRA 的 B[3,1] 的梯度"
    );
}

#[test]
fn a_convolutional_network_in_chinese() {
    for name in ["cnn_first", "cnn_two_channels", "cnn_flipped_kernel"] {
        assert!(every_step_in_chinese(name) > 50, "{name}");
    }
    // cnn_first: one 3×3 kernel over a 6×6 image, stride 1, no padding: output (1, 2) reads
    // rows 1–3 and columns 2–4 (the lesson's notes say so too).
    let (zh, en) = words(&trace("cnn_first"), "z(1)[1,1,2]");
    assert_eq!(
        zh,
        "特征图 1 第 1 行第 2 列的加权输入：3×3 卷积核覆盖输入图像的第 1 至 3 行、第 2 至 4 列\
         （互相关，卷积核不翻转，与 nn.Conv2d 的计算相同），再加上该特征图的偏置"
    );
    assert!(en.starts_with("weighted input of feature map 1 at row 1, column 2: the 3×3"));
    // cnn_two_channels: two channels, padding 1, stride 2: output (1, 1) reads rows and
    // columns 0 to 2, row and column 0 being the padding's.
    let two = trace("cnn_two_channels");
    assert_eq!(
        words(&two, "z(1)[1,1,1]").0,
        "特征图 1 第 1 行第 1 列的加权输入：3×3 卷积核覆盖输入图像（全部 2 个通道，逐通道求和）\
         的第 0 至 2 行、第 0 至 2 列（互相关，卷积核不翻转，与 nn.Conv2d 的计算相同），\
         再加上该特征图的偏置；窗口越过了边缘，越出的部分是填充的 0"
    );
    // The layer above a convolution is a 3×3 average pool: each window's error shared by 9.
    let (zh, _) = words(&two, "delta(1)[2,1,1]");
    assert!(
        zh.starts_with("特征图 2 第 1 行第 1 列的误差项 ∂L/∂z；第 2 层的平均池化"),
        "{zh}"
    );
    assert!(zh.ends_with("各得 1/9"), "{zh}");
}

#[test]
fn a_recurrent_layer_in_chinese() {
    for name in ["rnn_by_hand", "rnn_next_step", "rnn_echo"] {
        assert!(every_step_in_chinese(name) > 20, "{name}");
    }
    let rnn = trace("rnn_by_hand");
    assert_eq!(
        words(&rnn, "h(1)[3,2]").0,
        "隐藏单元 2（时间步 3）的隐藏状态（tanh）"
    );
}

#[test]
fn an_lstm_in_chinese() {
    assert!(every_step_in_chinese("lstm_remembers") > 100);
    // Two units: the stacked rows are i₁, i₂, f₁, f₂, g₁, g₂, o₁, o₂, so row 3 is unit 1's
    // forget gate.
    let lstm = trace("lstm_remembers");
    let (zh, en) = words(&lstm, "f(1)[2,1]");
    assert_eq!(zh, "遗忘门（单元 1，时间步 2）：对 z 中它的那一行取 σ");
    assert_eq!(en, "forget gate of unit 1 at step 2: σ of its row of z");
    assert_eq!(
        words(&lstm, "g(1)[1,2]").0,
        "候选值（单元 2，时间步 1）：对 z 中它的那一行取 tanh"
    );
    assert_eq!(
        words(&lstm, "z(1)[1,3]").0,
        "遗忘门（单元 1，时间步 1；堆叠的门 i、f、g、o 中的第 3 行）的加权输入"
    );
}

#[test]
fn a_transformer_in_chinese() {
    for name in ["tiny_gpt", "tiny_gpt_two_heads", "tiny_gpt_lora"] {
        assert!(every_step_in_chinese(name) > 500, "{name}");
    }
    // tiny_gpt's layer 3 is attention with one head.
    let gpt = trace("tiny_gpt");
    let (zh, en) = words(&gpt, "attn(3)[2,1]");
    assert_eq!(zh, "查询 2 对键 1 的注意力权重");
    assert_eq!(en, "attention weight of query 2 for key 1");
    assert_eq!(words(&gpt, "mu(2)[3]").0, "位置 3 各特征的均值 μ");
    assert_eq!(
        words(&gpt, "demb(1)[2,4]").0,
        "损失对词元 \"爱\" 的词嵌入第 4 个特征的梯度"
    );
    // Two heads: a score's indices are head, query, key.
    let two = trace("tiny_gpt_two_heads");
    assert_eq!(
        words(&two, "score(3)[2,3,1]").0,
        "注意力头 2 中查询 3 对键 1 的缩放分数"
    );
}
