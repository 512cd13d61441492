//! The LSTM in the tutor: the network unrolled in time (x_t, the gates, c_t, h_t, ∂L/∂h_t,
//! ∂L/∂c_t and δ_t for each step, c_{t−1} → c_t and h_{t−1} → h_t forward, the cell path and
//! δ_{t+1} back), and its steps in matrix form.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::layers::recurrent::equations::{self, Eq};
use crate::layers::recurrent::picture::{self, Arrow, Group, Unrolled};
use crate::layers::{Kind, Tensor};
use crate::trace::{Gate, Quantity};
use crate::tui::kind::LayerView;
use crate::tui::ui::View;
use crate::tui::ui::matrix::{self, Ctx, Equation};

use super::Lstm;

/// The weights the legend lists.
const TENSORS: [(Tensor, &str, &str); 4] = [
    (Tensor::WIh, "W_ih", "W_ih"),
    (Tensor::WHh, "W_hh", "W_hh"),
    (Tensor::BIh, "b_ih", "b_ih"),
    (Tensor::BHh, "b_hh", "b_hh"),
];

impl Lstm {
    fn groups(&self, view: &View<'_>, l: usize) -> Vec<Group> {
        let d = self.dims(&view.lesson.layers[l - 1]);
        let gate = |g: Gate, label| Group::new(Quantity::Gate(g), l, d.h, label);
        vec![
            Group::new(Quantity::A, l - 1, d.f, ("x", "x")),
            Group::new(Quantity::Z, l, d.rows, ("z", "z")).stacked(d.h),
            gate(Gate::Input, ("i", "i")),
            gate(Gate::Forget, ("f", "f")),
            gate(Gate::Cell, ("g", "g")),
            gate(Gate::Output, ("o", "o")),
            Group::new(Quantity::C, l, d.h, ("c", "c")).with_arrow(Arrow::Forward),
            Group::new(Quantity::H, l, d.h, ("h", "h")).with_arrow(Arrow::Forward),
            Group::new(Quantity::DH, l, d.h, ("∂h", "dh")),
            Group::new(Quantity::DC, l, d.h, ("∂c", "dc")).with_arrow(Arrow::Backward),
            Group::new(Quantity::Delta, l, d.rows, ("δ", "d"))
                .stacked(d.h)
                .with_arrow(Arrow::Backward),
        ]
    }

    fn unrolled<'a>(&self, view: &View<'_>, groups: &'a [Group]) -> Unrolled<'a> {
        let l = view.layer();
        Unrolled {
            layer: l,
            steps: self.dims(&view.lesson.layers[l - 1]).t,
            kind: view.theme.lang.t("view-lstm-kind"),
            groups,
            tensors: &TENSORS,
        }
    }
}

impl LayerView for Lstm {
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer) {
        let groups = self.groups(view, view.layer());
        picture::render(view, &self.unrolled(view, &groups), area, buf);
    }

    fn picture_height(&self, view: &View<'_>, _roomy: bool) -> u16 {
        // Every lstm layer of the lesson, each with its own settings.
        picture::tallest(view, |layer, l| match &layer.kind {
            Kind::Lstm(k) => Some(k.groups(view, l)),
            _ => None,
        })
    }

    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
        if c.view.is_update() {
            return matrix::update_equations(c);
        }
        let d = self.dims(&c.view.lesson.layers[c.view.layer() - 1]);
        equations::sample(Eq::new(c, d, self.outputs), equations::lstm)
    }

    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        let d = self.dims(&c.view.lesson.layers[c.view.layer() - 1]);
        equations::note(Eq::new(c, d, self.outputs), c.view.step.id)
    }
}
