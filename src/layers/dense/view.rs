//! The dense layer in the tutor: the network drawn as neurons and weighted edges, and its steps
//! in matrix form (z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾, δ⁽ˡ⁾ = (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ f′(z⁽ˡ⁾), …). On a
//! sequence it acts at every position with the same weights, and is drawn unrolled over the
//! positions, as a recurrent layer is.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::recurrent::equations;
use crate::layers::recurrent::picture::{self, Group, Unrolled};
use crate::layers::{Kind, Tensor};
use crate::lesson::Layer;
use crate::trace::Quantity;
use crate::tui::kind::LayerView;
use crate::tui::ui::matrix::{self, Ctx, Equation};
use crate::tui::ui::{View, network};

use super::Dense;

/// The weights the legend of the unrolled picture lists.
const TENSORS: [(Tensor, &str, &str); 2] = [(Tensor::W, "W", "W"), (Tensor::B, "b", "b")];

impl Dense {
    /// Its rows when it acts on a sequence: its input, z, a and δ at each position.
    fn groups(&self, view: &View<'_>, l: usize) -> Option<Vec<Group>> {
        let layer = &view.lesson.layers[l - 1];
        if !layer.input.is_sequence() {
            return None;
        }
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        Some(vec![
            Group::new(Quantity::A, l - 1, m, ("in", "in")),
            Group::new(Quantity::Z, l, n, ("z", "z")),
            Group::new(Quantity::A, l, n, ("a", "a")),
            Group::new(Quantity::Delta, l, n, ("δ", "delta")),
        ])
    }

    fn unrolled<'a>(&self, view: &View<'_>, groups: &'a [Group]) -> Unrolled<'a> {
        let l = view.layer();
        Unrolled {
            layer: l,
            steps: Dense::positions(&view.lesson.layers[l - 1]),
            kind: crate::tr!(
                view.theme.lang,
                "view-dense-kind",
                activation = self.activation.name()
            ),
            groups,
            tensors: &TENSORS,
        }
    }
}

impl LayerView for Dense {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        // In a transformer, the network as its blocks.
        if crate::layers::diagram::applies(view.lesson) {
            return crate::layers::diagram::render(view, area, buf);
        }
        match self.groups(view, view.layer()) {
            Some(groups) => picture::render(view, &self.unrolled(view, &groups), area, buf),
            None => network::render(view, area, buf),
        }
    }

    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16 {
        if crate::layers::diagram::applies(view.lesson) {
            return crate::layers::diagram::height(view);
        }
        // Every dense layer of the lesson: unrolled on a sequence, else in the network.
        let dense = |layer: &Layer| matches!(layer.kind, Kind::Dense(_));
        let unrolled = picture::tallest(view, |layer, l| {
            dense(layer).then(|| self.groups(view, l)).flatten()
        });
        let on_vectors = view
            .lesson
            .layers
            .iter()
            .any(|layer| dense(layer) && !layer.input.is_sequence());
        let network = match (on_vectors, roomy) {
            (false, _) => 0,
            (true, true) => network::spread_height(view),
            (true, false) => network::wanted_height(view, false),
        };
        unrolled.max(network)
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        let lora = c.view.step.id.param().is_some_and(|p| !p.tensor.is_plain());
        if crate::layers::diagram::applies(c.view.lesson) || lora {
            return crate::layers::matrices::equations(c);
        }
        let on_sequence = c.view.lesson.layers[c.view.layer() - 1].input.is_sequence();
        if on_sequence && !c.view.is_update() {
            return equations::positionwise(c, self.activation);
        }
        matrix::dense_equations(c)
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        if c.view.lesson.layers[c.view.layer() - 1].input.is_sequence() {
            return None;
        }
        matrix::sample_note(c)
    }
}
