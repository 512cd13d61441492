//! The one table of keys. Dispatch, the footer and the `?` help overlay are all generated from
//! [`BINDINGS`], so what the screen says a key does is what it does.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Next,
    Prev,
    NextPhase,
    PrevPhase,
    NextSample,
    PrevSample,
    First,
    Last,
    NextEpoch,
    PrevEpoch,
    /// Open the go-to prompt.
    Goto,
    /// Jump to the first NaN or infinite number.
    JumpNonFinite,
    Export,
    /// Show the lesson's note for the current phase.
    Notes,
    Help,
    /// Close an overlay or the prompt.
    Close,
    Quit,
    /// Suspend the tutor as the shell's job control does (Ctrl-Z): the terminal is given back
    /// until the shell's `fg` resumes it.
    Suspend,
    /// Go-to prompt: add the typed character.
    Type,
    /// Go-to prompt: delete the last character.
    Delete,
    /// Go-to prompt: go.
    Submit,
    /// Quiz mode on or off (off shows the summary).
    ToggleQuiz,
    /// The matrix view on or off.
    ToggleMatrix,
    /// Quiz: show the current value without scoring it.
    Skip,
    /// Quiz: check the typed answer.
    Check,
    /// Quiz: clear the answer field.
    Clear,
    /// Lesson picker.
    PickUp,
    PickDown,
    PickOpen,
}

/// Where a binding applies: the screen and mode the app is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Stepping through a lesson.
    Step,
    /// Typing a step name after `:`.
    Prompt,
    /// The help or notes overlay is open.
    Overlay,
    /// Choosing a bundled lesson.
    Picker,
    /// Stepping in quiz mode with the answer field empty; keys not bound here act as in
    /// [`Context::Step`].
    Quiz,
    /// Typing an answer in quiz mode: the field has every character key.
    Answer,
    /// Keys that act the same on every screen; the last link of every chain.
    Anywhere,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Step => "Stepping",
            Context::Prompt => "Go to (after :), @N: sample N",
            Context::Overlay => "Help and notes",
            Context::Picker => "Choosing a lesson",
            Context::Quiz => "Quiz (values hidden)",
            Context::Answer => "Typing an answer",
            Context::Anywhere => "Any screen",
        }
    }

    /// The contexts whose bindings apply, first match first: quiz mode falls back to stepping.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::Quiz => &[Context::Quiz, Context::Step, Context::Anywhere],
            Context::Step => &[Context::Step, Context::Anywhere],
            Context::Prompt => &[Context::Prompt, Context::Anywhere],
            Context::Overlay => &[Context::Overlay, Context::Anywhere],
            Context::Picker => &[Context::Picker, Context::Anywhere],
            Context::Answer => &[Context::Answer, Context::Anywhere],
            Context::Anywhere => &[Context::Anywhere],
        }
    }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character, with or without Shift (capitals and symbols arrive with SHIFT).
    Char(char),
    /// A character with Control.
    Ctrl(char),
    /// A special key: arrows, Home, Enter, …
    Code(KeyCode),
    /// Any printable character (typing in the prompt).
    AnyChar,
    /// A character a number starts with: a digit, `-`, `+` or `.` (starting a quiz answer).
    NumberStart,
}

impl Key {
    /// Does the terminal's key event match this key?
    pub fn matches(self, event: &KeyEvent) -> bool {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self {
            Key::Char(c) => plain && event.code == KeyCode::Char(c),
            Key::Ctrl(c) => {
                event.modifiers.contains(KeyModifiers::CONTROL)
                    && event.code == KeyCode::Char(c.to_ascii_lowercase())
            }
            Key::Code(code) => plain && event.code == code,
            Key::AnyChar => plain && matches!(event.code, KeyCode::Char(c) if !c.is_control()),
            Key::NumberStart => {
                plain && matches!(event.code, KeyCode::Char(c) if super::quiz::number_start(c))
            }
        }
    }

