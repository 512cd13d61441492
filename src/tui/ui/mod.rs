//! Drawing: a pure function of the app's state, the trace and the area. `impl Widget for &App`
//! lays out the panels, each drawn by its own module from a [`View`] of the current step.

mod footer;
mod formula;
mod gradcheck;
mod header;
mod help;
mod loss_chart;
pub mod matrix;
pub mod network;
mod notes;
mod params;
mod picker;
mod raster;
mod summary;
pub mod theme;

use std::collections::HashSet;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::lesson::{Activation, Lesson};
use crate::notation::{Digits, number, scripts};
use crate::trace::{
    Batch, Formula, GradientCheck, Param, Place, Quantity, SampleValues, Step, StepId, Sym,
};

use super::app::{App, Mode, Tutor};
pub(crate) use notes::NoteCache;
use theme::Theme;

/// The narrowest terminal the tutor draws in, in columns; a smaller one is told its size.
pub const MIN_WIDTH: u16 = 70;
/// The shortest terminal the tutor draws in, in rows.
pub const MIN_HEIGHT: u16 = 20;

/// Terminals at least this wide put the network beside the formula.
const WIDE: u16 = 110;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = Theme::new(self.settings);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        match &self.tutor {
            Some(tutor) => View::new(self, tutor, theme).render(area, buf),
            None => picker::render(self, &theme, area, buf),
        }
        match self.mode {
            Mode::Help => help::render(self, &theme, area, buf),
            Mode::Notes => notes::overlay(self, &theme, area, buf),
            Mode::Summary => summary::render(self, &theme, area, buf),
            _ => {}
        }
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!(
            "terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})"
        )),
        Line::from(format!("it is {}x{}", area.width, area.height)),
    ];
    let y = area.y + area.height.saturating_sub(2) / 2;
    let rect = Rect::new(area.x, y, area.width, 2.min(area.height)).intersection(area);
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .render(rect, buf);
}

/// Everything a frame shows about the current step, computed once per frame.
pub struct View<'a> {
    /// The app being drawn.
    pub app: &'a App,
    /// Its open lesson.
    pub(crate) tutor: &'a Tutor,
    /// The lesson, as the trace holds it.
    pub lesson: &'a Lesson,
    /// This frame's styles and symbols.
    pub theme: Theme,
    /// The step under the cursor.
    pub step: Step,
    /// The batch of the current step.
    pub batch: Batch,
    /// The current step's formula, with its numbers.
    pub formula: Formula,
    /// The named values the current formula reads.
    pub reads: HashSet<Sym>,
    /// The sample whose values the network shows, from 1 (during an update: the batch's last).
    pub sample: usize,
    /// Offset of the cursor within its sample, or within its update.
    pub offset: usize,
    /// Quiz mode hides the current step's value: no panel may show it.
    pub hide: bool,
    /// For a gradient step: the finite-difference estimate of the same gradient.
    pub check: Option<GradientCheck>,
}

impl<'a> View<'a> {
    /// Computes what the frame shows of the tutor's current step.
    pub(crate) fn new(app: &'a App, tutor: &'a Tutor, theme: Theme) -> Self {
        let step = tutor.current();
        let batch = tutor.trace.batch(step.epoch, step.batch);
        let formula = tutor.trace.formula(&step);
        // A set: a frame asks it once per cell (784 inputs for a wide layer).
        let reads: HashSet<Sym> = tutor
            .trace
            .inputs_of(&step, &formula)
            .into_iter()
            .map(|input| input.sym)
            .collect();
        View {
            app,
            tutor,
            lesson: tutor.trace.lesson(),
            theme,
            step,
            batch,
            formula,
            reads,
            sample: tutor.sample(),
            offset: tutor.layout().slot(step.index).offset,
            hide: app.hides_current(),
            check: tutor.trace.gradient_check(&step),
        }
    }

    /// Is `id` the current step's number, hidden by the quiz?
    pub fn hidden(&self, id: StepId) -> bool {
        self.hide && self.step.id == id
    }

    /// Is the current step part of an update (after a batch), not of a sample?
    pub fn is_update(&self) -> bool {
        matches!(self.step.place, Place::Batch(_))
    }

