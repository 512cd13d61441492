//! A convolutional layer in a lesson file: `kind = "conv2d"`, `channels`, `kernel`, `stride`
//! (default 1), `padding` (default 0), `activation` (default identity), `weights` as
//! channels × in × kh × kw nested arrays (or flat, or `{ npy = "…" }`) and `biases`.

use ndarray::ArrayD;

use crate::layers::window::{Window, read_pair};
use crate::layers::{Entry, Kind, ParamSpec, Tensor};
use crate::lesson::limits::MAX_NEURONS;
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
        "add channels = N, the number of feature maps (out_channels)",
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
        return Err(lt.error(
            lt.span_of("kernel"),
            format!(
                "the {} kernel of layer {} is larger than its {h}×{w} input{}",
                window.kernel_text(false),
                lt.l,
                if window.padded() {
                    " with its padding"
                } else {
                    ""
                }
            ),
            "use a smaller kernel, or pad the input (padding = 1)",
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
        Shape::Vector(n) => format!("a vector of {n} numbers"),
        Shape::Sequence { t, f } => format!("a sequence of {t} positions of {f} features"),
        Shape::Tokens { t } => format!("{t} tokens"),
        Shape::Image { .. } => unreachable!("an image is what it takes"),
    };
    let help = if lt.l == 1 {
        "give the network an image input: inputs = [channels, height, width]"
    } else {
        "put it before the flatten layer, or give the network an image input"
    };
    lt.error(
        lt.table.span.clone(),
        format!(
            "a {kind} layer takes an image (channels × height × width), but layer {} gets {got}",
            lt.l
        ),
        help,
    )
}

/// A convolution's weights (out × in × kh × kw) and biases, with the axes named in messages.
pub(super) fn read_tensor(lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
    let what = format!("the {} of layer {}", spec.key, lt.l);
    let axes: &[&str] = match spec.tensor {
        Tensor::W => &[
            "output channel",
            "input channel",
            "kernel row",
            "kernel column",
        ],
        _ => &["output channel"],
    };
    crate::lesson::schema::tensor::read(lt.cx, v, &what, (&spec.dims, axes), true, lt.files)
}
