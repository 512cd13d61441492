//! The pooling layers in a PyTorch script: `F.max_pool2d(a1, (kh, kw), stride=(sh, sw))` or
//! `F.avg_pool2d(…)`, without parameters. Its δ is ∂L/∂a at its output: the gradient kept of
//! the pooled tensor, `p2.grad[0, c−1, i−1, j−1]` for `delta(2)[c,i,j]`.

use crate::export::pytorch::{Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::layers::conv::pytorch::pair;
use crate::lesson::Layer;
use crate::trace::Quantity;

use super::{Pool2d, PoolOp};

impl PytorchLayer for Pool2d {
    fn torch_modules(&self, _layer: &Layer, _names: &LayerNames) -> Vec<Module> {
        Vec::new()
    }

    fn torch_parameters(&self, _layer: &Layer, _names: &LayerNames) -> Vec<ParamRef> {
        Vec::new()
    }

    fn torch_forward(&self, _layer: &Layer, names: &LayerNames) -> Forward {
        let p = names.var("p");
        let f = match self.op {
            PoolOp::Max => "F.max_pool2d",
            PoolOp::Avg => "F.avg_pool2d",
        };
        let code = vec![
            format!(
                "{p} = {f}({}, {}, stride={})",
                names.input(),
                pair(self.window.kernel),
                pair(self.window.stride)
            ),
            format!("{} = {p}", names.output()),
        ];
        Forward::new(code, vec![p])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        vec![Traced::new(
            Quantity::Delta,
            format!("{}.grad", names.var("p")),
        )]
    }
}
