//! The catalogue every layer kind shares: one entry per mistake of the loss, the updates, the
//! optimizers and batches, and early rounding — its id, a sentence, the steps it applies to,
//! and how to compute the mistaken value. The order is the order of matching (the first
//! mistake that reproduces an answer names it, among those a sheet supports equally): the
//! issue's table first, then those added since. A kind's own mistakes (`layers::Entry`'s
//! `mistakes`) are tried after these.

use super::Mistake;
use super::loss::{
    bce_double_derivative, bce_missing_term, extra_derivative, flipped_error, flipped_error_detail,
    has_log, is_bce_output_delta, is_output_delta, log10_for_ln, loss_factor, loss_factor_detail,
    loss_sign,
};
use super::update::{
    adam_epsilon_inside_sqrt, adam_no_bias_correction, adam_no_one_minus_beta, adam_no_sqrt,
    adam_one_beta, adam_one_beta_detail, adam_t_off_by_one, adam_unsquared_gradient, batch_mean,
    batch_sum, batch_sum_detail, gradient_ascent, is_adam, is_adam_moment, is_momentum,
    is_parameter_update, last_sample_only, mean_over_dataset, mean_over_dataset_detail,
    mean_over_part_of_the_data, momentum_as_step, momentum_ema, momentum_old_velocity,
    no_learning_rate, reads_corrected_moments,
};
use crate::lesson::Loss;
use crate::trace::{Moment, Quantity};

