//! A convolutional layer in a lesson file: `kind = "conv2d"`, `channels`, `kernel`, `stride`
//! (default 1), `padding` (default 0), `activation` (default identity), `weights` as
//! channels × in × kh × kw nested arrays (or flat, or `{ npy = "…" }`) and `biases`.

use ndarray::ArrayD;

use crate::layers::window::{Window, read_pair};
use crate::layers::{Entry, Kind, ParamSpec, Tensor};
use crate::lesson::limits::MAX_NEURONS;
use crate::lesson::schema::tensor::Axis;
use crate::lesson::schema::{Head, LayerTable, Res};
use crate::lesson::{Activation, Shape};
use crate::source::reader::Value;

use super::Conv2d;

/// `kind = "conv2d"`.
pub(crate) const ENTRY: Entry = Entry {
    name: "conv2d",
    keys: &["channels", "kernel", "stride", "padding", "activation"],
    read,
    mistakes: &super::mistakes::CNN,
};

/// Every activation but softmax, which only an output layer of numbers has.
const ACTIVATIONS: [Activation; 5] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Identity,
];

fn read(lt: &LayerTable) -> Res<Head> {
    let Shape::Image { c: _, h, w } = lt.input else {
        return Err(not_an_image(lt, "conv2d"));
    };
    // Unknown keys first, so that a misspelt `kernel` is named as such.
    allow_only(lt, ENTRY.keys, &["weights", "biases"])?;
    let channels = lt.required_count(
        "channels",
        (1, MAX_NEURONS),
        &crate::msg!("err-channels-help"),
    )?;
    let kernel = read_pair(lt, "kernel", 1, None)?;
    let stride = read_pair(lt, "stride", 1, Some((1, 1)))?;
    let padding = read_pair(lt, "padding", 0, Some((0, 0)))?;
    let activation = lt.activation(Some(Activation::Identity), &ACTIVATIONS)?;
    let window = Window {
        kernel,
        stride,
        padding,
    };
    let Some((oh, ow)) = window.output((h, w)) else {
        let id = if window.padded() {
            "err-kernel-too-large-padded"
        } else {
            "err-kernel-too-large"
        };
        return Err(lt.error(
            lt.span_of("kernel"),
            crate::msg!(
                id,
                kernel = window.kernel_text(false),
                l = lt.l.to_string(),
                input = format!("{h}×{w}")
            ),
            crate::msg!("err-kernel-too-large-help"),
        ));
    };
    Ok(Head {
        kind: Kind::Conv2d(Conv2d {
            activation,
            channels,
            window,
        }),
        output: Shape::Image {
            c: channels,
            h: oh,
            w: ow,
        },
    })
}

/// Refuses keys other than the kind's, its tensors' and those every layer has.
pub(crate) fn allow_only(lt: &LayerTable, keys: &[&str], tensors: &[&str]) -> Res<()> {
    let mut allowed: Vec<&str> = keys.to_vec();
    allowed.extend(tensors);
    allowed.extend(crate::lesson::schema::layer::COMMON_KEYS);
    Ok(lt.table.allow_only(lt.cx, &allowed)?)
}

/// A layer that needs an image but gets something else.
pub(crate) fn not_an_image(lt: &LayerTable, kind: &str) -> crate::lesson::LessonError {
    let got = match lt.input {
        Shape::Vector(n) => crate::msg!("err-gets-vector", n = n.to_string()),
        Shape::Sequence { t, f } => {
            crate::msg!("err-gets-sequence", t = t.to_string(), f = f.to_string())
        }
        Shape::Tokens { t } => crate::msg!("err-tokens-shape", t = t.to_string()),
        Shape::Image { .. } => unreachable!("an image is what it takes"),
    };
    let help = if lt.l == 1 {
        "err-image-layer-first-help"
    } else {
        "err-image-layer-help"
    };
    lt.error(
        lt.table.span.clone(),
        crate::msg!(
            "err-takes-an-image",
            kind = kind,
            l = lt.l.to_string(),
            got = got
        ),
        crate::msg!(help),
    )
}

/// A convolution's weights (out × in × kh × kw) and biases, with the axes named in messages.
pub(super) fn read_tensor(lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
    let what = crate::lesson::schema::tensor_of_layer(spec.key, lt.l);
    let axes: &[Axis] = match spec.tensor {
        Tensor::W => &[
            Axis::OUTPUT_CHANNEL,
            Axis::INPUT_CHANNEL,
            Axis::KERNEL_ROW,
            Axis::KERNEL_COLUMN,
        ],
        _ => &[Axis::OUTPUT_CHANNEL],
    };
    crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, axes), true, lt.files)
}
