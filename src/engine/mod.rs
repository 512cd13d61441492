//! Pure math on ndarray: forward, loss, backward and the optimizers. No I/O, no UI.
//!
//! One code path trains with or without recording: [`train_batch`] is generic over a
//! [`Recorder`], and [`NoRecord`] compiles to nothing, so `train` pays nothing for the trace.
//!
//! Every sum is taken left to right in index order (k = 1, 2, …) so that a formula rendered
//! with its numbers substituted evaluates to exactly the value the engine computed.

pub mod activation;
pub mod loss;
pub mod online;
pub mod optimizer;
pub mod params;
mod step;
mod wide;

pub use optimizer::OptState;
pub use params::{LayerParams, Params};
pub use step::{
    BatchOutcome, NoRecord, Recorder, TrainState, Workspace, backward, forward, train_batch,
    train_batches,
};
