//! The matrix view (`m`): the current step as one entry of its layer's vector equation, with
//! the real numbers: z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ σ′(z⁽ˡ⁾),
//! ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, W ← W − η∂L/∂W, and the rest. The current entry is highlighted,
//! and so are the entries that produce it (a row of W, a column of it through the transpose);
//! entries the trace has not computed yet at this step are blank, as in the scalar view, and
//! the quiz's hidden number is `?`.
//!
//! `sample` builds the equations of a sample's steps, `update` those of an update; `block`
//! draws matrices and lays equations out to the panel's width. Every number comes from the
//! trace's read API ([`crate::trace::Batch`], [`crate::trace::SampleValues`]).

pub mod block;
mod sample;
mod update;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::notation::scripts::subscript;
use crate::trace::formula::{Func, func_name};
use crate::trace::{Quantity, SampleValues, StepId};

use super::formula::hang;
use super::geometry::Panel;
use super::theme::Theme;
use super::{View, sup};
pub use block::Equation;
use block::{Entry, Fit, Show, Term, bands};

/// The most rows and columns of entries a matrix shows, however much room there is.
const MAX_ROWS: usize = 12;
const MAX_COLS: usize = 8;

/// What the equations are built from: the frame's view of the current step.
#[derive(Clone, Copy)]
pub struct Ctx<'v, 'a> {
    /// The frame's view of the current step.
    pub view: &'v View<'a>,
}

impl<'v, 'a> Ctx<'v, 'a> {
    fn theme(&self) -> &'v Theme {
        &self.view.theme
    }

    /// `unicode`, or `ascii` under `--ascii`.
    pub(crate) fn t(&self, unicode: &str, ascii: &str) -> String {
        if self.view.theme.ascii {
            ascii
        } else {
            unicode
        }
        .to_string()
    }

    /// A layer's vector or matrix by name: `W⁽¹⁾`, `δ⁽²⁾` (`delta(2)` in ASCII).
    pub(crate) fn name(&self, unicode: &str, ascii: &str, l: usize) -> String {
        format!("{}{}", self.t(unicode, ascii), sup(l, self.theme()))
    }

    /// `(W⁽²⁾)ᵀ`, `(W(2))^T`.
    pub(crate) fn transposed(&self, name: &str) -> String {
        format!("({name}){}", self.t("ᵀ", "^T"))
    }

    /// Two factors of a matrix product side by side: `W⁽¹⁾a⁽⁰⁾`, `W(1) a(0)`.
    fn product(&self, a: &str, b: &str) -> String {
        format!("{a}{}{b}", self.t("", " "))
    }

    /// ⊙, or (*) in ASCII.
    pub(crate) fn hadamard(&self) -> String {
        self.t("⊙", "(*)")
    }

    /// ∂L/∂X with X a layer's matrix or vector (`∂L/∂W⁽¹⁾`, `dL/dW(1)`); `sample` names one
    /// sample's loss (`∂L₂/∂W⁽¹⁾`).
    fn gradient(&self, x: &str, l: usize, sample: Option<usize>) -> String {
        let loss = match sample {
            None => "L".to_string(),
            Some(n) if self.view.theme.ascii => format!("L[{n}]"),
            Some(n) => format!("L{}", subscript(&n.to_string())),
        };
        let d = self.t("∂", "d");
        format!("{d}{loss}/{d}{}", self.name(x, x, l))
    }

    /// The function a layer applies: σ, tanh, ReLU (sigmoid, … in ASCII).
    fn function(&self, l: usize) -> String {
        let f = Func::from(self.view.activation(l));
        func_name(f, self.view.app.settings.notation())
    }

    /// `σ′(z⁽¹⁾)`, `sigmoid'(z(1))`.
    fn derivative(&self, l: usize) -> String {
        format!(
            "{}{}({})",
            self.function(l),
            self.t("′", "'"),
            self.name("z", "z", l)
        )
    }

    /// A value written as the formula panel writes numbers (6 significant digits).
    pub(crate) fn precise(&self, v: f64) -> String {
        self.view.precise(v)
    }

    /// The numbers of the sample the view shows.
    fn values(&self) -> SampleValues<'v> {
        self.view.values()
    }

    fn style(&self, current: bool, read: bool) -> Style {
        if current {
            self.theme().current
        } else if read {
            self.theme().read
        } else {
            Style::new()
        }
    }

    /// A number no step of this sample or update computes (a parameter before the update, an
    /// input, a target, a derivative of known numbers): always shown.
    pub(crate) fn known(&self, v: f64, read: bool) -> Entry {
        Entry {
            text: self.view.cell(v),
            style: self.style(false, read),
            show: Show::Value,
        }
    }

    /// A chain-rule factor of the current δ (f′, ∂L/∂a, the error passed back) at row `r`:
    /// known, but `?` in the current row while the quiz hides the δ, as the formula panel
    /// holds back its terms.
    fn factor(&self, v: f64, current_row: bool) -> Entry {
        let mut e = self.known(v, current_row);
        if current_row && self.view.hide {
            e.show = Show::Hidden;
        }
        e
    }

    /// The number of step `id` of the shown sample: blank until the trace has computed it, `?`
    /// while the quiz hides it. Inputs (layer 0) are always known.
    pub(crate) fn sample(&self, id: StepId, v: f64, read: bool) -> Entry {
        let view = self.view;
        let current = !view.is_update() && view.step.id == id;
        let show = if view.hidden(id) {
            Show::Hidden
        } else if id.layer == 0 || view.known(id) {
            Show::Value
        } else {
            Show::Blank
        };
        Entry {
            text: view.cell(v),
            style: self.style(current, read),
            show,
        }
    }

    /// The number of update step `id`: blank until the update has written it.
    pub(crate) fn update(&self, id: StepId, v: f64, read: bool) -> Entry {
        let view = self.view;
        let layout = view.tutor.layout();
        let id = layout.resolve(id);
        let done = view.is_update() && layout.update_offset(id).is_some_and(|o| o <= view.offset);
        let show = if view.hidden(id) {
            Show::Hidden
        } else if done {
            Show::Value
        } else {
            Show::Blank
        };
        Entry {
            text: view.cell(v),
            style: self.style(view.step.id == id, read),
            show,
        }
    }

    /// The current step's value as a scalar term (the loss), `?` while hidden.
    fn current_scalar(&self) -> Term<'static> {
        let view = self.view;
        let text = if view.hide {
            "?".to_string()
        } else {
            view.precise(view.step.value)
        };
        Term::Op(text, view.theme.current)
    }
}

