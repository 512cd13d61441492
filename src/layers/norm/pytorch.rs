//! The layer norm in a PyTorch script: its parameters are an `nn.LayerNorm(dim, eps=ε)`'s
//! (γ its `weight`, β its `bias`), and its forward pass writes out what that module computes,
//! so that μ, σ², x̂ and their gradients are tensors of their own:
//!
//! ```python
//! x2 = a1.clone()                        # the input as this layer sees it: x2.grad is dx(2)
//! mu2 = x2.mean(dim=-1)                  # μ per position
//! var2 = ((x2 - mu2[..., None]) ** 2).mean(dim=-1)   # σ², biased (÷ d)
//! xhat2 = (x2 - mu2[..., None]) / torch.sqrt(var2[..., None] + 1e-05)
//! a2 = self.layer2.weight * xhat2 + self.layer2.bias
//! ```
//!
//! The script checks that this is `self.layer2(a1)`'s output. The input gets its own tensor
//! because a(l−1)'s gradient also gathers what a residual passes to it; on layer 1 it is the
//! network's input, which asks for no gradient, so the copy is a leaf that does.

use crate::export::pytorch::{
    Forward, LayerNames, Module, ParamRef, PytorchLayer, SameAs, Traced, python_float,
};
use crate::lesson::Layer;
use crate::trace::{Inner, Quantity};

use super::LayerNorm;

impl PytorchLayer for LayerNorm {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let (_, d) = LayerNorm::dims(layer);
        vec![Module {
            attr: names.module(),
            build: format!("nn.LayerNorm({d}, eps={})", python_float(self.epsilon)),
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
        let [x, mu, var, xhat] = ["x", "mu", "var", "xhat"].map(|s| names.var(s));
        let (input, output, module) = (names.input(), names.output(), names.module());
        let copy = match names.layer() {
            1 => format!("{x} = {input}.clone().requires_grad_()  # the network's input"),
            _ => format!("{x} = {input}.clone()  # its own input: {x}.grad is ∂L/∂x of this layer"),
        };
        let code = vec![
            format!("# {module}({input}) written out: nn.LayerNorm's μ, σ² (biased) and x̂"),
            copy,
            format!("{mu} = {x}.mean(dim=-1)"),
            format!("{var} = (({x} - {mu}[..., None]) ** 2).mean(dim=-1)"),
            format!(
                "{xhat} = ({x} - {mu}[..., None]) / torch.sqrt({var}[..., None] + {})",
                python_float(self.epsilon)
            ),
            format!("{output} = self.{module}.weight * {xhat} + self.{module}.bias"),
        ];
        Forward::new(code, vec![x, mu, var, xhat, output.to_string()]).with_check(SameAs::new(
            format!("{output} = LayerNorm"),
            output,
            format!("model.{module}({input})"),
        ))
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let [x, mu, var, xhat] = ["x", "mu", "var", "xhat"].map(|s| names.var(s));
        vec![
            Traced::new(Quantity::Block(Inner::Mu), &mu),
            Traced::new(Quantity::Block(Inner::Var), &var),
            Traced::new(Quantity::Block(Inner::XHat), &xhat),
            Traced::new(Quantity::Delta, format!("{}.grad", names.output())),
            Traced::new(Quantity::Block(Inner::DXHat), format!("{xhat}.grad")),
            Traced::new(Quantity::Block(Inner::DX), format!("{x}.grad")),
        ]
    }
}
