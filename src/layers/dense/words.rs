//! A dense layer's steps in words of another language than English (the English words are
//! `Explain::describe`'s): "隐藏层神经元 1 的加权输入". A step of a dense layer on a sequence
//! or of its LoRA adapter keeps its English words until they are translated.

use crate::i18n::Lang;
use crate::lesson::Lesson;
use crate::tr;
use crate::trace::formula::Param;
use crate::trace::{Moment, Quantity, StepId, Tensor};

use super::Dense;

impl Dense {
    /// Step `id` in words of `lang`; `None` where only English words exist.
    pub(super) fn words_in(&self, lesson: &Lesson, id: &StepId, lang: Lang) -> Option<String> {
        let l = id.layer;
        if lesson.layers[l - 1].input.is_sequence() {
            return None;
        }
        let neuron = |l: usize, j: usize| neuron_in(lesson, l, j, lang);
        let param = |p: Param| match p.tensor {
            Tensor::W => Some(tr!(
                lang,
                "desc-weight",
                from = neuron(l - 1, p.ix.k().unwrap_or(0)),
                to = neuron(l, p.ix.j())
            )),
            Tensor::B => Some(tr!(lang, "desc-bias", neuron = neuron(l, p.ix.j()))),
            _ => None,
        };
        let j = id.ix.j();
        Some(match id.quantity {
            Quantity::Z => tr!(lang, "desc-z", neuron = neuron(l, j)),
            Quantity::A => tr!(
                lang,
                "desc-a",
                neuron = neuron(l, j),
                activation = self.activation.name()
            ),
            Quantity::Delta => tr!(lang, "desc-delta", neuron = neuron(l, j)),
            Quantity::Grad(_) => tr!(lang, "desc-grad", param = param(id.param()?)?),
            Quantity::Param(_) => tr!(lang, "desc-updated", param = param(id.param()?)?),
            Quantity::State(m, _) => tr!(
                lang,
                "desc-state",
                moment = lang.t(moment_id(m)),
                param = param(id.param()?)?
            ),
            _ => return None,
        })
    }
}

/// The message id of an optimizer state's name.
fn moment_id(m: Moment) -> &'static str {
    match m {
        Moment::M => "desc-moment-m",
        Moment::V => "desc-moment-v",
        Moment::Velocity => "desc-moment-velocity",
        Moment::MHat => "desc-moment-mhat",
        Moment::VHat => "desc-moment-vhat",
        Moment::Decayed => "desc-moment-decayed",
    }
}

/// A neuron in words: input 2, hidden neuron 1, output neuron 2, neuron 3 of hidden layer 2.
fn neuron_in(lesson: &Lesson, l: usize, j: usize, lang: Lang) -> String {
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
