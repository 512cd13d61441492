//! Flatten in a PyTorch script: `f3 = torch.flatten(a2, 1)`, channel by channel and row by row
//! (row-major, as the tutor numbers its outputs). Its δ is ∂L/∂a at its output, `f3.grad`.

use crate::export::pytorch::{Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::lesson::Layer;
use crate::trace::Quantity;

use super::Flatten;

impl PytorchLayer for Flatten {
    fn torch_modules(&self, _layer: &Layer, _names: &LayerNames) -> Vec<Module> {
        Vec::new()
    }

    fn torch_parameters(&self, _layer: &Layer, _names: &LayerNames) -> Vec<ParamRef> {
        Vec::new()
    }

    fn torch_forward(&self, _layer: &Layer, names: &LayerNames) -> Forward {
        let f = names.var("f");
        let code = vec![
            format!("{f} = torch.flatten({}, 1)", names.input()),
            format!("{} = {f}", names.output()),
        ];
        Forward::new(code, vec![f])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        vec![Traced::new(
            Quantity::Delta,
            format!("{}.grad", names.var("f")),
        )]
    }
}
