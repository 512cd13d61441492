//! A recurrent layer's steps in matrix form, one time step at a time: z_t = W_ih x_t + b_ih +
//! W_hh h_{t−1} + b_hh, h_t = f(z_t) (an LSTM's gates, c_t and h_t), ∂L/∂h_t = ∂L/∂a_t +
//! W_hhᵀδ_{t+1}, δ_t = ∂L/∂h_t ⊙ f′(z_t), and each gradient as a product of the steps side by
//! side, ∂L/∂W_ih = [δ_1 … δ_T][x_1 … x_T]ᵀ. The current entry is highlighted, and so are
//! the entries that produce it; numbers not computed yet are blank, the quiz's hidden one `?`.

use ratatui::style::Style;

use crate::notation::scripts::{subscript, superscript};
use crate::trace::formula::Param;
use crate::trace::{Index, Quantity, StepId, Tensor};
use crate::tui::ui::View;
use crate::tui::ui::matrix::Ctx;
use crate::tui::ui::matrix::block::{Entry, Equation, Matrix, Show, Term, op};

use super::{Dims, Outputs, output_index};

mod cells;
mod positions;

pub(crate) use cells::{lstm, rnn};
pub(crate) use positions::{positionwise, sequence_loss};

/// What the equations of one recurrent layer are built from.
#[derive(Clone, Copy)]
pub(crate) struct Eq<'v, 'a> {
    /// The frame's view.
    pub view: &'v View<'a>,
    /// The layer.
    pub l: usize,
    /// Its sizes.
    pub d: Dims,
    /// Its outputs.
    pub outputs: Outputs,
}

impl<'v, 'a> Eq<'v, 'a> {
    /// The equations of the layer `c` is on.
    pub fn new(c: Ctx<'v, 'a>, d: Dims, outputs: Outputs) -> Self {
        Eq {
            view: c.view,
            l: c.view.layer(),
            d,
            outputs,
        }
    }

    pub(super) fn t(&self, unicode: &str, ascii: &str) -> String {
        if self.view.theme.ascii {
            ascii
        } else {
            unicode
        }
        .to_string()
    }

    /// `W_ih⁽¹⁾`, `W_ih(1)`.
    pub(super) fn name(&self, base: &str) -> String {
        match self.view.theme.ascii {
            true => format!("{base}({})", self.l),
            false => format!("{base}{}", superscript(&format!("({})", self.l))),
        }
    }

    /// `h⁽¹⁾₂`, `h(1)[2]`: a vector of the layer at step t (from 0); δ is `delta` in ASCII.
    pub fn at_step(&self, base: &str, t: usize) -> String {
        let step = (t + 1).to_string();
        match self.view.theme.ascii {
            true => format!("{}({})[{step}]", base.replace('δ', "delta"), self.l),
            false => format!("{}{}", self.name(base), subscript(&step)),
        }
    }

    /// `x₂` (`x[2]`) for the network's input, `a⁽¹⁾₂` for a layer's: the layer's input at
    /// step t.
    pub(super) fn input_at(&self, t: usize) -> String {
        let step = (t + 1).to_string();
        match (self.view.theme.ascii, self.l) {
            (true, 1) => format!("x[{step}]"),
            (false, 1) => format!("x{}", subscript(&step)),
            (true, l) => format!("a({})[{step}]", l - 1),
            (false, l) => format!(
                "a{}{}",
                superscript(&format!("({})", l - 1)),
                subscript(&step)
            ),
        }
    }

    /// `∂L/∂h⁽¹⁾₂`.
    pub(super) fn partial(&self, of: &str) -> String {
        format!("{}L/{}{of}", self.t("∂", "d"), self.t("∂", "d"))
    }

    pub(super) fn style(&self, current: bool, read: bool) -> Style {
        let theme = &self.view.theme;
        match (current, read) {
            (true, _) => theme.current,
            (false, true) => theme.read,
            _ => Style::new(),
        }
    }

    /// A number no step of this sample computes (a parameter, a derivative of known
    /// numbers): always shown.
    pub(super) fn known(&self, v: f64, read: bool) -> Entry {
        Entry {
            text: self.view.cell(v),
            style: self.style(false, read),
            show: Show::Value,
        }
    }

    /// The number of step `id` of the shown sample: blank until computed, `?` while hidden.
    pub(super) fn sample(&self, id: StepId, read: bool) -> Entry {
        let view = self.view;
        let v = view.values().value(&id);
        let show = if view.hidden(id) {
            Show::Hidden
        } else if id.layer == 0 || view.known(id) {
            Show::Value
        } else {
            Show::Blank
        };
        Entry {
            text: view.cell(v),
            style: self.style(!view.is_update() && view.step.id == id, read),
            show,
        }
    }

