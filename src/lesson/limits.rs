//! Size limits of a lesson, all in one place.
//!
//! The tutor traces every number of training, so a lesson far beyond these sizes could not be
//! stepped through anyway. The loader checks each limit on the counts as written, before it
//! builds any array, so "two billion neurons" is refused at once instead of exhausting memory.
//! The size of the lesson file itself is limited by [`MAX_TOML_BYTES`] (see
//! [`crate::source::limits`] for why); bulk numbers come from CSV and `.npy` files.

pub use crate::source::limits::MAX_TOML_BYTES;

/// Most inputs of the network (neurons of layer 0).
pub const MAX_INPUTS: usize = 100_000;

/// Most neurons in one layer.
pub const MAX_NEURONS: usize = 100_000;

/// Most layers (not counting the input layer 0).
pub const MAX_LAYERS: usize = 64;

/// Most weights and biases in the whole network.
pub const MAX_PARAMETERS: usize = 20_000_000;

/// Most epochs.
pub const MAX_EPOCHS: usize = 1_000_000;

/// Most samples, written as `[[data]]` or drawn by `[generate]`.
pub const MAX_SAMPLES: usize = 1_000_000;

/// Largest batch size (a larger one could never be filled).
pub const MAX_BATCH_SIZE: usize = MAX_SAMPLES;

/// Most numbers in the data set: samples × (inputs + outputs).
pub const MAX_DATA_VALUES: usize = 50_000_000;

/// Largest CSV data file read, in bytes (1 GiB): room for the most numbers a data set may hold,
/// written out in full.
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// Largest `.npy` file read, in bytes: every parameter of the largest network (8 bytes each),
/// and a header.
pub const MAX_NPY_BYTES: u64 = 8 * MAX_PARAMETERS as u64 + 128 * 1024;
