//! The mistakes learners make in recurrent layers and backpropagation through time, each a
//! rewrite of the step's formula evaluated from the learner's own numbers: δ_t without the
//! error from step t + 1, the state of the wrong step, a gradient from the last step only,
//! W_hh where its transpose belongs, one bias of the two; for an LSTM the cell path dropped,
//! PyTorch's gate order misread, tanh left out of h = o⊙tanh(c), and the candidate g squashed
//! by σ; an RNN's δ_t without its slope. `RNN` and `LSTM` list them in the order they are
//! tried (after the shared catalogue).

use crate::check::Mistake;
use crate::check::learner::Reading;
use crate::check::misconception::Scene;
use crate::check::misconception::rewrite::{factors, replace, rewrite, substitute};
use crate::trace::formula::{Expr, Func, Param, Sym, add, call, mul};
use crate::trace::{Gate, Index, Quantity, Tensor, TermLabel};

use super::at;

const BPTT_TRUNCATED: Mistake = Mistake {
    id: "bptt_truncated",
    explanation: "The error reaching h_t was taken from the output at step t alone; backpropagation through time adds what comes back from step t + 1 through W_hh, ∂L/∂h_t = ∂L/∂a_t + W_hhᵀδ_{t+1}.",
    applies: |s| match s.quantity() {
        Quantity::DH => through_time(s.rhs()).is_some(),
        Quantity::Delta => s
            .formula
            .terms
            .iter()
            .any(|t| matches!(t.label, Some(TermLabel::ThroughTime { .. }))),
        _ => false,
    },
    mistaken: bptt_truncated,
    ..Mistake::PLAIN
};

const PREVIOUS_STATE: Mistake = Mistake {
    id: "previous_state",
    explanation: "The state of step t was used where the state before it belongs; z_t reads W_hh·h_{t−1} (h_0 = 0), and ∂L/∂W_hh sums δ_t·h_{t−1} over the steps.",
    applies: |s| {
        matches!(s.quantity(), Quantity::Z | Quantity::Grad(Tensor::WHh))
            || (s.quantity() == Quantity::Delta && forget_row(s))
    },
    mistaken: previous_state,
    ..Mistake::PLAIN
};

const LAST_STEP_GRADIENT: Mistake = Mistake {
    id: "last_step_gradient",
    explanation: "The gradient was taken from the last step only; the same weights act at every step, so their gradient is the sum of every step's part, Σₜ.",
    applies: |s| matches!(s.quantity(), Quantity::Grad(_)) && step_parts(s.rhs()).is_some(),
    mistaken: |s, r| {
        let last = step_parts(s.rhs()).and_then(|ts| ts.last().cloned());
        s.eval(r, last)
    },
    ..Mistake::PLAIN
};

const RECURRENT_TRANSPOSED: Mistake = Mistake {
    id: "recurrent_weights_transposed",
    explanation: "W_hh was read transposed; forward, row j of W_hh meets h_{t−1}, and back, column j of W_hh (row j of W_hhᵀ) carries δ_{t+1} to h_t.",
    applies: |s| matches!(s.quantity(), Quantity::Z | Quantity::DH),
    mistaken: recurrent_transposed,
    ..Mistake::PLAIN
};

const ONE_BIAS: Mistake = Mistake {
    id: "one_bias",
    explanation: "Only one of the two biases was added; PyTorch's recurrent layers add both, W_ih x_t + b_ih + W_hh h_{t−1} + b_hh.",
    applies: |s| s.quantity() == Quantity::Z,
    mistaken: |s, r| {
        let l = s.id().layer;
        let row = s.id().ix.k().unwrap_or(0);
        let zero = Expr::Num(0.0);
        let without = |t: Tensor| {
            let p = Param {
                l,
                tensor: t,
                ix: Index::one(row),
            };
            substitute(s.rhs(), Sym::P(p), &zero)
        };
        s.eval(
            r,
            [without(Tensor::BIh), without(Tensor::BHh)]
                .into_iter()
                .flatten(),
        )
    },
    ..Mistake::PLAIN
};