    /// `q` of this layer at step t, rows `n`, as a column; `read` says which rows are read.
    pub(super) fn column(
        &self,
        (q, t): (Quantity, usize),
        (n, offset): (usize, usize),
        name: String,
        read: Read,
    ) -> Term<'v> {
        let e = *self;
        Term::Matrix(Matrix::column(name, n, read.focus(), move |r| {
            e.sample(StepId::new(q, e.l, &[t, offset + r]), read.has(r))
        }))
    }

    /// The layer's input at step t as a column, every entry read.
    pub(super) fn input(&self, t: usize) -> Term<'v> {
        let e = *self;
        Term::Matrix(Matrix::column(self.input_at(t), self.d.f, 0, move |k| {
            e.sample(StepId::new(Quantity::A, e.l - 1, &[t, k]), true)
        }))
    }

    /// A parameter tensor as the batch used it: row `row` read (or, through the transpose,
    /// column `row`).
    pub(super) fn tensor(
        &self,
        tensor: Tensor,
        name: String,
        read: Read,
        transposed: bool,
    ) -> Term<'v> {
        let (e, batch) = (*self, &self.view.batch);
        let rows = if tensor.is_bias() { 1 } else { 0 };
        let (n, m) = match tensor {
            Tensor::WIh | Tensor::W => (self.d.rows, self.d.f),
            Tensor::WHh => (self.d.rows, self.d.h),
            _ => (self.d.rows, rows),
        };
        let param = move |r: usize, c: usize| Param {
            l: e.l,
            tensor,
            ix: if tensor.is_bias() {
                Index::one(r)
            } else {
                Index::two(r, c)
            },
        };
        if tensor.is_bias() {
            return Term::Matrix(Matrix::column(name, n, read.focus(), move |r| {
                e.known(batch.before(param(r, 0)), read.has(r))
            }));
        }
        if transposed {
            return Term::Matrix(Matrix::new(name, (m, n), (read.focus(), 0), move |r, c| {
                e.known(batch.before(param(c, r)), read.has(r))
            }));
        }
        Term::Matrix(Matrix::new(name, (n, m), (read.focus(), 0), move |r, c| {
            e.known(batch.before(param(r, c)), read.has(r))
        }))
    }

    /// z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh, row r read.
    pub(super) fn pre_activation(&self, t: usize, r: usize) -> Equation<'v> {
        let (w_ih, b_ih, w_hh, b_hh) = (
            self.name("W_ih"),
            self.name("b_ih"),
            self.name("W_hh"),
            self.name("b_hh"),
        );
        let z = self.at_step("z", t);
        let mut terms = vec![
            self.column((Quantity::Z, t), (self.d.rows, 0), z.clone(), Read::None(r)),
            op("="),
            self.tensor(Tensor::WIh, w_ih.clone(), Read::One(r), false),
            self.input(t),
            op("+"),
            self.tensor(Tensor::BIh, b_ih.clone(), Read::One(r), false),
        ];
        let mut symbolic = format!(
            "{z} = {w_ih}{}{} + {b_ih}",
            self.t("", " "),
            self.input_at(t)
        );
        if t > 0 {
            let prev = self.at_step("h", t - 1);
            terms.extend([
                op("+"),
                self.tensor(Tensor::WHh, w_hh.clone(), Read::One(r), false),
                self.column((Quantity::H, t - 1), (self.d.h, 0), prev.clone(), Read::All),
            ]);
            symbolic.push_str(&format!(" + {w_hh}{}{prev}", self.t("", " ")));
        }
        terms.extend([
            op("+"),
            self.tensor(Tensor::BHh, b_hh.clone(), Read::One(r), false),
        ]);
        symbolic.push_str(&format!(" + {b_hh}"));
        Equation { symbolic, terms }
    }

    /// ∂L/∂h_t = ∂L/∂a_t + W_hhᵀδ_{t+1}, row j read.
    pub(super) fn state_error(&self, t: usize, j: usize) -> Equation<'v> {
        let dh = self.partial(&self.at_step("h", t));
        let mut terms = vec![
            self.column((Quantity::DH, t), (self.d.h, 0), dh.clone(), Read::None(j)),
            op("="),
        ];
        let mut parts = Vec::new();
        if output_index(self.outputs, self.d, t, 0).is_some() {
            let name = match self.outputs {
                Outputs::All => self.partial(&self.at_step("a", t)),
                Outputs::Last => self.partial(&self.name("a")),
            };
            let (e, s) = (*self, self.view.values());
            let errors = s.errors(self.l);
            terms.push(Term::Matrix(Matrix::column(
                name.clone(),
                self.d.h,
                j,
                move |r| {
                    let at = output_index(e.outputs, e.d, t, r)
                        .map_or(0, |ix| super::offset(&ix, e.d.h));
                    let v = errors.get(at).copied().unwrap_or(f64::NAN);
                    let mut entry = e.known(v, r == j);
                    if r == j && e.view.hide {
                        entry.show = Show::Hidden;
                    }
                    entry
                },
            )));
            parts.push(name);
        }
        if t + 1 < self.d.t {
            if !parts.is_empty() {
                terms.push(op("+"));
            }
            let w = format!("{}{}", self.name("W_hh"), self.t("ᵀ", "^T"));
            let next = self.at_step("δ", t + 1);
            terms.push(self.tensor(Tensor::WHh, w.clone(), Read::One(j), true));
            terms.push(self.column(
                (Quantity::Delta, t + 1),
                (self.d.rows, 0),
                next.clone(),
                Read::All,
            ));
            parts.push(format!("{w}{}{next}", self.t("", " ")));
        }
        Equation {
            symbolic: format!("{dh} = {}", parts.join(" + ")),
            terms,
        }
    }

    /// A vector of derived numbers at step t (f′(z), a gate's slope): known, `?` in the
    /// current row while the quiz hides the step.
    pub(super) fn derived(
        &self,
        name: String,
        n: usize,
        j: usize,
        value: impl Fn(usize) -> f64 + 'v,
    ) -> Term<'v> {
        let e = *self;
        Term::Matrix(Matrix::column(name, n, j, move |r| {
            let mut entry = e.known(value(r), r == j);
            if r == j && e.view.hide {
                entry.show = Show::Hidden;
            }
            entry
        }))
    }

    /// The gradient of `tensor` as the steps side by side: [δ_1 … δ_T][x_1 … x_T]ᵀ (W_hh:
    /// [δ_2 … δ_T][h_1 … h_{T−1}]ᵀ; a bias: the sum of the columns [δ_1 … δ_T]).
    pub(super) fn gradient(&self, tensor: Tensor, (r, k): (usize, usize)) -> Equation<'v> {
        let e = *self;
        let d = self.d;
        let base = match tensor {
            Tensor::WIh => "W_ih",
            Tensor::WHh => "W_hh",
            Tensor::BIh => "b_ih",
            Tensor::BHh => "b_hh",
            Tensor::W => "W",
            _ => "b",
        };
        let g = self.partial(&self.name(base));
        let first = usize::from(tensor == Tensor::WHh);
        let steps = d.t - first;
        let cols = match tensor {
            t if t.is_bias() => 1,
            Tensor::WIh | Tensor::W => d.f,
            _ => d.h,
        };
        let grad = Term::Matrix(Matrix::new(
            g.clone(),
            (d.rows, cols),
            (r, k),
            move |row, col| {
                let ix = if tensor.is_bias() {
                    Index::one(row)
                } else {
                    Index::two(row, col)
                };
                e.sample(
                    StepId {
                        quantity: Quantity::Grad(tensor),
                        layer: e.l,
                        ix,
                    },
                    false,
                )
            },
        ));
        let delta = format!(
            "[{} {} {}]",
            self.at_step("δ", first),
            self.view.theme.ellipsis(),
            self.at_step("δ", d.t - 1)
        );
        let deltas = Term::Matrix(Matrix::new(
            delta.clone(),
            (d.rows, steps.max(1)),
            (r, 0),
            move |row, c| {
                e.sample(
                    StepId::new(Quantity::Delta, e.l, &[first + c, row]),
                    row == r,
                )
            },
        ));
        if tensor.is_bias() {
            return Equation {
                symbolic: match self.view.theme.ascii {
                    true => format!(
                        "{g} = {} delta({})[t]",
                        self.view.theme.lang.t("view-recurrent-sum-over-t"),
                        self.l
                    ),
                    false => format!("{g} = Σₜ {}ₜ", self.name("δ")),
                },
                terms: vec![
                    grad,
                    op("="),
                    op(&self.view.theme.lang.t("view-recurrent-row-sums")),
                    deltas,
                ],
            };
        }
        let (q, layer, name) = match tensor {
            Tensor::WIh | Tensor::W => (
                Quantity::A,
                self.l - 1,
                format!(
                    "[{} {} {}]",
                    self.input_at(0),
                    self.view.theme.ellipsis(),
                    self.input_at(d.t - 1)
                ),
            ),
            _ => (
                Quantity::H,
                self.l,
                format!(
                    "[{} {} {}]",
                    self.at_step("h", 0),
                    self.view.theme.ellipsis(),
                    self.at_step("h", d.t.saturating_sub(2))
                ),
            ),
        };
        let tr = self.t("ᵀ", "^T");
        let others = Term::Matrix(Matrix::new(
            format!("{name}{tr}"),
            (steps.max(1), cols),
            (0, k),
            move |c, col| e.sample(StepId::new(q, layer, &[c, col]), col == k),
        ));
        Equation {
            symbolic: format!("{g} = {delta}{}{name}{tr}", self.t("", " ")),
            terms: vec![grad, op("="), deltas, others],
        }
    }
}

