//! The vector equations of a sample's steps: the forward pass, the loss, δ and the gradients.

use crate::lesson::{Activation, Loss};
use crate::tr;
use crate::trace::formula::{Param, Sym, symbol};
use crate::trace::{Quantity, StepId};

use super::Ctx;
use super::block::{Equation, Matrix, Term, op};

/// The equation of the current step of a sample.
pub fn equations<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let id = c.view.step.id;
    let depth = c.view.lesson.depth();
    vec![match id.quantity {
        Quantity::Z => weighted_input(c, id.layer, id.j()),
        Quantity::A => activation(c, id.layer, id.j()),
        Quantity::Loss => loss(c),
        Quantity::Delta if id.layer == depth => output_delta(c, id.j()),
        Quantity::Delta => hidden_delta(c, id.layer, id.j()),
        Quantity::DB => bias_gradient(c, id.layer, id.j()),
        _ => weight_gradient(c, id.layer, id.j(), id.k().unwrap_or(0)),
    }]
}

fn neuron(q: Quantity, l: usize, j: usize) -> StepId {
    StepId::neuron(q, l, j)
}

/// z⁽ˡ⁾, a⁽ˡ⁾ or δ⁽ˡ⁾ of the shown sample as a column, entry `read` (or all) highlighted.
fn layer_vector<'v>(c: Ctx<'v, '_>, q: Quantity, l: usize, read: Read) -> Matrix<'v> {
    let (unicode, ascii) = match q {
        Quantity::Z => ("z", "z"),
        Quantity::A => ("a", "a"),
        _ => ("δ", "delta"),
    };
    let s = c.values();
    Matrix::column(
        c.name(unicode, ascii, l),
        c.view.lesson.width(l),
        read.focus(),
        move |r| {
            let id = neuron(q, l, r);
            c.sample(id, s.value(&id), read.has(r))
        },
    )
}

/// Which entries of a vector a formula reads.
#[derive(Clone, Copy)]
enum Read {
    None(usize),
    One(usize),
    All,
}

impl Read {
    fn has(self, r: usize) -> bool {
        match self {
            Read::None(_) => false,
            Read::One(j) => j == r,
            Read::All => true,
        }
    }
    fn focus(self) -> usize {
        match self {
            Read::None(j) | Read::One(j) => j,
            Read::All => 0,
        }
    }
}

/// The target y as a column (or a row, transposed).
fn target<'v>(c: Ctx<'v, '_>, read: Read, row: bool) -> Matrix<'v> {
    let s = c.values();
    let n = c.view.lesson.outputs();
    let entry = move |r| c.known(s.target()[r], read.has(r));
    if row {
        Matrix::row(c.t("yᵀ", "y^T"), n, read.focus(), entry)
    } else {
        Matrix::column("y".into(), n, read.focus(), entry)
    }
}

/// f′(z⁽ˡ⁾) of the shown sample, entry j highlighted.
fn derivatives<'v>(c: Ctx<'v, '_>, l: usize, j: usize) -> Matrix<'v> {
    let s = c.values();
    Matrix::column(c.derivative(l), c.view.lesson.width(l), j, move |r| {
        c.factor(s.derivative(l, r).unwrap_or(f64::NAN), r == j)
    })
}

/// z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾: row j of W times a, plus b_j.
fn weighted_input<'v>(c: Ctx<'v, '_>, l: usize, j: usize) -> Equation<'v> {
    let view = c.view;
    let (n, m) = (view.lesson.width(l), view.lesson.width(l - 1));
    let batch = &view.batch;
    let w = Matrix::new(c.name("W", "W", l), (n, m), (j, 0), move |r, k| {
        c.known(batch.before(Param::w(l, r, k)), r == j)
    });
    let b = Matrix::column(c.name("b", "b", l), n, j, move |r| {
        c.known(batch.before(Param::b(l, r)), r == j)
    });
    Equation {
        symbolic: format!(
            "{} = {} + {}",
            c.name("z", "z", l),
            c.product(&c.name("W", "W", l), &c.name("a", "a", l - 1)),
            c.name("b", "b", l)
        ),
        terms: vec![
            Term::Matrix(layer_vector(c, Quantity::Z, l, Read::None(j))),
            op("="),
            Term::Matrix(w),
            Term::Matrix(layer_vector(c, Quantity::A, l - 1, Read::All)),
            op("+"),
            Term::Matrix(b),
        ],
    }
}

