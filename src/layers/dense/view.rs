//! The dense layer in the tutor: the network drawn as neurons and weighted edges, and its steps
//! in matrix form (z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾), …).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::tui::kind::LayerView;
use crate::tui::ui::matrix::{self, Ctx, Equation};
use crate::tui::ui::{View, network};

use super::Dense;

impl LayerView for Dense {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        network::render(view, area, buf);
    }

    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16 {
        network::wanted_height(view, roomy)
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        matrix::dense_equations(c)
    }

    fn note(&self, c: Ctx<'_, '_>) -> Option<String> {
        matrix::dense_note(c)
    }
}
