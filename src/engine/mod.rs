//! Pure math on ndarray: forward, loss, backward and the optimizers. No I/O, no UI.
//!
//! `kind` is what the engine asks of a layer kind ([`Math`]); each kind implements it in its
//! own folder under `layers`. `pass` runs one sample through the layers, whatever their
//! kinds. `batch` trains one batch generic over a [`Recorder`] ([`NoRecord`] compiles to
//! nothing), and the dense layer's online path fuses each one-sample SGD update with the next
//! sample's forward pass. Which one runs is chosen by the trace's driver (`trace::Driver`),
//! the one place that trains.
//!
//! Every sum is taken left to right in index order (k = 1, 2, …) so that a formula rendered
//! with its numbers substituted evaluates to exactly the value the engine computed.

pub mod activation;
mod batch;
pub mod kind;
pub mod loss;
pub mod optimizer;
pub mod params;
pub(crate) mod pass;
mod state;
pub(crate) mod wide;

pub(crate) use batch::train_batch;
pub use batch::{NoRecord, Recorder};
pub use kind::{Backward, Buffers, Math, Upstream};
pub use optimizer::OptState;
pub use params::{LayerParams, Params};
pub use pass::{Workspace, backward, forward, sample_loss, softmax_cross_entropy};
pub use state::{BatchOutcome, TrainState};
