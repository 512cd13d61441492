//! Worksheets compiled into the binary, like the bundled lessons, so
//! `bpnn-tutor check article_2_2_1 article_2_2_1_slip` works from any directory.

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
        format!("lessons/worksheets/{}.toml", self.name)
    }

    /// What it is, from its first comment line: "A learner's hand calculation of …".
    pub fn description(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|line| line.trim().strip_prefix('#'))
            .map(|line| line.trim().trim_end_matches([':', '.']))
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
static ALL: &[Bundled] = bundled! {
    "article_2_2_1_slip",
};

/// Every bundled worksheet, in the order they are listed.
pub fn all() -> &'static [Bundled] {
    ALL
}

/// The bundled worksheet called `name` (with or without `.toml`).
pub fn find(name: &str) -> Option<&'static Bundled> {
    let name = name.strip_suffix(".toml").unwrap_or(name);
    ALL.iter().find(|b| b.name == name)
}

/// A worksheet named on the command line: `NAME`, `NAME.toml` or `lessons/worksheets/NAME.toml`.
pub fn find_arg(arg: &str) -> Option<&'static Bundled> {
    let name = arg.strip_prefix("lessons/worksheets/").unwrap_or(arg);
    if name.contains(['/', '\\']) {
        return None;
    }
    find(name)
}

/// The names of every bundled worksheet, in order.
pub fn names() -> Vec<&'static str> {
    ALL.iter().map(|b| b.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_worksheet_names_a_bundled_lesson() {
        for b in all() {
            let lesson = b
                .lesson()
                .unwrap_or_else(|| panic!("{} names no lesson", b.name));
            assert!(
                crate::lesson::bundled::find_arg(lesson).is_some(),
                "{lesson}"
            );
        }
        assert_eq!(
            find_arg("lessons/worksheets/article_2_2_1_slip.toml").map(|b| b.name),
            Some("article_2_2_1_slip")
        );
        assert!(find_arg("elsewhere/article_2_2_1_slip.toml").is_none());
        assert_eq!(
            find("article_2_2_1_slip").unwrap().description(),
            "A learner's hand calculation of lessons/article_2_2_1.toml with the article's slip in it"
        );
    }
}