/// The equations of the current step, as its layer's kind writes them.
fn equations<'v>(view: &'v View) -> Vec<Equation<'v>> {
    view.layer_view().equations(Ctx { view })
}

/// The equations of a dense layer's current step: a sample's or an update's.
pub fn dense_equations<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    if c.view.is_update() {
        update::equations(c)
    } else {
        sample::equations(c)
    }
}

/// The equations of an update step of any layer's 2-D weights or bias vector: the optimizer's
/// rule, and the batch mean of the gradient.
pub fn update_equations<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    update::equations(c)
}

/// The largest rows and columns any matrix of the equations has (capped).
fn extent(eqs: &[Equation]) -> (usize, usize) {
    eqs.iter()
        .flat_map(|e| &e.terms)
        .filter_map(|t| match t {
            Term::Matrix(m) => Some((m.rows, m.cols)),
            Term::Op(..) => None,
        })
        .fold((1, 1), |(r, c), (mr, mc)| (r.max(mr), c.max(mc)))
}

/// Every equation: its symbols, then its terms in bands.
fn draw(eqs: &[Equation], fit: Fit, theme: &Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, eq) in eqs.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        let mut head = vec![Span::styled(eq.symbolic.clone(), theme.heading)];
        if !fit.shapes {
            head.push(Span::raw("   "));
        }
        let shapes = if fit.shapes {
            String::new()
        } else {
            shapes(eq, theme)
        };
        lines.extend(hang(head, &shapes, theme.dim, w, 4));
        lines.extend(bands(&eq.terms, fit, theme, w));
    }
    lines
}

