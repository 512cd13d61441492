//! Lessons compiled into the binary, so `bpnn-tutor sigmoid_2layer` works from any directory.

use super::{Lesson, LessonError};

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
        format!("lessons/{}.toml", self.name)
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
static ALL: &[Bundled] = bundled! {
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
};

/// Every bundled lesson, in the order they are listed.
pub fn all() -> &'static [Bundled] {
    ALL
}

/// The bundled lesson called `name` (with or without `.toml`).
pub fn find(name: &str) -> Option<&'static Bundled> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    ALL.iter().find(|b| b.name == name)
}

/// A lesson named on the command line: `NAME`, `NAME.toml` or `lessons/NAME.toml`.
pub fn find_arg(arg: &str) -> Option<&'static Bundled> {
    let name = arg.strip_prefix("lessons/").unwrap_or(arg);
    if name.contains(['/', '\\']) {
        return None;
    }
    find(name)
}

/// The names of every bundled lesson, in order.
pub fn names() -> Vec<&'static str> {
    ALL.iter().map(|b| b.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_lesson_loads() {
        assert!(!all().is_empty());
        for b in all() {
            let lesson = b.load().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(lesson.source, format!("lessons/{}.toml", b.name));
        }
    }

    #[test]
    fn find_with_or_without_extension() {
        assert_eq!(
            find("sigmoid_2layer").map(|b| b.name),
            Some("sigmoid_2layer")
        );
        assert_eq!(
            find("sigmoid_2layer.toml").map(|b| b.name),
            Some("sigmoid_2layer")
        );
        assert!(find("nope").is_none());
        assert!(find("").is_none());
    }
}
