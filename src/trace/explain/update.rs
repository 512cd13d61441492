//! The formulas of a batch's update steps: plain SGD, momentum's velocity, Adam's moments,
//! and the batch mean of the gradient they read.

use crate::engine::{OptState, Params};
use crate::lesson::{Lesson, Optimizer};

use super::super::formula::{Expr, Func, Param, Sym, add, call, div, mul, pow, sub, var};
use super::super::record::{BatchRecord, param_entry};
use super::super::step::{Moment, Quantity, StepId};
use super::super::term::Term;
use super::Formula;

/// What every update formula of one parameter reads.
struct Update<'a> {
    lesson: &'a Lesson,
    record: &'a BatchRecord,
    id: &'a StepId,
    p: Param,
}

impl Update<'_> {
    /// The batch gradient ∂L/∂p.
    fn g(&self) -> Expr {
        let value = param_entry(&self.record.grad, self.id);
        var(
            Sym::Grad {
                p: self.p,
                sample: None,
            },
            value,
        )
    }

    /// The parameter before the update.
    fn old(&self) -> Expr {
        var(
            param_sym(self.p),
            param_entry(&self.record.before.params, self.id),
        )
    }

    fn eta(&self) -> Expr {
        var(Sym::Eta, self.lesson.optimizer.learning_rate())
    }

    /// An optimizer state before the update, e.g. v or m of this parameter.
    fn state_before(&self, which: fn(Param) -> Sym, state: &Params) -> Expr {
        var(which(self.p), param_entry(state, self.id))
    }

    /// p ← p − η·∂L/∂p
    fn sgd(&self) -> (Sym, Expr) {
        let step = mul(vec![self.eta(), self.g()]);
        (param_sym(self.p), sub(self.old(), step))
    }

    /// v ← μ·v + ∂L/∂p
    fn velocity(&self, momentum: f64, v: &Params) -> (Sym, Expr) {
        let carried = mul(vec![var(Sym::Mu, momentum), self.state_before(Sym::V, v)]);
        (Sym::V(self.p), add(vec![carried, self.g()]))
    }

    /// p ← p − η·v, with v just updated.
    fn momentum_step(&self) -> (Sym, Expr) {
        let v_new = self
            .record
            .update_value(self.lesson, &self.p.id(self.p.state(Moment::Velocity)));
        let step = mul(vec![self.eta(), var(Sym::V(self.p), v_new)]);
        (param_sym(self.p), sub(self.old(), step))
    }

    /// AdamW's decay, p̃ = p·(1 − η·λ).
    fn decay(&self, weight_decay: f64) -> (Sym, Expr) {
        let factor = sub(
            Expr::Num(1.0),
            mul(vec![self.eta(), var(Sym::Lambda, weight_decay)]),
        );
        (Sym::Decayed(self.p), mul(vec![self.old(), factor]))
    }

    /// Adam's four state steps and its parameter step (AdamW's step starts from p̃).
    fn adam(
        &self,
        (beta1, beta2, epsilon): (f64, f64, f64),
        m: &Params,
        v: &Params,
    ) -> (Sym, Expr) {
        let p = self.p;
        let step = self.record.adam_step(self.lesson, self.id);
        let t = var(Sym::T, self.record.adam_t() as f64);
        let (b1, b2) = (var(Sym::Beta1, beta1), var(Sym::Beta2, beta2));
        let one = || Expr::Num(1.0);
        match self.id.quantity {
            Quantity::State(Moment::M, _) => (
                Sym::M(p),
                add(vec![
                    mul(vec![b1.clone(), self.state_before(Sym::M, m)]),
                    mul(vec![sub(one(), b1), self.g()]),
                ]),
            ),
            Quantity::State(Moment::V, _) => (
                Sym::V(p),
                add(vec![
                    mul(vec![b2.clone(), self.state_before(Sym::V, v)]),
                    mul(vec![sub(one(), b2), pow(self.g(), Expr::Num(2.0))]),
                ]),
            ),
            Quantity::State(Moment::MHat, _) => (
                Sym::MHat(p),
                div(var(Sym::M(p), step.m), sub(one(), pow(b1, t))),
            ),
            Quantity::State(Moment::VHat, _) => (
                Sym::VHat(p),
                div(var(Sym::V(p), step.v), sub(one(), pow(b2, t))),
            ),
            _ => {
                let root = call(Func::Sqrt, var(Sym::VHat(p), step.v_hat));
                let ratio = div(
                    var(Sym::MHat(p), step.m_hat),
                    add(vec![root, var(Sym::Eps, epsilon)]),
                );
                let start = match self.lesson.optimizer.weight_decay() {
                    Some(_) => var(Sym::Decayed(p), step.decayed),
                    None => self.old(),
                };
                (param_sym(p), sub(start, mul(vec![self.eta(), ratio])))
            }
        }
    }

    /// ∂L/∂p = (Σₙ ∂Lₙ/∂p) / N over the batch's samples.
    fn batch_mean(&self) -> Term {
        let grad_id = self.p.id(self.p.gradient());
        let params = &self.record.before.params;
        let samples = &self.record.samples;
        let per_sample = samples
            .iter()
            .map(|s| {
                let sym = Sym::Grad {
                    p: self.p,
                    sample: Some(s.index),
                };
                var(sym, s.value(self.lesson, params, &grad_id))
            })
            .collect();
        let mean = div(Expr::Sum(per_sample), Expr::Num(samples.len() as f64));
        Term::new(self.g(), mean)
    }
}

