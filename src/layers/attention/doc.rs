//! Attention in the Markdown export. The document draws a network of sequence layers as one
//! chain of blocks and tables each attention matrix after a sample's phase
//! (`export::markdown::sequence`); of the layer's own steps it works out the first of each
//! quantity, which under a causal mask is query 1's, the query that sees only itself (its
//! one weight is 1, its ∂L/∂S 0). So it works out query 2's too, the first whose softmax
//! runs over more than one key, and the first masked score, whose −∞ gives a weight of 0.

use crate::export::markdown::kind::LayerDoc;
use crate::trace::{Index, Inner, Quantity, StepId};

use super::Attention;

impl LayerDoc for Attention {
    fn works_out(&self, step: &StepId, first_of_kind: bool) -> bool {
        first_of_kind || self.causal && self.also_worked(step)
    }
}

impl Attention {
    /// Under a causal mask, the steps worked out beside the first of each quantity: the
    /// first masked score (query 1, key 2) and, in head 1, query 2's first weight, context,
    /// ∂L/∂S and ∂L/∂q.
    fn also_worked(&self, step: &StepId) -> bool {
        let Quantity::Block(inner) = step.quantity else {
            return false;
        };
        match inner {
            Inner::Score => step.ix == self.score_ix(0, 0, 1),
            Inner::Attn | Inner::DScore => step.ix == self.score_ix(0, 1, 0),
            Inner::Ctx | Inner::DQuery => step.ix == Index::two(1, 0),
            _ => false,
        }
    }
}
