//! The convolutional layer: `nn.Conv2d` followed by an activation. It cross-correlates (no
//! kernel flip): `z[o,i,j] = Σ_c Σ_u Σ_v w[o,c,u,v]·a[c, s·i+u−p, s·j+v−p] + b[o]`, with zeros
//! outside the image (the padding), and `a[o,i,j] = f(z[o,i,j])`. Weights are out × in × kh × kw,
//! as PyTorch lays them out.
//!
//! - `math`: the forward and backward pass (the engine's hot loops);
//! - `steps`: its steps in trace order and their values;
//! - `formulas`: each step's formula, and the error it passes back;
//! - `words`: each step in words, in any language, and what the layer above says of the
//!   error it passes back;
//! - `schema`: its table in a lesson file;
//! - `mistakes`: the misconceptions of convolutional networks;
//! - `view`: its picture in the tutor, `panel` its kernels, `equations` its matrix form; `maps`
//!   draws feature maps as grids of numbers. The pooling and flatten layers draw with them too.

pub(crate) mod equations;
mod formulas;
pub(crate) mod maps;
pub(crate) mod math;
pub(crate) mod mistakes;
pub(crate) mod panel;
pub(crate) mod pytorch;
mod schema;
mod steps;
pub(crate) mod view;
mod words;

pub(crate) use formulas::output_error;
pub(crate) use schema::{ENTRY, allow_only, not_an_image};
pub(crate) use words::passed_back_words;

use ndarray::ArrayD;

use crate::lesson::schema::{LayerTable, Res};
use crate::lesson::{Activation, Layer, Shape};
use crate::source::reader::Value;

use super::window::Window;
use super::{LayerKind, ParamSpec, Tensor};

/// A convolutional layer's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conv2d {
    /// f⁽ˡ⁾.
    pub activation: Activation,
    /// Output channels (feature maps).
    pub channels: usize,
    /// Kernel, stride and zero padding.
    pub window: Window,
}

/// The sizes one convolution works with: input C × H × W (Hp × Wp padded), output
/// O × OH × OW, kernel kh × kw, stride and padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    /// Input channels.
    pub c: usize,
    /// Input rows.
    pub h: usize,
    /// Input columns.
    pub w: usize,
    /// Input rows with the padding.
    pub hp: usize,
    /// Input columns with the padding.
    pub wp: usize,
    /// Output channels.
    pub o: usize,
    /// Output rows.
    pub oh: usize,
    /// Output columns.
    pub ow: usize,
    /// Kernel rows.
    pub kh: usize,
    /// Kernel columns.
    pub kw: usize,
    /// Stride along rows.
    pub sh: usize,
    /// Stride along columns.
    pub sw: usize,
    /// Padding above and below.
    pub ph: usize,
    /// Padding left and right.
    pub pw: usize,
}

/// The channels, rows and columns of an image shape (a vector is one channel of one row).
pub(crate) fn image(shape: Shape) -> (usize, usize, usize) {
    match shape {
        Shape::Image { c, h, w } => (c, h, w),
        other => (1, 1, other.len()),
    }
}

impl Dims {
    /// The sizes of a convolution with `window` from `input` to `output`.
    pub fn new(window: Window, input: Shape, output: Shape) -> Dims {
        let (c, h, w) = image(input);
        let (o, oh, ow) = image(output);
        let (ph, pw) = window.padding;
        Dims {
            c,
            h,
            w,
            hp: h + 2 * ph,
            wp: w + 2 * pw,
            o,
            oh,
            ow,
            kh: window.kernel.0,
            kw: window.kernel.1,
            sh: window.stride.0,
            sw: window.stride.1,
            ph,
            pw,
        }
    }

    /// Numbers of one output map.
    pub fn plane(&self) -> usize {
        self.oh * self.ow
    }

    /// Weights of one output channel: C·kh·kw.
    pub fn fan_in(&self) -> usize {
        self.c * self.kh * self.kw
    }

    /// Is the input padded?
    pub fn padded(&self) -> bool {
        self.ph > 0 || self.pw > 0
    }

    /// The flat offset of `[c, y, x]` in the input, if (y, x) is inside the image (not padding).
    pub fn input_at(&self, c: usize, y: isize, x: isize) -> Option<usize> {
        let inside = (0..self.h as isize).contains(&y) && (0..self.w as isize).contains(&x);
        inside.then(|| (c * self.h + y as usize) * self.w + x as usize)
    }
}

impl Conv2d {
    /// The sizes of this layer.
    pub fn dims(&self, layer: &Layer) -> Dims {
        Dims::new(self.window, layer.input, layer.output)
    }
}

impl LayerKind for Conv2d {
    fn name(&self) -> &'static str {
        "conv2d"
    }

    fn params(&self, layer: &Layer) -> Vec<ParamSpec> {
        let d = self.dims(layer);
        vec![
            ParamSpec {
                tensor: Tensor::W,
                key: "weights",
                dims: vec![d.o, d.c, d.kh, d.kw],
                trains: layer.weights_train(),
            },
            ParamSpec {
                tensor: Tensor::B,
                key: "biases",
                dims: vec![d.o],
                trains: layer.biases_train(),
            },
        ]
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn settings(&self, _layer: &Layer) -> Vec<(&'static str, String)> {
        let w = self.window;
        vec![
            ("channels", self.channels.to_string()),
            ("kernel", Window::pair_text(w.kernel)),
            ("stride", Window::pair_text(w.stride)),
            ("padding", Window::pair_text(w.padding)),
            ("activation", format!("\"{}\"", self.activation.name())),
        ]
    }

    fn read_tensor(&self, lt: &LayerTable, spec: &ParamSpec, v: &Value) -> Res<ArrayD<f64>> {
        schema::read_tensor(lt, spec, v)
    }
}

/// In the Markdown export the layer is a block with its shape inside, and its first step of
/// each quantity is worked out in full: one window, the rest tabled.
impl crate::export::markdown::kind::LayerDoc for Conv2d {}