/// Every mistake every kind shares, in the order they are tried.
pub static CATALOGUE: [Mistake; 23] = [
    Mistake {
        id: "loss_factor",
        explanation: "The loss's constant factor was dropped or added: ½ in half_sse, 1/n in mse (and the 1 or 2/n they leave in ∂L/∂a = a − y or (2/n)(a − y)).",
        applies: |s| {
            s.quantity() == Quantity::Loss || (is_output_delta(s) && !s.is_softmax_output())
        },
        mistaken: loss_factor,
        detail: loss_factor_detail,
    },
    Mistake {
        id: "flipped_error",
        explanation: "The error was taken as y − a instead of a − y, which flips the sign of δ and of every gradient after it.",
        applies: is_output_delta,
        mistaken: flipped_error,
        detail: flipped_error_detail,
    },
    Mistake {
        id: "gradient_ascent",
        explanation: "The update added the step instead of subtracting it; gradient descent moves against the gradient, w ← w − η·g.",
        applies: is_parameter_update,
        mistaken: gradient_ascent,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "no_learning_rate",
        explanation: "The update left out the learning rate, w − g instead of w − η·g.",
        applies: is_parameter_update,
        mistaken: no_learning_rate,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "batch_sum",
        explanation: "The batch's gradients were summed instead of averaged; an update uses their mean, (1/n) Σ ∂Lₛ/∂w.",
        applies: |s| s.batch.len() > 1 && batch_mean(s).is_some(),
        mistaken: batch_sum,
        detail: batch_sum_detail,
    },
    Mistake {
        id: "adam_epsilon_inside_sqrt",
        explanation: "ε was added inside the square root, √(v̂ + ε), instead of after it, √v̂ + ε.",
        applies: |s| is_adam(s) && is_parameter_update(s),
        mistaken: adam_epsilon_inside_sqrt,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "adam_no_bias_correction",
        explanation: "Adam's m and v were used without their bias correction, m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ).",
        applies: reads_corrected_moments,
        mistaken: adam_no_bias_correction,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "early_rounding",
        explanation: "Intermediate values were rounded so early that the result lost its significant figures; keep more digits in between and round only the answer.",
        // Told by carried grading: the right formula from the learner's own rounded answers.
        ..Mistake::PLAIN
    },
    Mistake {
        id: "loss_sign",
        explanation: "The loss was written without its leading minus sign; ln a is negative, so −Σ y ln a is positive.",
        applies: |s| {
            s.quantity() == Quantity::Loss
                && matches!(s.lesson().loss, Loss::Bce | Loss::CrossEntropy)
        },
        mistaken: loss_sign,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "extra_derivative",
        explanation: "δ of a softmax output with cross-entropy was multiplied by a(1 − a) as well; a − y already includes the softmax's derivative.",
        applies: |s| s.quantity() == Quantity::Delta && s.is_softmax_output(),
        mistaken: extra_derivative,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "momentum_old_velocity",
        explanation: "The update used the velocity from before this step; first v ← μ·v + g, then w ← w − η·v with the new v.",
        applies: |s| is_momentum(s) && is_parameter_update(s),
        mistaken: momentum_old_velocity,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "momentum_ema",
        explanation: "The velocity was averaged as μ·v + (1 − μ)·g; PyTorch's SGD adds the whole gradient, v ← μ·v + g.",
        applies: |s| is_momentum(s) && s.quantity().moment() == Some(Moment::Velocity),
        mistaken: momentum_ema,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "adam_t_off_by_one",
        explanation: "Adam's step count t was off by one in the bias correction 1 − βᵗ; t is 1 at the first update.",
        applies: reads_corrected_moments,
        mistaken: adam_t_off_by_one,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "adam_unsquared_gradient",
        explanation: "Adam's second moment was fed the gradient instead of its square; v ← β₂·v + (1 − β₂)·g².",
        applies: |s| is_adam(s) && s.quantity().moment() == Some(Moment::V),
        mistaken: adam_unsquared_gradient,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "bce_double_derivative",
        explanation: "δ of a sigmoid output with bce was taken as (a − y)·a(1 − a); bce's ∂L/∂a = (a − y)/(a(1 − a)) cancels σ′, so δ = a − y (times 1/n).",
        applies: is_bce_output_delta,
        mistaken: bce_double_derivative,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "bce_missing_term",
        explanation: "bce was taken without its (1 − y)·ln(1 − a) term; L = −(1/n)Σ[y ln a + (1 − y) ln(1 − a)].",
        applies: |s| {
            s.lesson().loss == Loss::Bce
                && (s.quantity() == Quantity::Loss || is_bce_output_delta(s))
        },
        mistaken: bce_missing_term,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "decimal_log",
        explanation: "The loss was computed with log₁₀ instead of the natural logarithm ln; cross-entropy losses use ln, and log₁₀ makes them ln 10 ≈ 2.303 times smaller.",
        applies: |s| s.quantity() == Quantity::Loss && has_log(s),
        mistaken: log10_for_ln,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "last_sample_only",
        explanation: "The update used the gradient of the batch's last sample only; it uses the mean of every sample's gradient, (1/n) Σ ∂Lₛ/∂w.",
        applies: |s| s.batch.len() > 1 && batch_mean(s).is_some(),
        mistaken: last_sample_only,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "mean_over_dataset",
        explanation: "The batch's gradients were divided by the size of the whole data set; a batch's mean divides by the samples in the batch.",
        applies: mean_over_part_of_the_data,
        mistaken: mean_over_dataset,
        detail: mean_over_dataset_detail,
    },
    Mistake {
        id: "adam_one_beta",
        explanation: "One β was used for both of Adam's moments; m uses β₁ (0.9 by default) and v uses β₂ (0.999).",
        applies: is_adam_moment,
        mistaken: adam_one_beta,
        detail: adam_one_beta_detail,
    },
    Mistake {
        id: "adam_no_one_minus_beta",
        explanation: "Adam's moments were updated without their (1 − β) factors; m ← β₁·m + (1 − β₁)·g and v ← β₂·v + (1 − β₂)·g².",
        applies: |s| {
            is_adam(s)
                && (is_parameter_update(s)
                    || matches!(s.quantity().moment(), Some(Moment::M | Moment::V)))
        },
        mistaken: adam_no_one_minus_beta,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "adam_no_sqrt",
        explanation: "Adam's step divided by v̂ instead of its square root; w ← w − η·m̂/(√v̂ + ε).",
        applies: |s| is_adam(s) && is_parameter_update(s),
        mistaken: adam_no_sqrt,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "momentum_as_step",
        explanation: "Momentum was written as v ← μ·v − η·g with w ← w + v; PyTorch keeps v ← μ·v + g and steps w ← w − η·v, so its v is not the step.",
        applies: |s| {
            is_momentum(s)
                && (is_parameter_update(s) || s.quantity().moment() == Some(Moment::Velocity))
        },
        mistaken: momentum_as_step,
        ..Mistake::PLAIN
    },
];

/// Found by carried grading rather than by re-evaluating a mistaken formula.
pub static EARLY_ROUNDING: &Mistake = &CATALOGUE[7];
