//! A layer's parameter tensor read from a NumPy `.npy` file: `weights = { npy = "FILE" }`.
//!
//! The file must hold float64 numbers (`<f8`, `>f8`, or `=f8` for the machine's own order) in
//! the layer's shape, neurons × inputs for weights and neurons for biases, in C or Fortran
//! order. Every problem is reported at the lesson's `npy = "…"` value and says what the file
//! holds. The file goes through the same checks as any input (a regular file, within
//! [`MAX_NPY_BYTES`]); its header ([`header`]) is read and checked against the layer, and the
//! file's size against the header, before any number is read. The numbers are then read in
//! chunks straight into the layer's array (a Fortran-order file put in place as it is read), so
//! reading costs no more memory than the array itself.

mod header;
mod literal;

use std::io::{BufReader, Read};

use ndarray::{Array1, Array2, ArrayD, IxDyn};

use super::{Files, Res, plural};
use crate::lesson::LessonError;
use crate::lesson::limits::MAX_NPY_BYTES;
use crate::source::input::{self, Expect};
use crate::source::reader::{Cx, Value, for_what, string, table};
use crate::source::{Problem, SourceError, display};

const NPY_KEYS: [&str; 1] = ["npy"];

const EXPECT: Expect = Expect {
    noun: "err-noun-npy",
    limit: MAX_NPY_BYTES,
    too_large_help: "err-npy-too-large-help",
    path_help: "err-npy-path-help",
    not_found_help: Some("err-relative-to-lesson"),
};

/// Numbers converted per read.
const CHUNK: usize = 8192;

/// Layer weights of shape (rows, cols), from the `{ npy = "…" }` table `v`.
pub(super) fn matrix(
    cx: Cx,
    v: &Value,
    what: &str,
    (rows, cols): (usize, usize),
    files: Files,
) -> Res<Array2<f64>> {
    let (at, values) = read(cx, v, what, &[rows, cols], files)?;
    Array2::from_shape_vec((rows, cols), values).map_err(|e| {
        at.error(
            Problem::Invalid,
            crate::msg!("err-npy-cannot-read", error = e.to_string()),
            None,
        )
    })
}

/// A tensor of shape `dims`, from the `{ npy = "…" }` table `v`, in row-major order.
pub(super) fn tensor(
    cx: Cx,
    v: &Value,
    what: &str,
    dims: &[usize],
    files: Files,
) -> Res<ArrayD<f64>> {
    let (at, values) = read(cx, v, what, dims, files)?;
    ArrayD::from_shape_vec(IxDyn(dims), values).map_err(|e| {
        at.error(
            Problem::Invalid,
            crate::msg!("err-npy-cannot-read", error = e.to_string()),
            None,
        )
    })
}

/// Layer biases of length `len`, from the `{ npy = "…" }` table `v`.
pub(super) fn vector(cx: Cx, v: &Value, what: &str, len: usize, files: Files) -> Res<Array1<f64>> {
    let (_, values) = read(cx, v, what, &[len], files)?;
    Ok(Array1::from(values))
}

/// The numbers of the file the table `v` names, in C order, checked to have `shape` and to be
/// finite; with where the file is named, for later messages.
fn read<'a, 'i>(
    cx: Cx<'a>,
    v: &'a Value<'i>,
    what: &str,
    shape: &[usize],
    files: Files,
) -> Res<(File<'a, 'i>, Vec<f64>)> {
    let t = table(
        cx,
        v,
        crate::msg!("err-npy-table-for", what = what),
        &for_what(what),
    )?;
    t.allow_only(cx, &NPY_KEYS)?;
    let e = t.require(cx, "npy", crate::msg!("err-npy-help"))?;
    let rel = string(cx, e.value, &crate::msg!("err-for-npy-path"))?;
    if rel.is_empty() {
        return Err(cx
            .at(e.value.span(), crate::msg!("err-npy-path-empty"))
            .with_help(crate::msg!("err-npy-path-empty-help"))
            .into());
    }
    let path = files.path(rel);
    let at = File {
        cx,
        value: e.value,
        name: display::path(&path),
    };
    let (file, len) = input::open(&path, &at.name, &EXPECT).map_err(|err| at.reading(err))?;
    let mut file = BufReader::new(file);
    let header =
        header::read(&mut file).map_err(|p| at.error(Problem::Syntax, p.to_string(), None))?;
    let order = check_dtype(&at, header.descr.as_deref())?;
    check_shape(&at, &header.shape, shape, what)?;
    let count: usize = shape.iter().product();
    check_size(&at, len.saturating_sub(header.data_start), count)?;
    let values = numbers(&mut file, order, header.fortran, shape).map_err(|got| {
        at.error(
            Problem::Syntax,
            crate::msg!(
                "err-npy-truncated",
                got = got.to_string(),
                count = count.to_string()
            ),
            Some("err-npy-save-again"),
        )
    })?;
    let mut more = [0u8; 1];
    if matches!(file.read(&mut more), Ok(n) if n > 0) {
        return Err(at.error(
            Problem::Syntax,
            crate::msg!("err-npy-grew"),
            Some("err-npy-grew-help"),
        ));
    }
    check_finite(&at, &values, shape)?;
    Ok((at, values))
}