/// The symbol of a parameter itself: w⁽ˡ⁾ⱼ,ₖ, b⁽ˡ⁾ⱼ, ….
fn param_sym(p: Param) -> Sym {
    Sym::P(p)
}

/// The formula of an update step: optimizer state or a parameter's new value.
pub(in crate::trace) fn update_formula(
    lesson: &Lesson,
    record: &BatchRecord,
    id: &StepId,
) -> Formula {
    let update = Update {
        lesson,
        record,
        id,
        p: id.param().expect("an update step belongs to a parameter"),
    };
    let (lhs, rhs) = match (id.quantity, lesson.optimizer, &record.before.opt) {
        (Quantity::Param(_), Optimizer::Sgd { momentum: 0.0, .. }, _) => update.sgd(),
        (
            Quantity::State(Moment::Velocity, _),
            Optimizer::Sgd { momentum, .. },
            OptState::Momentum { v },
        ) => update.velocity(momentum, v),
        (Quantity::Param(_), Optimizer::Sgd { .. }, _) => update.momentum_step(),
        (Quantity::State(Moment::Decayed, _), Optimizer::AdamW { weight_decay, .. }, _) => {
            update.decay(weight_decay)
        }
        (_, opt, OptState::Adam { m, v, .. }) if opt.is_adam() => {
            let hyper = opt.adam_hyper().expect("an Adam optimizer");
            update.adam(hyper, m, v)
        }
        _ => unreachable!("{id} is not an update step of this lesson"),
    };
    let mut f = Formula::new(lhs, rhs, record.update_value(lesson, id));
    // m̂ and v̂ are computed afresh each step; everything else here replaces its old value.
    f.assign = !matches!(
        id.quantity.moment(),
        Some(Moment::MHat | Moment::VHat | Moment::Decayed)
    );
    if record.samples.len() > 1 && uses_grad(lesson, id) {
        f.terms.push(update.batch_mean());
    }
    f
}

/// Does this update step's formula read the batch gradient directly?
fn uses_grad(lesson: &Lesson, id: &StepId) -> bool {
    match (lesson.optimizer, id.quantity) {
        (Optimizer::Sgd { momentum, .. }, Quantity::Param(_)) => momentum == 0.0,
        (Optimizer::Sgd { .. }, Quantity::State(Moment::Velocity, _)) => true,
        (
            Optimizer::Adam { .. } | Optimizer::AdamW { .. },
            Quantity::State(Moment::M | Moment::V, _),
        ) => true,
        _ => false,
    }
}
