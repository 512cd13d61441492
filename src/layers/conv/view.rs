//! The convolution in the tutor. Its picture shows it as one: on a z step the input's channels
//! (with the padding's zeros drawn), the kernel's window over them lit and the kernel beside
//! them, then the output map with the current number; on a δ step the maps of the layer above
//! it reads (a max pool's maxima marked with `*`) and the δ map; on a ∂L/∂w step the input
//! correlated with δ: every input that weight saw lit, the δ map, and the kernel's gradient.
//! Its parameters panel shows the kernels, and the matrix view the step as maps:
//! Z⁽ˡ⁾[o] = Σ_c W⁽ˡ⁾[o,c] ⋆ A⁽ˡ⁻¹⁾[c] + b⁽ˡ⁾[o], ∂L/∂W⁽ˡ⁾[o,c] = A⁽ˡ⁻¹⁾[c] ⋆ δ⁽ˡ⁾[o], ….

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::layers::Kind;
use crate::layers::pool::PoolOp;
use crate::tr;
use crate::trace::{Index, Param, Quantity, StepId, Sym, Tensor};
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{Ctx, Equation};

use super::Conv2d;
use super::maps::{self, Cell, Grid, Piece, name};

/// The most input channels a picture draws side by side.
const MAX_CHANNELS: usize = 2;

impl Conv2d {
    /// The picture's pieces for the current step, with up to `channels` input channels.
    fn pieces<'v>(&self, view: &'v View<'v>, channels: usize) -> Vec<Piece<'v>> {
        let id = view.step.id;
        let l = id.layer;
        let d = self.dims(&view.lesson.layers[l - 1]);
        let ix = id.ix.to_vec();
        let o = ix[0];
        let out = |q: Quantity| {
            let focus = (
                ix.get(1).copied().unwrap_or(0),
                ix.get(2).copied().unwrap_or(0),
            );
            Piece::Grid(maps::map(
                view,
                (q, l, o),
                maps::channel(view, name(view, q, l), o),
                focus,
                |_, _| false,
            ))
        };
        match id.quantity {
            Quantity::Z => {
                let mut pieces = Vec::new();
                for c in 0..d.c.min(channels) {
                    if c > 0 {
                        pieces.push(Piece::Op("+".into()));
                    }
                    let top = (self.window.row(ix[1], 0), self.window.col(ix[2], 0));
                    pieces.push(Piece::Grid(padded_input(view, self, c, top)));
                    pieces.push(Piece::Op(view.theme.sym("⋆", "(x)").into()));
                    pieces.push(Piece::Grid(kernel(view, l, (o, c), None)));
                }
                let more = match d.c - d.c.min(channels) {
                    0 => String::new(),
                    n => format!("{} ", more(view, n)),
                };
                let b = view.batch.before(Param::b(l, o));
                pieces.push(Piece::Op(format!(
                    "{more}+ {} =",
                    maps::short(b, &view.theme)
                )));
                // In a narrow panel the window and the kernel come first; the formula has z.
                pieces.push(match out(Quantity::Z) {
                    Piece::Grid(g) => Piece::Grid(g.optional()),
                    op => op,
                });
                pieces
            }
            Quantity::A => vec![
                out(Quantity::Z),
                Piece::Op(format!(
                    "{} {}",
                    self.activation.name(),
                    view.theme.sym("→", "->")
                )),
                out(Quantity::A),
            ],
            Quantity::Delta => {
                let mut pieces = above_pieces(view, l, o);
                pieces.push(Piece::Op(view.theme.sym("→", "->").into()));
                pieces.push(out(Quantity::Delta));
                pieces
            }
            Quantity::Grad(Tensor::W) => {
                let c = ix[1];
                vec![
                    Piece::Grid(padded_input(view, self, c, (0, 0))),
                    Piece::Op(view.theme.sym("⋆", "(x)").into()),
                    Piece::Grid(maps::map(
                        view,
                        (Quantity::Delta, l, o),
                        maps::channel(view, name(view, Quantity::Delta, l), o),
                        (0, 0),
                        |_, _| false,
                    )),
                    Piece::Op("=".into()),
                    Piece::Grid(kernel(view, l, (o, c), Some((ix[2], ix[3])))),
                ]
            }
            _ => {
                let g = Param::b(l, o);
                let sid = g.id(g.gradient());
                let value = if view.hidden(sid) {
                    "?".to_string()
                } else {
                    maps::short(view.values().gradient(g), &view.theme)
                };
                let d = view.theme.sym("∂", "d");
                vec![
                    out(Quantity::Delta),
                    Piece::Op(format!(
                        "{} = {d}L/{d}b[{}] = {value}",
                        view.theme.sym("Σ", "sum"),
                        o + 1
                    )),
                ]
            }
        }
    }
}

