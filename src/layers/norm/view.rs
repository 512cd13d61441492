//! The layer norm in the tutor: the network as blocks, then this layer's μ and σ² at every
//! position (what each position is normalised by), as far as the trace has computed them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::layers::diagram;
use crate::trace::{Inner, Quantity, StepId};
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::LayerNorm;

impl LayerView for LayerNorm {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let block = view.block(diagram::title(view));
        let inner = block.inner(area);
        block.render(area, buf);
        let stats = 2u16.min(inner.height.saturating_sub(3));
        let top = Rect::new(inner.x, inner.y, inner.width, inner.height - stats);
        diagram::draw(view, top, buf);
        let l = view.layer();
        let stat = |u: &'static str, a: &'static str| {
            crate::tr!(
                view.theme.lang,
                "view-norm-stat",
                stat = view.theme.sym(u, a),
                layer = l.to_string()
            )
        };
        for (i, (q, name)) in [
            (Inner::Mu, stat("μ", "mu")),
            (Inner::Var, stat("σ²", "var")),
        ]
        .into_iter()
        .take(stats as usize)
        .enumerate()
        {
            let y = inner.y + inner.height - stats + i as u16;
            let at = Rect::new(inner.x, y, inner.width, 1);
            let value = |t: usize| {
                let id = StepId::new(Quantity::Block(q), l, &[t]);
                if view.hidden(id) {
                    Some("?".into())
                } else {
                    view.known(id).then(|| view.cell(view.values().value(&id)))
                }
            };
            diagram::row(view, at, buf, &name, &value);
        }
    }

    fn picture_height(&self, view: &View<'_>, _roomy: bool) -> u16 {
        diagram::height(view) + 2
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        crate::layers::attention::view::generic(c)
    }
}
