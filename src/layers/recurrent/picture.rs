//! A layer on a sequence drawn unrolled in time: one column per step, one row per unit of each
//! quantity (the input x_t, z, h, the gates, c, ∂L/∂h, δ, …). Arrows carry the state from
//! step to step (h_{t−1} → h_t, c_{t−1} → c_t) and the error back (δ_{t+1} ← through W_hh).
//! The current number is highlighted, and so is what its formula reads — the input at t, the
//! previous state and its arrow, the weights in the legend; numbers the trace has not computed
//! yet at this step are blank, and the quiz's hidden number is `?`.
//!
//! A long sequence shows a window of steps around the current one, and a group of many units
//! a window around the current unit; the groups the current formula is about come first when
//! the panel is too low for all.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::lesson::Layer;
use crate::notation::scripts::subscript;
use crate::tr;
use crate::trace::formula::{Param, Sym};
use crate::trace::{Index, Quantity, StepId, Tensor};
use crate::tui::ui::{View, fit, width};

/// Which way a row's arrows point between steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arrow {
    /// None: the numbers of one step only.
    None,
    /// → : a state carried to the next step (h, c).
    Forward,
    /// ← : an error carried back to the step before (δ through W_hh, ∂L/∂c through f).
    Backward,
}

/// One quantity of the picture: a row for each of its units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Group {
    /// What the rows hold.
    pub quantity: Quantity,
    /// The layer whose numbers they are (the one below, for the input rows).
    pub layer: usize,
    /// How many rows (units, or the stacked gate rows).
    pub rows: usize,
    /// The row label's letters, Unicode and ASCII: `h`, `∂h`, `dh`.
    pub label: (&'static str, &'static str),
    /// Rows of a block of the stacked gates are labelled with the gate's letter: `zi`, `zf`.
    pub gates: Option<usize>,
    /// How its arrows point.
    pub arrow: Arrow,
}

impl Group {
    /// Rows `label₁`, `label₂`, … of `rows` numbers of `quantity` in `layer`.
    pub fn new(
        quantity: Quantity,
        layer: usize,
        rows: usize,
        label: (&'static str, &'static str),
    ) -> Self {
        Group {
            quantity,
            layer,
            rows,
            label,
            gates: None,
            arrow: Arrow::None,
        }
    }

    /// The same, with arrows.
    pub fn with_arrow(self, arrow: Arrow) -> Self {
        Group { arrow, ..self }
    }

    /// The same, its rows labelled by the gate of their block of `h` rows.
    pub fn stacked(self, h: usize) -> Self {
        Group {
            gates: Some(h),
            ..self
        }
    }

    fn id(&self, t: usize, r: usize) -> StepId {
        StepId {
            quantity: self.quantity,
            layer: self.layer,
            ix: Index::two(t, r),
        }
    }

    fn row_label(&self, r: usize, ascii: bool) -> String {
        let base = if ascii { self.label.1 } else { self.label.0 };
        let (gate, n) = match self.gates {
            Some(h) => (crate::trace::Gate::ALL[(r / h).min(3)].name(), r % h + 1),
            None => ("", r + 1),
        };
        match ascii {
            true => format!("{base}{gate}{n}"),
            false => format!("{base}{gate}{}", subscript(&n.to_string())),
        }
    }
}

/// What the picture is of: the layer, its steps, its groups in display order, and its
/// weights (listed under it).
pub(crate) struct Unrolled<'a> {
    /// The layer drawn.
    pub layer: usize,
    /// Its steps T.
    pub steps: usize,
    /// Its kind in words, for the title: `rnn (tanh) unrolled in time`.
    pub kind: String,
    /// Its rows, in display order.
    pub groups: &'a [Group],
    /// Its parameter tensors, named as the legend writes them.
    pub tensors: &'a [(Tensor, &'static str, &'static str)],
}

/// Width of a number's cell.
const CELL: usize = 10;
/// Columns between two steps, for the arrow.
const GAP: usize = 3;

/// The rows a picture of `groups` wants with every row of every group (borders, the header
/// and the legend included).
pub(crate) fn wanted_height(groups: &[Group]) -> u16 {
    let rows: usize = groups.iter().map(|g| g.rows).sum();
    (rows + 4).min(u16::MAX as usize) as u16
}