/// Channel `c` of the convolution's input with the padding drawn as 0s; the window whose
/// top-left cell (in the image's rows and columns, padding negative) is `top` lit when its
/// numbers are read.
fn padded_input<'v>(view: &'v View<'v>, conv: &Conv2d, c: usize, top: (isize, isize)) -> Grid<'v> {
    let l = view.step.id.layer;
    let dims = view.lesson.shape(l - 1).dims();
    let (h, w) = (dims[1], dims[2]);
    let (ph, pw) = conv.window.padding;
    let values = view.values().numbers(Quantity::A, l - 1);
    let (kh, kw) = conv.window.kernel;
    let window = move |y: isize, x: isize| {
        view.step.id.quantity == Quantity::Z
            && (top.0..top.0 + kh as isize).contains(&y)
            && (top.1..top.1 + kw as isize).contains(&x)
    };
    let mut caption = maps::channel(view, name(view, Quantity::A, l - 1), c);
    if ph + pw > 0 {
        caption = tr!(
            view.theme.lang,
            "view-conv-padded",
            caption = caption,
            padding = crate::layers::window::Window::pair_text((ph, pw))
        );
    }
    // The window's middle stays in view.
    let focus = (
        (top.0 + (ph + kh / 2) as isize).max(0) as usize,
        (top.1 + (pw + kw / 2) as isize).max(0) as usize,
    );
    let grid = Grid::new(caption, (h + 2 * ph, w + 2 * pw), focus, move |yp, xp| {
        let (y, x) = (yp as isize - ph as isize, xp as isize - pw as isize);
        if y < 0 || x < 0 || y >= h as isize || x >= w as isize {
            let style = if window(y, x) {
                view.theme.read
            } else {
                view.theme.dim
            };
            return Cell::text("0", style);
        }
        let (y, x) = (y as usize, x as usize);
        let id = StepId::new(Quantity::A, l - 1, &[c, y, x]);
        maps::sample_cell(view, id, values[(c * h + y) * w + x], false)
    });
    grid.keep(kw)
}

/// The kernel w⁽ˡ⁾[o,c] as the batch uses it, or (with `current`) this sample's gradient of it
/// with the current entry highlighted.
fn kernel<'v>(
    view: &'v View<'v>,
    l: usize,
    (o, c): (usize, usize),
    current: Option<(usize, usize)>,
) -> Grid<'v> {
    let dims = view.lesson.layers[l - 1].specs()[0].dims.clone();
    let (kh, kw) = (dims[2], dims[3]);
    let d = view.theme.sym("∂", "d");
    let caption = match current {
        None => format!(
            "w{}[{},{}]",
            crate::tui::ui::sup(l, &view.theme),
            o + 1,
            c + 1
        ),
        Some(_) => format!(
            "{d}L/{d}w{}[{},{}]",
            crate::tui::ui::sup(l, &view.theme),
            o + 1,
            c + 1
        ),
    };
    let grid = Grid::new(caption, (kh, kw), current.unwrap_or((0, 0)), move |u, v| {
        let p = Param {
            l,
            tensor: Tensor::W,
            ix: Index::new(&[o, c, u, v]),
        };
        match current {
            None => {
                let style = if view.reads.contains(&Sym::P(p)) && !view.is_update() {
                    view.link_style(&Sym::P(p))
                } else {
                    ratatui::style::Style::new()
                };
                Cell::number(view.batch.before(p), style)
            }
            Some(_) => {
                let id = p.id(p.gradient());
                maps::sample_cell(view, id, view.values().gradient(p), false)
            }
        }
    });
    grid.keep(kw)
}

/// The maps of the layer above layer `l` that the δ of channel `o` reads: a max pool's input
/// with each window's maximum marked and its δ map, a convolution's δ maps, a flatten's
/// vector.
pub(crate) fn above_pieces<'v>(view: &'v View<'v>, l: usize, o: usize) -> Vec<Piece<'v>> {
    let id = view.step.id;
    let focus = (id.ix.get(1).unwrap_or(0), id.ix.get(2).unwrap_or(0));
    let Some(above) = view.lesson.layers.get(l) else {
        return Vec::new();
    };
    let delta_map = |ch: usize| {
        let q = Quantity::Delta;
        maps::map(
            view,
            (q, l + 1, ch),
            maps::channel(view, name(view, q, l + 1), ch),
            (0, 0),
            |_, _| false,
        )
    };
    match above.kind {
        Kind::Pool2d(pool) => {
            let mut pieces = Vec::new();
            if pool.op == PoolOp::Max {
                let maxima = maxima(view, l + 1, o);
                pieces.push(Piece::Grid(maps::map(
                    view,
                    (Quantity::A, l, o),
                    tr!(
                        view.theme.lang,
                        "view-conv-channel-max",
                        name = name(view, Quantity::A, l),
                        n = (o + 1).to_string()
                    ),
                    focus,
                    move |y, x| maxima.contains(&(y, x)),
                )));
            }
            pieces.push(Piece::Grid(delta_map(o)));
            pieces
        }
        Kind::Conv2d(conv) => {
            let channels = conv.channels.min(MAX_CHANNELS);
            let mut pieces: Vec<Piece> =
                (0..channels).map(|ch| Piece::Grid(delta_map(ch))).collect();
            if conv.channels > channels {
                pieces.push(Piece::Op(more(view, conv.channels - channels)));
            }
            pieces
        }
        Kind::Flatten(_) => {
            let j = Index::new(&[o, focus.0, focus.1])
                .offset_in(&view.lesson.shape(l).dims())
                .unwrap_or(0);
            vec![Piece::Grid(maps::vector(
                view,
                (Quantity::Delta, l + 1),
                name(view, Quantity::Delta, l + 1),
                j,
            ))]
        }
        _ => Vec::new(),
    }
}

