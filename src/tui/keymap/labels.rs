//! What the footer and the help overlay say about keys, generated from the table.
//!
//! The table's words are English; another language finds each by an id made from the English
//! (`key-` and its words, lowercase, joined by `-`), and a word it lacks shows in English.

use crate::i18n::Lang;

use super::{Binding, Context, Key, bindings};

/// `→ l space`: every key of a binding.
pub fn keys_label(binding: &Binding, ascii: bool, lang: Lang) -> String {
    binding
        .keys
        .iter()
        .map(|k| label(*k, ascii, lang))
        .collect::<Vec<_>>()
        .join(" ")
}

/// (key, word) pairs for the footer of a context: the first key of each main binding (in quiz
/// mode the quiz keys, then those of stepping).
pub fn footer(context: Context, ascii: bool, lang: Lang) -> Vec<(String, String)> {
    context
        .chain()
        .iter()
        .flat_map(|&c| bindings(c))
        .filter_map(|b| {
            b.footer
                .map(|word| (label(b.keys[0], ascii, lang), say(word, "key-", lang)))
        })
        .collect()
}

/// A key's label: its name (`Enter`, `→`) or, for `space`, `any key` and `text`, words.
pub fn label(key: Key, ascii: bool, lang: Lang) -> String {
    match key {
        Key::Char(' ') | Key::Any | Key::AnyChar => say(&key.label(ascii), "key-", lang),
        _ => key.label(ascii),
    }
}

/// What the help overlay says a binding does.
pub fn help(binding: &Binding, lang: Lang) -> String {
    say(binding.help, "key-", lang)
}

/// The heading of a context's keys in the help overlay.
pub fn title(context: Context, lang: Lang) -> String {
    say(context.title(), "context-", lang)
}

/// `english` in `lang`, found by its id (`key-help-all-keys`), or as it is.
fn say(english: &str, prefix: &str, lang: Lang) -> String {
    crate::i18n::english(lang, prefix, english)
}
