//! The recurrent layer in a PyTorch script: `nn.RNN(F, H, nonlinearity="tanh",
//! batch_first=True)` with the lesson's four tensors, its own forward pass checked as h(l),
//! and the same recurrence step by step with its parameters,
//! z_t = F.linear(x_t, W_ih, b_ih) + F.linear(h_{t−1}, W_hh, b_hh) and h_t = f(z_t), so that
//! `z1_steps[t − 1].grad` is δ_t and `h1_steps[t − 1].grad` is ∂L/∂h_t (both of its parts:
//! PyTorch adds what reaches h_t from the output and from step t + 1).

use crate::export::pytorch::{self, Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::layers::recurrent::pytorch::{grads, list, loop_start, module, output, own_forward};
use crate::lesson::Layer;
use crate::trace::Quantity;

use super::Rnn;

impl PytorchLayer for Rnn {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let d = self.dims(layer);
        module(
            names,
            format!(
                "nn.RNN({}, {}, nonlinearity=\"{}\", batch_first=True)",
                d.f,
                d.h,
                self.activation.name()
            ),
        )
    }

    fn torch_parameters(&self, _layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        crate::layers::recurrent::pytorch::parameters(names)
    }

    fn torch_forward(&self, layer: &Layer, names: &LayerNames) -> Forward {
        let d = self.dims(layer);
        let (zs, hs) = (list(names, "z"), list(names, "h"));
        let mut code = own_forward(names, "nn.RNN");
        code.extend([
            "# The same recurrence step by step with its parameters, so that each step's weighted"
                .to_string(),
            "# input z_t and state h_t are tensors of their own: z.grad is δ_t, h.grad ∂L/∂h_t."
                .to_string(),
        ]);
        code.extend(loop_start(names, "rnn", &[zs.clone(), hs.clone()], "h", d));
        code.extend([
            format!("    h = {}", pytorch::activation(self.activation, "z")),
            format!("    {zs}.append(z)"),
            format!("    {hs}.append(h)"),
            format!("{} = torch.stack({zs}, dim=1)", names.var("z")),
            output(names, self.outputs),
        ]);
        Forward::new(code, vec![names.var("h"), names.var("z")]).with_lists(vec![zs, hs])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        vec![
            Traced::new(Quantity::Z, names.var("z")),
            // nn.RNN's own states: the module is checked, not only the steps written out.
            Traced::new(Quantity::H, names.var("h")),
            Traced::new(Quantity::DH, grads(&list(names, "h"))),
            Traced::new(Quantity::Delta, grads(&list(names, "z"))),
        ]
    }
}