/// The equation's shapes in its own order, for when the matrices have no room for them:
/// `2×2 = 2×1 1×2`.
fn shapes(eq: &Equation, theme: &Theme) -> String {
    let parts: Vec<String> = eq
        .terms
        .iter()
        .map(|t| match t {
            Term::Matrix(m) => m.shape(theme),
            Term::Op(text, _) => text.clone(),
        })
        .collect();
    parts.join(" ")
}

/// The equations drawn as large as fits `w` × `h`. Every entry, if they fit, with or without
/// the names above the matrices and the shapes under them; else the largest windows that fit,
/// names and shapes kept if there is room.
fn fitted(eqs: &[Equation], theme: &Theme, w: usize, h: usize) -> Vec<Line<'static>> {
    let (rows, cols) = extent(eqs);
    let (rows, cols) = (rows.min(MAX_ROWS), cols.min(MAX_COLS));
    let labels = [(true, true), (false, true), (false, false)];
    let whole = labels.iter().map(|&l| (rows, cols, l));
    // Windows shrink in rows and columns together, so that a wide matrix keeps some columns.
    let windows = labels.iter().flat_map(|&l| {
        (1..=rows.max(cols))
            .rev()
            .map(move |s| (rows.min(s), cols.min(s), l))
    });
    let mut smallest = Vec::new();
    for (r, c, (captions, shapes)) in whole.chain(windows) {
        let fit = Fit {
            rows: r,
            cols: c,
            captions,
            shapes,
        };
        let lines = draw(eqs, fit, theme, w);
        if lines.len() <= h && lines.iter().all(|l| l.width() <= w) {
            return lines;
        }
        smallest = lines;
    }
    smallest
}

/// The panel's lines: the equations as large as fit `w` × `h`, then what the current entry
/// is made of, in words.
fn lines(view: &View, w: usize, h: usize) -> Vec<Line<'static>> {
    let eqs = equations(view);
    let notes = note(view)
        .map(|n| hang(Vec::new(), &n, view.theme.dim, w, 2))
        .unwrap_or_default();
    let mut lines = fitted(&eqs, &view.theme, w, h);
    lines.extend(notes);
    lines
}

/// In words, how the current entry comes out of the equation.
fn note(view: &View) -> Option<String> {
    let c = Ctx { view };
    if view.is_update() {
        return Some(update::note(c));
    }
    view.layer_view().matrix_note(c)
}

/// In words, how the current entry of a dense layer's sample step comes out of its equation.
pub fn sample_note(c: Ctx) -> Option<String> {
    sample::note(c, c.view.step.id)
}

/// `Matrix form · layer 1`, `Matrix form · update of layer 2`.
fn title(view: &View) -> String {
    let sep = view.theme.sep();
    let lang = view.theme.lang;
    let id = view.step.id;
    let layer = id.layer.to_string();
    let what = match id.quantity {
        Quantity::Loss => lang.t("phase-loss"),
        _ if view.is_update() => crate::tr!(lang, "matrix-update-of-layer", layer = layer),
        _ => crate::tr!(lang, "matrix-layer", layer = layer),
    };
    format!("{}{sep}{what}", lang.t("panel-matrix"))
}

/// Draws the matrix view's panel: the equations as large as fit, then (scrolling) what the
/// current entry is made of, in words.
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let (w, h) = (
        area.width.saturating_sub(2) as usize,
        area.height.saturating_sub(2) as usize,
    );
    let lines = if w == 0 || h == 0 {
        Vec::new()
    } else {
        lines(view, w, h)
    };
    let extent = view.scrolled(Panel::Matrix, lines.len(), h, 0);
    let block = view.panel(Panel::Matrix, title(view), Some(extent));
    Paragraph::new(lines)
        .scroll((extent.top.min(u16::MAX as usize) as u16, 0))
        .block(block)
        .render(area, buf);
}