/// Which entries of a vector a formula reads.
#[derive(Clone, Copy)]
pub(super) enum Read {
    /// Reads none of it; the window centres on this entry.
    None(usize),
    /// Reads this entry.
    One(usize),
    /// Reads every entry.
    All,
}

impl Read {
    pub(super) fn has(self, r: usize) -> bool {
        match self {
            Read::None(_) => false,
            Read::One(j) => j == r,
            Read::All => true,
        }
    }
    pub(super) fn focus(self) -> usize {
        match self {
            Read::None(j) | Read::One(j) => j,
            Read::All => 0,
        }
    }
}

/// The equation of the current step of a recurrent layer's sample: the forward and backward
/// steps both kinds share, the rest from `own` (the kind's own steps).
pub(crate) fn sample<'v>(
    e: Eq<'v, '_>,
    own: impl Fn(Eq<'v, '_>, StepId) -> Option<Equation<'v>>,
) -> Vec<Equation<'v>> {
    let id = e.view.step.id;
    let (t, r) = (id.ix.j(), id.ix.k().unwrap_or(0));
    if let Some(eq) = own(e, id) {
        return vec![eq];
    }
    vec![match id.quantity {
        Quantity::Loss if e.outputs == Outputs::All => sequence_loss(e),
        Quantity::Loss => return crate::tui::ui::matrix::dense_equations(Ctx { view: e.view }),
        Quantity::Z => e.pre_activation(t, r),
        Quantity::DH => e.state_error(t, r),
        Quantity::A => output(e),
        Quantity::Grad(tensor) => e.gradient(tensor, (id.ix.j(), id.ix.k().unwrap_or(0))),
        _ => return Vec::new(),
    }]
}

