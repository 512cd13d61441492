//! A recurrent layer's table in a lesson file: `hidden = H`, `outputs = "last" | "all"`, and
//! its four tensors (`weights_ih`, `weights_hh`, `biases_ih`, `biases_hh`) written as nested
//! arrays of PyTorch's shapes or read from `.npy` files. It reads a sequence.

use ndarray::ArrayD;

use crate::layers::{ParamSpec, Shape, Tensor};
use crate::lesson::limits::MAX_NEURONS;
use crate::lesson::schema::{LayerTable, Res};
use crate::source::reader::{Value, choice};

use super::Outputs;

/// `hidden = H`, required.
pub(crate) fn hidden(lt: &LayerTable) -> Res<usize> {
    lt.required_count(
        "hidden",
        (1, MAX_NEURONS),
        "add hidden = N, the number of hidden units",
    )
}

/// `outputs = "last" | "all"`, "all" when it is not written (as PyTorch returns every state).
pub(crate) fn outputs(lt: &LayerTable) -> Res<Outputs> {
    match lt.table.get("outputs") {
        None => Ok(Outputs::All),
        Some(e) => Ok(choice(
            lt.cx,
            e.value,
            "outputs",
            &Outputs::ALL,
            Outputs::name,
            &[("many_to_one", "last"), ("many_to_many", "all")],
        )?),
    }
}

/// The steps T of the sequence the layer reads; a layer that gets anything else is refused
/// with what to write instead.
pub(crate) fn steps(lt: &LayerTable, kind: &str) -> Res<usize> {
    let at = lt.table.span.clone();
    let l = lt.l;
    match lt.input {
        Shape::Sequence { t, .. } => Ok(t),
        Shape::Vector(_) if l == 1 => Err(lt.error(
            at,
            format!("an {kind} layer reads a sequence, but the network's input is a vector"),
            "give [network] sequence = T beside inputs = F: each sample's input is then T steps of F numbers",
        )),
        Shape::Vector(n) => Err(lt.error(
            at,
            format!(
                "an {kind} layer reads a sequence, but layer {} outputs a vector of {n}",
                l - 1
            ),
            "a recurrent layer below it gives every step with outputs = \"all\"",
        )),
        Shape::Image { c, h, w } => Err(lt.error(
            at,
            format!("an {kind} layer reads a sequence, but layer {l} gets a {c}×{h}×{w} image"),
            "give [network] inputs = F with sequence = T",
        )),
        Shape::Tokens { .. } => Err(lt.error(
            at,
            format!("an {kind} layer reads numbers, but layer {l} gets tokens"),
            "put a layer with kind = \"embedding\" first",
        )),
    }
}

/// One of the four tensors as written, its axes named in messages.
pub(crate) fn read_tensor(lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
    let what = format!("the {} of layer {}", spec.key, lt.l);
    let axes: &[&str] = match spec.tensor {
        Tensor::WIh => &["row", "input"],
        Tensor::WHh => &["row", "hidden unit"],
        _ => &["row"],
    };
    crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, axes), false, lt.files)
}
