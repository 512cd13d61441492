//! The vector equations of an update: W ← W − η∂L/∂W (b likewise), the optimizers' state as
//! matrices (momentum's velocity; Adam's m, v, m̂, v̂), and a batch's mean gradient
//! (1/m)Σ over its samples.

use crate::lesson::Optimizer;
use crate::notation::scripts::superscript;
use crate::trace::formula::Param;
use crate::trace::{Index, Moment, Tensor};

use super::Ctx;
use super::block::{Entry, Equation, Matrix, Term, op};

/// The parameter matrix (or bias vector) the current update step belongs to: a dense layer's
/// W or b, or any other 2-D or 1-D tensor (a recurrent layer's W_ih, b_hh, …); for a
/// convolution's weight, the kernel it is in, w[o,c] (kh × kw).
#[derive(Clone, Copy)]
struct Shape {
    l: usize,
    tensor: Tensor,
    weights: bool,
    rows: usize,
    cols: usize,
    focus: (usize, usize),
    kernel: Option<(usize, usize)>,
}

impl Shape {
    fn of(c: Ctx) -> Shape {
        let id = c.view.step.id;
        let l = id.layer;
        let tensor = id.quantity.tensor().unwrap_or(Tensor::W);
        let dims = c.view.lesson.layers[l - 1]
            .specs()
            .into_iter()
            .find(|s| s.tensor == tensor)
            .map_or_else(Vec::new, |s| s.dims);
        let ix = id.ix.to_vec();
        match (dims.len(), ix.as_slice()) {
            (4, &[o, ch, u, v]) => Shape {
                l,
                tensor,
                weights: true,
                rows: dims[2],
                cols: dims[3],
                focus: (u, v),
                kernel: Some((o, ch)),
            },
            _ => Shape {
                l,
                tensor,
                weights: id.k().is_some(),
                rows: dims.first().copied().unwrap_or(1),
                cols: dims.get(1).copied().unwrap_or(1),
                focus: (id.j(), id.k().unwrap_or(0)),
                kernel: None,
            },
        }
    }

    fn param(self, r: usize, col: usize) -> Param {
        let ix = match (self.weights, self.kernel) {
            (true, Some((o, ch))) => Index::new(&[o, ch, r, col]),
            (true, None) => Index::two(r, col),
            (false, _) => Index::one(r),
        };
        Param {
            l: self.l,
            tensor: self.tensor,
            ix,
        }
    }

    /// The tensor's letters as a matrix is named: `W`, `b`, `W_ih`, `b_hh`.
    fn base(self) -> &'static str {
        match self.tensor {
            Tensor::WIh => "W_ih",
            Tensor::WHh => "W_hh",
            Tensor::BIh => "b_ih",
            Tensor::BHh => "b_hh",
            _ if self.weights => "W",
            _ => "b",
        }
    }

    /// `W⁽¹⁾` or `b⁽¹⁾`; a convolution's kernel `W⁽¹⁾[1,2]`.
    fn name(self, c: Ctx) -> String {
        let base = self.base();
        let name = c.name(base, base, self.l);
        match self.kernel {
            Some((o, ch)) => format!("{name}[{},{}]", o + 1, ch + 1),
            None => name,
        }
    }

    /// A matrix of this shape whose entry (r, col) is `entry(param, is the focus)`.
    fn matrix<'v>(self, name: String, entry: impl Fn(Param, bool) -> Entry + 'v) -> Term<'v> {
        Term::Matrix(Matrix::new(
            name,
            (self.rows, self.cols),
            self.focus,
            move |r, col| entry(self.param(r, col), (r, col) == self.focus),
        ))
    }
}

/// The optimizer state a lesson names `v`: momentum's velocity or Adam's second moment.
fn v_quantity(c: Ctx) -> Moment {
    match c.view.lesson.optimizer {
        Optimizer::Adam { .. } | Optimizer::AdamW { .. } => Moment::V,
        Optimizer::Sgd { .. } => Moment::Velocity,
    }
}

/// The parameters as the batch used them (read at the focus).
fn old<'v>(c: Ctx<'v, '_>, sh: Shape) -> Term<'v> {
    let batch = &c.view.batch;
    sh.matrix(aged(c, &sh.name(c), "old"), move |p, focus| {
        c.known(batch.before(p), focus)
    })
}

/// A matrix's name with which of its values it holds: `W⁽²⁾ new ← W⁽²⁾ old − …`.
fn aged(c: Ctx, name: &str, age: &str) -> String {
    let age = c.view.theme.lang.t(&format!("mx-{age}"));
    format!("{name} {age}")
}

