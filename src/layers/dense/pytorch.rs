//! The dense layer in a PyTorch script: `nn.Linear(inputs, neurons)` and its activation,
//! `z1 = self.layer1(a0)`, `a1 = torch.sigmoid(z1)`. On a sequence `nn.Linear` acts at every
//! position, so the same code holds `z(l)[t,j]` at `z1[0, t−1, j−1]`.

use crate::export::pytorch::{self, Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::lesson::{Activation, Layer};
use crate::trace::Quantity;

use super::Dense;

impl PytorchLayer for Dense {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        vec![Module {
            attr: names.module(),
            build: format!("nn.Linear({m}, {n})"),
        }]
    }

    fn torch_parameters(&self, _layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        let module = names.module();
        vec![
            ParamRef::whole(format!("{module}.weight")),
            ParamRef::whole(format!("{module}.bias")),
        ]
    }

    fn torch_forward(&self, _layer: &Layer, names: &LayerNames) -> Forward {
        let z = names.var("z");
        let code = vec![
            format!("{z} = self.{}({})", names.module(), names.input()),
            format!(
                "{} = {}",
                names.output(),
                pytorch::activation(self.activation, &z)
            ),
        ];
        let forward = Forward::new(code, vec![z.clone()]);
        match self.activation {
            Activation::Softmax => forward.with_logits(z),
            _ => forward,
        }
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let z = names.var("z");
        vec![
            Traced::new(Quantity::Z, &z),
            Traced::new(Quantity::Delta, format!("{z}.grad")),
        ]
    }
}
