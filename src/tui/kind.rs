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

    /// The rows the picture wants (borders included): showing every part with its numbers,
    /// or `roomy`, with its parts as far apart as they ever get. The panels' places are the
    /// same on every step of a lesson, so this must depend on the lesson (`view.lesson`), not
    /// on the step: the layout asks every kind of the lesson and takes the most.
    fn picture_height(&self, view: &View<'_>, roomy: bool) -> u16;

    /// Draws the parameter panel itself when the kind shows its parameters its own way (a
    /// convolution's kernels); `false` leaves it to the shared matrices of W and b.
    fn parameters(&self, _view: &View<'_>, _area: Rect, _buf: &mut Buffer) -> bool {
        false
    }

    /// The rows its own parameter panel wants inside its borders on a step of layer `l` (one
    /// of this kind), when it draws one. Like the picture's rows, from the lesson alone.
    fn parameters_height(&self, _view: &View<'_>, _l: usize) -> Option<u16> {
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