/// The parameters after the update, as far as it has gone.
fn new<'v>(c: Ctx<'v, '_>, sh: Shape) -> Term<'v> {
    let batch = &c.view.batch;
    sh.matrix(aged(c, &sh.name(c), "new"), move |p, _| {
        c.update(p.id(p.quantity()), batch.after(p), false)
    })
}

/// The batch-mean gradient the update uses.
fn gradient<'v>(c: Ctx<'v, '_>, sh: Shape) -> Term<'v> {
    let batch = &c.view.batch;
    let name = c.gradient(sh.base(), sh.l, None);
    sh.matrix(name, move |p, focus| c.known(batch.gradient(p), focus))
}

/// `m⁽¹⁾`, `v̂⁽¹⁾` (`mhat(1)` in ASCII).
fn state_name(c: Ctx, q: Moment, l: usize) -> String {
    let (unicode, ascii) = match q {
        Moment::M => ("m", "m"),
        Moment::MHat => ("m̂", "mhat"),
        Moment::VHat => ("v̂", "vhat"),
        Moment::Decayed => ("p̃", "decayed"),
        _ => ("v", "v"),
    };
    c.name(unicode, ascii, l)
}

/// Optimizer state `q` before the update (read at the focus).
fn state_old<'v>(c: Ctx<'v, '_>, sh: Shape, q: Moment) -> Term<'v> {
    let batch = &c.view.batch;
    sh.matrix(aged(c, &state_name(c, q, sh.l), "old"), move |p, focus| {
        c.known(batch.state_before(q, p).unwrap_or(0.0), focus)
    })
}

/// Optimizer state `q` after the update, as far as it has gone; `read` highlights the focus.
fn state_new<'v>(c: Ctx<'v, '_>, sh: Shape, q: Moment, read: bool) -> Term<'v> {
    let batch = &c.view.batch;
    let name = if read {
        state_name(c, q, sh.l)
    } else {
        aged(c, &state_name(c, q, sh.l), "new")
    };
    sh.matrix(name, move |p, focus| {
        let id = p.id(p.state(q));
        let v = match q {
            Moment::MHat | Moment::VHat | Moment::Decayed => batch.update_value(&id),
            _ => batch.state_after(q, p),
        };
        c.update(id, v.unwrap_or(f64::NAN), read && focus)
    })
}

/// The equations of the current update step: its own, then the batch mean of the gradient
/// when it reads the gradient and the batch has more than one sample.
pub fn equations<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let sh = Shape::of(c);
    let q = c.view.step.id.quantity.moment();
    let mut eqs = vec![match c.view.lesson.optimizer {
        Optimizer::Sgd { momentum: 0.0, .. } => sgd(c, sh),
        Optimizer::Sgd { momentum, .. } => self::momentum(c, sh, q, momentum),
        Optimizer::Adam { .. } | Optimizer::AdamW { .. } => adam(c, sh, q),
    }];
    if c.view.batch.len() > 1 && reads_gradient(c, q) {
        eqs.push(batch_mean(c, sh));
    }
    eqs
}

fn reads_gradient(c: Ctx, q: Option<Moment>) -> bool {
    match c.view.lesson.optimizer {
        Optimizer::Sgd { momentum: 0.0, .. } => true,
        Optimizer::Sgd { .. } => q == Some(Moment::Velocity),
        Optimizer::Adam { .. } | Optimizer::AdamW { .. } => {
            matches!(q, Some(Moment::M | Moment::V))
        }
    }
}

fn arrow(c: Ctx) -> String {
    c.t("←", "<-")
}

/// W ← W − η∂L/∂W.
fn sgd<'v>(c: Ctx<'v, '_>, sh: Shape) -> Equation<'v> {
    let (p, eta) = (sh.name(c), c.t("η", "eta"));
    let g = c.gradient(sh.base(), sh.l, None);
    let (minus, dot) = (c.t("−", "-"), c.t("·", "*"));
    let lr = c.precise(c.view.lesson.optimizer.learning_rate());
    Equation {
        symbolic: format!("{p} {} {p} {minus} {eta}{dot}{g}", arrow(c)),
        terms: vec![
            new(c, sh),
            op(&arrow(c)),
            old(c, sh),
            op(&format!("{minus} {lr}{dot}")),
            gradient(c, sh),
        ],
    }
}

