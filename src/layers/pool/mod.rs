//! The pooling layers: `nn.MaxPool2d` and `nn.AvgPool2d`, each channel on its own. A window of
//! kh × kw moves by the stride (the kernel, unless given): a max pool keeps the largest number
//! of each window (the first of equal ones), an average pool their mean. In the backward pass
//! a max pool routes each output's gradient to its window's maximum and the other cells get
//! none; an average pool shares it, 1/(kh·kw) to each cell.
//!
//! - `math`: the forward and backward pass;
//! - `steps`: its steps (a, then δ = ∂L/∂a at its output) and their values;
//! - `formulas`: each step's formula, and the error it passes back;
//! - `words`: each step in words, in any language;
//! - `schema`: its table in a lesson file;
//! - `view`: its picture and matrix form in the tutor.

mod formulas;
pub(crate) mod math;
mod pytorch;
mod schema;
mod steps;
mod view;
mod words;

pub(crate) use math::max_of;
pub(crate) use schema::{AVG_ENTRY, MAX_ENTRY};

use crate::lesson::Layer;

use super::conv::image;
use super::window::Window;
use super::{LayerKind, ParamSpec};

/// What a pooling layer keeps of each window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolOp {
    /// The largest number (`nn.MaxPool2d`).
    Max,
    /// The mean (`nn.AvgPool2d`).
    Avg,
}

/// A pooling layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pool2d {
    /// Max or average.
    pub op: PoolOp,
    /// Kernel and stride (no padding).
    pub window: Window,
}

/// The sizes a pooling layer works with: C channels of H × W in, OH × OW out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolDims {
    /// Channels (in and out).
    pub c: usize,
    /// Input rows.
    pub h: usize,
    /// Input columns.
    pub w: usize,
    /// Output rows.
    pub oh: usize,
    /// Output columns.
    pub ow: usize,
}

impl Pool2d {
    /// The sizes of this layer.
    pub fn dims(&self, layer: &Layer) -> PoolDims {
        let (c, h, w) = image(layer.input);
        let (_, oh, ow) = image(layer.output);
        PoolDims { c, h, w, oh, ow }
    }

    /// The flat input offsets of output `[c, i, j]`'s window, in row-major order.
    pub fn window_cells(&self, d: &PoolDims, (c, i, j): (usize, usize, usize)) -> Vec<usize> {
        let (kh, kw) = self.window.kernel;
        let mut cells = Vec::with_capacity(kh * kw);
        for u in 0..kh {
            let y = self.window.row(i, u) as usize;
            for v in 0..kw {
                let x = self.window.col(j, v) as usize;
                cells.push((c * d.h + y) * d.w + x);
            }
        }
        cells
    }
}

impl LayerKind for Pool2d {
    fn name(&self) -> &'static str {
        match self.op {
            PoolOp::Max => "maxpool2d",
            PoolOp::Avg => "avgpool2d",
        }
    }

    fn params(&self, _layer: &Layer) -> Vec<ParamSpec> {
        Vec::new()
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        vec![
            ("kernel", Window::pair_text(self.window.kernel)),
            ("stride", Window::pair_text(self.window.stride)),
        ]
    }
}

/// In the Markdown export the layer is a block with its shape inside, and its first step of
/// each quantity is worked out in full: one window, the rest tabled.
impl crate::export::markdown::kind::LayerDoc for Pool2d {}
