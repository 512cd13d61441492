//! What the trace asks of a layer kind: its steps in trace order ([`Steps`]: forward, then
//! backward, as runs of [`Segment`]s the layout counts through by arithmetic), their values
//! (read from a [`LayerValues`]), their formulas and their words ([`Explain`], through a
//! [`SampleCx`]).

use crate::lesson::{Layer, Lesson};

use super::explain::{Formula, SampleCx};
use super::formula::Expr;
use super::step::{Index, Quantity, StepId};

pub use super::record::LayerValues;

/// One part of a [`Segment`]: a quantity and the index space it adds after the outer index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// What kind of number.
    pub quantity: Quantity,
    /// The inner indices, walked row-major after the segment's outer index.
    pub inner: Vec<usize>,
}

/// A run of steps: for each outer index in row-major order (the first axis counted down when
/// `reverse`, as time is in backpropagation through time), each part's steps in turn, their
/// indices the outer index followed by the part's inner one. A dense layer's forward pass is
/// one segment, outer `[n]`, parts z and a: z₁, a₁, z₂, a₂, ….
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The outer index space.
    pub outer: Vec<usize>,
    /// Is the outer index's first axis walked from its end?
    pub reverse: bool,
    /// What each outer index holds.
    pub parts: Vec<Part>,
}

impl Segment {
    /// Every number of `quantity` over `dims`, in row-major order.
    pub fn block(quantity: Quantity, dims: &[usize]) -> Segment {
        Segment::interleaved(dims, &[(quantity, &[])])
    }

    /// For each outer index, each part in turn.
    pub fn interleaved(outer: &[usize], parts: &[(Quantity, &[usize])]) -> Segment {
        Segment {
            outer: outer.to_vec(),
            reverse: false,
            parts: parts
                .iter()
                .map(|(quantity, inner)| Part {
                    quantity: *quantity,
                    inner: inner.to_vec(),
                })
                .collect(),
        }
    }

    /// The same, with the first outer axis walked from its end.
    pub fn reversed(mut self) -> Segment {
        self.reverse = true;
        self
    }

    fn outer_len(&self) -> usize {
        self.outer.iter().product()
    }

    fn per_outer(&self) -> usize {
        self.parts
            .iter()
            .map(|p| p.inner.iter().product::<usize>())
            .sum()
    }

    /// How many steps it holds.
    pub fn len(&self) -> usize {
        self.outer_len() * self.per_outer()
    }

    /// Does it hold none?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Does it hold steps of `quantity`?
    pub fn has(&self, quantity: Quantity) -> bool {
        self.parts.iter().any(|p| p.quantity == quantity)
    }

    /// The number of indices a step of `quantity` has here, if it has such steps.
    pub fn indices_of(&self, quantity: Quantity) -> Option<usize> {
        self.parts
            .iter()
            .find(|p| p.quantity == quantity)
            .map(|p| self.outer.len() + p.inner.len())
    }

    fn flip(&self, outer: Index) -> Index {
        match (self.reverse, outer.get(0)) {
            // An index past the axis is left as it is: no step of the segment has it.
            (true, Some(first)) => match self.outer[0].checked_sub(first + 1) {
                Some(flipped) => outer.with(0, flipped),
                None => outer,
            },
            _ => outer,
        }
    }

    /// The step at `offset` (< [`Segment::len`]).
    pub fn step(&self, offset: usize) -> (Quantity, Index) {
        let per = self.per_outer();
        let outer = self.flip(Index::at_offset(offset / per, &self.outer));
        let mut r = offset % per;
        for part in &self.parts {
            let n: usize = part.inner.iter().product();
            if r < n {
                let inner = Index::at_offset(r, &part.inner);
                return (part.quantity, outer.then(&inner.to_vec()));
            }
            r -= n;
        }
        unreachable!("offset {offset} is past the segment's end")
    }

    /// The offset of the step of `quantity` at `ix`, if the segment holds it.
    pub fn offset(&self, quantity: Quantity, ix: &Index) -> Option<usize> {
        let depth = self.outer.len();
        let outer = self.flip(ix.prefix(depth));
        let outer_at = outer.offset_in(&self.outer)?;
        let mut within = 0;
        for part in &self.parts {
            let n: usize = part.inner.iter().product();
            if part.quantity == quantity && ix.len() == depth + part.inner.len() {
                let inner = ix.suffix(depth).offset_in(&part.inner)?;
                return Some(outer_at * self.per_outer() + within + inner);
            }
            within += n;
        }
        None
    }
}

/// A layer kind's steps: which numbers its forward and backward passes compute, in trace
/// order, and where their values are.
pub trait Steps {
    /// Its forward steps for one sample, in order.
    fn forward_steps(&self, layer: &Layer) -> Vec<Segment>;

    /// Its backward steps for one sample, in order.
    fn backward_steps(&self, layer: &Layer) -> Vec<Segment>;

    /// The value of one of its forward or backward steps.
    fn value(&self, v: &LayerValues<'_>, id: &StepId) -> f64;

    /// Every number of `quantity` this layer holds for one sample, flat in the row-major
    /// order of its indices, where it keeps them so (z, a and δ of a dense layer, a feature
    /// map of a convolution); `None` for quantities it computes on demand.
    fn numbers<'a>(&self, v: &LayerValues<'a>, quantity: Quantity) -> Option<&'a [f64]>;

    /// Is this step infinite by design (a score a causal mask hides is −∞), so that it is
    /// not taken for a diverging network?
    fn masked(&self, _layer: &Layer, _id: &StepId) -> bool {
        false
    }
}

/// A layer kind's formulas and words.
pub trait Explain {
    /// The formula of one of its forward or backward steps.
    fn formula(&self, cx: &SampleCx<'_>, id: &StepId) -> Formula;

    /// The error this layer (number `l`) passes back to its input at `ix`, as the layer
    /// below reads it in its own δ: Σₖ w⁽ˡ⁾ₖⱼ·δ⁽ˡ⁾ₖ for a dense layer.
    fn passed_back(&self, cx: &SampleCx<'_>, l: usize, ix: &Index) -> Expr;

    /// What one of its steps' numbers is, in words.
    fn describe(&self, lesson: &Lesson, id: &StepId) -> String;

    /// The same in the interface's language: English (`describe`) until the kind's words are
    /// translated.
    fn describe_in(&self, lesson: &Lesson, id: &StepId, _lang: crate::i18n::Lang) -> String {
        self.describe(lesson, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_count_both_ways() {
        let dense = Segment::interleaved(
            &[2],
            &[
                (Quantity::Delta, &[]),
                (Quantity::DB, &[]),
                (Quantity::DW, &[3]),
            ],
        );
        assert_eq!(dense.len(), 10);
        for offset in 0..dense.len() {
            let (q, ix) = dense.step(offset);
            assert_eq!(dense.offset(q, &ix), Some(offset));
        }
        assert_eq!(dense.step(2), (Quantity::DW, Index::two(0, 0)));
        assert_eq!(dense.step(5), (Quantity::Delta, Index::one(1)));
        let through_time = Segment::interleaved(&[3, 2], &[(Quantity::Z, &[])]).reversed();
        assert_eq!(through_time.step(0).1, Index::two(2, 0));
        assert_eq!(through_time.offset(Quantity::Z, &Index::two(0, 1)), Some(5));
        assert_eq!(through_time.offset(Quantity::A, &Index::two(0, 1)), None);
        // A name whose first index is past the steps names no step of the segment.
        assert_eq!(through_time.offset(Quantity::Z, &Index::two(7, 0)), None);
        assert_eq!(through_time.offset(Quantity::Z, &Index::one(5)), None);
    }
}
