//! The long short-term memory layer, `nn.LSTM` (one layer): the gates i, f, g, o from one
//! weighted input z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh of 4·H rows stacked as PyTorch
//! stacks them (i = σ, f = σ, g = tanh, o = σ), c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t),
//! c_0 = h_0 = 0. Backward, t = T..1: ∂L/∂h_t from the output at t and from step t + 1 through
//! W_hh, the cell path ∂L/∂c_t = ∂L/∂h_t⊙o_t⊙(1 − tanh² c_t) + ∂L/∂c_{t+1}⊙f_{t+1}, then each
//! gate's δ; each gradient a sum over the steps.
//!
//! - `math`: the forward and backward pass;
//! - `steps`: its steps in trace order and their values;
//! - `formulas`: each step's formula;
//! - `words`: each step in words, in any language;
//! - `schema`: its table in a lesson file;
//! - `view`: the network unrolled in time, and its steps in matrix form, in the tutor;
//! - `doc`: the layer unrolled in the Markdown export's diagram;
//! - `pytorch`: the layer in a PyTorch script, `nn.LSTM` and its recurrence step by step.

mod doc;
mod formulas;
pub(crate) mod math;
mod pytorch;
mod schema;
mod steps;
mod view;
mod words;

pub(crate) use schema::ENTRY;

use ndarray::ArrayD;

use crate::lesson::Layer;
use crate::lesson::schema::{LayerTable, Res};
use crate::source::reader::Value;

use super::recurrent::{self, Dims, Outputs};
use super::{LayerKind, ParamSpec};

/// An LSTM layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lstm {
    /// Hidden units H (the weights have 4·H rows).
    pub hidden: usize,
    /// Every state, or the last.
    pub outputs: Outputs,
}

impl Lstm {
    /// The sizes it runs over in `layer`.
    pub(crate) fn dims(&self, layer: &Layer) -> Dims {
        Dims::of(layer, self.hidden, 4)
    }
}

impl LayerKind for Lstm {
    fn name(&self) -> &'static str {
        "lstm"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        recurrent::params(layer, self.dims(layer))
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        recurrent::schema::read_tensor(lt, spec, v)
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        vec![
            ("hidden", self.hidden.to_string()),
            ("outputs", format!("\"{}\"", self.outputs.name())),
        ]
    }
}