    /// The numbers of the sample the network shows.
    pub fn values(&self) -> SampleValues<'_> {
        self.batch
            .sample(self.sample)
            .expect("a batch records each of its samples")
    }

    /// Has the trace computed this forward/loss/backward number of the shown sample yet?
    pub fn known(&self, id: StepId) -> bool {
        if self.is_update() {
            return true;
        }
        self.tutor
            .layout()
            .sample_offset(id)
            .is_some_and(|o| o <= self.offset)
    }

    /// Has the update already written this parameter (w or b)?
    pub fn updated(&self, id: StepId) -> bool {
        self.is_update()
            && self
                .tutor
                .layout()
                .update_offset(id)
                .is_some_and(|o| o <= self.offset)
    }

    /// Does the current formula read this neuron value (z, a or δ of layer `l`)?
    pub fn reads_value(&self, q: Quantity, l: usize, j: usize) -> bool {
        let sym = match q {
            Quantity::Z => Sym::z(l, j),
            Quantity::A => Sym::a(l, j),
            Quantity::Delta => Sym::delta(l, j),
            _ => return false,
        };
        self.reads.contains(&sym)
    }

    /// Does the current formula read this parameter (weight `[j,k]`, or bias `[j]` for
    /// k = None) as an input? The parameter an update writes is the current one, not read.
    pub fn reads_param(&self, l: usize, j: usize, k: Option<usize>) -> bool {
        if self.is_update() {
            return false;
        }
        let sym = match k {
            Some(k) => Sym::w(l, j, k),
            None => Sym::b(l, j),
        };
        self.reads.contains(&sym)
    }

    /// Is this the parameter the current (update or gradient) step is about?
    pub fn is_current_param(&self, l: usize, j: usize, k: Option<usize>) -> bool {
        let here = match k {
            Some(k) => Param::w(l, j, k),
            None => Param::b(l, j),
        };
        self.step.id.param() == Some(here)
    }

    /// The layer the current step belongs to (the output layer for the loss).
    pub fn layer(&self) -> usize {
        match self.step.id.layer {
            0 => self.lesson.depth(),
            l => l,
        }
    }

    /// The view of the current step's layer kind.
    pub fn layer_view(&self) -> &dyn super::kind::LayerView {
        self.lesson.layers[self.layer() - 1].kind.contract()
    }

    /// Layer `l`'s activation (layers from 1).
    pub fn activation(&self, l: usize) -> Activation {
        self.lesson.layers[l - 1].activation()
    }

    /// A value in a cell: 4 significant digits, at most 10 characters.
    pub fn cell(&self, v: f64) -> String {
        cell(v, &self.theme)
    }

    /// A value in the formula panel: at most 6 significant digits, as the exports write it.
    pub fn precise(&self, v: f64) -> String {
        number::format(v, number::SHOWN, self.app.settings.notation())
    }

    /// A bordered block with a title.
    pub fn block(&self, title: String) -> Block<'static> {
        panel_block(&self.theme, title)
    }

    fn render(&self, area: Rect, buf: &mut Buffer) {
        let [header, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        header::render(self, header, buf);
        footer::render(self.app, &self.theme, footer, buf);
        let areas = if body.width >= WIDE {
            self.wide(body)
        } else {
            self.narrow(body)
        };
        self.layer_view().picture(self, areas.network, buf);
        formula::render(self, areas.formula, buf);
        if self.app.matrix_view() {
            matrix::render(self, areas.params, buf);
        } else {
            params::render(self, areas.params, buf);
        }
        if areas.loss.area() > 0 {
            loss_chart::render(self, areas.loss, buf);
        }
        if let Some(notes) = areas.notes {
            notes::render(self, notes, buf);
        }
    }

    /// Network and loss on the left; formula, parameters and notes on the right. A lesson of
    /// one epoch has no curve to draw: its loss panel is only text, and the notes move under it.
    fn wide(&self, body: Rect) -> Areas {
        // Up to half the width; a little more if the picture needs it for its edges.
        let net_w = network::wanted_width(self)
            .max(body.width * 2 / 5)
            .clamp(40, body.width / 2)
            .max(network::min_width(self).min(body.width * 11 / 20));
        let [left, right] =
            Layout::horizontal([Constraint::Length(net_w), Constraint::Fill(1)]).areas(body);
        let curve = self.tutor.trace.epochs() > 1;
        let loss_text = loss_chart::text_rows(self) + 2;
        let loss_min = if curve {
            8.min(left.height / 3)
        } else {
            loss_text
        };
        // The picture takes up to two fifths of the column, to spread its neurons out.
        let net_h = self
            .layer_view()
            .picture_height(self, true)
            .max(left.height * 2 / 5)
            .min(network::spread_height(self))
            .min(left.height.saturating_sub(loss_min))
            .max(5);
        let below = left.height.saturating_sub(net_h);
        let loss_h = if curve || below < loss_text + 4 {
            below
        } else {
            loss_text
        };
        let [network, loss, left_notes] = Layout::vertical([
            Constraint::Length(net_h),
            Constraint::Length(loss_h),
            Constraint::Fill(1),
        ])
        .areas(left);
        let notes_left = !curve && left_notes.height >= 4;
        let inner_w = right.width.saturating_sub(2);
        let formula_h = (formula::wanted_height(self, inner_w) + 2)
            .min(right.height / 2)
            .max(5.min(right.height));
        let rest = right.height.saturating_sub(formula_h);
        // The notes keep room for their text (up to a third) unless they sit on the left.
        let note_rows = notes::wanted_height(self, inner_w);
        let notes_want = if notes_left || note_rows == 0 {
            0
        } else {
            (note_rows + 2).min(rest / 3)
        };
        let mut params_h = (self.lower_height(inner_w) + 2)
            .min(rest.saturating_sub(notes_want))
            .max(5.min(rest));
        // Leftover too small for a panel, or notes drawn on the left: parameters take it.
        if notes_left || rest - params_h < 3 {
            params_h = rest;
        }
        let [formula, params, right_notes] = Layout::vertical([
            Constraint::Length(formula_h),
            Constraint::Length(params_h),
            Constraint::Fill(1),
        ])
        .areas(right);
        let notes = if notes_left { left_notes } else { right_notes };
        Areas {
            network,
            formula,
            params,
            loss,
            notes: (notes.height >= 3).then_some(notes),
        }
    }

    /// Network across the top, then the formula, then parameters beside the loss, then the
    /// notes when there is room. The formula keeps a steady height for most steps (so the
    /// panels do not jump while stepping); the network comes next, a window of it if need be;
    /// spare rows go to the parameters, spacing the neurons out, and the notes.
    fn narrow(&self, body: Rect) -> Areas {
        if self.app.matrix_view() {
            return self.narrow_matrix(body);
        }
        let h = body.height;
        let inner_w = body.width.saturating_sub(2);
        let formula_h = (formula::wanted_height(self, inner_w) + 2).clamp(7.min(h / 3), 12);
        let bottom_min = 5;
        let compact = self.layer_view().picture_height(self, false);
        let roomy = self.layer_view().picture_height(self, true);
        let mut net_h = compact.min(h.saturating_sub(formula_h + bottom_min)).max(5);
        let mut left = h.saturating_sub(formula_h + net_h);
        let wanted_bottom = (params::wanted_height(self) + 2).max(bottom_min);
        let first_grid = (params::min_height(self) + 2).max(bottom_min);
        // The first matrix whole, then space between neurons, then the other matrices.
        let mut bottom_h = first_grid.min(left);
        left -= bottom_h;
        let spacing = roomy.saturating_sub(net_h).min(left);
        net_h += spacing;
        left -= spacing;
        let grow = wanted_bottom.saturating_sub(bottom_h).min(left);
        bottom_h += grow;
        left -= grow;
        let notes_h = if left >= 4 { left } else { 0 };
        bottom_h += left - notes_h;
        let [network, formula, bottom, notes] = Layout::vertical([
            Constraint::Length(net_h),
            Constraint::Length(formula_h),
            Constraint::Length(bottom_h),
            Constraint::Length(notes_h),
        ])
        .areas(body);
        let [params, loss] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(bottom);
        Areas {
            network,
            formula,
            params,
            loss,
            notes: (notes.height >= 3).then_some(notes),
        }
    }
}

