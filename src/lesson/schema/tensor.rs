//! A parameter tensor or an input written as nested arrays in the shape it has (a convolution's
//! `channels × in × kh × kw`, an image's `C × H × W`), or flat in row-major order, or read
//! from a `.npy` file. Every count is checked against the shape before any number is kept,
//! and a wrong count is reported at the array that has it.

use ndarray::{ArrayD, IxDyn};
use toml::de::DeValue;

use super::{Files, Res, npy, plural};
use crate::source::reader::{Cx, Value, describe, in_what, number};

/// Names for the axes of a shape in messages: `[Axis::OUTPUT_CHANNEL, Axis::INPUT_CHANNEL,
/// Axis::ROW, Axis::COLUMN]`. An axis without a name is called "entry".
pub(crate) type Axes<'a> = &'a [Axis];

/// An axis of a shape as messages name it: the ids of its name ("row") and of a count of it
/// ("3 rows").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Axis {
    name: &'static str,
    count: &'static str,
}

impl Axis {
    /// An axis without a name of its own.
    pub(crate) const ENTRY: Axis = Axis::new("err-axis-entry", "err-n-entries");
    /// A row of a matrix.
    pub(crate) const ROW: Axis = Axis::new("err-axis-row", "err-n-rows");
    /// A column of a matrix.
    pub(crate) const COLUMN: Axis = Axis::new("err-axis-column", "err-n-columns");
    /// A channel of an image.
    pub(crate) const CHANNEL: Axis = Axis::new("err-axis-channel", "err-n-channels");
    /// A position of a sequence.
    pub(crate) const POSITION: Axis = Axis::new("err-axis-position", "err-n-positions");
    /// A feature at a position.
    pub(crate) const FEATURE: Axis = Axis::new("err-axis-feature", "err-n-features");
    /// An output at a position.
    pub(crate) const OUTPUT: Axis = Axis::new("err-axis-output", "err-n-outputs");
    /// An input of a recurrent layer.
    pub(crate) const INPUT: Axis = Axis::new("err-axis-input", "err-n-inputs");
    /// A hidden unit of a recurrent layer.
    pub(crate) const HIDDEN_UNIT: Axis = Axis::new("err-axis-hidden-unit", "err-n-hidden-units");
    /// An output channel of a convolution.
    pub(crate) const OUTPUT_CHANNEL: Axis =
        Axis::new("err-axis-output-channel", "err-n-output-channels");
    /// An input channel of a convolution.
    pub(crate) const INPUT_CHANNEL: Axis =
        Axis::new("err-axis-input-channel", "err-n-input-channels");
    /// A row of a kernel.
    pub(crate) const KERNEL_ROW: Axis = Axis::new("err-axis-kernel-row", "err-n-kernel-rows");
    /// A column of a kernel.
    pub(crate) const KERNEL_COLUMN: Axis =
        Axis::new("err-axis-kernel-column", "err-n-kernel-columns");

    const fn new(name: &'static str, count: &'static str) -> Axis {
        Axis { name, count }
    }

    /// Its name: "row".
    fn name(self) -> String {
        crate::msg!(self.name)
    }

    /// `n` of it: "3 rows".
    fn count(self, n: usize) -> String {
        plural(n, self.count)
    }
}

