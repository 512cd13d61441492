//! The convolution in a PyTorch script: `nn.Conv2d(C, O, (kh, kw), stride=…, padding=…)` and
//! its activation, `z1 = self.layer1(a0)`, `a1 = torch.relu(z1)`. Its weight is (O, C, kh, kw)
//! and its bias (O), as the lesson writes them; `z1[0, o−1, i−1, j−1]` is `z(1)[o,i,j]`.

use crate::export::pytorch::{self, Forward, LayerNames, Module, ParamRef, PytorchLayer, Traced};
use crate::layers::window::Window;
use crate::lesson::Layer;
use crate::trace::Quantity;

use super::Conv2d;

/// `(2, 3)` as Python writes a pair.
pub(crate) fn pair((a, b): (usize, usize)) -> String {
    format!("({a}, {b})")
}

impl PytorchLayer for Conv2d {
    fn torch_modules(&self, layer: &Layer, names: &LayerNames) -> Vec<Module> {
        let d = self.dims(layer);
        let Window {
            kernel,
            stride,
            padding,
        } = self.window;
        vec![Module {
            attr: names.module(),
            build: format!(
                "nn.Conv2d({}, {}, {}, stride={}, padding={})",
                d.c,
                d.o,
                pair(kernel),
                pair(stride),
                pair(padding)
            ),
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
        Forward::new(code, vec![z])
    }

    fn torch_traced(&self, _layer: &Layer, names: &LayerNames) -> Vec<Traced> {
        let z = names.var("z");
        vec![
            Traced::new(Quantity::Z, &z),
            Traced::new(Quantity::Delta, format!("{z}.grad")),
        ]
    }
}