/// The byte order of float64 numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Little,
    Big,
}

/// Only float64, in either byte order (`=` and `|` mean the machine's own, as NumPy reads them).
fn check_dtype(at: &File, descr: Option<&str>) -> Res<Order> {
    let native = match cfg!(target_endian = "big") {
        true => Order::Big,
        false => Order::Little,
    };
    let message = match descr.map(|d| (d, dtype_words(d))) {
        Some(("<f8", _)) => return Ok(Order::Little),
        Some((">f8", _)) => return Ok(Order::Big),
        Some(("=f8" | "|f8" | "f8", _)) => return Ok(native),
        Some((_, Some(holds))) => crate::msg!("err-npy-holds", holds = holds),
        Some((d, None)) => crate::msg!("err-npy-bad-dtype", dtype = literal::quote(d)),
        None => crate::msg!("err-npy-records"),
    };
    Err(at.error(
        Problem::Invalid,
        crate::msg!("err-npy-not-float64", problem = message),
        Some("err-npy-convert-help"),
    ))
}

/// What a simple dtype such as `<f4` holds, in words, with the dtype quoted; `None` when it is
/// no dtype NumPy knows.
fn dtype_words(descr: &str) -> Option<String> {
    let mut chars = descr.chars().peekable();
    if chars
        .peek()
        .is_some_and(|c| matches!(c, '<' | '>' | '|' | '='))
    {
        chars.next();
    }
    let kind = chars.next()?;
    let size: String = chars.collect();
    let bits = size.parse::<u16>().ok().map(|b| u32::from(b) * 8);
    let sized =
        |name: &str| bits.map(|bits| crate::msg!("err-npy-sized", kind = format!("{name}{bits}")));
    let words = match kind {
        'f' if bits == Some(64) => Some(crate::msg!("err-npy-own-order")),
        'f' => sized("float"),
        'i' => sized("int"),
        'u' => sized("uint"),
        'c' => sized("complex"),
        'b' | '?' => Some(crate::msg!("err-npy-booleans")),
        'U' => Some(crate::msg!("err-npy-text")),
        'S' | 'a' => Some(crate::msg!("err-npy-bytes")),
        'O' => Some(crate::msg!("err-npy-objects")),
        'M' => Some(crate::msg!("err-npy-dates")),
        'm' => Some(crate::msg!("err-npy-time-spans")),
        'V' => Some(crate::msg!("err-npy-raw-bytes")),
        _ => None,
    }?;
    Some(crate::msg!(
        "err-npy-dtype-words",
        words = words,
        dtype = literal::quote(descr)
    ))
}

fn check_shape(at: &File, found: &[usize], shape: &[usize], what: &str) -> Res<()> {
    if found == shape {
        return Ok(());
    }
    let wanted = match shape {
        [rows, cols] => crate::msg!("err-npy-matrix-shape", shape = format!("({rows}, {cols})")),
        [len] => crate::msg!("err-npy-vector-shape", shape = format!("({len},)")),
        _ => crate::msg!("err-npy-shape-of", shape = tuple(shape)),
    };
    let help = match (shape, found) {
        ([r, c], [hr, hc]) if r == hc && c == hr && r != c => Some("err-npy-transposed"),
        ([n], [hr, hc]) if (*hr == 1 && hc == n) || (*hc == 1 && hr == n) => Some("err-npy-ravel"),
        _ => None,
    };
    Err(at.error(
        Problem::Invalid,
        crate::msg!(
            "err-npy-wrong-shape",
            found = tuple(found),
            what = what,
            wanted = wanted
        ),
        help,
    ))
}

