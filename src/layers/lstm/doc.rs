//! The LSTM in the Markdown export: unrolled in the network diagram, its steps in matrix form.

use crate::engine::LayerParams;
use crate::export::markdown::kind::{Diagram, LayerDoc};
use crate::layers::recurrent::doc;
use crate::lesson::Layer;

use super::Lstm;

impl LayerDoc for Lstm {
    fn diagram(&self, d: &mut Diagram, layer: &Layer, l: usize, _initial: &LayerParams) {
        let words = crate::tr!(d.lang(), "md-lstm-words", units = self.hidden);
        doc::recurrent(d, layer, l, &words, self.outputs, true);
    }

    fn matrix_form(&self) -> bool {
        true
    }
}
