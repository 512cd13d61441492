//! The dense layer in a PyTorch script: `nn.Linear(inputs, neurons)` and its activation,
//! `z1 = self.layer1(a0)`, `a1 = torch.sigmoid(z1)`. On a sequence `nn.Linear` acts at every
//! position, so the same code holds `z(l)[t,j]` at `z1[0, t−1, j−1]`.
//!
//! With LoRA, as `peft` adds it: two bias-free linears beside the frozen `nn.Linear`,
//! `layer1_lora_a` (A, rank × inputs) and `layer1_lora_b` (B, neurons × rank), and
//! `z1 = self.layer1(a0) + self.layer1_lora_b(down1) * (α / r)` with `down1 =
//! self.layer1_lora_a(a0)`: the two paths W·a + b and (α/r)·B·A·a. Only A and B go to the
//! optimizer (the script leaves out every tensor that does not train).

use crate::export::pytorch::{self, Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::lesson::{Activation, Layer};
use crate::trace::{Inner, Quantity};

use super::Dense;

impl PytorchLayer for Dense {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        let mut out = vec![Module {
            attr: names.module(),
            build: format!("nn.Linear({m}, {n})"),
        }];
        if let Some(lora) = self.lora {
            let r = lora.rank;
            out.push(Module {
                attr: names.module_part("lora_a"),
                build: format!("nn.Linear({m}, {r}, bias=False)  # LoRA's A"),
            });
            out.push(Module {
                attr: names.module_part("lora_b"),
                build: format!("nn.Linear({r}, {n}, bias=False)  # LoRA's B"),
            });
        }
        out
    }

    fn torch_parameters(&self, _layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        let module = names.module();
        let mut out = vec![
            ParamRef::whole(format!("{module}.weight")),
            ParamRef::whole(format!("{module}.bias")),
        ];
        if self.lora.is_some() {
            out.push(ParamRef::whole(format!(
                "{}.weight",
                names.module_part("lora_a")
            )));
            out.push(ParamRef::whole(format!(
                "{}.weight",
                names.module_part("lora_b")
            )));
        }
        out
    }

    fn torch_forward(&self, _layer: &Layer, names: &LayerNames) -> Forward {
        let z = names.var("z");
        let mut code = Vec::new();
        let mut tensors = Vec::new();
        match self.lora {
            None => code.push(format!("{z} = self.{}({})", names.module(), names.input())),
            Some(lora) => {
                let down = names.var("down");
                code.push(format!(
                    "{down} = self.{}({})  # LoRA's down projection A·a",
                    names.module_part("lora_a"),
                    names.input()
                ));
                // α / r written as the division the tutor computes.
                code.push(format!(
                    "{z} = self.{}({}) + self.{}({down}) * ({} / {})",
                    names.module(),
                    names.input(),
                    names.module_part("lora_b"),
                    pytorch::python_float(lora.alpha),
                    lora.rank
                ));
                tensors.push(down);
            }
        }
        code.push(format!(
            "{} = {}",
            names.output(),
            pytorch::activation(self.activation, &z)
        ));
        tensors.insert(0, z.clone());
        let forward = Forward::new(code, tensors);
        match self.activation {
            Activation::Softmax => forward.with_logits(z),
            _ => forward,
        }
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let z = names.var("z");
        let mut out = vec![
            Traced::new(Quantity::Z, &z),
            Traced::new(Quantity::Delta, format!("{z}.grad")),
        ];
        if self.lora.is_some() {
            let down = names.var("down");
            out.push(Traced::new(Quantity::Block(Inner::Down), &down));
            out.push(Traced::new(
                Quantity::Block(Inner::DDown),
                format!("{down}.grad"),
            ));
        }
        out
    }
}
