//! What the footer and the help overlay say about keys, generated from the table.

use super::{Binding, Context, bindings};

/// `→ l space`: every key of a binding.
pub fn keys_label(binding: &Binding, ascii: bool) -> String {
    binding
        .keys
        .iter()
        .map(|k| k.label(ascii))
        .collect::<Vec<_>>()
        .join(" ")
}

/// (key, word) pairs for the footer of a context: the first key of each main binding (in quiz
/// mode the quiz keys, then those of stepping).
pub fn footer(context: Context, ascii: bool) -> Vec<(String, &'static str)> {
    context
        .chain()
        .iter()
        .flat_map(|&c| bindings(c))
        .filter_map(|b| b.footer.map(|word| (b.keys[0].label(ascii), word)))
        .collect()
}