impl View<'_> {
    /// Rows the panel under the formula wants inside its borders: the parameters, or in the
    /// matrix view the vector equation.
    fn lower_height(&self, inner_w: u16) -> u16 {
        if self.app.matrix_view() {
            matrix::wanted_height(self, inner_w)
        } else {
            params::wanted_height(self)
        }
    }

    /// The narrow layout in the matrix view: the network, the formula, then the vector
    /// equation across the whole width (the loss panel gives way), then the notes if there is
    /// room. The formula and the equation's entries come first, then the network's neurons
    /// (none if fewer than four rows are left), then the equation's names, shapes and note,
    /// then spacing.
    fn narrow_matrix(&self, body: Rect) -> Areas {
        let h = body.height;
        let inner_w = body.width.saturating_sub(2);
        let formula_h = (formula::wanted_height(self, inner_w) + 2).clamp(7.min(h / 3), 12);
        let mut left = h.saturating_sub(formula_h);
        let mut matrix_h = (matrix::min_height(self, inner_w) + 2).min(left);
        left -= matrix_h;
        let mut net_h = self.layer_view().picture_height(self, false).min(left);
        if net_h < 4 {
            net_h = 0;
        }
        left -= net_h;
        let grow = (matrix::wanted_height(self, inner_w) + 2)
            .saturating_sub(matrix_h)
            .min(left);
        matrix_h += grow;
        left -= grow;
        let spacing = match net_h {
            0 => 0,
            _ => self
                .layer_view()
                .picture_height(self, true)
                .saturating_sub(net_h)
                .min(left),
        };
        net_h += spacing;
        left -= spacing;
        let notes_h = if left >= 4 { left } else { 0 };
        matrix_h += left - notes_h;
        let [network, formula, matrix, notes] = Layout::vertical([
            Constraint::Length(net_h),
            Constraint::Length(formula_h),
            Constraint::Length(matrix_h),
            Constraint::Length(notes_h),
        ])
        .areas(body);
        Areas {
            network,
            formula,
            params: matrix,
            loss: Rect::new(matrix.x, matrix.bottom(), 0, 0),
            notes: (notes.height >= 3).then_some(notes),
        }
    }
}

