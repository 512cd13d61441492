//! Lessons compiled into the binary, so `bpnn-tutor sigmoid_2layer` works from any directory.

use super::{Lesson, LessonError};
use crate::source::bundled::Shelf;

/// A bundled lesson: its name (the file name without `.toml`) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// The name it goes by: `sigmoid_2layer`.
    pub name: &'static str,
    /// The lesson file.
    pub text: &'static str,
}

impl Bundled {
    /// Where it lives in the repository, used as the lesson's `source`: `lessons/NAME.toml`.
    pub fn path(&self) -> String {
        LESSONS.path(self.name)
    }

    /// The lesson, parsed.
    pub fn load(&self) -> Result<Lesson, LessonError> {
        super::parse(self.text, &self.path())
    }
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(Bundled {
            name: $name,
            text: include_str!(concat!("../../lessons/", $name, ".toml")),
        }),*]
    };
}

/// Every bundled lesson, in the order they are listed to the learner.
/// To add one, put `lessons/NAME.toml` in the repository and its name here.
pub static LESSONS: Shelf<Bundled> = Shelf::new(
    "lessons/",
    bundled! {
        "sigmoid_2layer",
        "classic_fixed_biases",
        "article_2_2_1",
        "identity_regression",
        "xor_tanh",
        "article_pytorch",
        "relu_dead",
        "relu_vs_leaky",
        "deep_sigmoid",
        "softmax_classifier",
        "sgd_momentum",
        "adam",
        "fine_tune_frozen",
        "mnist_sized",
        "cnn_first",
        "cnn_flipped_kernel",
        "cnn_two_channels",
        "lenet_sized",
        "rnn_by_hand",
        "rnn_echo",
        "rnn_next_step",
        "rnn_forgets",
        "lstm_remembers",
        "lstm_sized",
        "tiny_gpt",
        "tiny_gpt_two_heads",
        "tiny_gpt_lora",
        "gpt_small",
    },
    |b| b.name,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_lesson_loads() {
        assert!(!LESSONS.all().is_empty());
        for b in LESSONS.all() {
            let lesson = b.load().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(lesson.source, format!("lessons/{}.toml", b.name));
        }
    }

    #[test]
    fn find_with_or_without_extension() {
        assert_eq!(
            LESSONS.find("sigmoid_2layer").map(|b| b.name),
            Some("sigmoid_2layer")
        );
        assert_eq!(
            LESSONS.find("sigmoid_2layer.toml").map(|b| b.name),
            Some("sigmoid_2layer")
        );
        assert!(LESSONS.find("nope").is_none());
        assert!(LESSONS.find("").is_none());
    }
}
