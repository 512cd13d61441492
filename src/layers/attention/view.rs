//! Attention in the tutor: the network as blocks, then the attention matrix of the current
//! head, T × T — the scores, the masked cells and the weights (or, backward, their
//! gradients) — with the current query's row and the current entry lit, and under it the
//! query, key and value vectors the current entry reads.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use crate::layers::diagram;
use crate::trace::{Index, Inner, Quantity, StepId};
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::fit;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::Attention;

/// Columns of a matrix cell.
const CELL: usize = 9;

/// The matrix view of a step without a matrix form of its own: none (the formula panel
/// writes it in full).
pub(crate) fn generic<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    crate::layers::matrices::equations(c)
}

impl Attention {
    /// Which square quantity the matrix shows for the current step: the scores on a score
    /// step, their gradient or the weights' backward, the weights otherwise.
    fn shown(view: &View) -> Inner {
        match view.step.id.quantity {
            Quantity::Block(Inner::Score) => Inner::Score,
            Quantity::Block(Inner::DAttn) => Inner::DAttn,
            Quantity::Block(Inner::DScore) => Inner::DScore,
            _ => Inner::Attn,
        }
    }

    /// The head, query and key the current step is about.
    fn focus(&self, view: &View) -> (usize, usize, usize) {
        let id = view.step.id;
        match id.quantity {
            Quantity::Block(Inner::Score | Inner::Attn | Inner::DAttn | Inner::DScore) => {
                self.hts(&id.ix)
            }
            Quantity::Block(_) | Quantity::A | Quantity::Delta if id.ix.len() == 2 => {
                let dh = view.lesson.layers[id.layer - 1].input.features() / self.heads;
                (id.ix.k().unwrap_or(0) / dh.max(1), id.ix.j(), id.ix.j())
            }
            _ => (0, 0, 0),
        }
    }

    /// Draws the matrix of `inner` for head `h` in `area`; returns the rows used.
    fn matrix(
        &self,
        view: &View,
        area: Rect,
        buf: &mut Buffer,
        inner: Inner,
        (h, t0, s0): (usize, usize, usize),
    ) -> u16 {
        let theme = &view.theme;
        let l = view.layer();
        let positions = view.lesson.layers[l - 1].input.positions();
        let label = 8usize;
        let cols = ((area.width as usize).saturating_sub(label) / CELL).clamp(1, positions);
        let rows = (area.height as usize).saturating_sub(1).clamp(1, positions);
        let first_s = s0.saturating_sub(cols / 2).min(positions - cols);
        let first_t = t0.saturating_sub(rows / 2).min(positions - rows);
        let head = if self.heads > 1 {
            format!("h{} ", h + 1)
        } else {
            String::new()
        };
        buf.set_string(
            area.x,
            area.y,
            fit(&format!("{head}q\\k"), label - 1, theme),
            theme.heading,
        );
        for (c, s) in (first_s..first_s + cols).enumerate() {
            let style = if s == s0 {
                theme.current
            } else {
                theme.heading
            };
            let x = area.x + (label + c * CELL) as u16;
            buf.set_string(
                x,
                area.y,
                fit(&format!("s={}", s + 1), CELL - 1, theme),
                style,
            );
        }
        for (r, t) in (first_t..first_t + rows).enumerate() {
            let y = area.y + 1 + r as u16;
            let row_style = if t == t0 { theme.read } else { Style::new() };
            buf.set_string(
                area.x,
                y,
                fit(&format!("t={}", t + 1), label - 1, theme),
                row_style,
            );
            for (c, s) in (first_s..first_s + cols).enumerate() {
                let x = area.x + (label + c * CELL) as u16;
                let id = StepId {
                    quantity: Quantity::Block(inner),
                    layer: l,
                    ix: self.score_ix(h, t, s),
                };
                let text = if !self.allowed(t, s) && matches!(inner, Inner::Score | Inner::Attn) {
                    match theme.ascii {
                        true => "-inf".to_string(),
                        false => theme.lang.t("view-attention-mask"),
                    }
                } else if view.hidden(id) {
                    "?".into()
                } else if view.known(id) {
                    view.cell(view.values().value(&id))
                } else {
                    theme.sym("·", ".").into()
                };
                let style = if view.step.id == id {
                    theme.current
                } else if !self.allowed(t, s) {
                    theme.dim
                } else if view.reads.iter().any(|sym| matches!(sym, crate::trace::Sym::Q { q, l: sl, ix } if *sl == l && *ix == id.ix && *q == id.quantity)) || t == t0 {
                    theme.read
                } else {
                    Style::new()
                };
                buf.set_string(x, y, fit(&text, CELL - 1, theme), style);
            }
        }
        (rows + 1) as u16
    }

