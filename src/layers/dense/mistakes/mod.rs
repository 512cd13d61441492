//! The mistakes learners make in a dense layer's own steps — its weighted input, its
//! activation, its δ and its gradients — tried after the catalogue every kind shares (the
//! loss, updates, optimizers, batches), in this order. Each is one entry: its id, a sentence
//! in plain words, the steps it applies to, how to compute the mistaken value and, for
//! mistakes with several forms, which form a learner's number took, in words.
//!
//! - `forward`: z and a (the exponent's sign, the bias, the weights' order, softmax, leaky
//!   ReLU);
//! - `backward`: δ and the gradients (the activation's derivative and where it is evaluated,
//!   the sum over the layer above, the gradient's input).

mod backward;
mod forward;

use backward::{
    bias_gradient_times_input, bias_gradient_times_input_detail, derivative_as_input,
    derivative_as_input_detail, derivative_of_z, gradient_times_weight,
    gradient_times_weight_detail, hidden_delta_one_output, hidden_delta_one_output_detail,
    missing_derivative, missing_derivative_detail, relu_derivative_as_a, sigmoid_derivative_at_a,
    tanh_derivative_at_a, tanh_derivative_sign, tanh_derivative_sign_detail, updated_weights,
    wrong_input, wrong_input_detail,
};
use forward::{
    exp_sign, leaky_as_relu, missing_bias, softmax_as_sigmoid, transposed_weights,
    transposed_weights_detail,
};

use crate::check::misconception::{Mistake, Scene};
use crate::layers::attention::mistakes as attention;
use crate::lesson::Activation;
use crate::trace::Quantity;

/// Is the step of a layer whose activation is one of `acts`?
fn activated(s: &Scene, acts: &[Activation]) -> bool {
    s.activation(s.id().layer)
        .is_some_and(|a| acts.contains(&a))
}

fn is_delta(s: &Scene) -> bool {
    s.quantity() == Quantity::Delta
}

fn is_hidden_delta(s: &Scene) -> bool {
    is_delta(s) && !s.is_output()
}