/// The most rows a picture of the lesson's layers of one kind wants: `groups` gives a layer's
/// (from 1) groups when it is of that kind and drawn unrolled. The layout asks each kind for
/// the whole lesson, so that the panels stay in place from step to step.
pub(crate) fn tallest(view: &View, groups: impl Fn(&Layer, usize) -> Option<Vec<Group>>) -> u16 {
    (1..=view.lesson.depth())
        .filter_map(|l| groups(&view.lesson.layers[l - 1], l))
        .map(|g| wanted_height(&g))
        .max()
        .unwrap_or(0)
}

/// The step (t) and row of the current step, where it has one in this picture.
fn current(view: &View, u: &Unrolled) -> (Option<usize>, Option<(usize, usize)>) {
    let id = view.step.id;
    let t = match id.ix.len() {
        2 if id.layer == u.layer && id.quantity.tensor().is_none() => Some(id.ix.j()),
        _ => None,
    };
    let row = u
        .groups
        .iter()
        .position(|g| g.quantity == id.quantity && g.layer == id.layer && id.ix.len() == 2)
        .map(|g| (g, id.ix.k().unwrap_or(0)));
    (t, row)
}

/// The unit the picture centres each group on: the current step's (row r of a stacked group
/// is unit r mod H), or that of the weight it is about.
fn focus_unit(view: &View, u: &Unrolled) -> usize {
    let id = view.step.id;
    if id.layer != u.layer {
        return 0;
    }
    match (id.quantity.tensor(), id.ix.len()) {
        (Some(_), _) => id.ix.j(),
        (None, 2) => id.ix.k().unwrap_or(0),
        _ => id.ix.j(),
    }
}

/// Does the current formula read any number of group `g` (at step `t`, if given)?
fn group_read(view: &View, g: &Group, t: Option<usize>) -> bool {
    view.reads.iter().any(|s| match s {
        Sym::Q { q, l, ix } => {
            *q == g.quantity && *l == g.layer && ix.len() == 2 && t.is_none_or(|t| ix.j() == t)
        }
        _ => false,
    })
}

/// How many rows each group shows: one around its focus each, more while room is left, the
/// current step's group and the groups its formula reads first. A group that does not fit at
/// all shows none.
fn rows_shown(view: &View, u: &Unrolled, body: usize) -> Vec<usize> {
    let (_, cur) = current(view, u);
    let mut order: Vec<usize> = (0..u.groups.len()).collect();
    let rank = |i: usize| {
        let g = &u.groups[i];
        if cur.is_some_and(|(c, _)| c == i) {
            0
        } else if group_read(view, g, None) {
            1
        } else {
            2
        }
    };
    order.sort_by_key(|&i| (rank(i), i));
    let mut shown = vec![0; u.groups.len()];
    let mut left = body;
    for &i in &order {
        if left == 0 {
            break;
        }
        shown[i] = 1;
        left -= 1;
    }
    // More rows: first for what the formula reads, then for the current step's group, then
    // for the others.
    let mut growth = order.clone();
    growth.sort_by_key(|&i| (rank(i) != 1, rank(i), i));
    loop {
        let mut grew = false;
        for &i in &growth {
            if left > 0 && shown[i] > 0 && shown[i] < u.groups[i].rows {
                shown[i] += 1;
                left -= 1;
                grew = true;
            }
        }
        if !grew {
            return shown;
        }
    }
}

/// A window of `len` out of `n` around `focus`.
fn window(n: usize, len: usize, focus: usize) -> (usize, usize) {
    let len = len.clamp(1, n.max(1));
    let start = focus.saturating_sub(len / 2).min(n - len);
    (start, start + len)
}

