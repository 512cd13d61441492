//! Worksheets compiled into the binary, like the bundled lessons, so
//! `bpnn-tutor check article_2_2_1 article_2_2_1_slip` works from any directory.

use crate::source::bundled::Shelf;

/// A bundled worksheet: its name (the file name without `.toml`) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// The name it goes by: `article_2_2_1_slip`.
    pub name: &'static str,
    /// The worksheet file.
    pub text: &'static str,
}

impl Bundled {
    /// Where it lives in the repository: `lessons/worksheets/NAME.toml`, its name in messages.
    pub fn path(&self) -> String {
        WORKSHEETS.path(self.name)
    }

    /// What it is, from its first comment line: "A learner's hand calculation of …".
    pub fn description(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|line| line.trim().strip_prefix('#'))
            .map(|line| line.trim().trim_end_matches([':', '.', '：', '。', '，']))
            .unwrap_or("")
    }

    /// The lesson it is for, as its `lesson = "…"` line names it.
    pub fn lesson(&self) -> Option<&'static str> {
        self.text.lines().find_map(|line| {
            let rest = line.trim().strip_prefix("lesson")?.trim_start();
            let value = rest.strip_prefix('=')?.trim();
            let value = value.strip_prefix('"')?;
            value.split('"').next()
        })
    }
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(Bundled {
            name: $name,
            text: include_str!(concat!("../../lessons/worksheets/", $name, ".toml")),
        }),*]
    };
}

/// Every bundled worksheet. To add one, put `lessons/worksheets/NAME.toml` in the repository
/// and its name here.
pub static WORKSHEETS: Shelf<Bundled> = Shelf::new(
    "lessons/worksheets/",
    bundled! {
        "article_2_2_1_slip",
        "article_2_2_1_slip_zh",
        "cnn_flipped_kernel_slip",
    },
    |b| b.name,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_worksheet_names_a_bundled_lesson() {
        for b in WORKSHEETS.all() {
            let lesson = b
                .lesson()
                .unwrap_or_else(|| panic!("{} names no lesson", b.name));
            assert!(
                crate::lesson::bundled::LESSONS.find_arg(lesson).is_some(),
                "{lesson}"
            );
        }
        assert_eq!(
            WORKSHEETS
                .find_arg("lessons/worksheets/article_2_2_1_slip.toml")
                .map(|b| b.name),
            Some("article_2_2_1_slip")
        );
        assert!(
            WORKSHEETS
                .find_arg("elsewhere/article_2_2_1_slip.toml")
                .is_none()
        );
        assert_eq!(
            WORKSHEETS.find("article_2_2_1_slip").unwrap().description(),
            "A learner's hand calculation of lessons/article_2_2_1.toml with the article's slip in it"
        );
    }
}