/// a = h: every state (outputs = "all") or the last.
fn output<'v>(e: Eq<'v, '_>) -> Equation<'v> {
    let id = e.view.step.id;
    let d = e.d;
    match e.outputs {
        Outputs::All => {
            let t = id.ix.j();
            let (a, h) = (e.at_step("a", t), e.at_step("h", t));
            Equation {
                symbolic: format!("{a} = {h}"),
                terms: vec![
                    e.column(
                        (Quantity::A, t),
                        (d.h, 0),
                        a,
                        Read::None(id.ix.k().unwrap_or(0)),
                    ),
                    op("="),
                    e.column(
                        (Quantity::H, t),
                        (d.h, 0),
                        h,
                        Read::One(id.ix.k().unwrap_or(0)),
                    ),
                ],
            }
        }
        Outputs::Last => {
            let (a, h) = (e.name("a"), e.at_step("h", d.t - 1));
            let ex = e;
            let a_vec = Term::Matrix(Matrix::column(a.clone(), d.h, id.ix.j(), move |r| {
                ex.sample(StepId::new(Quantity::A, ex.l, &[r]), false)
            }));
            Equation {
                symbolic: format!("{a} = {h}"),
                terms: vec![
                    a_vec,
                    op("="),
                    e.column((Quantity::H, d.t - 1), (d.h, 0), h, Read::One(id.ix.j())),
                ],
            }
        }
    }
}

/// The note under an RNN or LSTM step's matrix form: how the current entry comes out.
pub(crate) fn note(e: Eq, id: StepId) -> Option<String> {
    let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let lang = e.view.theme.lang;
    let row = (j + 1).to_string();
    Some(match id.quantity {
        Quantity::Z if t > 0 => crate::tr!(
            lang,
            "view-recurrent-note-z",
            row = row,
            w_ih = e.name("W_ih"),
            x = e.input_at(t),
            b_ih = e.name("b_ih"),
            w_hh = e.name("W_hh"),
            h = e.at_step("h", t - 1),
            b_hh = e.name("b_hh")
        ),
        Quantity::Z => crate::tr!(
            lang,
            "view-recurrent-note-z-first",
            row = row,
            w_ih = e.name("W_ih"),
            x = e.input_at(t),
            b_ih = e.name("b_ih"),
            b_hh = e.name("b_hh")
        ),
        Quantity::DH => crate::tr!(
            lang,
            "view-recurrent-note-dh",
            row = row,
            w_hh = e.name("W_hh"),
            h = e.at_step("h", t),
            next = (t + 2).to_string(),
            step = (t + 1).to_string()
        ),
        Quantity::Grad(tensor) if !tensor.is_bias() => crate::tr!(
            lang,
            "view-recurrent-note-grad",
            row = (id.ix.j() + 1).to_string(),
            col = (id.ix.k().unwrap_or(0) + 1).to_string()
        ),
        _ => return None,
    })
    .map(|s| {
        if e.view.theme.ascii {
            e.view.theme.text(&s)
        } else {
            s
        }
    })
}
