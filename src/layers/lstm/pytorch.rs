//! The LSTM in a PyTorch script: `nn.LSTM(F, H, batch_first=True)` with the lesson's four
//! tensors, its own forward pass checked as h(l), and the same recurrence step by step with
//! its parameters — z_t = F.linear(x_t, W_ih, b_ih) + F.linear(h_{t−1}, W_hh, b_hh), split
//! into i, f, g, o as nn.LSTM stacks them, c_t = f⊙c_{t−1} + i⊙g, h_t = o⊙tanh(c_t) — so that
//! `z1_steps[t − 1].grad` is δ_t (its 4H rows), `c1_steps[t − 1].grad` is ∂L/∂c_t (through
//! h_t and from step t + 1 through f_{t+1}, as `dc` is) and `h1_steps[t − 1].grad` is ∂L/∂h_t.

use crate::export::pytorch::{Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::layers::recurrent::pytorch::{grads, list, loop_start, module, output, own_forward};
use crate::lesson::Layer;
use crate::trace::{Gate, Quantity};

use super::Lstm;

impl PytorchLayer for Lstm {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let d = self.dims(layer);
        module(
            names,
            format!("nn.LSTM({}, {}, batch_first=True)", d.f, d.h),
        )
    }

    fn torch_parameters(&self, _layer: &Layer, names: &LayerNames) -> Vec<ParamRef> {
        crate::layers::recurrent::pytorch::parameters(names)
    }

    fn torch_forward(&self, layer: &Layer, names: &LayerNames) -> Forward {
        let d = self.dims(layer);
        let (zs, cs, hs) = (list(names, "z"), list(names, "c"), list(names, "h"));
        let gates = list(names, "gates");
        let mut code = own_forward(names, "nn.LSTM");
        code.extend([
            "# The same recurrence step by step with its parameters, so that each step's z_t, c_t"
                .to_string(),
            "# and h_t are tensors of their own: z.grad is δ_t, c.grad ∂L/∂c_t, h.grad ∂L/∂h_t."
                .to_string(),
        ]);
        let lists = [zs.clone(), gates.clone(), cs.clone(), hs.clone()];
        code.extend(loop_start(names, "lstm", &lists, "h = c", d));
        code.extend([
            "    z_i, z_f, z_g, z_o = z.chunk(4, dim=1)  # the rows as nn.LSTM stacks them".into(),
            "    i, f, g, o = torch.sigmoid(z_i), torch.sigmoid(z_f), torch.tanh(z_g), torch.sigmoid(z_o)"
                .into(),
            "    c = f * c + i * g".into(),
            "    h = o * torch.tanh(c)".into(),
            format!("    {zs}.append(z)"),
            format!("    {gates}.append((i, f, g, o))"),
            format!("    {cs}.append(c)"),
            format!("    {hs}.append(h)"),
            format!("{} = torch.stack({zs}, dim=1)", names.var("z")),
            format!(
                "{} = (torch.stack(gate, dim=1) for gate in zip(*{gates}))",
                gate_vars(names).join(", ")
            ),
            format!("{} = torch.stack({cs}, dim=1)", names.var("c")),
            output(names, self.outputs),
        ]);
        let mut tensors = vec![names.var("h"), names.var("z")];
        tensors.extend(gate_vars(names));
        tensors.push(names.var("c"));
        Forward::new(code, tensors).with_lists(vec![zs, cs, hs])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let mut traced = vec![Traced::new(Quantity::Z, names.var("z"))];
        traced.extend(
            Gate::ALL
                .iter()
                .zip(gate_vars(names))
                .map(|(&g, var)| Traced::new(Quantity::Gate(g), var)),
        );
        traced.extend([
            Traced::new(Quantity::C, names.var("c")),
            // nn.LSTM's own states: the module is checked, not only the steps written out.
            Traced::new(Quantity::H, names.var("h")),
            Traced::new(Quantity::DH, grads(&list(names, "h"))),
            Traced::new(Quantity::DC, grads(&list(names, "c"))),
            Traced::new(Quantity::Delta, grads(&list(names, "z"))),
        ]);
        traced
    }
}

/// The gates' variables, `i1, f1, g1, o1`: each (B, T, H).
fn gate_vars(names: &LayerNames) -> Vec<String> {
    Gate::ALL.iter().map(|g| names.var(g.name())).collect()
}
