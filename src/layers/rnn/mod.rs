//! The Elman recurrent layer, `nn.RNN` (one layer): h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} +
//! b_hh) with h_0 = 0 and f = tanh or ReLU. Backpropagation through time runs t = T..1: each
//! ∂L/∂h_t is the sum of what reaches it from the output at t and from step t + 1 through
//! W_hh, δ_t = ∂L/∂h_t ⊙ f′(z_t), and each gradient is a sum over the steps.
//!
//! - `math`: the forward and backward pass;
//! - `steps`: its steps in trace order and their values;
//! - `formulas`: each step's formula;
//! - `words`: each step in words, in any language;
//! - `schema`: its table in a lesson file;
//! - `view`: the network unrolled in time, and its steps in matrix form, in the tutor;
//! - `doc`: the layer unrolled in the Markdown export's diagram;
//! - `pytorch`: the layer in a PyTorch script, `nn.RNN` and its recurrence step by step.

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

use crate::lesson::schema::{LayerTable, Res};
use crate::lesson::{Activation, Layer};
use crate::source::reader::Value;

use super::recurrent::{self, Dims, Outputs};
use super::{LayerKind, ParamSpec};

/// A recurrent layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rnn {
    /// f: tanh or ReLU.
    pub activation: Activation,
    /// Hidden units H.
    pub hidden: usize,
    /// Every state, or the last.
    pub outputs: Outputs,
}

impl Rnn {
    /// The sizes it runs over in `layer`.
    pub(crate) fn dims(&self, layer: &Layer) -> Dims {
        Dims::of(layer, self.hidden, 1)
    }
}

impl LayerKind for Rnn {
    fn name(&self) -> &'static str {
        "rnn"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        recurrent::params(layer, self.dims(layer))
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        recurrent::schema::read_tensor(lt, spec, v)
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        vec![
            ("hidden", self.hidden.to_string()),
            ("activation", format!("\"{}\"", self.activation.name())),
            ("outputs", format!("\"{}\"", self.outputs.name())),
        ]
    }
}