/// The cells of channel `c` of the input of max pool layer `l` that are their window's
/// maximum.
pub(crate) fn maxima(view: &View, l: usize, c: usize) -> Vec<(usize, usize)> {
    let layer = &view.lesson.layers[l - 1];
    let Kind::Pool2d(pool) = layer.kind else {
        return Vec::new();
    };
    let d = pool.dims(layer);
    let input = view.values().numbers(Quantity::A, l - 1);
    let mut out = Vec::new();
    for i in 0..d.oh {
        for j in 0..d.ow {
            let cells = pool.window_cells(&d, (c, i, j));
            let (k, _) = crate::layers::pool::max_of(cells.iter().map(|&at| input[at]));
            let at = cells[k] - c * d.h * d.w;
            out.push((at / d.w, at % d.w));
        }
    }
    out
}

/// `+ 2 more`: the maps or channels left out of a picture.
fn more(view: &View, n: usize) -> String {
    tr!(view.theme.lang, "view-conv-more", n = n.to_string())
}

/// The picture's block title: the layer, its kind and window, the sample.
pub(crate) fn title(view: &View, what: &str) -> String {
    let sep = view.theme.sep();
    let lang = view.theme.lang;
    let n = view.step.sample().unwrap_or(view.sample);
    let sample = tr!(lang, "network-sample", n = n.to_string());
    let layer = tr!(lang, "view-conv-layer", layer = view.layer().to_string());
    format!("{layer}{sep}{what}{sep}{sample}")
}

/// Draws `pieces` in a titled panel with a legend in its bottom border.
pub(crate) fn draw_picture(
    view: &View,
    pieces: &[Piece],
    (title, legend): (String, String),
    area: Rect,
    buf: &mut Buffer,
) {
    let mut block = view.block(title);
    if !legend.is_empty() {
        block = block.title_bottom(ratatui::text::Line::styled(
            format!(" {legend} "),
            view.theme.dim,
        ));
    }
    let inner = block.inner(area);
    block.render(area, buf);
    maps::draw(pieces, &view.theme, inner, buf);
}

impl LayerView for Conv2d {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let d = self.dims(&view.lesson.layers[view.layer() - 1]);
        let lang = view.theme.lang;
        let what = tr!(
            lang,
            "view-conv-what",
            kernel = self.window.kernel_text(view.theme.ascii),
            from = d.c.to_string(),
            arrow = view.theme.sym("→", "->"),
            to = d.o.to_string(),
            stride = crate::layers::window::Window::pair_text(self.window.stride),
            padding = crate::layers::window::Window::pair_text(self.window.padding)
        );
        let legend = match view.step.id.quantity {
            Quantity::Z => tr!(
                lang,
                "view-conv-legend-z",
                star = view.theme.sym("⋆", "(x)")
            ),
            Quantity::Grad(Tensor::W) => lang.t("view-conv-legend-grad"),
            Quantity::Delta => lang.t("view-conv-legend-delta"),
            _ => String::new(),
        };
        // Two input channels side by side when they fit, else one.
        let room = area.width.saturating_sub(2) as usize;
        let mut pieces = self.pieces(view, MAX_CHANNELS);
        if maps::wanted_cols(&pieces, &view.theme) > room {
            pieces = self.pieces(view, 1);
        }
        draw_picture(view, &pieces, (title(view, &what), legend), area, buf);
    }

    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16 {
        crate::layers::conv::maps::picture_rows(view, roomy)
    }

    fn parameters(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) -> bool {
        super::panel::render(view, view.layer(), area, buf);
        true
    }

    fn parameters_height(&self, view: &View<'_>, l: usize) -> Option<u16> {
        Some(super::panel::wanted_height(view, l))
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        super::equations::conv(self, c)
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        super::equations::conv_note(self, c)
    }
}