    /// The key's label in the footer and help: `→`, `space`, `Ctrl-C`, `PgDn`.
    pub fn label(self, ascii: bool) -> String {
        let arrow = |unicode: &str, plain: &str| if ascii { plain } else { unicode }.to_string();
        match self {
            Key::Char(' ') => "space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::AnyChar => "text".into(),
            Key::NumberStart => "0-9 - .".into(),
            Key::Code(code) => match code {
                KeyCode::Right => arrow("→", "Right"),
                KeyCode::Left => arrow("←", "Left"),
                KeyCode::Up => arrow("↑", "Up"),
                KeyCode::Down => arrow("↓", "Down"),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                other => other.to_string(),
            },
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// The short word in the footer, for the main keys.
    pub footer: Option<&'static str>,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        footer,
    }
}

use Context::{Answer, Anywhere, Overlay, Picker, Prompt, Quiz, Step};

/// Every key of the tutor. First match wins within a context.
pub const BINDINGS: &[Binding] = &[
    bind(
        Step,
        &[Key::Code(KeyCode::Right), Key::Char('l'), Key::Char(' ')],
        Action::Next,
        "next step",
        Some("next"),
    ),
    bind(
        Step,
        &[
            Key::Code(KeyCode::Left),
            Key::Char('h'),
            Key::Code(KeyCode::Backspace),
        ],
        Action::Prev,
        "back one step",
        Some("back"),
    ),
    bind(
        Step,
        &[Key::Char(']')],
        Action::NextPhase,
        "next phase",
        Some("phase"),
    ),
    bind(
        Step,
        &[Key::Char('[')],
        Action::PrevPhase,
        "previous phase",
        None,
    ),
    bind(
        Step,
        &[Key::Char('}')],
        Action::NextSample,
        "same step, next sample",
        Some("sample"),
    ),
    bind(
        Step,
        &[Key::Char('{')],
        Action::PrevSample,
        "previous sample",
        None,
    ),
    bind(
        Step,
        &[Key::Char(':')],
        Action::Goto,
        "go to a step by name",
        Some("go to"),
    ),
    bind(
        Step,
        &[Key::Char('m')],
        Action::ToggleMatrix,
        "matrix view on / off",
        Some("matrix"),
    ),
    bind(
        Step,
        &[Key::Char('n')],
        Action::Notes,
        "note for this phase",
        Some("note"),
    ),
    bind(
        Step,
        &[Key::Char('e')],
        Action::Export,
        "export to Markdown",
        Some("export"),
    ),
    bind(
        Step,
        &[Key::Code(KeyCode::PageDown)],
        Action::NextEpoch,
        "same step, next epoch",
        Some("epoch"),
    ),
    bind(
        Step,
        &[Key::Code(KeyCode::PageUp)],
        Action::PrevEpoch,
        "previous epoch",
        None,
    ),
    bind(
        Step,
        &[Key::Char('g'), Key::Code(KeyCode::Home)],
        Action::First,
        "first step of epoch",
        None,
    ),
    bind(
        Step,
        &[Key::Char('G'), Key::Code(KeyCode::End)],
        Action::Last,
        "last step of epoch",
        None,
    ),
    bind(
        Step,
        &[Key::Char('!')],
        Action::JumpNonFinite,
        "first NaN or infinity",
        None,
    ),
    bind(
        Step,
        &[Key::Char('Q')],
        Action::ToggleQuiz,
        "quiz: hide values",
        None,
    ),
    bind(
        Step,
        &[Key::Char('?')],
        Action::Help,
        "help: all keys",
        Some("help"),
    ),
    bind(
        Step,
        &[Key::Char('q'), Key::Code(KeyCode::Esc), Key::Ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
    bind(
        Prompt,
        &[Key::Code(KeyCode::Enter)],
        Action::Submit,
        "go to the step",
        Some("go"),
    ),
    bind(
        Prompt,
        &[Key::Code(KeyCode::Backspace)],
        Action::Delete,
        "delete a character",
        None,
    ),
    bind(
        Prompt,
        &[Key::Code(KeyCode::Esc)],
        Action::Close,
        "cancel",
        Some("cancel"),
    ),
    bind(Prompt, &[Key::Ctrl('c')], Action::Quit, "quit", None),
    bind(
        Prompt,
        &[Key::AnyChar],
        Action::Type,
        "e.g. delta(1)[2]@2",
        None,
    ),
    bind(
        Overlay,
        &[Key::Code(KeyCode::Esc), Key::Char('?'), Key::Char('n')],
        Action::Close,
        "close",
        Some("close"),
    ),
    bind(
        Overlay,
        &[Key::Char('q'), Key::Ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
    bind(
        Quiz,
        &[Key::NumberStart],
        Action::Type,
        "type your answer",
        Some("answer"),
    ),
    bind(
        Quiz,
        &[Key::Char('s')],
        Action::Skip,
        "skip: show, unscored",
        Some("skip"),
    ),
    bind(
        Quiz,
        &[Key::Char('Q')],
        Action::ToggleQuiz,
        "quiz off: the score",
        Some("quiz off"),
    ),
    bind(
        Answer,
        &[Key::Code(KeyCode::Enter)],
        Action::Check,
        "check the answer",
        Some("check"),
    ),
    bind(
        Answer,
        &[Key::Code(KeyCode::Backspace)],
        Action::Delete,
        "delete a character",
        None,
    ),
    bind(
        Answer,
        &[Key::Code(KeyCode::Esc)],
        Action::Clear,
        "clear the answer",
        Some("clear"),
    ),
    bind(
        Answer,
        &[Key::Ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
    bind(
        Answer,
        &[Key::AnyChar],
        Action::Type,
        "digits - . e (3.5e-5)",
        None,
    ),
    bind(
        Picker,
        &[Key::Code(KeyCode::Down), Key::Char('j')],
        Action::PickDown,
        "choose the next lesson",
        Some("choose"),
    ),
    bind(
        Picker,
        &[Key::Code(KeyCode::Up), Key::Char('k')],
        Action::PickUp,
        "choose the previous lesson",
        None,
    ),
    bind(
        Picker,
        &[Key::Code(KeyCode::Enter), Key::Code(KeyCode::Right)],
        Action::PickOpen,
        "open the lesson",
        Some("open"),
    ),
    bind(
        Picker,
        &[Key::Char('?')],
        Action::Help,
        "help: all keys",
        Some("help"),
    ),
    bind(
        Picker,
        &[Key::Char('q'), Key::Code(KeyCode::Esc), Key::Ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
    bind(
        Anywhere,
        &[Key::Ctrl('z')],
        Action::Suspend,
        "suspend (fg resumes)",
        None,
    ),
];

/// The action a key press asks for in a context; `None` for a key that means nothing there
/// (and for key releases, which some terminals report too).
pub fn action(context: Context, event: &KeyEvent) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    context.chain().iter().find_map(|&c| {
        bindings(c)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action)
    })
}

/// The bindings of a context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
        let main = footer(Context::Step, false);
        assert_eq!(main[0], ("→".to_string(), "next"));
        assert!(main.contains(&("?".to_string(), "help")));
        assert!(main.contains(&("q".to_string(), "quit")));
        assert_eq!(footer(Context::Step, true)[0].0, "Right");
    }
}
