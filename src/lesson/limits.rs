//! Size limits of a lesson, all in one place.
//!
//! The tutor traces every number of training, so a lesson far beyond these sizes could not be
//! stepped through anyway. The loader checks each limit on the counts as written, before it
//! builds any array, so "two billion neurons" is refused at once instead of exhausting memory.

/// Largest lesson file read, in bytes (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
