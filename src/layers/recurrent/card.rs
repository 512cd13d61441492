//! What a lesson's recurrent layers add to the tutor's start card, in the interface's
//! language: [`words::card`](super::words::card) chooses the lines (h and ∂h for an rnn, c
//! for an lstm), and each is worded here by its letters.

use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::tr;

/// The start card's lines for the lesson's recurrent layers: each quantity's letters
/// (Unicode, ASCII) and what it is in `lang` (in ASCII with `ascii`). None without a
/// recurrent layer.
pub fn card_in(
    lesson: &Lesson,
    ascii: bool,
    lang: Lang,
) -> Vec<((&'static str, &'static str), String)> {
    let pick = |u: &'static str, a: &'static str| if ascii { a } else { u };
    super::words::card(lesson, ascii)
        .into_iter()
        .map(|(letters, english)| {
            let text = match letters.0 {
                "h" => tr!(lang, "view-recurrent-card-h", minus = pick("−", "-")),
                "∂h" => tr!(lang, "view-recurrent-card-dh", d = pick("∂", "d")),
                "c" => tr!(
                    lang,
                    "view-lstm-card-c",
                    cell = pick("f⊙c(t − 1) + i⊙g", "f(*)c(t-1) + i(*)g")
                ),
                _ => english,
            };
            (letters, text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English the lines are the words' own, byte for byte, in Unicode and in ASCII; in
    /// Chinese each is another text.
    #[test]
    fn english_lines_are_the_words_own_and_chinese_ones_differ() {
        let lessons = crate::lesson::bundled::LESSONS.all();
        for name in ["rnn_by_hand", "lstm_remembers"] {
            let lesson = lessons
                .iter()
                .find(|b| b.name == name)
                .unwrap()
                .load()
                .unwrap();
            for ascii in [false, true] {
                let words = super::super::words::card(&lesson, ascii);
                assert!(!words.is_empty(), "{name}");
                assert_eq!(card_in(&lesson, ascii, Lang::En), words, "{name} {ascii}");
                let zh = card_in(&lesson, ascii, Lang::Zh);
                for (en, zh) in words.iter().zip(&zh) {
                    assert_eq!(en.0, zh.0);
                    assert_ne!(en.1, zh.1);
                    assert!(!zh.1.contains("step"), "{}", zh.1);
                }
            }
        }
    }
}
