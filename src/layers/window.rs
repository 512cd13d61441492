//! The sliding window of a convolution or a pooling layer: its kernel, stride and zero padding,
//! how large the output is, and where each output's window sits on the input. Shared by
//! `conv2d`, `maxpool2d` and `avgpool2d`, and read in lesson files as `kernel`, `stride` and
//! `padding` (each a number, or `[rows, columns]`).

use crate::lesson::schema::{LayerTable, Res};
use crate::source::reader::count;
use toml::de::DeValue;

/// A window: kernel kh × kw moved by the stride, over the input with `padding` zeros on every
/// side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Kernel rows and columns (kh, kw).
    pub kernel: (usize, usize),
    /// Stride along rows and columns.
    pub stride: (usize, usize),
    /// Zeros added above and below, left and right.
    pub padding: (usize, usize),
}

/// The most a kernel, stride or padding may be along one axis.
pub const MAX_WINDOW: usize = 1024;

impl Window {
    /// ⌊(n + 2p − k)/s⌋ + 1 along one axis, as `nn.Conv2d` and the pools count it; `None` when
    /// the kernel is larger than the padded input.
    pub fn out_len(n: usize, k: usize, s: usize, p: usize) -> Option<usize> {
        (n + 2 * p).checked_sub(k).map(|r| r / s + 1)
    }

    /// The output's rows and columns for an input of `(h, w)`.
    pub fn output(&self, (h, w): (usize, usize)) -> Option<(usize, usize)> {
        let rows = Window::out_len(h, self.kernel.0, self.stride.0, self.padding.0)?;
        let cols = Window::out_len(w, self.kernel.1, self.stride.1, self.padding.1)?;
        Some((rows, cols))
    }

    /// The input row that kernel row `u` of output row `i` reads: s·i + u − p (negative or
    /// past the end: a padding zero).
    pub fn row(&self, i: usize, u: usize) -> isize {
        (self.stride.0 * i + u) as isize - self.padding.0 as isize
    }

    /// The input column that kernel column `v` of output column `j` reads.
    pub fn col(&self, j: usize, v: usize) -> isize {
        (self.stride.1 * j + v) as isize - self.padding.1 as isize
    }

    /// kh·kw, the numbers one window holds on one channel.
    pub fn area(&self) -> usize {
        self.kernel.0 * self.kernel.1
    }

    /// Is there padding?
    pub fn padded(&self) -> bool {
        self.padding != (0, 0)
    }

    /// The outputs along one axis whose window reads input position `y` (rows when `axis` is
    /// 0), each with the kernel position that reads it: (output, kernel index), outputs
    /// ascending.
    pub fn readers(&self, axis: usize, y: usize, outputs: usize) -> Vec<(usize, usize)> {
        let (k, s, p) = match axis {
            0 => (self.kernel.0, self.stride.0, self.padding.0),
            _ => (self.kernel.1, self.stride.1, self.padding.1),
        };
        (0..outputs)
            .filter_map(|i| {
                let u = (y + p).checked_sub(s * i)?;
                (u < k).then_some((i, u))
            })
            .collect()
    }

    /// A number written as `3`, or a pair as `[3, 5]`, as a lesson file has it.
    pub fn pair_text((a, b): (usize, usize)) -> String {
        if a == b {
            a.to_string()
        } else {
            format!("[{a}, {b}]")
        }
    }

    /// `3×3`, `3×5` (ASCII: `3x5`).
    pub fn kernel_text(&self, ascii: bool) -> String {
        let x = if ascii { "x" } else { "×" };
        format!("{}{x}{}", self.kernel.0, self.kernel.1)
    }
}

/// `key = n` or `key = [rows, columns]`, each from `min` to [`MAX_WINDOW`]; `default` when the
/// key is not written (an error when there is none).
pub(crate) fn read_pair(
    lt: &LayerTable,
    key: &str,
    min: usize,
    default: Option<(usize, usize)>,
) -> Res<(usize, usize)> {
    let Some(e) = lt.table.get(key) else {
        return match default {
            Some(d) => Ok(d),
            None => Err(lt.error(
                lt.table.span.clone(),
                crate::msg!("err-layer-lacks", l = lt.l.to_string(), key = key),
                crate::msg!("err-window-key-help", key = key),
            )),
        };
    };
    let name = format!("`{key}`");
    match e.value.get_ref() {
        DeValue::Array(items) => {
            if items.len() != 2 {
                return Err(lt.error(
                    e.value.span(),
                    crate::msg!("err-window-pair", name = &name, n = items.len().to_string()),
                    crate::msg!("err-window-pair-help", key = key),
                ));
            }
            let a = count(lt.cx, &items[0], &name, min, MAX_WINDOW)?;
            let b = count(lt.cx, &items[1], &name, min, MAX_WINDOW)?;
            Ok((a, b))
        }
        _ => {
            let n = count(lt.cx, e.value, &name, min, MAX_WINDOW)?;
            Ok((n, n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_readers_follow_the_conv_rule() {
        let w = Window {
            kernel: (3, 3),
            stride: (2, 2),
            padding: (1, 1),
        };
        // ⌊(6 + 2 − 3)/2⌋ + 1 = 3.
        assert_eq!(w.output((6, 6)), Some((3, 3)));
        // Output row i reads image rows 2i − 1 to 2i + 1 (−1 is the padding).
        assert_eq!(w.row(0, 0), -1);
        assert_eq!(w.row(2, 2), 5);
        // Image row 2 is read by output 1 only (its kernel row 1).
        assert_eq!(w.readers(0, 2, 3), vec![(1, 1)]);
        // Row 3 is read by output 1 (kernel row 2) and output 2 (kernel row 0).
        assert_eq!(w.readers(0, 3, 3), vec![(1, 2), (2, 0)]);
        assert_eq!(Window::out_len(2, 3, 1, 0), None);
    }
}
