//! view (in progress)

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::Conv2d;

impl LayerView for Conv2d {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        view.block("Network".into()).render(area, buf);
    }

    fn picture_height(&self, _view: &View<'_>, _roomy: bool) -> u16 {
        10
    }

    fn equations<'v>(&self, _c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        Vec::new()
    }
}
