//! A dense layer's steps in words, in any language: "weighted input of hidden neuron 1",
//! "隐藏层神经元 1 的加权输入"; on a sequence "… at position 2"; its LoRA adapter's steps.

use crate::i18n::Lang;
use crate::layers::words::{moment, update};
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::{Index, Inner, Quantity, StepId, Tensor};

use super::Dense;
use super::formulas::split;

impl Dense {
    /// Step `id` in words of `lang`.
    pub(super) fn words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let l = id.layer;
        let seq = lesson.layers[l - 1].input.is_sequence();
        let neuron = |l: usize, ix: &Index| {
            let (t, j) = split(seq, ix);
            let name = neuron_name(lesson, l, j, lang);
            if seq {
                tr!(
                    lang,
                    "desc-dense-at-position",
                    neuron = name,
                    position = t + 1
                )
            } else {
                name
            }
        };
        let rank = || id.ix.last().unwrap_or(0) + 1;
        match id.quantity {
            Quantity::Z => tr!(lang, "desc-z", neuron = neuron(l, &id.ix)),
            Quantity::A => tr!(
                lang,
                "desc-a",
                activation = self.activation.name(),
                neuron = neuron(l, &id.ix)
            ),
            Quantity::Delta => tr!(lang, "desc-delta", neuron = neuron(l, &id.ix)),
            Quantity::Block(Inner::Down) => tr!(lang, "desc-dense-lora-down", rank = rank()),
            Quantity::Block(Inner::DDown) => tr!(lang, "desc-dense-lora-ddown", rank = rank()),
            q @ (Quantity::Grad(t) | Quantity::Param(t) | Quantity::State(_, t))
                if matches!(t, Tensor::LoraA | Tensor::LoraB) =>
            {
                lora_words(q, t, &id.ix, lang)
            }
            q => update(q, &self.param_words(lesson, id, lang), lang)
                .unwrap_or_else(|| unreachable!("{id} is not a step of a dense layer")),
        }
    }

    /// The parameter an update step `id` is of: "weight from input 2 to hidden neuron 1",
    /// "bias of output neuron 1".
    fn param_words(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> String {
        let l = id.layer;
        match id.param() {
            Some(p) if p.tensor == Tensor::W => tr!(
                lang,
                "desc-weight",
                from = neuron_name(lesson, l - 1, p.ix.k().unwrap_or(0), lang),
                to = neuron_name(lesson, l, p.ix.j(), lang)
            ),
            _ => tr!(
                lang,
                "desc-bias",
                neuron = neuron_name(lesson, l, id.ix.j(), lang)
            ),
        }
    }
}

/// A step of a LoRA factor's entry: "gradient of the loss for LoRA's A[1,2]".
fn lora_words(quantity: Quantity, tensor: Tensor, ix: &Index, lang: Lang) -> String {
    let tensor = if tensor == Tensor::LoraA { "A" } else { "B" };
    let index = ix.to_string();
    match quantity {
        Quantity::Grad(_) => tr!(lang, "desc-dense-lora-grad", tensor = tensor, index = index),
        Quantity::State(m, _) => tr!(
            lang,
            "desc-dense-lora-state",
            moment = moment(m, lang),
            tensor = tensor,
            index = index
        ),
        _ => tr!(
            lang,
            "desc-dense-lora-updated",
            tensor = tensor,
            index = index
        ),
    }
}

/// A neuron in words: "input 2", "hidden neuron 1", "output neuron 2",
/// "neuron 3 of hidden layer 2".
fn neuron_name(lesson: &Lesson, l: usize, j: usize, lang: Lang) -> String {
    let depth = lesson.depth();
    let j = j + 1;
    if l == 0 {
        tr!(lang, "desc-input", j = j)
    } else if l == depth {
        tr!(lang, "desc-output-neuron", j = j)
    } else if depth == 2 {
        tr!(lang, "desc-hidden-neuron", j = j)
    } else {
        tr!(lang, "desc-layer-neuron", j = j, l = l)
    }
}