/// v ← μv + ∂L/∂W, then W ← W − ηv.
fn momentum<'v>(c: Ctx<'v, '_>, sh: Shape, q: Option<Moment>, mu: f64) -> Equation<'v> {
    let (p, v) = (sh.name(c), state_name(c, Moment::V, sh.l));
    let g = c.gradient(sh.base(), sh.l, None);
    let (minus, dot, eta) = (c.t("−", "-"), c.t("·", "*"), c.t("η", "eta"));
    let vq = v_quantity(c);
    if q == Some(vq) {
        return Equation {
            symbolic: format!("{v} {} {}{dot}{v} + {g}", arrow(c), c.t("μ", "mu")),
            terms: vec![
                state_new(c, sh, vq, false),
                op(&arrow(c)),
                op(&format!("{}{dot}", c.precise(mu))),
                state_old(c, sh, vq),
                op("+"),
                gradient(c, sh),
            ],
        };
    }
    let lr = c.precise(c.view.lesson.optimizer.learning_rate());
    Equation {
        symbolic: format!("{p} {} {p} {minus} {eta}{dot}{v}", arrow(c)),
        terms: vec![
            new(c, sh),
            op(&arrow(c)),
            old(c, sh),
            op(&format!("{minus} {lr}{dot}")),
            state_new(c, sh, vq, true),
        ],
    }
}

/// Adam's hyperparameters.
#[derive(Clone, Copy)]
struct Adam {
    eta: f64,
    beta1: f64,
    beta2: f64,
    eps: f64,
}

/// Adam: m, v, m̂, v̂, then W ← W − η·m̂ ⊘ (√v̂ + ε), each entry by entry.
fn adam<'v>(c: Ctx<'v, '_>, sh: Shape, q: Option<Moment>) -> Equation<'v> {
    let optimizer = c.view.lesson.optimizer;
    let Some((beta1, beta2, epsilon)) = optimizer.adam_hyper() else {
        unreachable!("adam() is only asked of Adam lessons")
    };
    let hyper = Adam {
        eta: optimizer.learning_rate(),
        beta1,
        beta2,
        eps: epsilon,
    };
    match q {
        Some(Moment::Decayed) => decay(c, sh, optimizer.weight_decay().unwrap_or(0.0), hyper),
        Some(q @ (Moment::M | Moment::V)) => adam_moment(c, sh, q, hyper),
        Some(q @ (Moment::MHat | Moment::VHat)) => adam_corrected(c, sh, q, hyper),
        _ => adam_step(c, sh, hyper),
    }
}

/// m ← β₁m + (1 − β₁)∂L/∂W, or v ← β₂v + (1 − β₂)∂L/∂W ⊙ ∂L/∂W.
fn adam_moment<'v>(c: Ctx<'v, '_>, sh: Shape, q: Moment, hyper: Adam) -> Equation<'v> {
    let (minus, dot, h) = (c.t("−", "-"), c.t("·", "*"), c.hadamard());
    let g = c.gradient(sh.base(), sh.l, None);
    let second = q == Moment::V;
    let (b, beta) = match second {
        false => (c.t("β₁", "beta1"), hyper.beta1),
        true => (c.t("β₂", "beta2"), hyper.beta2),
    };
    let m = state_name(c, q, sh.l);
    let squared = if second {
        format!(" {h} {g}")
    } else {
        String::new()
    };
    let mut terms = vec![
        state_new(c, sh, q, false),
        op(&arrow(c)),
        op(&format!("{}{dot}", c.precise(beta))),
        state_old(c, sh, q),
        op(&format!("+ (1 {minus} {}){dot}", c.precise(beta))),
        gradient(c, sh),
    ];
    if second {
        terms.extend([op(&h), gradient(c, sh)]);
    }
    Equation {
        symbolic: format!(
            "{m} {} {b}{dot}{m} + (1 {minus} {b}){dot}{g}{squared}",
            arrow(c)
        ),
        terms,
    }
}

/// m̂ = m / (1 − β₁ᵗ), or v̂ = v / (1 − β₂ᵗ), with this update's t.
fn adam_corrected<'v>(c: Ctx<'v, '_>, sh: Shape, q: Moment, hyper: Adam) -> Equation<'v> {
    let minus = c.t("−", "-");
    let (raw, b, beta) = match q {
        Moment::MHat => (Moment::M, c.t("β₁", "beta1"), hyper.beta1),
        _ => (Moment::V, c.t("β₂", "beta2"), hyper.beta2),
    };
    let t = c.view.batch.adam_t().unwrap_or(1);
    let power = match c.view.theme.ascii {
        true => format!("{}^{t}", c.precise(beta)),
        false => format!("{}{}", c.precise(beta), superscript(&t.to_string())),
    };
    Equation {
        symbolic: format!(
            "{} = {} / (1 {minus} {b}{})",
            state_name(c, q, sh.l),
            state_name(c, raw, sh.l),
            c.t("ᵗ", "^t")
        ),
        terms: vec![
            state_new(c, sh, q, false),
            op("="),
            state_new(c, sh, raw, true),
            op(&format!("/ (1 {minus} {power})")),
        ],
    }
}