/// a⁽ˡ⁾ = f(z⁽ˡ⁾), entry by entry (softmax: each entry reads every z).
fn activation<'v>(c: Ctx<'v, '_>, l: usize, j: usize) -> Equation<'v> {
    let softmax = c.view.activation(l) == Activation::Softmax;
    let identity = c.view.activation(l) == Activation::Identity;
    let read = if softmax { Read::All } else { Read::One(j) };
    let (a, z) = (c.name("a", "a", l), c.name("z", "z", l));
    let f = c.function(l);
    let a_vec = Term::Matrix(layer_vector(c, Quantity::A, l, Read::None(j)));
    let z_vec = Term::Matrix(layer_vector(c, Quantity::Z, l, read));
    if identity {
        return Equation {
            symbolic: format!("{a} = {z}"),
            terms: vec![a_vec, op("="), z_vec],
        };
    }
    Equation {
        symbolic: format!("{a} = {f}({z})"),
        terms: vec![a_vec, op(&format!("= {f}(")), z_vec, op(")")],
    }
}

/// The sample's loss as a function of the output vector and the target.
fn loss<'v>(c: Ctx<'v, '_>) -> Equation<'v> {
    let (symbolic, mut terms) = match c.view.lesson.loss {
        Loss::HalfSse | Loss::Mse => squared_error(c),
        Loss::Bce => binary_cross_entropy(c),
        Loss::CrossEntropy => cross_entropy(c),
    };
    terms.insert(0, c.current_scalar());
    terms.insert(0, op("L ="));
    Equation { symbolic, terms }
}

/// The output activations as a column, all read by the loss.
fn outputs<'v>(c: Ctx<'v, '_>) -> Term<'v> {
    let depth = c.view.lesson.depth();
    Term::Matrix(layer_vector(c, Quantity::A, depth, Read::All))
}

/// L = ½‖a − y‖² or (1/n)‖a − y‖²: its symbols, and its terms after the value.
fn squared_error<'v>(c: Ctx<'v, '_>) -> (String, Vec<Term<'v>>) {
    let lesson = c.view.lesson;
    let a = c.name("a", "a", lesson.depth());
    let (minus, dot) = (c.t("−", "-"), c.t("·", "*"));
    let (open, close) = (c.t("‖", "||"), c.t("‖²", "||^2"));
    let factor = match lesson.loss {
        Loss::HalfSse => c.t("½", "1/2"),
        _ => format!("(1/{})", lesson.outputs()),
    };
    (
        format!("L = {factor}{dot}{open}{a} {minus} y{close}"),
        vec![
            op(&format!("= {factor}{dot}{open}")),
            outputs(c),
            op(&minus),
            Term::Matrix(target(c, Read::All, false)),
            op(&close),
        ],
    )
}

/// L = −(1/n)·Σ(y ⊙ ln a + (1 − y) ⊙ ln(1 − a)).
fn binary_cross_entropy<'v>(c: Ctx<'v, '_>) -> (String, Vec<Term<'v>>) {
    let lesson = c.view.lesson;
    let (a, n) = (c.name("a", "a", lesson.depth()), lesson.outputs());
    let (minus, dot, h, sum) = (c.t("−", "-"), c.t("·", "*"), c.hadamard(), c.t("Σ", "sum"));
    let y = || Term::Matrix(target(c, Read::All, false));
    (
        format!("L = {minus}(1/{n}){dot}{sum}(y {h} ln {a} + (1 {minus} y) {h} ln(1 {minus} {a}))"),
        vec![
            op(&format!("= {minus}(1/{n}){dot}{sum}(")),
            y(),
            op(&format!("{h} ln")),
            outputs(c),
            op(&format!("+ (1 {minus}")),
            y(),
            op(&format!(") {h} ln(1 {minus}")),
            outputs(c),
            op("))"),
        ],
    )
}

