//! Drawing: a pure function of the app's state, the trace and the area. `impl Widget for &App`
//! lays out the panels, each drawn by its own module from a [`View`] of the current step.

pub mod ambiguous;
mod card;
mod footer;
mod formula;
pub mod geometry;
mod gradcheck;
mod header;
mod help;
mod loss_chart;
pub mod matrix;
pub mod network;
mod notes;
mod params;
mod picker;
mod quiz_mask;
mod raster;
mod summary;
pub mod theme;

use std::collections::{HashMap, HashSet};

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

use super::app::{App, Extent, Mode, Tutor};
use geometry::Panel;
pub(crate) use notes::NoteCache;
use theme::Theme;

/// The narrowest terminal the tutor draws in, in columns; a smaller one is told its size.
pub const MIN_WIDTH: u16 = 70;
/// The shortest terminal the tutor draws in, in rows.
pub const MIN_HEIGHT: u16 = 20;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
        if self.settings.wide_ambiguous {
            ambiguous::widen(buf);
        }
    }
}

/// The frame, laid out as ratatui counts columns.
fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::new(app.settings);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf, theme.lang);
        return;
    }
    let secrets = match &app.tutor {
        Some(tutor) => {
            let view = View::new(app, tutor, theme);
            view.render(area, buf);
            view.secrets
        }
        None => {
            picker::render(app, &theme, area, buf);
            Vec::new()
        }
    };
    match app.mode {
        Mode::Help => help::render(app, &theme, area, buf),
        Mode::Notes => notes::overlay(app, &theme, area, buf, &secrets),
        Mode::Summary => summary::render(app, &theme, area, buf),
        Mode::Leave => summary::leave(app, &theme, area, buf),
        Mode::Card => card::render(app, &theme, area, buf),
        _ => {}
    }
}

fn too_small(area: Rect, buf: &mut Buffer, lang: crate::i18n::Lang) {
    let size = |w: u16, h: u16| format!("{w}x{h}");
    let lines = vec![
        Line::from(crate::tr!(
            lang,
            "tui-too-small",
            need = size(MIN_WIDTH, MIN_HEIGHT)
        )),
        Line::from(crate::tr!(
            lang,
            "tui-it-is",
            size = size(area.width, area.height)
        )),
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
    /// Each value the formula reads, by order of first appearance: its colour, shared by its
    /// number in the formula and its cell in the other panels.
    pub links: HashMap<Sym, usize>,
    /// The sample whose values the network shows, from 1 (during an update: the batch's last).
    pub sample: usize,
    /// Offset of the cursor within its sample, or within its update.
    pub offset: usize,
    /// Quiz mode hides the current step's value: no panel may show it.
    pub hide: bool,
    /// For a gradient step: the finite-difference estimate of the same gradient.
    pub check: Option<GradientCheck>,
    /// Values the quiz keeps secret now (sorted): no note may write them.
    pub secrets: Vec<f64>,
}

impl<'a> View<'a> {
    /// Computes what the frame shows of the tutor's current step.
    pub(crate) fn new(app: &'a App, tutor: &'a Tutor, theme: Theme) -> Self {
        let step = tutor.current();
        let batch = tutor.trace.batch(step.epoch, step.batch);
        let formula = tutor.trace.formula(&step);
        // A set: a frame asks it once per cell (784 inputs for a wide layer).
        let inputs = tutor.trace.inputs_of(&step, &formula);
        let reads: HashSet<Sym> = inputs.iter().map(|input| input.sym).collect();
        let links: HashMap<Sym, usize> = inputs
            .iter()
            .enumerate()
            .map(|(i, input)| (input.sym, i))
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
            links,
            sample: tutor.sample(),
            offset: tutor.layout().slot(step.index).offset,
            hide: app.hides_current(),
            check: tutor.trace.gradient_check(&step),
            secrets: Vec::new(),
        }
        .with_secrets()
    }

    fn with_secrets(mut self) -> Self {
        self.secrets = quiz_mask::secrets(&self);
        self
    }

    /// Is `id` the current step's number, hidden by the quiz?
    pub fn hidden(&self, id: StepId) -> bool {
        self.hide && self.step.id == id
    }

    /// The style of a value the formula reads: its own colour, the same in every panel.
    pub fn link_style(&self, sym: &Sym) -> Style {
        match self.links.get(sym) {
            Some(&i) => self.theme.linked(i),
            None => self.theme.read,
        }
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

    /// A value in a cell: 4 significant digits, at most 10 characters; `?` for the number
    /// the quiz hides, wherever it shows (a bias's gradient is its neuron's δ, a linear
    /// layer's a its z), unless it is a whole number, too common to give anything away.
    pub fn cell(&self, v: f64) -> String {
        if self.hide && v == self.step.value && v.fract() != 0.0 {
            return "?".into();
        }
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
        let areas = geometry::areas(self, body);
        self.app.drawn.borrow_mut().areas = areas;
        self.layer_view().picture(self, areas.network, buf);
        formula::render(self, areas.formula, buf);
        if let Some(r) = areas.params {
            params::render(self, r, buf);
        }
        if let Some(r) = areas.matrix {
            matrix::render(self, r, buf);
        }
        if areas.loss.area() > 0 {
            loss_chart::render(self, areas.loss, buf);
        }
        if let Some(notes) = areas.notes {
            notes::render(self, notes, buf);
        }
    }

    /// A bordered panel's block, lit when it has the focus, with a scroll position in its
    /// bottom border when its content is taller than it.
    pub fn panel(&self, panel: Panel, title: String, extent: Option<Extent>) -> Block<'static> {
        let mut block = self.block(title);
        if self.app.focus == Some(panel) {
            block = block
                .border_style(self.theme.focus)
                .title_bottom(Span::styled(
                    crate::tr!(
                        self.theme.lang,
                        "panel-focused",
                        arrows = self.theme.sym("↑↓", "Up Down"),
                        sep = self.theme.sep()
                    ),
                    self.theme.focus,
                ));
        }
        if let Some(e) = extent.filter(|e| e.max > 0) {
            let arrows = match (e.top > 0, e.top < e.max) {
                (true, true) => self.theme.sym("↑↓", "^v"),
                (true, false) => self.theme.sym("↑", "^"),
                _ => self.theme.sym("↓", "v"),
            };
            let last = (e.top + e.rows).min(e.max + e.rows);
            let more = crate::tr!(
                self.theme.lang,
                "panel-rows",
                first = (e.top + 1).to_string(),
                last = last.to_string(),
                all = (e.max + e.rows).to_string(),
                arrows = arrows
            );
            block = block.title_bottom(Line::styled(more, self.theme.dim).right_aligned());
        }
        block
    }

    /// The first row to show of a panel's `total` rows in `rows` rows: where the learner
    /// scrolled it, else `auto`; and the panel's extent, recorded for the keys and the mouse.
    pub fn scrolled(&self, panel: Panel, total: usize, rows: usize, auto: usize) -> Extent {
        let max = total.saturating_sub(rows);
        let top = self.app.scroll.top(panel).unwrap_or(auto).min(max);
        let e = Extent { top, max, rows };
        self.app.drawn.borrow_mut().extents.insert(panel, e);
        e
    }
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
        lines.push(Line::raw(crate::notation::prose::join_lines(para.lines())));
    }
    lines
}

/// A paragraph of wrapped text in an area.
pub fn wrapped(lines: Vec<Line<'static>>, style: Style) -> Paragraph<'static> {
    Paragraph::new(lines)
        .style(style)
        .wrap(Wrap { trim: false })
}