/// The file's size after its header, `follows` bytes, must be `count` numbers exactly: checked
/// from its metadata before a number is read.
fn check_size(at: &File, follows: u64, count: usize) -> Res<()> {
    let expected = count as u64 * 8;
    let help = Some("err-npy-save-again");
    if follows < expected {
        return Err(at.error(
            Problem::Syntax,
            crate::msg!(
                "err-npy-short",
                count = count.to_string(),
                bytes = expected.to_string(),
                follow = plural(follows as usize, "err-n-bytes")
            ),
            help,
        ));
    }
    if follows > expected {
        return Err(at.error(
            Problem::Syntax,
            crate::msg!(
                "err-npy-long",
                extra = plural((follows - expected) as usize, "err-n-bytes"),
                numbers = plural(count, "err-n-numbers")
            ),
            help,
        ));
    }
    Ok(())
}

/// The numbers that follow the header, in C order whatever the file's; `Err` with how many
/// were read when the file ends early.
fn numbers(
    file: &mut impl Read,
    order: Order,
    fortran: bool,
    shape: &[usize],
) -> Result<Vec<f64>, usize> {
    let count: usize = shape.iter().product();
    let (rows, cols) = match shape {
        [rows, cols] if fortran => (*rows, *cols),
        _ => (count, 1),
    };
    let mut values = vec![0.0; count];
    let mut buf = vec![0u8; CHUNK * 8];
    let mut done = 0;
    while done < count {
        let n = (count - done).min(CHUNK);
        let bytes = buf.get_mut(..n * 8).unwrap_or_default();
        file.read_exact(bytes).map_err(|_| done)?;
        for (i, b) in bytes.chunks_exact(8).enumerate() {
            let b: [u8; 8] = b.try_into().unwrap_or_default();
            let x = match order {
                Order::Little => f64::from_le_bytes(b),
                Order::Big => f64::from_be_bytes(b),
            };
            // Fortran order stores column by column: number k is row k % rows, column k / rows.
            let k = done + i;
            let to = if rows == count {
                k
            } else {
                (k % rows) * cols + k / rows
            };
            if let Some(v) = values.get_mut(to) {
                *v = x;
            }
        }
        done += n;
    }
    Ok(values)
}

/// A shape as NumPy prints it: `(2, 3)`, `(4,)`, `()`.
fn tuple(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

fn check_finite(at: &File, values: &[f64], shape: &[usize]) -> Res<()> {
    let Some((k, x)) = values.iter().enumerate().find(|(_, x)| !x.is_finite()) else {
        return Ok(());
    };
    let place = match shape {
        [_, cols] => format!("{}, {}", k / cols, k % cols),
        _ => k.to_string(),
    };
    let id = if x.is_nan() {
        "err-npy-nan"
    } else {
        "err-npy-infinite"
    };
    Err(at.error(Problem::Invalid, crate::msg!(id, place = place), None))
}

/// The `.npy` file a lesson names, and where it is named: every problem is reported there.
struct File<'a, 'i> {
    cx: Cx<'a>,
    value: &'a Value<'i>,
    name: String,
}

impl File<'_, '_> {
    /// The problem `message` (worded) with the help whose id is `help`.
    fn error(&self, problem: Problem, message: String, help: Option<&str>) -> LessonError {
        self.worded(problem, message, help.map(|id| crate::msg!(id)))
    }

    /// The problem `message` with the help `help`, both worded.
    fn worded(&self, problem: Problem, message: String, help: Option<String>) -> LessonError {
        let mut d = self.cx.at(
            self.value.span(),
            crate::msg!("err-in-file", file = &self.name, message = message),
        );
        if let Some(help) = help {
            d = d.with_help(help);
        }
        LessonError::DataFile(SourceError::new(problem, d))
    }

    /// A failure to read the file, moved to where the lesson names it.
    fn reading(&self, err: SourceError) -> LessonError {
        let problem = err.problem();
        let inner = err.into_diagnostic();
        self.worded(problem, inner.message, inner.help)
    }
}