/// L = −yᵀ ln a (ln a from log-softmax).
fn cross_entropy<'v>(c: Ctx<'v, '_>) -> (String, Vec<Term<'v>>) {
    let a = c.name("a", "a", c.view.lesson.depth());
    let minus = c.t("−", "-");
    (
        format!("L = {minus}{} ln {a}", c.t("yᵀ", "y^T")),
        vec![
            op(&format!("= {minus}")),
            Term::Matrix(target(c, Read::All, true)),
            op("ln"),
            outputs(c),
        ],
    )
}

/// δ⁽ᴸ⁾ = ∇ₐL ⊙ f′(z⁽ᴸ⁾); a − y for softmax with cross-entropy.
fn output_delta<'v>(c: Ctx<'v, '_>, j: usize) -> Equation<'v> {
    let view = c.view;
    let depth = view.lesson.depth();
    let delta = Term::Matrix(layer_vector(c, Quantity::Delta, depth, Read::None(j)));
    let (d, a) = (c.name("δ", "delta", depth), c.name("a", "a", depth));
    let s = c.values();
    if s.loss_gradient(j).is_none() {
        return Equation {
            symbolic: format!("{d} = {a} {} y", c.t("−", "-")),
            terms: vec![
                delta,
                op("="),
                Term::Matrix(layer_vector(c, Quantity::A, depth, Read::One(j))),
                op(&c.t("−", "-")),
                Term::Matrix(target(c, Read::One(j), false)),
            ],
        };
    }
    let grad_name = format!("{}{}", c.t("∇ₐL", "grad_a L"), "");
    let grad = Matrix::column(grad_name.clone(), view.lesson.outputs(), j, move |r| {
        c.factor(s.loss_gradient(r).unwrap_or(f64::NAN), r == j)
    });
    Equation {
        symbolic: format!("{d} = {grad_name} {} {}", c.hadamard(), c.derivative(depth)),
        terms: vec![
            delta,
            op("="),
            Term::Matrix(grad),
            op(&c.hadamard()),
            Term::Matrix(derivatives(c, depth, j)),
        ],
    }
}

/// δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾): row j of the transpose is column j of W⁽ˡ⁺¹⁾, the
/// weights out of neuron j; the product is the error passed back.
fn hidden_delta<'v>(c: Ctx<'v, '_>, l: usize, j: usize) -> Equation<'v> {
    let view = c.view;
    let (n, above) = (view.lesson.width(l), view.lesson.width(l + 1));
    let batch = &view.batch;
    let w_name = c.transposed(&c.name("W", "W", l + 1));
    let wt = Matrix::new(w_name.clone(), (n, above), (j, 0), move |r, k| {
        c.known(batch.before(Param::w(l + 1, k, r)), r == j)
    });
    let s = c.values();
    let delta_above = c.name("δ", "delta", l + 1);
    let passed = Matrix::column(c.product(&w_name, &delta_above), n, j, move |r| {
        c.factor(s.upstream(l, r).unwrap_or(f64::NAN), r == j)
    });
    let h = c.hadamard();
    Equation {
        symbolic: format!(
            "{} = {} {h} {}",
            c.name("δ", "delta", l),
            c.product(&w_name, &delta_above),
            c.derivative(l)
        ),
        terms: vec![
            Term::Matrix(layer_vector(c, Quantity::Delta, l, Read::None(j))),
            op("="),
            Term::Matrix(wt),
            Term::Matrix(layer_vector(c, Quantity::Delta, l + 1, Read::All)),
            op(&h),
            Term::Matrix(derivatives(c, l, j)),
            op("="),
            Term::Matrix(passed),
            op(&h),
            Term::Matrix(derivatives(c, l, j)),
        ],
    }
}

/// ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾.
fn bias_gradient<'v>(c: Ctx<'v, '_>, l: usize, j: usize) -> Equation<'v> {
    let s = c.values();
    let name = c.gradient("b", l, None);
    let grad = Matrix::column(name.clone(), c.view.lesson.width(l), j, move |r| {
        c.sample(neuron(Quantity::DB, l, r), s.delta(l, r), false)
    });
    Equation {
        symbolic: format!("{name} = {}", c.name("δ", "delta", l)),
        terms: vec![
            Term::Matrix(grad),
            op("="),
            Term::Matrix(layer_vector(c, Quantity::Delta, l, Read::One(j))),
        ],
    }
}

/// ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ: entry (j, k) is δ_j times a_k.
fn weight_gradient<'v>(c: Ctx<'v, '_>, l: usize, j: usize, k: usize) -> Equation<'v> {
    let view = c.view;
    let (n, m) = (view.lesson.width(l), view.lesson.width(l - 1));
    let s = c.values();
    let name = c.gradient("W", l, None);
    let grad = Matrix::new(name.clone(), (n, m), (j, k), move |r, col| {
        let id = StepId::weight(Quantity::DW, l, r, col);
        c.sample(id, s.value(&id), false)
    });
    let a_name = c.transposed(&c.name("a", "a", l - 1));
    let a_row = Matrix::row(a_name.clone(), m, k, move |col| {
        c.sample(neuron(Quantity::A, l - 1, col), s.a(l - 1, col), col == k)
    });
    Equation {
        symbolic: format!("{name} = {}", c.product(&c.name("δ", "delta", l), &a_name)),
        terms: vec![
            Term::Matrix(grad),
            op("="),
            Term::Matrix(layer_vector(c, Quantity::Delta, l, Read::One(j))),
            Term::Matrix(a_row),
        ],
    }
}

/// How the current entry comes out of the equation, in words.
pub fn note(c: Ctx, id: StepId) -> Option<String> {
    if id.layer > 0 && !c.view.lesson.layers[id.layer - 1].is_dense() {
        // Other kinds and sequences write their own equations; no note in words here.
        return None;
    }
    let notation = c.view.app.settings.notation();
    let s = |sym: Sym| symbol(&sym, notation);
    let (l, j) = (id.layer, id.j());
    let depth = c.view.lesson.depth();
    let lang = c.view.theme.lang;
    Some(match id.quantity {
        Quantity::Z => tr!(
            lang,
            "mx-note-z",
            z = s(Sym::z(l, j)),
            j = j + 1,
            w = c.name("W", "W", l),
            a = c.name("a", "a", l - 1),
            b = s(Sym::b(l, j))
        ),
        Quantity::A if c.view.activation(l) == Activation::Softmax => tr!(
            lang,
            "mx-note-softmax",
            a = s(Sym::a(l, j)),
            z = c.name("z", "z", l)
        ),
        Quantity::A => tr!(
            lang,
            "mx-note-a",
            f = c.function(l),
            a = s(Sym::a(l, j)),
            z = s(Sym::z(l, j))
        ),
        Quantity::Delta if l < depth => tr!(
            lang,
            "mx-note-delta",
            j = j + 1,
            wt = c.transposed(&c.name("W", "W", l + 1)),
            w = c.name("W", "W", l + 1),
            l = l,
            next = c.name("δ", "delta", l + 1),
            above = l + 1,
            hadamard = c.hadamard(),
            slope = c.derivative(l),
            delta = s(Sym::delta(l, j))
        ),
        Quantity::DW => tr!(
            lang,
            "mx-note-dw",
            j = j + 1,
            k = id.k().unwrap_or(0) + 1,
            delta = s(Sym::delta(l, j)),
            a = s(Sym::a(l - 1, id.k().unwrap_or(0))),
            deltas = c.name("δ", "delta", l),
            at = c.transposed(&c.name("a", "a", l - 1))
        ),
        _ => return None,
    })
}