/// The row a group centres on: the current row, or the focus unit (in the current gate's
/// block of a stacked group, or its first).
fn focus_row(view: &View, u: &Unrolled, i: usize) -> usize {
    let g = &u.groups[i];
    let (_, cur) = current(view, u);
    if let Some((c, r)) = cur
        && c == i
    {
        return r.min(g.rows - 1);
    }
    // The first row of the group the formula reads (a weight's gradient reads one column).
    let read = view
        .reads
        .iter()
        .filter_map(|s| match s {
            Sym::Q { q, l, ix } if *q == g.quantity && *l == g.layer && ix.len() == 2 => ix.k(),
            _ => None,
        })
        .min();
    if let Some(r) = read {
        return r.min(g.rows - 1);
    }
    let unit = focus_unit(view, u);
    let id = view.step.id;
    let block = match (g.gates, id.quantity.tensor()) {
        (Some(h), Some(_)) if id.layer == u.layer => id.ix.j() / h,
        (Some(h), None) if id.layer == u.layer && id.ix.len() == 2 => {
            let r = id.ix.k().unwrap_or(0);
            if u.groups
                .iter()
                .any(|o| o.quantity == id.quantity && o.gates.is_some())
            {
                r / h
            } else {
                0
            }
        }
        _ => 0,
    };
    let h = g.gates.unwrap_or(g.rows);
    let unit = if g.gates.is_some() { unit % h } else { unit };
    (block * h + unit).min(g.rows - 1)
}

/// Draws the unrolled picture of a layer in `area`.
pub(crate) fn render(view: &View, u: &Unrolled, area: Rect, buf: &mut Buffer) {
    let theme = &view.theme;
    let (cur_t, _) = current(view, u);
    let inner_w = area.width.saturating_sub(2) as usize;
    let label_w = u
        .groups
        .iter()
        .map(|g| width(&g.row_label(g.rows - 1, theme.ascii)))
        .max()
        .unwrap_or(2)
        + 1;
    let stride = CELL + GAP;
    let fits = (inner_w.saturating_sub(label_w + GAP) / stride).max(1);
    let shown_t = fits.min(u.steps);
    let focus_t = cur_t.unwrap_or(u.steps - 1);
    let (t0, t1) = window(u.steps, shown_t, focus_t);
    let title = title(view, u, (t0, t1), (area.width as usize).saturating_sub(4));
    let block = view.block(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let legend = inner.height >= 4;
    let body = (inner.height as usize).saturating_sub(1 + usize::from(legend));
    let shown = rows_shown(view, u, body);
    let mut lines = vec![header(view, (t0, t1), cur_t, label_w)];
    for (i, g) in u.groups.iter().enumerate() {
        if shown[i] == 0 {
            continue;
        }
        let (r0, r1) = window(g.rows, shown[i], focus_row(view, u, i));
        for r in r0..r1 {
            lines.push(row(view, g, r, (t0, t1), (label_w, cur_t)));
        }
    }
    for (y, line) in (inner.y..).zip(lines) {
        buf.set_line(inner.x, y, &line, inner.width);
    }
    if legend {
        let line = legend_line(view, u, inner.width as usize);
        buf.set_line(inner.x, inner.bottom() - 1, &line, inner.width);
    }
}

/// `Network · sample 1 · layer 1: rnn (tanh) unrolled in time · steps 1 to 5 of 20`, cut
/// to `width` with an ellipsis.
fn title(view: &View, u: &Unrolled, (t0, t1): (usize, usize), width: usize) -> String {
    let sep = view.theme.sep();
    let lang = view.theme.lang;
    let mut title = format!(
        "{}{sep}{}{sep}{}",
        lang.t("panel-network"),
        tr!(lang, "network-sample", n = view.sample.to_string()),
        tr!(
            lang,
            "view-recurrent-layer",
            layer = u.layer.to_string(),
            kind = u.kind.as_str()
        )
    );
    if t1 - t0 < u.steps {
        let steps = tr!(
            lang,
            "view-recurrent-steps",
            first = (t0 + 1).to_string(),
            last = t1.to_string(),
            steps = u.steps.to_string()
        );
        title.push_str(&format!("{sep}{steps}"));
    }
    fit(&title, width, &view.theme)
}

/// `t=1  t=2  …`, the current step's highlighted.
fn header(
    view: &View,
    (t0, t1): (usize, usize),
    cur: Option<usize>,
    label_w: usize,
) -> Line<'static> {
    let theme = &view.theme;
    let mut spans = vec![Span::raw(" ".repeat(label_w + GAP))];
    for t in t0..t1 {
        let text = format!("{:>CELL$}", format!("t={}", t + 1));
        let style = if cur == Some(t) {
            theme.focus
        } else {
            theme.heading
        };
        spans.push(Span::styled(text, style));
        if t + 1 < t1 {
            spans.push(Span::raw(" ".repeat(GAP)));
        }
    }
    Line::from(spans)
}

