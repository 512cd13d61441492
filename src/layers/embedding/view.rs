//! The embedding in the tutor: the network as blocks, and no matrix form of its own (each
//! number is one table entry plus one position entry).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::diagram;
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::Embedding;

impl LayerView for Embedding {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        diagram::render(view, area, buf);
    }

    fn picture_height(&self, view: &View<'_>, _roomy: bool) -> u16 {
        diagram::height(view)
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        crate::layers::attention::view::generic(c)
    }
}