/// The tensor `v` of shape `dims`: nested arrays (outermost axis first), a flat array of every
/// number in row-major order when `flat` allows it, or `{ npy = "FILE" }`. `what` names it in
/// messages ("the weights of layer 1").
pub(crate) fn read(
    cx: Cx,
    v: &Value,
    what: &str,
    (dims, axes): (&[usize], Axes),
    flat: bool,
    files: Files,
) -> Res<ArrayD<f64>> {
    if let DeValue::Table(_) = v.get_ref() {
        return npy::tensor(cx, v, what, dims, files);
    }
    let total: usize = dims.iter().product();
    let mut values = Vec::with_capacity(total.min(1 << 20));
    if flat && dims.len() > 1 && is_flat(v) {
        let DeValue::Array(items) = v.get_ref() else {
            unreachable!("is_flat checked it is an array")
        };
        if items.len() != total {
            return Err(cx
                .at(
                    v.span(),
                    crate::msg!(
                        "err-flat-count",
                        what = what,
                        numbers = plural(items.len(), "err-n-numbers"),
                        shape = shape_text(dims),
                        total = total.to_string()
                    ),
                )
                .with_help(crate::msg!(
                    "err-flat-count-help",
                    what = what,
                    shape = shape_text(dims),
                    total = total.to_string()
                ))
                .into());
        }
        let inside = in_what(what);
        for x in items.iter() {
            values.push(number(cx, x, &inside)?);
        }
    } else {
        nested(cx, v, what, (dims, axes), 0, &mut values)?;
    }
    Ok(ArrayD::from_shape_vec(IxDyn(dims), values).expect("every count was checked"))
}

/// Is `v` an array of numbers (no nested arrays)?
fn is_flat(v: &Value) -> bool {
    match v.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .all(|x| x.get_ref().is_integer() || x.get_ref().is_float()),
        _ => false,
    }
}

/// `[2, 1, 3, 3]` as `2 × 1 × 3 × 3`.
pub(crate) fn shape_text(dims: &[usize]) -> String {
    let parts: Vec<String> = dims.iter().map(|d| d.to_string()).collect();
    parts.join(" × ")
}

/// The numbers of `v`, which holds axis `depth` onwards of `dims`, appended in row-major order.
fn nested(
    cx: Cx,
    v: &Value,
    what: &str,
    (dims, axes): (&[usize], Axes),
    depth: usize,
    out: &mut Vec<f64>,
) -> Res<()> {
    if depth == dims.len() {
        out.push(number(cx, v, &in_what(what))?);
        return Ok(());
    }
    let axis = axes.get(depth).copied().unwrap_or(Axis::ENTRY).name();
    let help = || {
        crate::msg!(
            "err-nested-help",
            what = what,
            shape = shape_text(dims),
            axes = axes_help(dims, axes)
        )
    };
    let DeValue::Array(items) = v.get_ref() else {
        let expected = crate::msg!(
            "err-an-array-of-per",
            n = dims[depth].to_string(),
            axis = &axis
        );
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-expected",
                    expected = expected,
                    what = in_what(what),
                    found = describe(v.get_ref())
                ),
            )
            .with_help(help())
            .into());
    };
    if items.len() != dims[depth] {
        return Err(cx
            .at(
                v.span(),
                crate::msg!(
                    "err-nested-count",
                    what = what,
                    entries = plural(items.len(), "err-n-entries"),
                    n = dims[depth].to_string(),
                    axis = &axis
                ),
            )
            .with_help(help())
            .into());
    }
    for item in items.iter() {
        nested(cx, item, what, (dims, axes), depth + 1, out)?;
    }
    Ok(())
}

/// "2 output channels, each of 1 input channel, each of 3 rows of 3 columns".
fn axes_help(dims: &[usize], axes: Axes) -> String {
    let mut parts = dims
        .iter()
        .enumerate()
        .map(|(i, &n)| axes.get(i).copied().unwrap_or(Axis::ENTRY).count(n))
        .rev();
    let last = parts.next().unwrap_or_default();
    parts.fold(last, |inner, outer| {
        crate::msg!("err-each-of", outer = outer, inner = inner)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_read_in_words() {
        assert_eq!(shape_text(&[2, 1, 3, 3]), "2 × 1 × 3 × 3");
        assert_eq!(
            axes_help(&[2, 3], &[Axis::ROW, Axis::COLUMN]),
            "2 rows, each of 3 columns"
        );
        assert_eq!(
            axes_help(&[2, 1, 3], &[Axis::OUTPUT_CHANNEL]),
            "2 output channels, each of 1 entry, each of 3 entries"
        );
    }
}
