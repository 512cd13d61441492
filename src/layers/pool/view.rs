//! A pooling layer in the tutor: on an a step the input's map with the window lit and its
//! maximum marked (`*`), then the pooled map; on a δ step the maps of the layer above that it
//! reads, its δ map, and where the gradient goes back to: all of it to the window's maximum
//! (0 to the rest), or an equal share to every number of an average's window.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::conv::maps::{self, Cell, Grid, Piece, name};
use crate::layers::conv::view::{above_pieces, draw_picture, title};
use crate::trace::Quantity;
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::{Pool2d, PoolOp};

impl Pool2d {
    fn pieces<'v>(&self, view: &'v View<'v>) -> Vec<Piece<'v>> {
        let id = view.step.id;
        let l = id.layer;
        let layer = &view.lesson.layers[l - 1];
        let d = self.dims(layer);
        let (c, i, j) = (id.j(), id.ix.get(1).unwrap_or(0), id.ix.get(2).unwrap_or(0));
        let window = self.window_cells(&d, (c, i, j));
        let values = view.values().numbers(Quantity::A, l - 1);
        let k = crate::layers::pool::max_of(window.iter().map(|&at| values[at])).0;
        let top = (
            self.window.row(i, 0) as usize,
            self.window.col(j, 0) as usize,
        );
        let (kh, kw) = self.window.kernel;
        let max_at = (top.0 + k / kw, top.1 + k % kw);
        let is_max = self.op == PoolOp::Max;
        let input = maps::map(
            view,
            (Quantity::A, l - 1, c),
            maps::channel(view, name(view, Quantity::A, l - 1), c),
            top,
            move |y, x| is_max && (y, x) == max_at,
        )
        .keep(kw);
        let own = |q: Quantity| {
            Piece::Grid(maps::map(
                view,
                (q, l, c),
                maps::channel(view, name(view, q, l), c),
                (i, j),
                |_, _| false,
            ))
        };
        let arrow = view.theme.sym("→", "->");
        let lang = view.theme.lang;
        let what = match self.op {
            PoolOp::Max => lang.t("view-pool-max"),
            PoolOp::Avg => lang.t("view-pool-mean"),
        };
        match id.quantity {
            Quantity::A => vec![
                Piece::Grid(input),
                Piece::Op(format!("{what} {arrow}")),
                own(Quantity::A),
            ],
            _ => {
                let mut pieces = above_pieces(view, l, c);
                pieces.push(Piece::Op(arrow.into()));
                pieces.push(own(Quantity::Delta));
                pieces.push(Piece::Op(format!("{} {arrow}", lang.t("view-pool-back"))));
                pieces.push(Piece::Grid(input));
                pieces.push(Piece::Op(arrow.into()));
                pieces.push(Piece::Grid(routed(view, self, (kh, kw), k)));
                pieces
            }
        }
    }
}

/// The window's share of the current δ as it goes back: all of it at the maximum (cell `k`
/// of the window, row-major) and 0 elsewhere, or δ/(kh·kw) everywhere; `?` while the quiz
/// hides the δ.
fn routed<'v>(view: &'v View<'v>, pool: &Pool2d, (kh, kw): (usize, usize), k: usize) -> Grid<'v> {
    let delta = view.step.value;
    let hidden = view.hide;
    let op = pool.op;
    let area = (kh * kw) as f64;
    let d = view.theme.sym("∂", "d");
    let caption = crate::tr!(
        view.theme.lang,
        "view-pool-routed",
        name = format!(
            "{d}L/{d}a{}",
            crate::tui::ui::sup(view.layer() - 1, &view.theme)
        )
    );
    Grid::new(caption, (kh, kw), (k / kw, k % kw), move |u, v| {
        let gets = op == PoolOp::Avg || u * kw + v == k;
        let style = if gets {
            view.theme.current
        } else {
            view.theme.dim
        };
        match (gets, hidden) {
            (false, _) => Cell::text("0", style),
            (true, true) => Cell::text("?", style),
            (true, false) if op == PoolOp::Max => Cell::number(delta, style),
            (true, false) => Cell::number(delta / area, style),
        }
    })
}

impl LayerView for Pool2d {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let lang = view.theme.lang;
        let what = crate::tr!(
            lang,
            "view-pool-what",
            kind = self.name_in_files(),
            kernel = self.window.kernel_text(view.theme.ascii),
            stride = crate::layers::window::Window::pair_text(self.window.stride)
        );
        let legend = match self.op {
            PoolOp::Max => lang.t("view-pool-legend-max"),
            PoolOp::Avg => crate::tr!(
                lang,
                "view-pool-legend-mean",
                area = self.window.area().to_string()
            ),
        };
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
        crate::layers::conv::equations::pool(self, c)
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        crate::layers::conv::equations::pool_note(self, c)
    }
}

impl Pool2d {
    /// `maxpool2d` or `avgpool2d`.
    fn name_in_files(&self) -> &'static str {
        crate::layers::LayerKind::name(self)
    }
}
