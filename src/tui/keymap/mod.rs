//! The one table of keys. Dispatch, the footer and the `?` help overlay are all generated from
//! [`BINDINGS`], so what the screen says a key does is what it does.
//!
//! - `table`: [`BINDINGS`], every key with its action, help text and footer word;
//! - `key`: a key as the table names it, matched against what the terminal sends;
//! - `labels`: the footer and the help overlay's lines, from the table.

mod key;
mod labels;
mod table;
#[cfg(test)]
mod tests;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

pub use crate::tui::app::Amount;
pub use key::Key;
pub use labels::{footer, help, keys_label, title};
pub use table::{BINDINGS, Binding};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// One step on.
    Next,
    /// One step back.
    Prev,
    /// The first step of the next phase.
    NextPhase,
    /// The first step of the previous phase.
    PrevPhase,
    /// The same step of the next sample.
    NextSample,
    /// The same step of the previous sample.
    PrevSample,
    /// The epoch's first step.
    First,
    /// The epoch's last step.
    Last,
    /// The same step in the next epoch.
    NextEpoch,
    /// The same step in the previous epoch.
    PrevEpoch,
    /// Open the go-to prompt.
    Goto,
    /// Jump to the first NaN or infinite number.
    JumpNonFinite,
    /// Write the current epoch (of a huge epoch, the current sample) as Markdown.
    Export,
    /// Show the lesson's note for the current phase.
    Notes,
    /// Open the help overlay: every key of the screen.
    Help,
    /// Close an overlay or the prompt.
    Close,
    /// Leave the tutor.
    Quit,
    /// Suspend the tutor as the shell's job control does (Ctrl-Z): the terminal is given back
    /// until the shell's `fg` resumes it.
    Suspend,
    /// Go-to prompt or answer field: add the typed character.
    Type,
    /// Go-to prompt or answer field: delete the last character.
    Delete,
    /// Go-to prompt: go.
    Submit,
    /// Go-to prompt: complete the step name (or take the one meant).
    Complete,
    /// Go-to prompt: an older name gone to.
    HistoryPrev,
    /// Go-to prompt: a newer name gone to.
    HistoryNext,
    /// Back to where the last jump started.
    JumpBack,
    /// The focus to the next panel that scrolls.
    FocusNext,
    /// The focus to the previous panel that scrolls.
    FocusPrev,
    /// Let go of the focus.
    Unfocus,
    /// Scroll the focused panel (the parameters without focus, the help while open).
    Scroll(Amount),
    /// The lesson's start card: its title, summary and the keys to begin.
    Card,
    /// Leave for good (asked first when a quiz has answers).
    Leave,
    /// Quiz mode on or off (off shows the summary).
    ToggleQuiz,
    /// The matrix view on or off.
    ToggleMatrix,
    /// Quiz: show the current value without scoring it.
    Skip,
    /// Quiz: the next hint for the current value (its formula with your numbers, its
    /// factors, the value).
    Hint,
    /// Quiz: check the typed answer.
    Check,
    /// Quiz: clear the answer field.
    Clear,
    /// Lesson picker: highlight the previous lesson.
    PickUp,
    /// Lesson picker: highlight the next lesson.
    PickDown,
    /// Lesson picker: highlight the first lesson.
    PickFirst,
    /// Lesson picker: highlight the last lesson.
    PickLast,
    /// Lesson picker: type a filter.
    PickFilter,
    /// Lesson picker: open the highlighted lesson.
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
    /// Stepping with a panel focused: keys not bound here act as in [`Context::Step`] (in quiz
    /// mode, as in [`Context::Quiz`] first).
    Focus,
    /// Quiz mode with a panel focused (no bindings of its own).
    QuizFocus,
    /// The start card is open: any key closes it.
    Card,
    /// Asked whether to leave a quiz with answers.
    Confirm,
    /// Typing the picker's filter after `/`.
    Filter,
    /// Typing an answer in quiz mode: the field has every character key.
    Answer,
    /// Keys that act the same on every screen; the last link of every chain.
    Anywhere,
}

impl Context {
    /// The heading of the context's keys in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Step => "Stepping",
            Context::Prompt => "Go to (after :), @N: sample N",
            Context::Overlay => "Help and notes",
            Context::Picker => "Choosing a lesson",
            Context::Quiz => "Quiz (values hidden)",
            Context::Focus | Context::QuizFocus => "A panel focused (Tab)",
            Context::Card => "The start card",
            Context::Confirm => "Leaving a quiz",
            Context::Filter => "Filtering the lessons (after /)",
            Context::Answer => "Typing an answer",
            Context::Anywhere => "Any screen",
        }
    }

    /// The contexts whose bindings apply, first match first: quiz mode falls back to stepping.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::Quiz => &[Context::Quiz, Context::Step, Context::Anywhere],
            Context::Focus => &[Context::Focus, Context::Step, Context::Anywhere],
            Context::QuizFocus => &[
                Context::Focus,
                Context::Quiz,
                Context::Step,
                Context::Anywhere,
            ],
            Context::Step => &[Context::Step, Context::Anywhere],
            Context::Prompt => &[Context::Prompt, Context::Anywhere],
            Context::Overlay => &[Context::Overlay, Context::Anywhere],
            Context::Card => &[Context::Card],
            Context::Confirm => &[Context::Confirm],
            Context::Filter => &[Context::Filter, Context::Anywhere],
            Context::Picker => &[Context::Picker, Context::Anywhere],
            Context::Answer => &[Context::Answer, Context::Anywhere],
            Context::Anywhere => &[Context::Anywhere],
        }
    }
}

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
