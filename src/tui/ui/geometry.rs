//! Where each panel goes: a function of the terminal's size and the lesson alone (its layers,
//! whether it has notes and a curve to draw), never of the step, so that no panel moves or
//! changes size while the learner steps. Long content scrolls inside its panel instead.
//!
//! - narrow (under 110 columns): the network across the top, the formula, then the parameters
//!   (or the matrix view) beside the loss, then the notes when there is room;
//! - wide: the network beside the loss, the formula beside the parameters (or the matrix
//!   view), the notes across the bottom;
//! - large (170×48 and more): the network beside the loss, the formula beside the matrix view,
//!   the parameters beside the notes.

use ratatui::layout::{Constraint, Layout, Rect};

use super::View;

/// Terminals at least this wide put panels side by side.
const WIDE: u16 = 110;
/// Terminals at least this wide and tall show the matrix view beside the formula and the
/// parameters as well.
const LARGE: (u16, u16) = (170, 48);

/// The panels of the stepping screen, for focus, scrolling and the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Panel {
    /// The network's picture.
    Network,
    /// The current formula.
    Formula,
    /// The parameters' matrices.
    Params,
    /// The matrix view.
    Matrix,
    /// The loss per epoch.
    Loss,
    /// The lesson's note for the phase.
    Notes,
}

/// The rectangle of each panel shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// The network's picture.
    pub network: Rect,
    /// The formula.
    pub formula: Rect,
    /// The parameters, when shown.
    pub params: Option<Rect>,
    /// The matrix view, when shown.
    pub matrix: Option<Rect>,
    /// The loss (empty when it gives way).
    pub loss: Rect,
    /// The notes, when there is room.
    pub notes: Option<Rect>,
}

impl Areas {
    /// Every panel shown, with its rectangle, in the order Tab visits them.
    pub fn panels(&self) -> Vec<(Panel, Rect)> {
        let mut out = vec![(Panel::Formula, self.formula)];
        out.extend(self.matrix.map(|r| (Panel::Matrix, r)));
        out.extend(self.params.map(|r| (Panel::Params, r)));
        out.extend(self.notes.map(|r| (Panel::Notes, r)));
        out.push((Panel::Network, self.network));
        if self.loss.area() > 0 {
            out.push((Panel::Loss, self.loss));
        }
        out
    }

    /// The panel under a cell of the screen.
    pub fn at(&self, x: u16, y: u16) -> Option<Panel> {
        let pos = ratatui::layout::Position::new(x, y);
        self.panels()
            .into_iter()
            .find(|(_, r)| r.contains(pos))
            .map(|(p, _)| p)
    }
}

/// What the layout needs to know of the lesson: the same on every step.
struct Wants {
    /// Rows of the picture with one row per neuron of its tallest layer (up to a cap); with
    /// each neuron's three numbers; with its parts spread out.
    net_compact: u16,
    net: u16,
    net_roomy: u16,
    /// Rows of the parameters panel that show its first matrix (up to a few rows of it), and
    /// the whole of the tallest.
    params_min: u16,
    params: u16,
    /// Does the lesson have a note for some phase?
    notes: bool,
    /// Has the loss a curve to draw (more than one epoch)?
    curve: bool,
}

impl Wants {
    fn of(view: &View) -> Self {
        // Every kind of the lesson is asked: the step's layer, and so its kind, changes.
        let kinds = view.lesson.layers.iter().map(|l| l.kind.contract());
        let (net, net_roomy) = kinds.fold((5, 5), |(n, r), k| {
            (
                n.max(k.picture_height(view, false)),
                r.max(k.picture_height(view, true)),
            )
        });
        let tallest = (0..=view.lesson.depth())
            .map(|l| view.lesson.width(l))
            .max()
            .unwrap_or(1);
        // The rows of the tallest weight matrix of the shared panel: a dense layer's neurons, an
        // LSTM's 4·hidden rows of gates (a convolution's kernels are not matrices of it).
        let widest = (1..=view.lesson.depth())
            .filter_map(|l| {
                let specs = view.lesson.layers[l - 1].specs();
                let rows = specs
                    .iter()
                    .filter(|s| s.dims.len() == 2)
                    .map(|s| s.dims[0]);
                rows.max()
            })
            .max()
            .unwrap_or(1);
        // Kinds that draw their own parameter panel (a convolution's kernels) ask for rows.
        let own = (1..=view.lesson.depth())
            .filter_map(|l| {
                let kind = view.lesson.layers[l - 1].kind.contract();
                kind.parameters_height(view, l)
            })
            .max()
            .map_or(0, |h| h + 2);
        Wants {
            net_compact: (tallest.min(8) as u16 + 3).min(net),
            net,
            net_roomy: net_roomy.max(net),
            params_min: (widest.min(3) as u16 + 4).max(own.min(8)),
            params: (widest.min(12) as u16 + 4).max(own),
            notes: super::notes::any(view.lesson),
            curve: view.lesson.epochs > 1,
        }
    }
}

/// The panels' rectangles in `body` (the screen between the header and the footer).
pub fn areas(view: &View, body: Rect) -> Areas {
    let wants = Wants::of(view);
    let matrix = view.app.matrix_view();
    if body.width >= LARGE.0 && body.height + 2 >= LARGE.1 {
        large(&wants, body)
    } else if body.width >= WIDE {
        wide(&wants, body, matrix)
    } else {
        narrow(&wants, body, matrix)
    }
}

