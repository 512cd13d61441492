//! Panels that take focus and scroll, as in gitui or lazygit: Tab moves the focus from panel to
//! panel (its border lit), ↑ ↓ PgUp PgDn Home End scroll the focused one (without focus, ↑ ↓
//! scroll the parameters or the matrix view), Esc lets go. The mouse does the same: a click
//! focuses the panel under it, the wheel scrolls it. The help and note overlays scroll too.
//!
//! Where a panel starts is the learner's only once they scroll it: until then each panel
//! keeps what matters in view (the current entry of the parameters, the verdict of a quiz).
//! A move to another step gives every panel back its own start, and the notes theirs when the
//! phase changes.

use std::collections::HashMap;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::{App, Mode};
use crate::tui::ui::geometry::{Areas, Panel};

/// Rows a turn of the mouse wheel scrolls.
const WHEEL: usize = 3;

/// How far a scroll key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Amount {
    /// One row up.
    Up,
    /// One row down.
    Down,
    /// A panel's height up.
    PageUp,
    /// A panel's height down.
    PageDown,
    /// To the top.
    Top,
    /// To the bottom.
    Bottom,
}

/// Where each panel was drawn in the last frame, and how far it could scroll: what keys and
/// the mouse act on. Written while drawing.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    /// The panels' rectangles.
    pub areas: Areas,
    /// Each scrollable panel's first row shown, the last it can start at, and its height.
    pub extents: HashMap<Panel, Extent>,
    /// The help overlay's, when open.
    pub help: Option<Extent>,
    /// The picker's list: its rectangle and the index of its first row.
    pub picker: Option<(ratatui::layout::Rect, usize)>,
}

/// A scrollable panel as drawn: its first row shown, the last row it can start at, and how
/// many rows it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extent {
    /// The first row shown.
    pub top: usize,
    /// The largest `top` there is.
    pub max: usize,
    /// Rows shown at once.
    pub rows: usize,
}

impl Extent {
    /// Where a scroll of `amount` from here goes.
    fn scrolled(self, amount: Amount) -> usize {
        let page = self.rows.saturating_sub(1).max(1);
        match amount {
            Amount::Up => self.top.saturating_sub(1),
            Amount::Down => self.top + 1,
            Amount::PageUp => self.top.saturating_sub(page),
            Amount::PageDown => self.top + page,
            Amount::Top => 0,
            Amount::Bottom => self.max,
        }
        .min(self.max)
    }
}

/// The learner's scrolling: the first row of each panel they scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    tops: HashMap<Panel, usize>,
    /// The help overlay's first row.
    pub help: usize,
}

impl Scroll {
    /// The first row of `panel` the learner chose, if they scrolled it.
    pub fn top(&self, panel: Panel) -> Option<usize> {
        self.tops.get(&panel).copied()
    }

    /// Every panel back to its own start (the notes too when `phase_changed`).
    pub(super) fn reset(&mut self, phase_changed: bool) {
        let notes = self.tops.get(&Panel::Notes).copied();
        self.tops.clear();
        if let (Some(n), false) = (notes, phase_changed) {
            self.tops.insert(Panel::Notes, n);
        }
    }
}

impl App {
    /// The panel with the focus, if one has it.
    pub fn focus(&self) -> Option<Panel> {
        self.focus
    }

    /// Tab (or Shift-Tab): the focus to the next (previous) panel that scrolls.
    pub(super) fn cycle_focus(&mut self, forward: bool) {
        let panels: Vec<Panel> = self
            .drawn
            .borrow()
            .areas
            .panels()
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| scrolls(*p))
            .collect();
        if panels.is_empty() {
            return;
        }
        let n = panels.len();
        let at = self.focus.and_then(|f| panels.iter().position(|&p| p == f));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.focus = Some(panels[next]);
    }

    /// Esc with a panel focused: the focus let go.
    pub(super) fn unfocus(&mut self) {
        self.focus = None;
    }

    /// A scroll key: the help overlay while it is open, else the focused panel, else the
    /// parameters (or the matrix view where it takes their place).
    pub(super) fn scroll(&mut self, amount: Amount) {
        if self.mode == Mode::Help {
            if let Some(e) = self.drawn.borrow().help {
                self.scroll.help = Extent {
                    top: self.scroll.help.min(e.max),
                    ..e
                }
                .scrolled(amount);
            }
            return;
        }
        if self.mode == Mode::Notes {
            self.scroll_panel(Panel::Notes, amount);
            return;
        }
        let panel = self.focus.unwrap_or_else(|| {
            let areas = self.drawn.borrow().areas;
            if areas.params.is_some() {
                Panel::Params
            } else {
                Panel::Matrix
            }
        });
        self.scroll_panel(panel, amount);
    }

    fn scroll_panel(&mut self, panel: Panel, amount: Amount) {
        let extent = self.drawn.borrow().extents.get(&panel).copied();
        if let Some(e) = extent {
            let top = self.scroll.top(panel).unwrap_or(e.top).min(e.max);
            self.scroll
                .tops
                .insert(panel, Extent { top, ..e }.scrolled(amount));
        }
    }

    /// A mouse event: a click focuses the panel under it (or picks a lesson), the wheel
    /// scrolls the panel under it.
    pub(super) fn mouse(&mut self, m: &MouseEvent) {
        if self.tutor.is_none() {
            self.picker_mouse(m);
            return;
        }
        if self.mode == Mode::Help {
            match m.kind {
                MouseEventKind::ScrollUp => self.scroll(Amount::Up),
                MouseEventKind::ScrollDown => self.scroll(Amount::Down),
                _ => {}
            }
            return;
        }
        let panel = self.drawn.borrow().areas.at(m.column, m.row);
        let Some(panel) = panel else {
            return;
        };
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) if self.mode == Mode::Normal => {
                self.focus = scrolls(panel).then_some(panel);
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let amount = if m.kind == MouseEventKind::ScrollUp {
                    Amount::Up
                } else {
                    Amount::Down
                };
                for _ in 0..WHEEL {
                    self.scroll_panel(panel, amount);
                }
            }
            _ => {}
        }
    }
}

/// Does the panel's content scroll (the picture and the loss fit their panels)?
fn scrolls(panel: Panel) -> bool {
    !matches!(panel, Panel::Network | Panel::Loss)
}
