//! What a step's number is, in words.

use crate::lesson::Lesson;

use super::super::step::{Quantity, Step};

/// A neuron in words: "input 2", "hidden neuron 1", "output neuron 2",
/// "neuron 3 of hidden layer 2".
fn neuron_name(lesson: &Lesson, l: usize, j: usize) -> String {
    let depth = lesson.depth();
    if l == 0 {
        format!("input {}", j + 1)
    } else if l == depth {
        format!("output neuron {}", j + 1)
    } else if depth == 2 {
        format!("hidden neuron {}", j + 1)
    } else {
        format!("neuron {} of hidden layer {l}", j + 1)
    }
}

/// What a step's number is, in words.
pub fn describe(lesson: &Lesson, step: &Step) -> String {
    let id = &step.id;
    let (l, j) = (id.layer, id.j);
    let neuron = || neuron_name(lesson, l, j);
    let param = || match id.k {
        Some(k) => format!(
            "weight from {} to {}",
            neuron_name(lesson, l - 1, k),
            neuron_name(lesson, l, j)
        ),
        None => format!("bias of {}", neuron_name(lesson, l, j)),
    };
    let sample = step
        .sample()
        .map_or(String::new(), |s| format!("sample {s}"));
    match id.quantity {
        Quantity::Z => format!("weighted input of {}", neuron()),
        Quantity::A => format!(
            "activation ({}) of {}",
            lesson.layers[l - 1].activation.name(),
            neuron()
        ),
        Quantity::Loss => format!("loss of {sample} ({})", lesson.loss.name()),
        Quantity::Delta => format!("error signal ∂L/∂z of {}", neuron()),
        Quantity::Db => format!("gradient of the loss for the {}", param()),
        Quantity::Dw => format!("gradient of the loss for the {}", param()),
        Quantity::W | Quantity::B => format!("updated {}", param()),
        Quantity::M => format!(
            "Adam's first moment (running mean of gradients) of the {}",
            param()
        ),
        Quantity::V => format!(
            "Adam's second moment (running mean of squared gradients) of the {}",
            param()
        ),
        Quantity::Velocity => format!("momentum velocity of the {}", param()),
        Quantity::MHat => format!("bias-corrected first moment of the {}", param()),
        Quantity::VHat => format!("bias-corrected second moment of the {}", param()),
    }
}
