//! Styles and symbols. Highlights lean on modifiers (reverse, bold, underline) that read on dark
//! and light terminals alike; colour, when allowed, only adds a few named colours with an
//! explicit foreground. `--ascii` swaps every symbol for plain ASCII.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::i18n::Lang;
use crate::notation::Notation;
use crate::tui::app::Settings;

/// Borders drawn with `+`, `-` and `|`.
pub const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// 256-colour backgrounds of the values a formula reads, in turn: cyan, green, pink, blue,
/// orange, lavender (the current number is yellow).
const LINKS: [u8; 6] = [87, 156, 218, 117, 215, 183];

/// How a frame draws: Unicode or ASCII symbols, and a style for each kind of text.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Plain ASCII symbols, formulas and borders.
    pub ascii: bool,
    /// Colours are allowed (not `NO_COLOR`).
    pub color: bool,
    /// The number being computed now.
    pub current: Style,
    /// Numbers the current formula reads.
    pub read: Style,
    /// The current neuron's label.
    pub focus: Style,
    /// Labels and headings.
    pub heading: Style,
    /// Quiet text: descriptions, hints, labels of values not yet computed.
    pub dim: Style,
    /// Errors: a wrong answer, a failed export, a lesson that does not open.
    pub error: Style,
    /// Warnings: divergence, a note on a formula, a carried or imprecise verdict, why an
    /// answer is off.
    pub warn: Style,
    /// Keys in the footer and help.
    pub key: Style,
    /// The panels' border characters.
    pub border: border::Set<'static>,
    /// The language of the words drawn.
    pub lang: Lang,
}

impl Theme {
    /// The theme of these settings; without colour, highlights are bold, underline and reverse.
    pub fn new(settings: Settings) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let mut theme = Theme {
            ascii: settings.ascii,
            color: settings.color,
            current: bold.add_modifier(Modifier::REVERSED),
            read: bold.add_modifier(Modifier::UNDERLINED),
            focus: bold,
            heading: bold,
            dim: Style::new().add_modifier(Modifier::DIM),
            error: bold,
            warn: bold,
            key: bold.add_modifier(Modifier::REVERSED),
            border: if settings.ascii {
                ASCII_BORDER
            } else {
                border::PLAIN
            },
            lang: settings.lang,
        };
        if settings.color {
            theme.current = bold.fg(Color::Black).bg(Color::Yellow);
            theme.read = bold.fg(Color::Black).bg(Color::Indexed(LINKS[0]));
            theme.focus = bold.fg(Color::Magenta);
            theme.error = bold.fg(Color::Red);
            theme.warn = bold.fg(Color::Black).bg(Color::Red);
        }
        theme
    }

    /// `unicode`, or `ascii` under `--ascii`.
    pub fn sym(&self, unicode: &'static str, ascii: &'static str) -> &'static str {
        if self.ascii { ascii } else { unicode }
    }

    /// The separator between header items.
    pub fn sep(&self) -> &'static str {
        self.sym(" · ", " | ")
    }

    /// Prose (descriptions, notes, summaries) as plain ASCII under `--ascii`.
    pub fn text(&self, text: &str) -> String {
        if self.ascii {
            crate::notation::prose::ascii(text)
        } else {
            text.to_string()
        }
    }

    /// How numbers and names are written: ASCII under `--ascii`, else Unicode.
    pub fn notation(&self) -> Notation {
        Notation::for_text(self.ascii)
    }

    /// The style of the `i`-th value a formula reads, shared by its number in the formula,
    /// its symbol and its cell in the network and parameters: a colour of its own (a few,
    /// taken in turn), or under `NO_COLOR` the read style, underlined.
    pub fn linked(&self, i: usize) -> Style {
        if !self.color {
            return self.read;
        }
        Style::new()
            .add_modifier(Modifier::BOLD)
            .fg(Color::Black)
            .bg(Color::Indexed(LINKS[i % LINKS.len()]))
    }

    /// Marks what is left out: rows, columns, the end of a cut line.
    pub fn ellipsis(&self) -> &'static str {
        self.sym("…", "...")
    }
}
