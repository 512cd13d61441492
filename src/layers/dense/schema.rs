//! A dense layer in a lesson file: `neurons = N`, `activation = "…"`, `weights` (one row per
//! neuron) and `biases`, on a vector or at every position of a sequence.

use ndarray::ArrayD;

use crate::layers::{Entry, Kind, ParamSpec, Tensor};
use crate::lesson::Activation;
use crate::lesson::schema::{Head, LayerTable, Res, neurons};
use crate::source::reader::Value;

use super::Dense;

/// `kind = "dense"` (the default).
pub(crate) const ENTRY: Entry = Entry {
    name: "dense",
    keys: &["neurons", "activation", "lora"],
    read,
    // The network of 1986's mistakes, then a transformer's (LoRA, GELU, residuals, AdamW).
    mistakes: &super::mistakes::MISTAKES,
};

fn read(lt: &LayerTable) -> Res<Head> {
    let n = neurons(lt)?;
    let activation = lt.activation(None, &Activation::ALL)?;
    if activation == Activation::Softmax {
        lt.softmax_fits(n)?;
    }
    if let crate::lesson::Shape::Image { c, h, w } = lt.input {
        return Err(lt.error(
            lt.table.span.clone(),
            crate::msg!(
                "err-dense-image",
                l = lt.l.to_string(),
                image = format!("{c}×{h}×{w}")
            ),
            crate::msg!("err-dense-image-help"),
        ));
    }
    if let crate::lesson::Shape::Tokens { .. } = lt.input {
        return Err(lt.error(
            lt.table.span.clone(),
            crate::msg!("err-dense-tokens", l = lt.l.to_string()),
            crate::msg!("err-embedding-first-help"),
        ));
    }
    Ok(Head {
        kind: Kind::Dense(Dense {
            activation,
            lora: super::lora::read(lt)?,
        }),
        output: lt.input.with_features(n),
    })
}

/// A dense layer's weights and biases, read with messages that name its neurons and inputs.
pub(super) fn read_tensor(lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
    use crate::lesson::schema::layer;
    let (n, m) = (spec.dims[0], spec.dims.get(1).copied().unwrap_or(0));
    match spec.tensor {
        Tensor::W => Ok(layer::weights(lt.cx, v, lt.l, n, m, lt.files)?.into_dyn()),
        Tensor::LoraA | Tensor::LoraB => {
            let part = if spec.tensor == Tensor::LoraA {
                "a"
            } else {
                "b"
            };
            let what = crate::msg!("err-lora-of-layer", part = part, l = lt.l.to_string());
            crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, &[]), false, lt.files)
        }
        _ => Ok(layer::biases(lt.cx, Some(v), lt.l, n, lt.files)?.into_dyn()),
    }
}
