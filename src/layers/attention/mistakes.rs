//! The misconceptions of a transformer's steps.

use crate::check::Mistake;

/// Attention's own mistakes.
pub static ATTENTION: [Mistake; 0] = [];

/// The layer norm's own mistakes.
pub static NORM: [Mistake; 0] = [];
