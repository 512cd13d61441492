//! Spaces between Chinese and Latin text where an error message's words meet its arguments.
//!
//! Chinese text puts a space between a Chinese character and a Latin word, a number or a
//! name in backticks (`第 2 层`, `` `learning_rate` 应为数值 ``) and none between two Chinese
//! characters. An error message is often made of pieces — "`learning_rate`" in one message,
//! "样本 3 的输入中" in another, both placed before "应为数值" — so the space cannot be written
//! in the message itself: it is settled where each argument meets the message's own text.
//! Only those meeting points are touched; what an argument holds (a user's string, a path) is
//! never changed.

/// Marks the start of an argument while a message is formatted (a Unicode noncharacter, for
/// internal use; a message whose arguments hold one is formatted without spacing).
pub(super) const OPEN: char = '\u{FDD0}';
/// Marks the end of an argument.
pub(super) const CLOSE: char = '\u{FDD1}';

/// `text` wrapped in the markers, for [`settle`] to find.
pub(super) fn mark(text: &str) -> String {
    format!("{OPEN}{text}{CLOSE}")
}

/// Can `text` be marked (it holds no marker itself)?
pub(super) fn markable(text: &str) -> bool {
    !text.contains([OPEN, CLOSE])
}

/// A Chinese character (CJK unified ideographs, extension A, compatibility ideographs); not
/// Chinese punctuation, which needs no space.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// A character of Latin text: ASCII letters, digits and signs, or another script's letters
/// and digits (σ, ₁).
fn is_latin(c: char) -> bool {
    c.is_ascii_graphic() || (c.is_alphanumeric() && !is_han(c))
}

/// The formatted message with its markers removed and each meeting of an argument and the
/// message's text spaced: a space added between a Chinese character and Latin text, and a
/// single space between two Chinese characters taken out.
pub(super) fn settle(marked: &str) -> String {
    let chars: Vec<char> = marked.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len() + 8);
    // Where the last argument ended in `out`: text there is an argument's, not the message's.
    let mut closed_at = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            OPEN => {
                // The message's text before the argument (out), the argument's first character.
                if let Some(&first) = chars.get(i + 1)
                    && closed_at != Some(out.len())
                {
                    match (
                        out.last().copied(),
                        out.len().checked_sub(2).map(|k| out[k]),
                    ) {
                        (Some(before), _) if is_han(before) && is_latin(first) => out.push(' '),
                        (Some(' '), Some(before)) if is_han(before) && is_han(first) => {
                            out.pop();
                        }
                        _ => {}
                    }
                }
            }
            CLOSE => {
                // The argument's last character (out), the message's text after it.
                let last = out.last().copied();
                let next = chars.get(i + 1).copied();
                let after_space = chars.get(i + 2).copied();
                match (last, next, after_space) {
                    (Some(last), Some(next), _) if is_latin(last) && is_han(next) => out.push(' '),
                    (Some(last), Some(' '), Some(after)) if is_han(last) && is_han(after) => {
                        i += 1; // skip the space
                    }
                    _ => {}
                }
                closed_at = Some(out.len());
            }
            c => out.push(c),
        }
        i += 1;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mark(s)
    }

    #[test]
    fn latin_arguments_are_spaced_from_chinese_text() {
        let s = format!("{}应为{}，实际是{}", m("`x`"), m("数值"), m("`true`"));
        assert_eq!(settle(&s), "`x` 应为数值，实际是 `true`");
        let s = format!("{}应为{}", m("样本 3 的输入中"), m("数值"));
        assert_eq!(settle(&s), "样本 3 的输入中应为数值");
    }

    #[test]
    fn a_space_between_two_chinese_characters_is_taken_out() {
        let s = format!("{} 中有未知的键 {}", m("第 2 层"), m("`x`"));
        assert_eq!(settle(&s), "第 2 层中有未知的键 `x`");
        let s = format!("{} 中有未知的键 {}", m("[training]"), m("`x`"));
        assert_eq!(settle(&s), "[training] 中有未知的键 `x`");
        let s = format!("未知的键 {}", m("第一"));
        assert_eq!(settle(&s), "未知的键第一");
    }

    #[test]
    fn punctuation_and_what_an_argument_holds_are_left_alone() {
        let s = format!("（{}）：{}", m("a"), m("数据 1.csv"));
        assert_eq!(settle(&s), "（a）：数据 1.csv");
        let s = format!("{}{}", m("a"), m("中"));
        assert_eq!(settle(&s), "a中");
    }
}
