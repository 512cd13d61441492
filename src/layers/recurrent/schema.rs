//! A recurrent layer's table in a lesson file: `hidden = H`, `outputs = "last" | "all"`, and
//! its four tensors (`weights_ih`, `weights_hh`, `biases_ih`, `biases_hh`) written as nested
//! arrays of PyTorch's shapes or read from `.npy` files. It reads a sequence.

use ndarray::ArrayD;

use crate::layers::{ParamSpec, Shape, Tensor};
use crate::lesson::limits::MAX_NEURONS;
use crate::lesson::schema::tensor::Axis;
use crate::lesson::schema::{LayerTable, Res};
use crate::source::reader::{Value, choice};

use super::Outputs;

/// `hidden = H`, required.
pub(crate) fn hidden(lt: &LayerTable) -> Res<usize> {
    lt.required_count("hidden", (1, MAX_NEURONS), &crate::msg!("err-hidden-help"))
}

/// `outputs = "last" | "all"`, "all" when it is not written (as PyTorch returns every state).
pub(crate) fn outputs(lt: &LayerTable) -> Res<Outputs> {
    match lt.table.get("outputs") {
        None => Ok(Outputs::All),
        Some(e) => Ok(choice(
            lt.cx,
            e.value,
            "err-kind-outputs",
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
    let l = lt.l.to_string();
    match lt.input {
        Shape::Sequence { t, .. } => Ok(t),
        Shape::Vector(_) if lt.l == 1 => Err(lt.error(
            at,
            crate::msg!("err-recurrent-vector-input", kind = kind),
            crate::msg!("err-recurrent-vector-input-help"),
        )),
        Shape::Vector(n) => Err(lt.error(
            at,
            crate::msg!(
                "err-recurrent-vector",
                kind = kind,
                below = (lt.l - 1).to_string(),
                n = n.to_string()
            ),
            crate::msg!("err-recurrent-vector-help"),
        )),
        Shape::Image { c, h, w } => Err(lt.error(
            at,
            crate::msg!(
                "err-recurrent-image",
                kind = kind,
                l = &l,
                image = format!("{c}×{h}×{w}")
            ),
            crate::msg!("err-recurrent-image-help"),
        )),
        Shape::Tokens { .. } => Err(lt.error(
            at,
            crate::msg!("err-recurrent-tokens", kind = kind, l = &l),
            crate::msg!("err-embedding-first-help"),
        )),
    }
}

/// One of the four tensors as written, its axes named in messages.
pub(crate) fn read_tensor(lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
    let what = crate::lesson::schema::tensor_of_layer(spec.key, lt.l);
    let axes: &[Axis] = match spec.tensor {
        Tensor::WIh => &[Axis::ROW, Axis::INPUT],
        Tensor::WHh => &[Axis::ROW, Axis::HIDDEN_UNIT],
        _ => &[Axis::ROW],
    };
    crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, axes), false, lt.files)
}
