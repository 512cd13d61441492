//! The table itself: one row per action in each context, first match first.

use ratatui::crossterm::event::KeyCode;

use super::{Action, Context, Key};

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where the binding applies.
    pub context: Context,
    /// The keys that ask for its action; the footer shows the first.
    pub keys: &'static [Key],
    /// What they ask for.
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
    // Before the matrix view and the notes: on an 80-column terminal the footer ends here, and
    // exporting an epoch is the task every newcomer is after.
    bind(
        Step,
        &[Key::Char('e')],
        Action::Export,
        "export to Markdown",
        Some("export"),
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
        &[Key::Char('i')],
        Action::Hint,
        "hint, step by step",
        None,
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
