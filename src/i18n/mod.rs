//! The interface's language: English or Chinese, and every message the tool says in it.
//!
//! Messages are Fluent (`en.ftl`, `zh.ftl`, compiled in), so numbers and plurals are written by
//! each language's own rules rather than by concatenation. A message missing in Chinese falls
//! back to English, and one missing in English falls back to its id, so text added in English
//! alone (a new layer kind's words) shows in English until it is translated.
//!
//! The language is chosen once, by `--lang` or else the locale ([`Lang::from_locale`]), and
//! passed down in the settings of whatever renders; [`set`] and [`lang`] hold it for the
//! command line's messages, which are worded far from where the flag was read.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[cfg(test)]
mod error_ids;
mod spacing;
#[cfg(test)]
mod tests;

/// The languages of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    /// English: the default, and the fallback of every message.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

/// The English messages: the interface's, the steps' words (`steps.en.ftl`), the kinds'
/// pictures (`views.en.ftl`), the Markdown and text exports' prose (`export.en.ftl`), and the
/// errors' — a lesson's (`errors.en.ftl`) and the commands' (`errors.commands.en.ftl`) — kept
/// apart so that each is edited in its own file.
pub const EN_FTL: &[&str] = &[
    include_str!("en.ftl"),
    include_str!("steps.en.ftl"),
    include_str!("views.en.ftl"),
    include_str!("export.en.ftl"),
    include_str!("errors.en.ftl"),
    include_str!("errors.commands.en.ftl"),
];
/// The Chinese messages, in the same files as the English ones.
pub const ZH_FTL: &[&str] = &[
    include_str!("zh.ftl"),
    include_str!("steps.zh.ftl"),
    include_str!("views.zh.ftl"),
    include_str!("export.zh.ftl"),
    include_str!("errors.zh.ftl"),
    include_str!("errors.commands.zh.ftl"),
];

impl Lang {
    /// The language a locale asks for: the first set and non-empty of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` (POSIX's order), Chinese when it starts with `zh`, else English. `var`
    /// reads a variable (the environment, or a test's table).
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(&var)
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The language of this process's locale.
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// The language's tag, as `--lang` takes it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The message `id` without arguments (see [`Lang::fmt`]).
    pub fn t(self, id: &str) -> String {
        self.fmt(id, &[])
    }

    /// The message `id` with its arguments, in this language, else in English, else the id
    /// itself (no message is ever lost for want of a translation).
    ///
    /// An error message (`err-…`) in Chinese is made of pieces worded apart, so where each
    /// argument meets the message's own text the space between Chinese and Latin text is
    /// settled then (see `spacing`); nothing else of the message changes.
    pub fn fmt(self, id: &str, args: &[(&str, Arg)]) -> String {
        let spaced = self == Lang::Zh
            && id.starts_with("err-")
            && args.iter().all(|(_, a)| match a {
                Arg::Text(s) => spacing::markable(s),
                Arg::Count(_) => true,
            });
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Text(s) if spaced => FluentValue::from(spacing::mark(s)),
                Arg::Text(s) => FluentValue::from(s.as_str()),
                Arg::Count(n) => FluentValue::from(*n),
            };
            fluent.set(*name, value);
        }
        let text = first_of(&[bundle(self), bundle(Lang::En)], id, &fluent);
        if spaced { spacing::settle(&text) } else { text }
    }

    /// The message `id` in this language only, if it has it: for text whose English lives
    /// beside the code (the key table's descriptions).
    pub fn translated(self, id: &str) -> Option<String> {
        format(bundle(self), id, &FluentArgs::new())
    }
}

/// An argument of a message: text placed as it is, or a count (which chooses a plural form).
#[derive(Debug, Clone)]
pub enum Arg {
    /// Text, numbers already written, names.
    Text(String),
    /// A count: plural forms are chosen by it.
    Count(usize),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Count(n)
    }
}

/// A message in the process's language ([`lang`]): `msg!("id", name = value, …)`, as
/// [`tr!`](crate::tr!) words it. The command line's errors and warnings are worded with it,
/// where they are made (a [`crate::source::Diagnostic`]'s message) or displayed (an error
/// type's `Display`): English unless the command line asked for another language, so the
/// library's own callers and its tests read English.
#[macro_export]
macro_rules! msg {
    ($id:expr) => {
        $crate::i18n::Lang::t($crate::i18n::lang(), $id)
    };
    ($id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::tr!($crate::i18n::lang(), $id, $($name = $value),+)
    };
}

/// A message with arguments: `tr!(lang, "id", name = value, …)`, each value anything that
/// converts into an [`Arg`].
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr) => {
        $crate::i18n::Lang::t($lang, $id)
    };
    ($lang:expr, $id:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::Lang::fmt(
            $lang,
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// The message from the first bundle that has it, else its id.
fn first_of(bundles: &[&FluentBundle<FluentResource>], id: &str, args: &FluentArgs) -> String {
    bundles
        .iter()
        .find_map(|b| format(b, id, args))
        .unwrap_or_else(|| id.to_string())
}

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: &FluentArgs) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static ZH: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, sources) = match lang {
        Lang::En => (&EN, EN_FTL),
        Lang::Zh => (&ZH, ZH_FTL),
    };
    cell.get_or_init(|| build(lang, sources))
}

fn build(lang: Lang, sources: &[&str]) -> FluentBundle<FluentResource> {
    let id = lang
        .tag()
        .parse()
        .expect("the tags en and zh are language identifiers");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: a terminal would show them, and English
    // output must stay what it was byte for byte.
    bundle.set_use_isolating(false);
    // The files are compiled in and parsed by a test, so a syntax error cannot ship; if one
    // did, the messages that parsed are still used.
    for source in sources {
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        bundle
            .add_resource(resource)
            .expect("each message id appears once (checked by a test)");
    }
    bundle
}

/// A sentence whose English lives in the code, in `lang`: the English itself, or in another
/// language the message named after it ([`id`] with `prefix`), else the English.
pub fn english(lang: Lang, prefix: &str, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        _ => lang
            .translated(&id(prefix, english))
            .unwrap_or_else(|| english.to_string()),
    }
}

/// The message id of English text: `prefix` and its words in lower case, joined by `-`
/// (`term-words-the-paths-summed`).
pub fn id(prefix: &str, english: &str) -> String {
    let words: Vec<String> = english
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    format!("{prefix}{}", words.join("-"))
}

/// `; did you mean `NAME`?`, added to a message about an unknown name, in the process's
/// language.
pub fn did_you_mean(near: &str) -> String {
    crate::tr!(lang(), "err-did-you-mean", name = near)
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the process's language for command-line messages, once (later calls are ignored).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The process's language for command-line messages: what [`set`] set, else English.
pub fn lang() -> Lang {
    CURRENT.get().copied().unwrap_or_default()
}