/// AdamW's decay: W̃ = W·(1 − η·λ).
fn decay<'v>(c: Ctx<'v, '_>, sh: Shape, lambda: f64, hyper: Adam) -> Equation<'v> {
    let (minus, dot) = (c.t("−", "-"), c.t("·", "*"));
    let decayed = state_name(c, Moment::Decayed, sh.l);
    let batch = &c.view.batch;
    Equation {
        symbolic: format!(
            "{decayed} = {}{dot}(1 {minus} {}{dot}{})",
            sh.name(c),
            c.t("η", "eta"),
            c.t("λ", "lambda")
        ),
        terms: vec![
            state_new(c, sh, Moment::Decayed, false),
            op("="),
            sh.matrix(sh.name(c), move |p, focus| c.known(batch.before(p), focus)),
            op(&format!(
                "{dot}(1 {minus} {}{dot}{})",
                c.precise(hyper.eta),
                c.precise(lambda)
            )),
        ],
    }
}

/// W ← W − η·m̂ ⊘ (√v̂ + ε) (from W̃ with AdamW).
fn adam_step<'v>(c: Ctx<'v, '_>, sh: Shape, hyper: Adam) -> Equation<'v> {
    let (minus, dot) = (c.t("−", "-"), c.t("·", "*"));
    let p = sh.name(c);
    let (div, eps) = (c.t("⊘", "(/)"), c.t("ε", "eps"));
    // √v̂ in Unicode, sqrt(vhat) in ASCII.
    let (open, close) = (c.t("√", "sqrt("), c.t("", ")"));
    Equation {
        symbolic: format!(
            "{p} {} {p} {minus} {}{dot}{} {div} ({open}{}{close} + {eps})",
            arrow(c),
            c.t("η", "eta"),
            state_name(c, Moment::MHat, sh.l),
            state_name(c, Moment::VHat, sh.l)
        ),
        terms: vec![
            new(c, sh),
            op(&arrow(c)),
            old(c, sh),
            op(&format!("{minus} {}{dot}", c.precise(hyper.eta))),
            state_new(c, sh, Moment::MHat, true),
            op(&format!("{div} ({open}")),
            state_new(c, sh, Moment::VHat, true),
            op(format!("{close} + {})", c.precise(hyper.eps)).trim_start()),
        ],
    }
}

/// Samples of a batch shown one by one in its mean; more are elided.
const MEAN_TERMS: usize = 4;

/// ∂L/∂W = (1/m)(∂L₁/∂W + ∂L₂/∂W + …): the update's gradient is the mean of its samples'.
fn batch_mean<'v>(c: Ctx<'v, '_>, sh: Shape) -> Equation<'v> {
    let batch = &c.view.batch;
    let base = sh.base();
    let numbers: Vec<usize> = batch.sample_numbers().collect();
    let m = numbers.len();
    let shown: Vec<Option<usize>> = if m <= MEAN_TERMS {
        numbers.iter().copied().map(Some).collect()
    } else {
        vec![
            Some(numbers[0]),
            Some(numbers[1]),
            None,
            Some(numbers[m - 1]),
        ]
    };
    let dot = c.t("·", "*");
    let ell = c.view.theme.ellipsis();
    let names: Vec<String> = shown
        .iter()
        .map(|n| n.map_or(ell.to_string(), |n| c.gradient(base, sh.l, Some(n))))
        .collect();
    let mut terms = vec![gradient(c, sh), op("="), op(&format!("(1/{m}){dot}("))];
    for (i, n) in shown.into_iter().enumerate() {
        if i > 0 {
            terms.push(op("+"));
        }
        let Some(n) = n else {
            terms.push(op(ell));
            continue;
        };
        let s = batch.sample(n).expect("the batch holds its samples");
        terms.push(sh.matrix(c.gradient(base, sh.l, Some(n)), move |p, focus| {
            c.known(s.gradient(p), focus)
        }));
    }
    terms.push(op(")"));
    Equation {
        symbolic: format!(
            "{} = (1/{m}){dot}({})",
            c.gradient(base, sh.l, None),
            names.join(" + ")
        ),
        terms,
    }
}

/// In words: each entry is updated on its own.
pub fn note(c: Ctx) -> String {
    let sh = Shape::of(c);
    let name = sh.name(c);
    let what = if sh.weights { "weight" } else { "bias" };
    let lang = c.view.theme.lang;
    let step = c.view.step.id;
    let entry = match step.k() {
        Some(_) => {
            let ix: Vec<String> = step.ix.iter().map(|i| (i + 1).to_string()).collect();
            format!("({})", ix.join(", "))
        }
        None => format!("{}", step.j() + 1),
    };
    crate::tr!(
        lang,
        "mx-note-update",
        entry = entry,
        what = what,
        name = name
    )
}