/// Shares out `left` rows: each claim (a panel's index in `have`, the rows it wants) in turn
/// grows that panel to what it asks, as long as rows are left; returns what is left.
fn share(mut left: u16, have: &mut [u16], claims: &[(usize, u16)]) -> u16 {
    for &(i, want) in claims {
        let more = want.saturating_sub(have[i]).min(left);
        have[i] += more;
        left -= more;
    }
    left
}

/// The network across the top, the formula, then the parameters (or the matrix view, the loss
/// giving way) beside the loss, then the notes.
fn narrow(w: &Wants, body: Rect, matrix: bool) -> Areas {
    let h = body.height;
    // The network, the formula and the bottom row, each at its least.
    let (net, formula, bottom) = (0, 1, 2);
    let mut rows = [5, 7, 5];
    let mut notes = 0;
    // Then the network whole, the formula, the parameters, space in the network.
    // The matrix view's equations need more rows than a matrix of parameters.
    let (lower_min, lower) = if matrix {
        (10, 14)
    } else {
        (w.params_min, w.params.min(10))
    };
    let left = share(
        h.saturating_sub(rows.iter().sum()),
        &mut rows,
        &[
            (bottom, lower_min),
            (net, w.net_compact),
            (net, w.net),
            (formula, 12),
            (bottom, lower),
            (net, w.net_roomy.min(h * 2 / 5)),
        ],
    );
    if w.notes && left >= 5 {
        notes = left;
    } else {
        rows[formula] += left;
    }
    let [net, formula, bottom] = rows;
    let [network, formula, bottom, notes] = Layout::vertical([
        Constraint::Length(net),
        Constraint::Length(formula),
        Constraint::Length(bottom),
        Constraint::Length(notes),
    ])
    .areas(body);
    let (params, loss, matrix) = if matrix {
        (None, Rect::new(bottom.x, bottom.y, 0, 0), Some(bottom))
    } else {
        let [params, loss] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(bottom);
        (Some(params), loss, None)
    };
    Areas {
        network,
        formula,
        params,
        matrix,
        loss,
        notes: (notes.height >= 3).then_some(notes),
    }
}

/// The network beside the loss, the formula beside the parameters or the matrix view, the
/// notes across the bottom.
fn wide(w: &Wants, body: Rect, matrix: bool) -> Areas {
    let h = body.height;
    let most_top = h * 2 / 5;
    let curve = if w.curve { 12 } else { 8 };
    // The network (beside the loss's curve), the formula and the parameters, the notes.
    let (top, middle, notes) = (0, 1, 2);
    let mut rows = [w.net.max(curve).clamp(8, most_top.max(8)), 12, 0];
    // The matrix view wants the rows the notes would take (`n` shows the note).
    let with_notes = w.notes && !matrix;
    if with_notes {
        rows[notes] = (h / 5).clamp(5, 10);
    }
    let left = h.saturating_sub(rows.iter().sum());
    // Spare rows: the formula up to what most formulas take, the picture spread out, then
    // the notes (or the formula, without notes).
    let left = share(
        left,
        &mut rows,
        &[
            (middle, if matrix { 24 } else { 16 }),
            (top, w.net_roomy.max(curve + 4).min(h / 2)),
        ],
    );
    rows[if with_notes { notes } else { middle }] += left;
    // Too small for all: the notes give way first.
    let over = rows.iter().sum::<u16>().saturating_sub(h);
    rows[notes] = rows[notes].saturating_sub(over);
    let [top, middle, notes] = rows;
    let [top, middle, notes] = Layout::vertical([
        Constraint::Length(top),
        Constraint::Length(middle),
        Constraint::Length(notes),
    ])
    .areas(body);
    let [network, loss] =
        Layout::horizontal([Constraint::Percentage(68), Constraint::Fill(1)]).areas(top);
    let formula_share = if matrix { 45 } else { 55 };
    let [formula, lower] =
        Layout::horizontal([Constraint::Percentage(formula_share), Constraint::Fill(1)])
            .areas(middle);
    Areas {
        network,
        formula,
        params: (!matrix).then_some(lower),
        matrix: matrix.then_some(lower),
        loss,
        notes: (notes.height >= 3).then_some(notes),
    }
}

/// The network beside the loss, the formula beside the matrix view, the parameters beside the
/// notes.
fn large(w: &Wants, body: Rect) -> Areas {
    let h = body.height;
    let top = w.net_roomy.clamp(10, h * 2 / 5);
    let middle = (h.saturating_sub(top) / 2).max(12);
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(top),
        Constraint::Length(middle),
        Constraint::Fill(1),
    ])
    .areas(body);
    let [network, loss] =
        Layout::horizontal([Constraint::Percentage(65), Constraint::Fill(1)]).areas(top);
    let [formula, matrix] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(middle);
    let (params, notes) = if w.notes {
        let [p, n] =
            Layout::horizontal([Constraint::Percentage(65), Constraint::Fill(1)]).areas(bottom);
        (p, Some(n))
    } else {
        (bottom, None)
    };
    Areas {
        network,
        formula,
        params: Some(params),
        matrix: Some(matrix),
        loss,
        notes,
    }
}

/// Does this terminal show the matrix view beside the formula whatever `m` says?
pub fn matrix_always(area: Rect) -> bool {
    area.width >= LARGE.0 && area.height >= LARGE.1
}