const CELL_PATH_DROPPED: Mistake = Mistake {
    id: "lstm_cell_path_dropped",
    explanation: "∂L/∂c_t was taken through h_t alone; the cell state also carries the error back from step t + 1 through the forget gate, ∂L/∂c_t = ∂L/∂h_t⊙o_t⊙(1 − tanh² c_t) + ∂L/∂c_{t+1}⊙f_{t+1}.",
    applies: |s| s.quantity() == Quantity::DC && matches!(s.rhs(), Expr::Add(xs) if xs.len() == 2),
    mistaken: |s, r| match s.rhs() {
        Expr::Add(xs) => s.eval(r, [xs[0].clone()]),
        _ => Vec::new(),
    },
    ..Mistake::PLAIN
};

const GATE_ORDER: Mistake = Mistake {
    id: "gate_order",
    explanation: "PyTorch stacks the LSTM's rows as i, f, g, o; they were read as i, f, o, g, so the rows of the cell candidate g and of the output gate o were swapped.",
    applies: |s| match s.quantity() {
        Quantity::Z => swapped_row(s, s.id().ix.k().unwrap_or(0)).is_some(),
        Quantity::Gate(Gate::Cell | Gate::Output) | Quantity::C | Quantity::H => true,
        _ => false,
    },
    mistaken: gate_order,
    ..Mistake::PLAIN
};