struct Areas {
    network: Rect,
    formula: Rect,
    params: Rect,
    loss: Rect,
    notes: Option<Rect>,
}

/// A value in a cell: 4 significant digits, at most 10 characters.
pub fn cell(v: f64, theme: &Theme) -> String {
    let s = number::format(v, Digits::Sig(4), theme.notation());
    if s.chars().count() > 10 {
        format!("{v:.3e}")
    } else {
        s
    }
}

/// Old and new value with just enough significant digits (4 to 8) to show that they differ:
/// `0.07870→0.07870` says nothing, `0.0786981→0.0786978` does.
pub fn cell_pair(old: f64, new: f64, theme: &Theme) -> (String, String) {
    let notation = theme.notation();
    let show = |v: f64, d: usize| number::format(v, Digits::Sig(d), notation);
    (4..=8)
        .map(|d| (show(old, d), show(new, d)))
        .find(|(a, b)| a != b)
        .unwrap_or_else(|| (cell(old, theme), cell(new, theme)))
}

/// A panel's border, titled in the heading style.
pub fn panel_block(theme: &Theme, title: String) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .border_set(theme.border)
        .title(Span::styled(format!(" {title} "), theme.heading))
}

/// Superscript layer index: `⁽¹⁾`, or `(1)` in ASCII.
pub fn sup(l: usize, theme: &Theme) -> String {
    scripts::layer(l, theme.notation())
}

/// Display width of text in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Text cut to `max` columns, ending with an ellipsis when cut.
pub fn fit(text: &str, max: usize, theme: &Theme) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let ell = theme.ellipsis();
    let keep = max.saturating_sub(width(ell));
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > keep {
            break;
        }
        out.push(c);
        w += cw;
    }
    if max >= width(ell) {
        out.push_str(ell);
    }
    out
}

/// Prose (a note, a summary) as paragraphs: lines break only at blank lines, so the text
/// reflows to any width; paragraphs stay apart.
pub fn paragraphs(text: &str) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, para) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        let joined: Vec<&str> = para.lines().map(str::trim).collect();
        lines.push(Line::raw(joined.join(" ")));
    }
    lines
}

/// A paragraph of wrapped text in an area.
pub fn wrapped(lines: Vec<Line<'static>>, style: Style) -> Paragraph<'static> {
    Paragraph::new(lines)
        .style(style)
        .wrap(Wrap { trim: false })
}
