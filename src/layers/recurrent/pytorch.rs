//! What the recurrent kinds share in a PyTorch script. A layer is PyTorch's own module
//! (`nn.RNN`, `nn.LSTM`: one layer, `batch_first=True`) holding the lesson's four tensors as
//! `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0` and `bias_hh_l0`. Its forward pass runs the
//! module, whose states the script checks as h(l), and then the same recurrence step by step
//! with the module's parameters, which the loss is taken through: the module hides its steps,
//! and δ_t needs each step's weighted input z_t as a tensor of its own (`z1_steps[t − 1].grad`
//! is δ_t, `h1_steps[t − 1].grad` is ∂L/∂h_t).

use crate::export::pytorch::{LayerNames, Module, ParamRef};

use super::{Dims, Outputs};

/// The module, `self.layer1 = nn.RNN(…)`.
pub(crate) fn module(names: &LayerNames, build: String) -> Vec<Module> {
    vec![Module {
        attr: names.module(),
        build,
    }]
}

/// The four tensors in the order the kinds list them (W_ih, W_hh, b_ih, b_hh), as the
/// module's parameters.
pub(crate) fn parameters(names: &LayerNames) -> Vec<ParamRef> {
    let module = names.module();
    ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
        .iter()
        .map(|p| ParamRef::whole(format!("{module}.{p}")))
        .collect()
}

/// The name of the list holding a quantity's tensor at every step: `z1_steps`.
pub(crate) fn list(names: &LayerNames, stem: &str) -> String {
    format!("{}_steps", names.var(stem))
}

/// The gradients of a list's tensors, stacked as the steps' quantity is: (B, T, width).
pub(crate) fn grads(list: &str) -> String {
    format!("torch.stack([v.grad for v in {list}], dim=1)")
}

/// The module's own forward pass, its states in `h1` (B, T, H): what the script checks as
/// h(l).
pub(crate) fn own_forward(names: &LayerNames, module: &str) -> Vec<String> {
    let h = names.var("h");
    vec![
        format!("# {module}'s own forward (batch_first): {h}[:, t - 1] is h_t"),
        format!("{h}, _ = self.{}({})", names.module(), names.input()),
    ]
}

/// The lists, the zero initial state(s) `zero` (`h`, or `h = c`) and the loop over the
/// steps, with its first line: the weighted input z_t from the module `what`'s parameters.
pub(crate) fn loop_start(
    names: &LayerNames,
    what: &str,
    lists: &[String],
    zero: &str,
    d: Dims,
) -> Vec<String> {
    let input = names.input();
    let states: Vec<String> = zero.split(" = ").map(|s| format!("{s}_0")).collect();
    vec![
        format!("{what} = self.{}", names.module()),
        format!(
            "{} = {}",
            lists.join(", "),
            vec!["[]"; lists.len()].join(", ")
        ),
        format!(
            "{zero} = {input}.new_zeros(len({input}), {})  # {} = 0",
            d.h,
            states.join(" = ")
        ),
        format!("for x in {input}.unbind(dim=1):  # x_t for t = 1..{}", d.t),
        format!(
            "    z = F.linear(x, {what}.weight_ih_l0, {what}.bias_ih_l0) + F.linear(h, {what}.weight_hh_l0, {what}.bias_hh_l0)"
        ),
    ]
}

/// The layer's output after the loop: the last state, or every state stacked.
pub(crate) fn output(names: &LayerNames, outputs: Outputs) -> String {
    match outputs {
        Outputs::Last => format!("{} = h  # outputs = \"last\": h_T", names.output()),
        Outputs::All => format!(
            "{} = torch.stack({}, dim=1)  # outputs = \"all\": h_1..h_T",
            names.output(),
            list(names, "h")
        ),
    }
}
