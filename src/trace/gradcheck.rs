//! The gradient check: a gradient that backprop computed, beside the definition of a
//! derivative. For one parameter p of one sample, two extra forward passes give the loss with
//! p nudged up and down by h, and the central difference (L(p + h) − L(p − h)) / 2h estimates
//! ∂L/∂p without any chain rule.
//!
//! **The step h.** A central difference is off by about h²·L‴/6 (truncation) plus about
//! ε·|L|/h (rounding: L(p ± h) are f64s, ε ≈ 2.2·10⁻¹⁶). The sum is smallest near h ≈ ε^(1/3)
//! ≈ 6·10⁻⁶ when p and the curvature are of order 1; the check uses the round number
//! h = 10⁻⁵·max(1, |p|), scaled with p so that p ± h still differs from p in many digits when
//! p is large. An estimate then agrees with backprop to about 9 or 10 significant digits,
//! unless the loss is not smooth within h of p (ReLU's kink at 0, one of PyTorch's clamps).
//! The estimate divides by the step actually taken, (p + h) − (p − h), which can differ from
//! 2h in its last bits.

use crate::engine::{Params, Workspace, forward, sample_loss as loss_of};
use crate::lesson::Lesson;

use super::record::{BatchRecord, SampleRecord, entry};
use super::step::Param;

/// h relative to max(1, |p|).
pub const RELATIVE_STEP: f64 = 1e-5;

/// Backprop's gradient of one parameter for one sample, and the finite-difference estimate of
/// the same number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientCheck {
    /// The parameter nudged.
    pub param: Param,
    /// Its value, as the sample used it.
    pub value: f64,
    /// The step: p is nudged to p + h and p − h.
    pub h: f64,
    /// The sample's loss with p + h.
    pub loss_plus: f64,
    /// The sample's loss with p − h.
    pub loss_minus: f64,
    /// (L(p + h) − L(p − h)) / 2h.
    pub numerical: f64,
    /// ∂L/∂p as backprop computed it (the step's value).
    pub analytic: f64,
}

impl GradientCheck {
    /// |analytic − numerical| / max(|analytic|, |numerical|); 0 when both are 0.
    pub fn relative_difference(&self) -> f64 {
        let scale = self.analytic.abs().max(self.numerical.abs());
        if scale == 0.0 {
            0.0
        } else {
            (self.analytic - self.numerical).abs() / scale
        }
    }

    /// How many significant digits the two agree in (at most 15, for equal numbers); 0 when
    /// they differ in the first digit, or either is not finite.
    pub fn agreeing_digits(&self) -> u32 {
        let r = self.relative_difference();
        if !r.is_finite() {
            0
        } else if r == 0.0 {
            15
        } else {
            (-r.log10()).floor().clamp(0.0, 15.0) as u32
        }
    }
}

/// The step h for a parameter of value `p`.
pub fn step_for(p: f64) -> f64 {
    RELATIVE_STEP * p.abs().max(1.0)
}

/// The check of `param` for sample `s` of the batch `record`: two forward passes and losses of
/// the sample with the parameters its batch used, `param` nudged by ±h.
pub(super) fn check(
    lesson: &Lesson,
    record: &BatchRecord,
    s: &SampleRecord,
    param: Param,
) -> GradientCheck {
    let value = entry(&record.before.params, param);
    let h = step_for(value);
    let (up, down) = (value + h, value - h);
    let mut params = record.before.params.clone();
    let mut ws = Workspace::new(lesson);
    let mut loss_at = |v: f64| {
        set(&mut params, param, v);
        sample_loss(lesson, &params, s.index, &mut ws)
    };
    let (loss_plus, loss_minus) = (loss_at(up), loss_at(down));
    let analytic = s.value(lesson, &record.before.params, &param.id(param.gradient()));
    GradientCheck {
        param,
        value,
        h,
        loss_plus,
        loss_minus,
        numerical: (loss_plus - loss_minus) / (up - down),
        analytic,
    }
}

/// Sets one entry of the parameters.
fn set(params: &mut Params, param: Param, v: f64) {
    *params.layers[param.l - 1].at_mut(param.tensor, &param.ix) = v;
}

/// The loss of sample `index` (0-based) under `params`: the engine's forward pass and loss.
fn sample_loss(lesson: &Lesson, params: &Params, index: usize, ws: &mut Workspace) -> f64 {
    let sample = &lesson.data[index];
    let x = sample.input.as_slice().expect("inputs are contiguous");
    let y = sample.target.as_slice().expect("targets are contiguous");
    forward(lesson, params, x, ws);
    loss_of(lesson, ws, y)
}
