//! The misconceptions of convolutional networks (filled in below).

use crate::check::Mistake;

/// The mistakes of a convolution's steps.
pub(crate) static CONV: [Mistake; 0] = [];
/// The mistakes of a pooling layer's steps.
pub(crate) static POOL: [Mistake; 0] = [];
/// The mistakes of a flatten layer's steps.
pub(crate) static FLATTEN: [Mistake; 0] = [];
