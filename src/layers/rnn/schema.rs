//! A recurrent layer in a lesson file: `kind = "rnn"`, `hidden = H`, `activation = "tanh"`
//! (or `"relu"`), `outputs = "last" | "all"`, and PyTorch's four tensors.

use crate::layers::recurrent::schema::{hidden, outputs, steps};
use crate::layers::{Entry, Kind};
use crate::lesson::Activation;
use crate::lesson::schema::{Head, LayerTable, Res};

use super::Rnn;

/// `kind = "rnn"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "rnn",
    keys: &["hidden", "activation", "outputs"],
    read,
    mistakes: &crate::layers::recurrent::mistakes::RNN,
};

fn read(lt: &LayerTable) -> Res<Head> {
    let t = steps(lt, "rnn")?;
    let hidden = hidden(lt)?;
    let activation = lt.activation(
        Some(Activation::Tanh),
        &[Activation::Tanh, Activation::Relu],
    )?;
    let outputs = outputs(lt)?;
    Ok(Head {
        kind: Kind::Rnn(Rnn {
            activation,
            hidden,
            outputs,
        }),
        output: outputs.shape(t, hidden),
    })
}
