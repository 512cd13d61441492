//! The flatten layer in the tutor: which (c, i, j) of the image became number j of the
//! vector. On an a step the image's channel with the cell lit, then the vector around j; on a
//! δ step the errors of the layer above it reads, the vector of its δ, and the cell of the
//! image the error goes back to.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::conv::maps::{self, Piece, at, name};
use crate::layers::conv::view::{draw_picture, title};
use crate::trace::Quantity;
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::Flatten;

impl Flatten {
    fn pieces<'v>(&self, view: &'v View<'v>) -> Vec<Piece<'v>> {
        let id = view.step.id;
        let l = id.layer;
        let j = id.j();
        let from = Flatten::source(&view.lesson.layers[l - 1], j);
        let (c, y, x) = (from.j(), from.get(1).unwrap_or(0), from.get(2).unwrap_or(0));
        let arrow = view.theme.sym("→", "->");
        let image = maps::map(
            view,
            (Quantity::A, l - 1, c),
            maps::channel(view, name(view, Quantity::A, l - 1), c),
            (y, x),
            move |yy, xx| (yy, xx) == (y, x),
        );
        let mapping = Piece::Op(format!("{} {arrow} [{}]", at(&from), j + 1));
        match id.quantity {
            Quantity::A => vec![
                Piece::Grid(image),
                mapping,
                Piece::Grid(maps::vector(
                    view,
                    (Quantity::A, l),
                    name(view, Quantity::A, l),
                    j,
                )),
            ],
            _ => vec![
                Piece::Grid(maps::vector(
                    view,
                    (Quantity::Delta, l),
                    name(view, Quantity::Delta, l),
                    j,
                )),
                Piece::Op(format!("[{}] {arrow} {}", j + 1, at(&from))),
                Piece::Grid(image),
            ],
        }
    }
}

impl LayerView for Flatten {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let dims = view.lesson.layers[view.layer() - 1].input.dims();
        let x = view.theme.sym("×", "x");
        let what = format!(
            "flatten {}{x}{}{x}{} {} {}",
            dims[0],
            dims[1],
            dims[2],
            view.theme.sym("→", "->"),
            dims.iter().product::<usize>()
        );
        let legend = view.theme.lang.t("view-flatten-legend");
        let pieces = self.pieces(view);
        draw_picture(view, &pieces, (title(view, &what), legend), area, buf);
    }

    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16 {
        crate::layers::conv::maps::picture_rows(view, roomy)
    }

    fn parameters(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) -> bool {
        crate::layers::conv::panel::render(view, view.layer(), area, buf);
        true
    }

    fn parameters_height(&self, view: &View<'_>, l: usize) -> Option<u16> {
        Some(crate::layers::conv::panel::wanted_height(view, l))
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        crate::layers::conv::equations::flatten(c)
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        crate::layers::conv::equations::flatten_note(c)
    }
}
