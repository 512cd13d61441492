use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Context::{Answer, Anywhere, Overlay, Picker, Prompt, Quiz, Step};
use super::{Action, BINDINGS, Context, Key, action, bindings, footer};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn capitals_and_symbols_arrive_with_shift_and_still_match() {
    let g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action(Context::Step, &g), Some(Action::Last));
    let brace = press(KeyCode::Char('}'), KeyModifiers::SHIFT);
    assert_eq!(action(Context::Step, &brace), Some(Action::NextSample));
}

#[test]
fn ctrl_c_quits_everywhere_but_plain_c_types_in_the_prompt() {
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for context in [Step, Prompt, Overlay, Picker] {
        assert_eq!(action(context, &ctrl_c), Some(Action::Quit), "{context:?}");
    }
    let c = press(KeyCode::Char('c'), KeyModifiers::NONE);
    assert_eq!(action(Context::Prompt, &c), Some(Action::Type));
    assert_eq!(action(Context::Step, &c), None);
}

#[test]
fn in_a_quiz_number_keys_answer_and_the_rest_step() {
    let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
    assert_eq!(action(Quiz, &key('5')), Some(Action::Type));
    assert_eq!(action(Quiz, &key('-')), Some(Action::Type));
    assert_eq!(action(Quiz, &key('e')), Some(Action::Export));
    assert_eq!(action(Quiz, &key('l')), Some(Action::Next));
    assert_eq!(action(Quiz, &key('q')), Some(Action::Quit));
    // While an answer is typed, letters are characters of it (or refused), never keys.
    for c in ['e', 'q', 'h', 'l', 'Q', 's', '?', ':'] {
        assert_eq!(action(Answer, &key(c)), Some(Action::Type), "{c}");
    }
    let esc = press(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(action(Answer, &esc), Some(Action::Clear));
    let right = press(KeyCode::Right, KeyModifiers::NONE);
    assert_eq!(action(Answer, &right), None);
}

#[test]
fn quiz_keys_do_not_shadow_stepping_keys() {
    let step: Vec<Key> = bindings(Step)
        .flat_map(|b| b.keys.iter().copied())
        .collect();
    for b in bindings(Quiz) {
        for k in b.keys {
            // The toggle is the same key in both, doing the same thing.
            if b.action != Action::ToggleQuiz {
                assert!(!step.contains(k), "{k:?}");
            }
        }
    }
    for c in "0123456789-+.".chars() {
        let e = press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(action(Step, &e), None, "{c} is free while stepping");
    }
}

#[test]
fn releases_are_ignored() {
    let mut right = press(KeyCode::Right, KeyModifiers::NONE);
    right.kind = KeyEventKind::Release;
    assert_eq!(action(Context::Step, &right), None);
}

#[test]
fn no_key_is_bound_twice_in_one_context() {
    for context in [Step, Prompt, Overlay, Picker, Quiz, Answer, Anywhere] {
        let keys: Vec<Key> = bindings(context)
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(k), "{k:?} twice in {context:?}");
        }
    }
}

#[test]
fn ctrl_z_suspends_everywhere_as_ctrl_c_quits() {
    let ctrl_z = press(KeyCode::Char('z'), KeyModifiers::CONTROL);
    for context in [Step, Prompt, Overlay, Picker, Quiz, Answer] {
        assert_eq!(
            action(context, &ctrl_z),
            Some(Action::Suspend),
            "{context:?}"
        );
    }
}

#[test]
fn the_footer_says_what_the_help_says() {
    // One wording per key: the footer's word is a word (or the start of one) of the help.
    for b in BINDINGS {
        let Some(word) = b.footer else { continue };
        let help = b.help.to_lowercase();
        let starts_word = help.match_indices(word).any(|(i, _)| {
            help[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        });
        assert!(starts_word, "footer {word:?} but help {:?}", b.help);
    }
}

#[test]
fn the_footer_comes_from_the_table() {
    let main = footer(Context::Step, false, crate::i18n::Lang::En);
    let pair = |k: &str, w: &str| (k.to_string(), w.to_string());
    assert_eq!(main[0], pair("→", "next"));
    assert!(main.contains(&pair("?", "help")));
    assert!(main.contains(&pair("q", "quit")));
    assert_eq!(
        footer(Context::Step, true, crate::i18n::Lang::En)[0].0,
        "Right"
    );
}

#[test]
fn every_key_word_and_heading_has_its_chinese_and_none_is_stale() {
    use crate::i18n::Lang;
    use std::collections::BTreeSet;
    let mut used = BTreeSet::new();
    let contexts = BINDINGS.iter().map(|b| b.context).collect::<Vec<_>>();
    for b in BINDINGS {
        for english in std::iter::once(b.help).chain(b.footer) {
            let id = crate::i18n::id("key-", english);
            assert!(
                Lang::Zh.translated(&id).is_some(),
                "{id} ({english:?}) not in zh.ftl"
            );
            used.insert(id);
        }
    }
    for key in [Key::Char(' '), Key::Any, Key::AnyChar] {
        used.insert(crate::i18n::id("key-", &key.label(false)));
    }
    for c in contexts.into_iter().chain([Context::QuizFocus]) {
        let id = crate::i18n::id("context-", c.title());
        assert!(Lang::Zh.translated(&id).is_some(), "{id} not in zh.ftl");
        used.insert(id);
    }
    for line in crate::i18n::ZH_FTL.iter().flat_map(|s| s.lines()) {
        let Some((id, _)) = line.split_once(" =") else {
            continue;
        };
        if id.starts_with("key-") || id.starts_with("context-") {
            assert!(
                used.contains(id),
                "{id} in zh.ftl names no key of the table"
            );
        }
    }
    // English is the table's own words.
    let next = &BINDINGS[0];
    assert_eq!(super::help(next, Lang::En), next.help);
    assert_eq!(super::help(next, Lang::Zh), "下一步");
}
