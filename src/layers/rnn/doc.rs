//! The recurrent layer in the Markdown export: unrolled in the network diagram, its steps in
//! matrix form.

use crate::engine::LayerParams;
use crate::export::markdown::kind::{Diagram, LayerDoc};
use crate::layers::recurrent::doc;
use crate::lesson::Layer;

use super::Rnn;

impl LayerDoc for Rnn {
    fn diagram(&self, d: &mut Diagram, layer: &Layer, l: usize, _initial: &LayerParams) {
        let words = crate::tr!(
            d.lang(),
            "md-rnn-words",
            units = self.hidden,
            activation = self.activation.name()
        );
        doc::recurrent(d, layer, l, &words, self.outputs, false);
    }

    fn matrix_form(&self) -> bool {
        true
    }
}