const TANH_DROPPED: Mistake = Mistake {
    id: "cell_tanh_dropped",
    explanation: "tanh of the cell state was left out; h_t = o_t⊙tanh(c_t), so its error reaches c_t through (1 − tanh² c_t).",
    applies: |s| matches!(s.quantity(), Quantity::H | Quantity::DC | Quantity::Delta),
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::OneMinusSquare(x) if matches!(**x, Expr::Call(Func::Tanh, _)) => {
                Some(Expr::Num(1.0))
            }
            Expr::Call(Func::Tanh, c) if is_q(c, Quantity::C) => Some((**c).clone()),
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

const CANDIDATE_SIGMOID: Mistake = Mistake {
    id: "candidate_sigmoid",
    explanation: "The cell candidate g was squashed by σ; in an LSTM only the gates i, f and o are sigmoids, g = tanh(z_g).",
    applies: |s| s.quantity() == Quantity::Gate(Gate::Cell),
    mistaken: |s, r| {
        let new = rewrite(s.rhs(), &|e| match e {
            Expr::Call(Func::Tanh, z) => Some(call(Func::Sigmoid, (**z).clone())),
            _ => None,
        });
        s.eval(r, new)
    },
    ..Mistake::PLAIN
};

const SLOPE_DROPPED: Mistake = Mistake {
    id: "delta_without_slope",
    explanation: "δ_t was taken as the error reaching the state alone; it is multiplied by the activation's slope at that step, δ_t = ∂L/∂h_t ⊙ f′(z_t).",
    applies: |s| {
        s.quantity() == Quantity::Delta
            && factors(s.rhs()).is_some_and(|(outer, _)| is_q(outer, Quantity::DH))
    },
    mistaken: |s, r| s.eval(r, factors(s.rhs()).map(|(outer, _)| outer.clone())),
    ..Mistake::PLAIN
};

/// The mistakes of `kind = "rnn"`, in the order they are tried.
pub(crate) static RNN: [Mistake; 6] = [
    BPTT_TRUNCATED,
    PREVIOUS_STATE,
    LAST_STEP_GRADIENT,
    RECURRENT_TRANSPOSED,
    ONE_BIAS,
    SLOPE_DROPPED,
];

/// The mistakes of `kind = "lstm"`, in the order they are tried.
pub(crate) static LSTM: [Mistake; 8] = [
    BPTT_TRUNCATED,
    CELL_PATH_DROPPED,
    GATE_ORDER,
    PREVIOUS_STATE,
    LAST_STEP_GRADIENT,
    ONE_BIAS,
    TANH_DROPPED,
    CANDIDATE_SIGMOID,
];

/// Is `e` the named value of quantity `q`?
fn is_q(e: &Expr, q: Quantity) -> bool {
    matches!(e, Expr::Var(Sym::Q { q: found, .. }, _) if *found == q)
}

/// Is `e` the sum Σᵣ w_hh[r,j]·δ_{t+1}[r], what reaches a state from the next step?
fn is_through_time(e: &Expr) -> bool {
    match e {
        Expr::Sum(ts) => ts.first().is_some_and(|t| match t {
            Expr::Mul(fs) => {
                matches!(fs.first(), Some(Expr::Var(Sym::P(p), _)) if p.tensor == Tensor::WHh)
                    && fs.get(1).is_some_and(|f| is_q(f, Quantity::Delta))
            }
            _ => false,
        }),
        _ => false,
    }
}

/// The part from step t + 1 in a formula of ∂L/∂h or δ, if it has one.
fn through_time(e: &Expr) -> Option<&Expr> {
    match e {
        e if is_through_time(e) => Some(e),
        Expr::Add(xs) | Expr::Mul(xs) => xs.iter().find_map(through_time),
        _ => None,
    }
}

fn bptt_truncated(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    if s.quantity() == Quantity::Delta {
        // δ_t = ∂L/∂h_t·f′(z_t) with ∂L/∂h_t from the output alone (nothing, when the layer
        // outputs only its last state).
        let output = s.formula.terms.iter().find_map(|t| match t.label {
            Some(TermLabel::FromOutput { .. }) => Some(t.definition.clone()),
            _ => None,
        });
        let new = match s.rhs() {
            Expr::Mul(fs) if fs.len() == 2 => {
                Some(mul(vec![output.unwrap_or(Expr::Num(0.0)), fs[1].clone()]))
            }
            _ => None,
        };
        return s.eval(r, new);
    }
    let new = replace(s.rhs(), &|e| match e {
        // From the output and from the next step: the output's part alone.
        Expr::Add(xs) if xs.len() == 2 && is_through_time(&xs[1]) => Some(xs[0].clone()),
        // Only from the next step (a layer that outputs its last state): nothing reaches it.
        e if is_through_time(e) => Some(Expr::Num(0.0)),
        _ => None,
    });
    s.eval(r, [new])
}

/// Is the step the δ of a forget gate's row (which reads c_{t−1})?
fn forget_row(s: &Scene) -> bool {
    let lesson = s.lesson();
    let id = s.id();
    let layer = &lesson.layers[id.layer - 1];
    match layer.kind {
        crate::layers::Kind::Lstm(k) => {
            let h = k.hidden;
            id.ix.k().is_some_and(|r| r / h == Gate::Forget.block())
        }
        _ => false,
    }
}

/// The exact named value of `q` of layer `l` at (t, k).
fn exact(s: &Scene, q: Quantity, l: usize, (t, k): (usize, usize)) -> Option<Expr> {
    s.exact(Sym::q(q, l, at(t, k)))
}

fn previous_state(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let (l, t, row) = (id.layer, id.ix.j(), id.ix.k().unwrap_or(0));
    let later = |e: &Expr, q: Quantity| match e {
        Expr::Var(Sym::Q { q: found, l: m, ix }, _) if *found == q && *m == l => {
            exact(s, q, l, (ix.j() + 1, ix.k().unwrap_or(0)))
        }
        _ => None,
    };
    let mut exprs = Vec::new();
    match id.quantity {
        Quantity::Z => {
            // W_hh·h_t in place of W_hh·h_{t−1}; at the first step, W_hh·h_1 added to z_1.
            let new = replace(s.rhs(), &|e| later(e, Quantity::H));
            if t > 0 {
                exprs.push(new);
            } else if let (Expr::Add(xs), Some(h)) = (s.rhs(), s.lesson().layers.get(l - 1)) {
                let units = h
                    .params
                    .get(1)
                    .map_or(0, |w| w.shape().get(1).copied().unwrap_or(0));
                let state: Option<Vec<Expr>> = (0..units)
                    .map(|k| {
                        let w = s.exact(Sym::P(Param {
                            l,
                            tensor: Tensor::WHh,
                            ix: Index::two(row, k),
                        }))?;
                        Some(mul(vec![w, exact(s, Quantity::H, l, (0, k))?]))
                    })
                    .collect();
                if let (Some(state), Some((b_hh, input))) = (state, xs.split_last()) {
                    let mut parts = input.to_vec();
                    parts.push(add(vec![Expr::Sum(state), b_hh.clone()]));
                    exprs.push(add(parts));
                }
            }
        }
        Quantity::Grad(_) => {
            let k = id.ix.k().unwrap_or(0);
            // Σₜ₌₂ δ_t·h_t, and Σₜ₌₁ δ_t·h_t.
            exprs.push(replace(s.rhs(), &|e| later(e, Quantity::H)));
            let first = (|| {
                let delta = exact(s, Quantity::Delta, l, (0, row))?;
                Some(mul(vec![delta, exact(s, Quantity::H, l, (0, k))?]))
            })();
            if let (Some(first), Expr::Sum(ts)) = (first, &exprs[0]) {
                let mut all = vec![first];
                all.extend(ts.iter().cloned());
                exprs.push(Expr::Sum(all));
            }
        }
        _ => {
            // A forget gate's δ with c_t where c_{t−1} belongs.
            let j = row % s.lesson().layers[l - 1].output.features().max(1);
            let now = exact(s, Quantity::C, l, (t, j));
            let new = replace(s.rhs(), &|e| match e {
                Expr::Num(v) if *v == 0.0 => now.clone(),
                e => later(e, Quantity::C),
            });
            exprs.push(new);
        }
    }
    exprs.retain(|e| e != s.rhs());
    s.eval(r, exprs)
}

/// The terms of a gradient's sum over the steps, if it has more than one.
fn step_parts(e: &Expr) -> Option<&Vec<Expr>> {
    match e {
        Expr::Sum(ts) if ts.len() > 1 => Some(ts),
        _ => None,
    }
}

fn recurrent_transposed(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let transposed = |p: &Param| {
        s.exact(Sym::P(Param {
            ix: Index::two(p.ix.k().unwrap_or(0), p.ix.j()),
            ..*p
        }))
    };
    let mut missing = false;
    let new = replace(s.rhs(), &|e| match e {
        Expr::Var(Sym::P(p), _) if p.tensor == Tensor::WHh => transposed(p),
        _ => None,
    });
    // Only a square W_hh (an RNN's) can be read transposed.
    s.rhs().symbols().iter().for_each(|(sym, _)| {
        if let Sym::P(p) = sym
            && p.tensor == Tensor::WHh
            && transposed(p).is_none()
        {
            missing = true;
        }
    });
    if missing || new == *s.rhs() {
        return Vec::new();
    }
    s.eval(r, [new])
}

/// The row a g row is read from when the gates are taken as i, f, o, g (and back).
fn swapped_row(s: &Scene, r: usize) -> Option<usize> {
    let layer = &s.lesson().layers[s.id().layer - 1];
    let crate::layers::Kind::Lstm(k) = layer.kind else {
        return None;
    };
    let h = k.hidden;
    match r / h {
        2 => Some(r + h),
        3 => Some(r - h),
        _ => None,
    }
}

fn gate_order(s: &Scene, r: &dyn Reading) -> Vec<f64> {
    let id = s.id();
    let (l, t, j) = (id.layer, id.ix.j(), id.ix.k().unwrap_or(0));
    let Some(h) = (match s.lesson().layers[l - 1].kind {
        crate::layers::Kind::Lstm(k) => Some(k.hidden),
        _ => None,
    }) else {
        return Vec::new();
    };
    let z_row = |gate: Gate| exact(s, Quantity::Z, l, (t, gate.block() * h + j));
    let new = match id.quantity {
        // The row of the other gate's weights.
        Quantity::Z => swapped_row(s, j).and_then(|to| {
            rewrite(s.rhs(), &|e| match e {
                Expr::Var(Sym::P(p), _) if p.l == l => {
                    let ix = match p.ix.k() {
                        Some(k) => Index::two(to, k),
                        None => Index::one(to),
                    };
                    s.exact(Sym::P(Param { ix, ..*p }))
                }
                _ => None,
            })
        }),
        // g from o's row, o from g's.
        Quantity::Gate(Gate::Cell) => z_row(Gate::Output).map(|z| call(Func::Tanh, z)),
        Quantity::Gate(Gate::Output) => z_row(Gate::Cell).map(|z| call(Func::Sigmoid, z)),
        // c with the swapped candidate, h with the swapped output gate.
        Quantity::C => z_row(Gate::Output).and_then(|z| {
            rewrite(s.rhs(), &|e| match e {
                Expr::Var(
                    Sym::Q {
                        q: Quantity::Gate(Gate::Cell),
                        ..
                    },
                    _,
                ) => Some(call(Func::Tanh, z.clone())),
                _ => None,
            })
        }),
        Quantity::H => z_row(Gate::Cell).and_then(|z| {
            rewrite(s.rhs(), &|e| match e {
                Expr::Var(
                    Sym::Q {
                        q: Quantity::Gate(Gate::Output),
                        ..
                    },
                    _,
                ) => Some(call(Func::Sigmoid, z.clone())),
                _ => None,
            })
        }),
        _ => None,
    };
    s.eval(r, new)
}