/// The dense layer's own mistakes, in the order they are tried.
pub(crate) static MISTAKES: [Mistake; 21] = [
    Mistake {
        id: "exp_sign",
        explanation: "σ(z) was computed as 1/(1 + e^z), with the exponent's sign flipped; σ(z) = 1/(1 + e^(−z)).",
        applies: |s| s.quantity() == Quantity::A && activated(s, &[Activation::Sigmoid]),
        mistaken: exp_sign,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "missing_bias",
        explanation: "z was computed without the neuron's bias; z = Σ w·a + b.",
        applies: |s| s.quantity() == Quantity::Z,
        mistaken: missing_bias,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "transposed_weights",
        explanation: "The weight w⁽ˡ⁾ₖⱼ was used where w⁽ˡ⁾ⱼₖ belongs; w⁽ˡ⁾ⱼₖ connects neuron k of layer l − 1 to neuron j of layer l, in z and in a hidden δ alike.",
        applies: |s| s.quantity() == Quantity::Z || is_hidden_delta(s),
        mistaken: transposed_weights,
        detail: transposed_weights_detail,
    },
    Mistake {
        id: "missing_derivative",
        explanation: "δ was computed without the activation's derivative; δ = ∂L/∂a · f′(z) at the output and (Σ w·δ) · f′(z) in a hidden layer.",
        applies: |s| is_delta(s) && !s.is_softmax_output(),
        mistaken: missing_derivative,
        detail: missing_derivative_detail,
    },
    Mistake {
        id: "derivative_of_z",
        explanation: "The activation's derivative was evaluated on z as if it were a, z(1 − z) or 1 − z², instead of a(1 − a) or 1 − a².",
        applies: |s| is_delta(s) && activated(s, &[Activation::Sigmoid, Activation::Tanh]),
        mistaken: derivative_of_z,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "updated_weights",
        explanation: "A hidden δ was computed with the layer above's weights after their update; backpropagation uses the weights the forward pass used.",
        applies: |s| {
            let l = s.id().layer;
            is_hidden_delta(s) && s.lesson().layers[l].weights_train()
        },
        mistaken: updated_weights,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "wrong_input",
        explanation: "∂L/∂w was computed from the wrong input; ∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ, the activation the weight carries, not z or another layer's a.",
        applies: |s| s.quantity() == Quantity::DW,
        mistaken: wrong_input,
        detail: wrong_input_detail,
    },
    Mistake {
        id: "derivative_as_input",
        explanation: "∂L/∂w was computed as δ·a(1 − a), with the input's derivative in place of the input; ∂L/∂w = δ·a.",
        // Only an input that is a sigmoid's or tanh's output has such a derivative.
        applies: |s| {
            let below = s.id().layer.saturating_sub(1);
            s.quantity() == Quantity::DW
                && below >= 1
                && matches!(
                    s.activation(below),
                    Some(Activation::Sigmoid | Activation::Tanh)
                )
        },
        mistaken: derivative_as_input,
        detail: derivative_as_input_detail,
    },
    Mistake {
        id: "tanh_derivative_sign",
        explanation: "tanh′ was taken with the wrong sign, a² − 1 or 1 + a²; tanh′(z) = 1 − a².",
        applies: |s| is_delta(s) && activated(s, &[Activation::Tanh]),
        mistaken: tanh_derivative_sign,
        detail: tanh_derivative_sign_detail,
    },
    Mistake {
        id: "sigmoid_derivative_at_a",
        explanation: "σ′ was evaluated at a, σ(a)(1 − σ(a)), instead of at z; σ′(z) = σ(z)(1 − σ(z)) = a(1 − a).",
        applies: |s| is_delta(s) && activated(s, &[Activation::Sigmoid]),
        mistaken: sigmoid_derivative_at_a,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "tanh_derivative_at_a",
        explanation: "tanh′ was evaluated at a, 1 − tanh²(a), instead of at z; tanh′(z) = 1 − tanh²(z) = 1 − a².",
        applies: |s| is_delta(s) && activated(s, &[Activation::Tanh]),
        mistaken: tanh_derivative_at_a,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "hidden_delta_one_output",
        explanation: "A hidden δ took the error from one neuron of the layer above only; δ⁽ˡ⁾ⱼ = (Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ)·f′(z⁽ˡ⁾ⱼ) sums over every weight leaving neuron j.",
        applies: is_hidden_delta,
        mistaken: hidden_delta_one_output,
        detail: hidden_delta_one_output_detail,
    },
    Mistake {
        id: "gradient_times_weight",
        explanation: "∂L/∂w was computed as δ·w, with the weight in place of the input it carries; ∂L/∂w⁽ˡ⁾ⱼₖ = δ⁽ˡ⁾ⱼ · a⁽ˡ⁻¹⁾ₖ.",
        applies: |s| s.quantity() == Quantity::DW,
        mistaken: gradient_times_weight,
        detail: gradient_times_weight_detail,
    },
    Mistake {
        id: "bias_gradient_times_input",
        explanation: "∂L/∂b was multiplied by an input, as a weight's gradient is; a bias is added as 1·b, so ∂L/∂b = δ.",
        applies: |s| s.quantity() == Quantity::DB,
        mistaken: bias_gradient_times_input,
        detail: bias_gradient_times_input_detail,
    },
    Mistake {
        id: "softmax_as_sigmoid",
        explanation: "Softmax was computed as a sigmoid of each output on its own; aⱼ = e^(zⱼ)/Σₖ e^(zₖ) divides by the sum over every output.",
        applies: |s| s.quantity() == Quantity::A && activated(s, &[Activation::Softmax]),
        mistaken: softmax_as_sigmoid,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "relu_derivative_as_a",
        explanation: "ReLU′ was taken as the unit's output a; ReLU′(z) is 1 for z > 0 and 0 otherwise.",
        applies: |s| is_delta(s) && activated(s, &[Activation::Relu, Activation::LeakyRelu]),
        mistaken: relu_derivative_as_a,
        ..Mistake::PLAIN
    },
    Mistake {
        id: "leaky_as_relu",
        explanation: "Leaky ReLU was computed as ReLU; for z < 0 it keeps 0.01·z, and its slope there is 0.01, not 0.",
        applies: |s| {
            matches!(s.quantity(), Quantity::A | Quantity::Delta)
                && activated(s, &[Activation::LeakyRelu])
        },
        mistaken: leaky_as_relu,
        ..Mistake::PLAIN
    },
    // A dense layer in a transformer: LoRA's scale, GELU's form, a residual's second path,
    // AdamW's decay.
    attention::LORA_SCALE_MISSING,
    attention::GELU_TANH,
    attention::RESIDUAL_GRADIENT_DROPPED,
    attention::ADAMW_COUPLED_DECAY,
];