/// One row: its label, then each step's number with the arrows between them.
fn row(
    view: &View,
    g: &Group,
    r: usize,
    (t0, t1): (usize, usize),
    (label_w, cur_t): (usize, Option<usize>),
) -> Line<'static> {
    let theme = &view.theme;
    let label = g.row_label(r, theme.ascii);
    let focus_row = view.step.id == g.id(view.step.id.ix.j(), r);
    let label_style = if focus_row { theme.focus } else { theme.dim };
    let mut spans = vec![Span::styled(format!("{label:<label_w$}"), label_style)];
    // Before the first step: the state h_0 = 0 (c_0 = 0) carried into it.
    let start = match (g.arrow, t0) {
        (Arrow::Forward, 0) => format!("0{} ", theme.sym("→", ">")),
        _ => " ".repeat(GAP),
    };
    spans.push(Span::styled(start, theme.dim));
    for t in t0..t1 {
        spans.push(cell(view, g, t, r));
        if t + 1 < t1 {
            spans.push(arrow(view, g, (t, r), cur_t));
        }
    }
    Line::from(spans)
}

/// The number of `g` at step `t`, row `r`: blank until computed, `?` while hidden.
fn cell(view: &View, g: &Group, t: usize, r: usize) -> Span<'static> {
    let theme = &view.theme;
    let id = g.id(t, r);
    let sym = Sym::q(g.quantity, g.layer, id.ix);
    let style = if !view.is_update() && view.step.id == id {
        theme.current
    } else if view.reads.contains(&sym) {
        theme.read
    } else {
        Style::new()
    };
    let text = if view.hidden(id) {
        "?".to_string()
    } else if g.layer == 0 || view.known(id) {
        view.cell(view.values().value(&id))
    } else {
        String::new()
    };
    Span::styled(format!("{text:>CELL$}"), style)
}

/// The arrow between steps t and t + 1 on row r: lit when the current formula reads the number
/// it carries (the state before the current step, or the error of the step after it).
fn arrow(view: &View, g: &Group, (t, r): (usize, usize), cur_t: Option<usize>) -> Span<'static> {
    let theme = &view.theme;
    let (text, carried, reader) = match g.arrow {
        Arrow::None => return Span::raw(" ".repeat(GAP)),
        Arrow::Forward => (theme.sym(" → ", " > "), g.id(t, r), t + 1),
        Arrow::Backward => (theme.sym(" ← ", " < "), g.id(t + 1, r), t),
    };
    let lit = cur_t == Some(reader)
        && view
            .reads
            .contains(&Sym::q(g.quantity, g.layer, carried.ix));
    let style = if lit { theme.read } else { theme.dim };
    Span::styled(text.to_string(), style)
}

/// `W_ih 2×3  W_hh 2×2  b_ih  b_hh`: the layer's weights, those the formula reads (or the
/// step is about) highlighted.
fn legend_line(view: &View, u: &Unrolled, w: usize) -> Line<'static> {
    let theme = &view.theme;
    let id = view.step.id;
    let weights = format!("{} ", theme.lang.t("view-recurrent-weights"));
    let mut spans = vec![Span::styled(weights, theme.dim)];
    for (i, &(tensor, unicode, ascii)) in u.tensors.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let about = id.layer == u.layer && id.quantity.tensor() == Some(tensor);
        let read = view.reads.iter().any(
            |s| matches!(s, Sym::P(Param { l, tensor: t, .. }) if *l == u.layer && *t == tensor),
        );
        let style = if about {
            theme.current
        } else if read {
            theme.read
        } else {
            Style::new()
        };
        spans.push(Span::styled(theme.sym(unicode, ascii).to_string(), style));
    }
    let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
    if width(&text) > w {
        return Line::styled(fit(&text, w, theme), theme.dim);
    }
    Line::from(spans)
}
