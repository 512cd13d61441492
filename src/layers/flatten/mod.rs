//! The flatten layer: an image of C × H × W numbers becomes a vector of C·H·W in row-major
//! order, as `torch.flatten` (and `nn.Flatten`) lays it out: a[(c·H + i)·W + j] is the
//! image's [c, i, j]. Nothing is computed; in the backward pass each number's error goes back
//! to the place it came from.
//!
//! - `steps`: its steps (a, then δ = ∂L/∂a at its output) and their values;
//! - `formulas`: each step's formula (a copy), and the error it passes back;
//! - `words`: each step in words, in any language;
//! - `view`: which (c, i, j) became which j, in the tutor.

mod formulas;
mod pytorch;
mod steps;
mod view;
mod words;

use crate::engine::LayerParams;
use crate::engine::kind::{Backward, Math, Upstream};
use crate::layers::{Entry, Kind, LayerKind, ParamSpec};
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Layer, Shape};
use crate::trace::Index;

/// The flatten layer (it has no settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flatten;

/// `kind = "flatten"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "flatten",
    keys: &[],
    read,
    mistakes: &crate::layers::conv::mistakes::CNN,
};

fn read(lt: &LayerTable) -> Res<Head> {
    let Shape::Image { .. } = lt.input else {
        return Err(crate::layers::conv::not_an_image(lt, "flatten"));
    };
    Ok(Head {
        kind: Kind::Flatten(Flatten),
        output: Shape::Vector(lt.input.len()),
    })
}

impl Flatten {
    /// The image's `[c, i, j]` that became number `j` of the vector.
    pub fn source(layer: &Layer, j: usize) -> Index {
        Index::at_offset(j, &layer.input.dims())
    }
}

impl LayerKind for Flatten {
    fn name(&self) -> &'static str {
        "flatten"
    }

    fn params(&self, _layer: &Layer) -> Vec<ParamSpec> {
        Vec::new()
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

impl Math for Flatten {
    fn buffers(&self, _layer: &Layer) -> Vec<usize> {
        Vec::new()
    }

    fn forward(
        &self,
        _layer: &Layer,
        _p: &LayerParams,
        x: &[f64],
        _bufs: &mut [Vec<f64>],
        out: &mut [f64],
    ) {
        out.copy_from_slice(x);
    }

    fn backward(&self, b: Backward<'_>) {
        let (Some(dx), Upstream::Grad(g)) = (b.dx, b.up) else {
            return;
        };
        dx.copy_from_slice(g);
    }
}

/// In the Markdown export the layer is a block with its shape inside, and its first step of
/// each quantity is worked out in full: one window, the rest tabled.
impl crate::export::markdown::kind::LayerDoc for Flatten {}
