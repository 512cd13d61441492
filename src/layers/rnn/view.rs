//! The recurrent layer in the tutor: the network unrolled in time (x_t, z_t, h_t, ∂L/∂h_t and
//! δ_t for each step, h_{t−1} → h_t and δ_{t+1} ← through W_hh), and its steps in matrix form.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::recurrent::equations::{self, Eq};
use crate::layers::recurrent::picture::{self, Arrow, Group, Unrolled};
use crate::layers::{Kind, Tensor};
use crate::trace::Quantity;
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{self, Ctx, Equation};

use super::Rnn;

/// The weights the legend lists.
const TENSORS: [(Tensor, &str, &str); 4] = [
    (Tensor::WIh, "W_ih", "W_ih"),
    (Tensor::WHh, "W_hh", "W_hh"),
    (Tensor::BIh, "b_ih", "b_ih"),
    (Tensor::BHh, "b_hh", "b_hh"),
];

impl Rnn {
    fn groups(&self, view: &View<'_>, l: usize) -> Vec<Group> {
        let d = self.dims(&view.lesson.layers[l - 1]);
        vec![
            Group::new(Quantity::A, l - 1, d.f, ("x", "x")),
            Group::new(Quantity::Z, l, d.h, ("z", "z")),
            Group::new(Quantity::H, l, d.h, ("h", "h")).with_arrow(Arrow::Forward),
            Group::new(Quantity::DH, l, d.h, ("∂h", "dh")),
            Group::new(Quantity::Delta, l, d.h, ("δ", "delta")).with_arrow(Arrow::Backward),
        ]
    }

    fn unrolled<'a>(&self, view: &View<'_>, groups: &'a [Group]) -> Unrolled<'a> {
        let l = view.layer();
        Unrolled {
            layer: l,
            steps: self.dims(&view.lesson.layers[l - 1]).t,
            kind: crate::tr!(
                view.theme.lang,
                "view-rnn-kind",
                activation = self.activation.name()
            ),
            groups,
            tensors: &TENSORS,
        }
    }
}

impl LayerView for Rnn {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let groups = self.groups(view, view.layer());
        picture::render(view, &self.unrolled(view, &groups), area, buf);
    }

    fn picture_height(&self, view: &View<'_>, _roomy: bool) -> u16 {
        // Every rnn layer of the lesson, each with its own settings.
        picture::tallest(view, |layer, l| match &layer.kind {
            Kind::Rnn(k) => Some(k.groups(view, l)),
            _ => None,
        })
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        if c.view.is_update() {
            return matrix::update_equations(c);
        }
        let d = self.dims(&c.view.lesson.layers[c.view.layer() - 1]);
        let act = self.activation;
        equations::sample(Eq::new(c, d, self.outputs), move |e, id| {
            equations::rnn(e, id, act)
        })
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        let d = self.dims(&c.view.lesson.layers[c.view.layer() - 1]);
        equations::note(Eq::new(c, d, self.outputs), c.view.step.id)
    }
}
