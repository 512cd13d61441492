//! The dense (fully connected) layer: `nn.Linear` followed by an activation,
//! zⱼ = Σₖ wⱼₖ·aₖ + bⱼ and aⱼ = f(zⱼ). On a sequence it acts at every position with the
//! same weights (`z[t,j]`), as `nn.Linear` does on a (T, F) input.
//!
//! - `math`: the forward and backward pass (the engine's hot loops);
//! - `online`: online SGD with each update fused into the next sample's forward pass;
//! - `steps`: its steps in trace order and their values;
//! - `formulas`: each step's formula;
//! - `words`: each step in words, in any language;
//! - `schema`: its table in a lesson file;
//! - `lora`: a LoRA adapter on it, W + (α/r)·B·A with W and b frozen;
//! - `view`: its picture and matrix form in the tutor;
//! - `mistakes`: the misconceptions of its own steps, which `check` names;
//! - `doc`: its part of the Markdown export's diagram, and its matrix form there;
//! - `pytorch`: its modules and forward pass in a PyTorch script.

mod doc;
mod formulas;
pub mod lora;
pub(crate) mod math;
mod mistakes;
pub(crate) mod online;
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

use super::{LayerKind, ParamSpec, Tensor};

/// A dense layer's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dense {
    /// f⁽ˡ⁾.
    pub activation: Activation,
    /// A LoRA adapter, if the layer has one.
    pub lora: Option<lora::Lora>,
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
        // With LoRA the base W and b are frozen; A and B train.
        let base = self.lora.is_none();
        let mut specs = vec![
            ParamSpec {
                tensor: Tensor::W,
                key: "weights",
                dims: vec![n, m],
                trains: base && layer.weights_train(),
            },
            ParamSpec {
                tensor: Tensor::B,
                key: "biases",
                dims: vec![n],
                trains: base && layer.biases_train(),
            },
        ];
        if let Some(lora) = self.lora {
            specs.push(ParamSpec {
                tensor: Tensor::LoraA,
                key: "lora_a",
                dims: vec![lora.rank, m],
                trains: layer.weights_train(),
            });
            specs.push(ParamSpec {
                tensor: Tensor::LoraB,
                key: "lora_b",
                dims: vec![n, lora.rank],
                trains: layer.weights_train(),
            });
        }
        specs
    }

    fn written_at(&self, spec: &ParamSpec) -> (&'static str, Option<&'static str>) {
        match spec.tensor {
            Tensor::LoraA => ("lora", Some("a")),
            Tensor::LoraB => ("lora", Some("b")),
            _ => (spec.key, None),
        }
    }

    fn fill(&self, _layer: &Layer, spec: &ParamSpec) -> crate::layers::Fill {
        match spec.tensor {
            // As peft starts B: zeros, so the adapted layer starts as the base layer.
            Tensor::LoraB => crate::layers::Fill::Zeros,
            _ => crate::layers::Fill::by_shape(&spec.dims),
        }
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        schema::read_tensor(lt, spec, v)
    }

    fn settings(&self, layer: &Layer) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("neurons", Dense::neurons(layer).to_string()),
            ("activation", format!("\"{}\"", self.activation.name())),
        ];
        if let Some(lora) = &self.lora {
            out.push(("lora", lora::setting(lora, layer)));
        }
        out
    }
}
