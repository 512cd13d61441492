//! Pure math on ndarray: forward, loss, backward and the optimizers. No I/O, no UI.
//!
//! `pass` holds the per-sample passes every way of training shares. `batch` trains one batch
//! generic over a [`Recorder`] ([`NoRecord`] compiles to nothing), and `online` fuses each
//! one-sample SGD update with the next sample's forward pass. Which one runs is chosen by the
//! trace's driver (`trace::Driver`), the one place that trains.
//!
//! Every sum is taken left to right in index order (k = 1, 2, …) so that a formula rendered
//! with its numbers substituted evaluates to exactly the value the engine computed.

pub mod activation;
mod batch;
pub mod loss;
pub(crate) mod online;
pub mod optimizer;
pub mod params;
mod pass;
mod state;
mod wide;

pub(crate) use batch::train_batch;
pub use batch::{NoRecord, Recorder};
pub use optimizer::OptState;
pub use params::{LayerParams, Params};
pub use pass::{Workspace, backward, forward};
pub use state::{BatchOutcome, TrainState};
