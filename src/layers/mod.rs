//! The layer kinds a network is built from, one folder per kind. A kind is the unit of the
//! design: everything it needs — its settings and parameters, its math, its steps and their
//! names, each step's formula, its view in the tutor, its worksheet steps, its misconceptions
//! and its PyTorch translation — is in its folder, and lesson, engine, trace, tutor, export
//! and check reach it only through the traits [`LayerKind`] gathers. A new kind is a new
//! variant of [`Kind`] and an implementation of [`LayerKind`]; the compiler lists what is
//! still missing.
//!
//! - `dense`: `nn.Linear` and an activation, on a vector or at every position of a sequence.

pub mod dense;
mod shape;
mod tensor;

pub use shape::Shape;
pub use tensor::{ParamSpec, Tensor};

use crate::engine::Math;
use crate::lesson::{Activation, Layer};
use crate::trace::kind::{Explain, Steps};

/// Everything a layer kind provides, to every part of the program.
pub trait LayerKind: Math + Steps + Explain + Send + Sync {
    /// The kind's name in lesson files (`kind = "…"`).
    fn name(&self) -> &'static str;

    /// Its parameter tensors, in order, for this layer.
    fn params(&self, layer: &Layer) -> Vec<ParamSpec>;

    /// The activation applied to its weighted inputs, if it has one.
    fn activation(&self) -> Activation {
        Activation::Identity
    }

    /// Its settings as lesson-file keys and TOML values, as a lesson writes them
    /// (`neurons = 2`, `activation = "sigmoid"`): what `train --save` writes back, before the
    /// parameters.
    fn settings(&self, layer: &Layer) -> Vec<(&'static str, String)>;
}

/// What a layer computes, with the settings of its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A dense (fully connected) layer: `nn.Linear` and an activation.
    Dense(dense::Dense),
}

impl Kind {
    /// The kind's contract: the one place that lists every kind.
    pub fn contract(&self) -> &dyn LayerKind {
        match self {
            Kind::Dense(k) => k,
        }
    }

    /// The kind's name in lesson files.
    pub fn name(&self) -> &'static str {
        self.contract().name()
    }
}
