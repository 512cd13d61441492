//! What flows between layers: a vector, an image, a sequence, or a sequence of tokens.

use std::fmt;

/// The shape of a layer's input or output. Numbers are stored flat in row-major order
/// (torch's default layout), so `[c,i,j]` of an image is at (c·H + i)·W + j.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// n numbers: a dense layer's neurons.
    Vector(usize),
    /// Channels × height × width.
    Image {
        /// Channels.
        c: usize,
        /// Rows.
        h: usize,
        /// Columns.
        w: usize,
    },
    /// T positions of F features each.
    Sequence {
        /// Positions.
        t: usize,
        /// Features per position.
        f: usize,
    },
    /// T token ids (the input of an embedding).
    Tokens {
        /// Positions.
        t: usize,
    },
}

impl Shape {
    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.dims().iter().product()
    }

    /// Does it hold none? (Never, for a valid lesson.)
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Its dimensions, outermost first: `[n]`, `[c, h, w]`, `[t, f]`, `[t]`.
    pub fn dims(&self) -> Vec<usize> {
        match *self {
            Shape::Vector(n) => vec![n],
            Shape::Image { c, h, w } => vec![c, h, w],
            Shape::Sequence { t, f } => vec![t, f],
            Shape::Tokens { t } => vec![t],
        }
    }

    /// The number of features at each position: a vector's length, a sequence's F.
    pub fn features(&self) -> usize {
        match *self {
            Shape::Vector(n) => n,
            Shape::Image { c, h, w } => c * h * w,
            Shape::Sequence { f, .. } => f,
            Shape::Tokens { .. } => 1,
        }
    }

    /// Positions of a sequence (1 for anything else).
    pub fn positions(&self) -> usize {
        match *self {
            Shape::Sequence { t, .. } | Shape::Tokens { t } => t,
            _ => 1,
        }
    }

    /// Is it a sequence (of numbers or tokens)?
    pub fn is_sequence(&self) -> bool {
        matches!(self, Shape::Sequence { .. } | Shape::Tokens { .. })
    }

    /// The same positions with `f` features each: what a position-wise layer of `f` outputs
    /// makes of it.
    pub fn with_features(&self, f: usize) -> Shape {
        match *self {
            Shape::Sequence { t, .. } | Shape::Tokens { t } => Shape::Sequence { t, f },
            _ => Shape::Vector(f),
        }
    }
}

/// `4`, `1×6×6`, `4×3` (positions × features), `4 tokens`.
impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Shape::Vector(n) => write!(f, "{n}"),
            Shape::Image { c, h, w } => write!(f, "{c}×{h}×{w}"),
            Shape::Sequence { t, f: n } => write!(f, "{t}×{n}"),
            Shape::Tokens { t } => write!(f, "{t} tokens"),
        }
    }
}
