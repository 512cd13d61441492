//! The dense (fully connected) layer: `nn.Linear` followed by an activation,
//! zⱼ = Σₖ wⱼₖ·aₖ + bⱼ and aⱼ = f(zⱼ). On a sequence it acts at every position with the
//! same weights (`z[t,j]`), as `nn.Linear` does on a (T, F) input.
//!
//! - `math`: the forward and backward pass (the engine's hot loops);
//! - `online`: online SGD with each update fused into the next sample's forward pass;
//! - `steps`: its steps in trace order and their values;
//! - `formulas`: each step's formula;
//! - `schema`: its table in a lesson file;
//! - `view`: its picture and matrix form in the tutor;
//! - `mistakes`: the misconceptions of its own steps, which `check` names;
//! - `doc`: its part of the Markdown export's diagram, and its matrix form there;
//! - `pytorch`: its modules and forward pass in a PyTorch script.

mod doc;
mod formulas;
pub(crate) use formulas::moment_words;
pub(crate) mod math;
mod mistakes;
pub(crate) mod online;
mod pytorch;
mod schema;
mod steps;
mod view;

pub(crate) use schema::ENTRY;

use ndarray::ArrayD;

use crate::lesson::schema::{LayerTable, Res};
use crate::lesson::{Activation, Layer};
use crate::source::reader::Value;

use super::{LayerKind, ParamSpec, Tensor};

/// A dense layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dense {
    /// f⁽ˡ⁾.
    pub activation: Activation,
}

impl Dense {
    /// Neurons n (the features of its output at each position).
    pub fn neurons(layer: &Layer) -> usize {
        layer.output.features()
    }

    /// Inputs m (the features of its input at each position).
    pub fn fan_in(layer: &Layer) -> usize {
        layer.input.features()
    }

    /// Positions it acts at (1 on a vector).
    pub fn positions(layer: &Layer) -> usize {
        layer.input.positions()
    }
}

impl LayerKind for Dense {
    fn name(&self) -> &'static str {
        "dense"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        vec![
            ParamSpec {
                tensor: Tensor::W,
                key: "weights",
                dims: vec![n, m],
                trains: layer.weights_train(),
            },
            ParamSpec {
                tensor: Tensor::B,
                key: "biases",
                dims: vec![n],
                trains: layer.biases_train(),
            },
        ]
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        schema::read_tensor(lt, spec, v)
    }

    fn settings(&self, layer: &Layer) -> Vec<(&'static str, String)> {
        vec![
            ("neurons", Dense::neurons(layer).to_string()),
            ("activation", format!("\"{}\"", self.activation.name())),
        ]
    }
}
