//! What the tutor asks of a layer kind: its picture on a step of it (the network panel) and
//! the step in matrix form (the `m` view). Each kind implements [`LayerView`] in its folder;
//! the panels reach the current step's layer through it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::ui::View;
use super::ui::matrix::{Ctx, Equation};

/// A layer kind's views in the tutor.
pub trait LayerView {
    /// Draws the picture of the network around the current step, a step of this layer, in
    /// `area` (borders included): what the current formula reads lit up.
    fn picture(&self, view: &View<'_>, area: Rect, buf: &mut Buffer);

    /// The rows the picture wants (borders included): `roomy` with space between its parts.
    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16;

    /// The columns the picture needs at least and would like (borders included), for the
    /// wide layout: the network's by default.
    fn picture_width(&self, view: &View<'_>) -> (u16, u16) {
        (
            super::ui::network::min_width(view),
            super::ui::network::wanted_width(view),
        )
    }

    /// The rows past which more room does not spread the picture out any further.
    fn picture_spread(&self, view: &View<'_>) -> u16 {
        super::ui::network::spread_height(view)
    }

    /// Draws the parameter panel itself when the kind shows its parameters its own way (a
    /// convolution's kernels); `false` leaves it to the shared matrices of W and b.
    fn parameters(&self, _view: &View<'_>, _area: Rect, _buf: &mut Buffer) -> bool {
        false
    }

    /// The rows its own parameter panel wants inside its borders, when it draws one.
    fn parameters_height(&self, _view: &View<'_>) -> Option<u16> {
        None
    }

    /// In words, how the current entry of the matrix view comes out of its equation (the
    /// dense layer's words by default).
    fn matrix_note(&self, c: Ctx<'_, '_>) -> Option<String> {
        super::ui::matrix::sample_note(c)
    }

    /// The current step as one entry of its vector or matrix equations, with their numbers.
    fn equations<'v>(&self, c: Ctx<'v, '_>) -> Vec<Equation<'v>>;
}
