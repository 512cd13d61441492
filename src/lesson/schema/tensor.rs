//! A parameter tensor or an input written as nested arrays in the shape it has (a convolution's
//! `channels × in × kh × kw`, an image's `C × H × W`), or flat in row-major order, or read
//! from a `.npy` file. Every count is checked against the shape before any number is kept,
//! and a wrong count is reported at the array that has it.

use ndarray::{ArrayD, IxDyn};
use toml::de::DeValue;

use super::{Files, Res, npy, plural};
use crate::source::reader::{Cx, Value, describe, number};

/// Names for the axes of a shape in messages: `["output channel", "input channel", "row",
/// "column"]`. An axis without a name is called "entry".
pub(crate) type Axes<'a> = &'a [&'a str];

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
                    format!(
                        "{what} has {}, but its shape {} needs {total}",
                        plural(items.len(), "number"),
                        shape_text(dims)
                    ),
                )
                .with_help(format!(
                    "write {what} as nested arrays of shape {}, or flat with all {total} \
                     numbers in row-major order",
                    shape_text(dims)
                ))
                .into());
        }
        for x in items.iter() {
            values.push(number(cx, x, &format!("in {what}"))?);
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
        out.push(number(cx, v, &format!("in {what}"))?);
        return Ok(());
    }
    let axis = axes.get(depth).copied().unwrap_or("entry");
    let DeValue::Array(items) = v.get_ref() else {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "expected an array of {} (one per {axis}) in {what}, found {}",
                    dims[depth],
                    describe(v.get_ref())
                ),
            )
            .with_help(format!(
                "{what} is nested arrays of shape {}: {}",
                shape_text(dims),
                axes_help(dims, axes)
            ))
            .into());
    };
    if items.len() != dims[depth] {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "{what} has {} here, but needs {} (one per {axis})",
                    plural(items.len(), "entry"),
                    dims[depth]
                ),
            )
            .with_help(format!(
                "{what} is nested arrays of shape {}: {}",
                shape_text(dims),
                axes_help(dims, axes)
            ))
            .into());
    }
    for item in items.iter() {
        nested(cx, item, what, (dims, axes), depth + 1, out)?;
    }
    Ok(())
}

/// "2 output channels, each of 1 input channel, each of 3 rows of 3 columns".
fn axes_help(dims: &[usize], axes: Axes) -> String {
    let parts: Vec<String> = dims
        .iter()
        .enumerate()
        .map(|(i, &n)| plural(n, axes.get(i).copied().unwrap_or("entry")))
        .collect();
    parts.join(", each of ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_read_in_words() {
        assert_eq!(shape_text(&[2, 1, 3, 3]), "2 × 1 × 3 × 3");
        assert_eq!(
            axes_help(&[2, 3], &["row", "column"]),
            "2 rows, each of 3 columns"
        );
    }
}
