//! The embedding in a PyTorch script: `nn.Embedding(vocabulary, dim)` for the token table and
//! the position table as an `nn.Parameter` of its own (PyTorch has no module that adds one),
//! `a1 = self.layer1(a0.long()) + self.layer1_pos`: the ids come as float64 numbers, and
//! the (T, dim) table is added to every sample of the batch.

use crate::export::pytorch::{Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::lesson::Layer;
use crate::trace::Quantity;

use super::Embedding;

impl PytorchLayer for Embedding {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let mut out = vec![Module {
            attr: names.module(),
            build: format!("nn.Embedding({}, {})", self.vocabulary, self.dim),
        }];
        if self.positions {
            out.push(Module {
                attr: names.module_part("pos"),
                build: format!(
                    "nn.Parameter(torch.zeros({}, {}))  # the learned positions",
                    Embedding::positions_of(layer),
                    self.dim
                ),
            });
        }
        out
    }

    fn torch_parameters(&self, _layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        let mut out = vec![ParamRef::whole(format!("{}.weight", names.module()))];
        if self.positions {
            out.push(ParamRef::whole(names.module_part("pos")));
        }
        out
    }

    fn torch_forward(&self, _layer: &Layer, names: &LayerNames) -> Forward {
        let mut rhs = format!("self.{}({}.long())", names.module(), names.input());
        if self.positions {
            rhs.push_str(&format!(" + self.{}", names.module_part("pos")));
        }
        let code = vec![format!("{} = {rhs}", names.output())];
        Forward::new(code, vec![names.output().to_string()])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        // δ is ∂L/∂a at the layer's own output.
        vec![Traced::new(
            Quantity::Delta,
            format!("{}.grad", names.output()),
        )]
    }
}
