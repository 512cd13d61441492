//! An LSTM layer in a lesson file: `kind = "lstm"`, `hidden = H`, `outputs = "last" | "all"`,
//! and PyTorch's four tensors of 4·H rows (the gates i, f, g, o stacked in that order).

use crate::layers::recurrent::schema::{hidden, outputs, steps};
use crate::layers::{Entry, Kind};
use crate::lesson::schema::{Head, LayerTable, Res};

use super::Lstm;

/// `kind = "lstm"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "lstm",
    keys: &["hidden", "outputs"],
    read,
    mistakes: &crate::layers::recurrent::mistakes::LSTM,
};

fn read(lt: &LayerTable) -> Res<Head> {
    let t = steps(lt, "lstm")?;
    let hidden = hidden(lt)?;
    let outputs = outputs(lt)?;
    Ok(Head {
        kind: Kind::Lstm(Lstm { hidden, outputs }),
        output: outputs.shape(t, hidden),
    })
}