    /// `q₂ = [0.1, …]`: a vector of the current head at a position, if computed.
    fn vector(&self, view: &View, which: Inner, t: usize, h: usize) -> String {
        let l = view.layer();
        let d = view.lesson.layers[l - 1].input.features();
        let dh = d / self.heads;
        let name = crate::trace::formula::symbol(
            &crate::trace::Sym::Q {
                q: Quantity::Block(which),
                l,
                ix: Index::one(t),
            },
            view.app.settings.notation(),
        );
        let values: Vec<String> = (h * dh..(h + 1) * dh)
            .map(|c| {
                let id = StepId::new(Quantity::Block(which), l, &[t, c]);
                if view.hidden(id) {
                    "?".into()
                } else if view.known(id) {
                    view.cell(view.values().value(&id))
                } else {
                    view.theme.sym("·", ".").into()
                }
            })
            .collect();
        format!("{name} = [{}]", values.join(", "))
    }
}

impl LayerView for Attention {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let inner_q = Attention::shown(view);
        let (h, t, s) = self.focus(view);
        let lang = view.theme.lang;
        let what = match inner_q {
            Inner::Score => lang.t("view-attention-scores"),
            Inner::DAttn => "∂L/∂attn".to_string(),
            Inner::DScore => "∂L/∂S".to_string(),
            _ => lang.t("view-attention-weights"),
        };
        let sep = view.theme.sep();
        let title = format!(
            "{}{sep}{}{sep}{}",
            lang.t("view-attention-title"),
            crate::tr!(
                lang,
                "view-attention-layer",
                layer = view.layer().to_string()
            ),
            view.theme.text(&what)
        );
        let block = view.block(title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 3 {
            return;
        }
        let vectors = 3u16.min(inner.height.saturating_sub(3) / 2);
        let diagram_rows = if inner.height >= diagram::rows(view.lesson) + 8 {
            diagram::rows(view.lesson)
        } else {
            0
        };
        let mut y = inner.y;
        if diagram_rows > 0 {
            diagram::draw(view, Rect::new(inner.x, y, inner.width, diagram_rows), buf);
            y += diagram_rows;
        }
        let matrix_h = inner.bottom().saturating_sub(y + vectors);
        y += self.matrix(
            view,
            Rect::new(inner.x, y, inner.width, matrix_h),
            buf,
            inner_q,
            (h, t, s),
        );
        for (i, (which, at)) in [(Inner::Query, t), (Inner::Key, s), (Inner::Value, s)]
            .into_iter()
            .take(vectors as usize)
            .enumerate()
        {
            let line = self.vector(view, which, at, h);
            buf.set_string(
                inner.x,
                y + i as u16,
                fit(&line, inner.width as usize, &view.theme),
                Style::new(),
            );
        }
    }

    fn picture_height(&self, view: &View<'_>, _roomy: bool) -> u16 {
        // The same on every step (the panels keep their places): the longest sequence any
        // attention layer of the lesson reads, whichever layer the step is in.
        let positions = view
            .lesson
            .layers
            .iter()
            .filter(|l| matches!(l.kind, crate::layers::Kind::Attention(_)))
            .map(|l| l.input.positions())
            .max()
            .unwrap_or(0) as u16;
        diagram::rows(view.lesson) + positions.min(12) + 1 + 3 + 2
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        generic(c)
    }
}
