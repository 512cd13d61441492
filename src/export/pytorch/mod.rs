//! A lesson as a standalone PyTorch script (`export --format pytorch`): it builds the network
//! in float64 with the lesson's exact parameters and data, as a PyTorch user would write it
//! (`nn.Linear`, `torch.optim.SGD`, …), trains it as the lesson does, and compares with the
//! numbers the tutor shows, in the style of `cmp(name, ours, torch)`: every traced number of
//! sample 1 (z, a, the loss, δ as `z.grad`, each gradient), the first batch's mean gradient and
//! update (new parameters and optimizer state), every epoch's loss and the final parameters.
//! It prints one line per tensor and exits 1 if any number differs by more than 1e-9 of its
//! size.
//!
//! Each layer kind writes its own part through [`PytorchLayer`] (see [`layer`]); the rest —
//! data, loss, optimizer, training loop, checks — is written here once for every kind.
//!
//! - `layer`: the contract a kind implements, and the pieces of Python it returns;
//! - `network`: the `Net` class, the loss, the optimizer and its state;
//! - `checks`: `main`, with every comparison;
//! - `expected`: the tutor's numbers, grouped into tensors by step name;
//! - `literal`: numbers as Python lists or packed base64;
//! - `prelude.py`: the helpers every script starts with (`cmp`, `report`, `unpack`).

mod checks;
mod expected;
pub mod layer;
mod literal;
mod network;

pub use expected::Ragged;
pub use layer::{Forward, LayerNames, Module, ParamRef, PytorchLayer, SameAs, Traced};
pub use literal::python_float;
pub use network::activation;

use crate::trace::Trace;

use checks::Checks;
use literal::comment_text;
use network::LayerCode;

/// The helpers every script starts with, after its docstring.
const PRELUDE: &str = include_str!("prelude.py");

/// Why a lesson cannot be written as a PyTorch script: a layer kind does not say where one
/// of its traced quantities is in PyTorch. Said in the process's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Untranslated {
    /// A quantity of a layer that no PyTorch tensor of its kind holds.
    #[error(
        "{}",
        crate::msg!(
            "err-untranslated",
            layer = .layer.to_string(),
            kind = *.kind,
            stem = .stem
        )
    )]
    Quantity {
        /// The layer, from 1.
        layer: usize,
        /// Its kind (or `optimizer`, for optimizer state).
        kind: &'static str,
        /// The steps' name without indices.
        stem: String,
    },
    /// Steps that do not form a tensor.
    #[error("{}", crate::msg!("err-no-script", why = .0.to_string()))]
    Ragged(#[from] Ragged),
}

/// The script for `trace`'s lesson. Trains the lesson to its end (for the epoch losses and
/// the final parameters).
pub fn script(trace: &Trace) -> Result<String, Untranslated> {
    let lesson = trace.lesson();
    let layers: Vec<LayerCode> = (1..=lesson.depth())
        .map(|l| LayerCode::new(lesson, l))
        .collect();
    let logits = layers
        .last()
        .and_then(|code| code.forward.logits.as_deref());
    let mut checks = Checks::new(trace, &layers);
    let functions = checks.functions()?;
    let mut out = header(trace);
    out.push_str(PRELUDE);
    out.push_str("\n\n");
    out.push_str(&network::class(lesson, &layers));
    out.push_str("\n\n");
    out.push_str(&network::loss_function(lesson, logits));
    out.push_str("\n\n");
    out.push_str(&functions);
    if !checks.packed.is_empty() {
        out.push_str(
            "\n\n# The large tensors: base64 of their float64s, little-endian, row-major.\n",
        );
        out.push_str(&checks.packed.table());
    }
    out.push_str("\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n");
    Ok(out)
}

/// The shebang and the docstring: what the script is and how to run it.
fn header(trace: &Trace) -> String {
    let lesson = trace.lesson();
    let title = comment_text(&lesson.title)
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\"\\\"\"");
    let source = lesson
        .source
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\"\\\"\"");
    format!(
        "#!/usr/bin/env python3\n\"\"\"{title}\n\n\
         bpnn-tutor's lesson {source} in PyTorch (float64), written by\n\n    \
         bpnn-tutor export {source} --format pytorch\n\n\
         It builds the network with the lesson's exact parameters and data, trains it as the\n\
         lesson does, and compares PyTorch's numbers with bpnn-tutor's: every traced number of\n\
         sample 1 (z, a, the loss, δ as z.grad, each gradient), the first batch's mean gradient\n\
         and update (new parameters and optimizer state), every epoch's loss and the final\n\
         parameters. One line per tensor; it exits 1 if any number differs by more than 1e-9 of\n\
         its size. It needs only PyTorch: python3 FILE.py\n\"\"\"\n\n"
    )
}
