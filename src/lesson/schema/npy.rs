//! A layer's weights or biases read from a NumPy `.npy` file: `weights = { npy = "FILE" }`.
//!
//! The file must hold float64 numbers (`<f8` or `>f8`) in the layer's shape, neurons × inputs
//! for weights and neurons for biases, in C or Fortran order. Every problem is reported at the
//! lesson's `npy = "…"` value and says what the file holds. The file goes through the same
//! checks as any input (a regular file, within [`MAX_NPY_BYTES`]); its header is examined
//! before anything is allocated for the numbers.

use ndarray::{Array1, Array2, ArrayD, Dimension, Ix1, Ix2};
use ndarray_npy::ReadNpyExt;
use ndarray_npy::npy::header::Header;

use super::{Files, Res};
use crate::lesson::LessonError;
use crate::lesson::limits::MAX_NPY_BYTES;
use crate::source::input::{self, Expect, Input};
use crate::source::reader::{Cx, Value, string, table};
use crate::source::{Problem, SourceError, display};

const NPY_KEYS: [&str; 1] = ["npy"];

const EXPECT: Expect = Expect {
    noun: "NumPy .npy",
    limit: MAX_NPY_BYTES,
    too_large_help: "a network has at most 20,000,000 weights and biases, 8 bytes each",
    path_help: "give the path of a .npy file saved by numpy.save",
    not_found_help: Some("the path is relative to the lesson file"),
};

/// The magic string every `.npy` file starts with.
const MAGIC: &[u8] = b"\x93NUMPY";
/// Longest header read. NumPy itself refuses headers over 10,000 bytes by default.
const MAX_HEADER: usize = 65_535;
/// Deepest nesting of brackets in a header: `{'shape': (2, 3), …}` needs 2.
const MAX_HEADER_NESTING: usize = 4;

/// Layer weights of shape (rows, cols), from the `{ npy = "…" }` table `v`.
pub(super) fn matrix(
    cx: Cx,
    v: &Value,
    what: &str,
    (rows, cols): (usize, usize),
    files: Files,
) -> Res<Array2<f64>> {
    let a = read(cx, v, what, &[rows, cols], files)?;
    let a = a
        .into_dimensionality::<Ix2>()
        .expect("the shape was checked");
    Ok(a.as_standard_layout().into_owned())
}

/// Layer biases of length `len`, from the `{ npy = "…" }` table `v`.
pub(super) fn vector(cx: Cx, v: &Value, what: &str, len: usize, files: Files) -> Res<Array1<f64>> {
    let a = read(cx, v, what, &[len], files)?;
    Ok(a.into_dimensionality::<Ix1>()
        .expect("the shape was checked"))
}

/// A tensor of shape `dims`, from the `{ npy = "…" }` table `v`, in row-major order.
pub(super) fn tensor(
    cx: Cx,
    v: &Value,
    what: &str,
    dims: &[usize],
    files: Files,
) -> Res<ArrayD<f64>> {
    let a = read(cx, v, what, dims, files)?;
    Ok(a.as_standard_layout().into_owned())
}

/// The array the table `v` names, checked to have `shape` and finite numbers.
fn read(cx: Cx, v: &Value, what: &str, shape: &[usize], files: Files) -> Res<ArrayD<f64>> {
    let t = table(
        cx,
        v,
        format!("the table for {what}"),
        &format!("for {what}"),
    )?;
    t.allow_only(cx, &NPY_KEYS)?;
    let e = t.require(
        cx,
        "npy",
        "write { npy = \"FILE.npy\" }, a file saved by numpy.save",
    )?;
    let rel = string(cx, e.value, "for `npy` (the path of a .npy file)")?;
    let path = files.path(rel);
    let at = File {
        cx,
        value: e.value,
        name: display::path(&path),
    };
    let bytes =
        input::read_bytes(&Input::File(path), &at.name, &EXPECT).map_err(|err| at.reading(err))?;
    let layout = layout(&bytes).map_err(|p| at.error(Problem::Syntax, p.to_string(), None))?;
    let header = Header::from_reader(&mut &bytes[..]).map_err(|err| {
        at.error(
            Problem::Syntax,
            format!("its header cannot be read: {err}"),
            None,
        )
    })?;
    check_dtype(&at, &header)?;
    check_shape(&at, &header, shape, what)?;
    let expected: usize = shape.iter().product::<usize>() * 8;
    let follows = bytes.len() - layout.data_start;
    if follows < expected {
        return Err(at.error(
            Problem::Syntax,
            format!(
                "the file is truncated: its header promises {} float64 numbers ({expected} bytes), \
                 but {follows} bytes follow it",
                expected / 8
            ),
            Some("save the array again with numpy.save"),
        ));
    }
    if follows > expected {
        return Err(at.error(
            Problem::Syntax,
            format!(
                "the file has {} bytes after its {} numbers",
                follows - expected,
                expected / 8
            ),
            Some("save the array again with numpy.save"),
        ));
    }
    let array = ArrayD::<f64>::read_npy(&bytes[..])
        .map_err(|err| at.error(Problem::Syntax, format!("cannot be read: {err}"), None))?;
    check_finite(&at, &array)?;
    Ok(array)
}

/// Where the numbers start, from the fixed part of the header, checked before NumPy's header
/// dictionary is parsed.
struct Layout {
    data_start: usize,
}

/// What is wrong with the fixed part of a `.npy` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum HeaderProblem {
    #[error("this is not a NumPy .npy file (it does not start with \\x93NUMPY)")]
    NotNpy,
    #[error("the .npy format version {0} is not supported (only 1, 2 and 3)")]
    Version(u8),
    #[error("the file is truncated inside its header")]
    Truncated,
    #[error("its header is {0} bytes long, more than the {MAX_HEADER} a NumPy array needs")]
    TooLong(usize),
    #[error("its header is not the description of an array")]
    TooDeep,
}

fn layout(bytes: &[u8]) -> Result<Layout, HeaderProblem> {
    if !bytes.starts_with(MAGIC) {
        return Err(HeaderProblem::NotNpy);
    }
    let (len_bytes, start) = match bytes.get(6) {
        Some(1) => (2, 10),
        Some(2 | 3) => (4, 12),
        Some(&major) => return Err(HeaderProblem::Version(major)),
        None => return Err(HeaderProblem::Truncated),
    };
    let len = bytes
        .get(8..8 + len_bytes)
        .ok_or(HeaderProblem::Truncated)?;
    let header_len = len
        .iter()
        .rev()
        .fold(0usize, |n, &b| (n << 8) | usize::from(b));
    if header_len > MAX_HEADER {
        return Err(HeaderProblem::TooLong(header_len));
    }
    let header = bytes
        .get(start..start + header_len)
        .ok_or(HeaderProblem::Truncated)?;
    let mut depth = 0usize;
    for &b in header {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_HEADER_NESTING {
            return Err(HeaderProblem::TooDeep);
        }
    }
    Ok(Layout {
        data_start: start + header_len,
    })
}

/// Only float64, in either byte order.
fn check_dtype(at: &File, header: &Header) -> Res<()> {
    let descr = header.type_descriptor.as_string().map(String::as_str);
    if matches!(descr, Some("<f8" | ">f8")) {
        return Ok(());
    }
    let holds = match descr {
        Some(d) => format!("{} numbers (dtype '{d}')", dtype_name(d)),
        None => format!(
            "records of several fields (dtype {})",
            header.type_descriptor
        ),
    };
    Err(at.error(
        Problem::Invalid,
        format!("the file holds {holds}, but a lesson's parameters are float64 (dtype '<f8')"),
        Some("convert it in NumPy: numpy.save(\"FILE.npy\", array.astype(numpy.float64))"),
    ))
}

/// NumPy's name for a simple dtype such as `<f4`.
fn dtype_name(descr: &str) -> String {
    let code = descr.trim_start_matches(['<', '>', '|', '=']);
    let (kind, size) = code.split_at(code.len().min(1));
    let bits = size.parse::<usize>().map(|b| b * 8).ok();
    let name = match kind {
        "f" => "float",
        "i" => "int",
        "u" => "uint",
        "c" => "complex",
        "b" => return "boolean".into(),
        "U" => return "text".into(),
        "O" => return "Python object".into(),
        _ => return "non-numeric".into(),
    };
    match bits {
        Some(bits) => format!("{name}{bits}"),
        None => name.into(),
    }
}

fn check_shape(at: &File, header: &Header, shape: &[usize], what: &str) -> Res<()> {
    if header.shape == shape {
        return Ok(());
    }
    let wanted = match shape {
        [rows, cols] => format!("shape ({rows}, {cols}): neurons × inputs"),
        [len] => format!("shape ({len},): one per neuron"),
        _ => format!("shape {}", tuple(shape)),
    };
    let help = match (shape, header.shape.as_slice()) {
        ([r, c], [hr, hc]) if r == hc && c == hr && r != c => Some(
            "it looks transposed: save array.T, or PyTorch's layer.weight, which is neurons × inputs",
        ),
        ([n], [hr, hc]) if (*hr == 1 && hc == n) || (*hc == 1 && hr == n) => {
            Some("save it as a 1-dimensional array: numpy.save(\"FILE.npy\", array.ravel())")
        }
        _ => None,
    };
    Err(at.error(
        Problem::Invalid,
        format!(
            "the file holds an array of shape {}, but {what} must have {wanted}",
            tuple(&header.shape)
        ),
        help,
    ))
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

fn check_finite(at: &File, a: &ArrayD<f64>) -> Res<()> {
    let Some((index, x)) = a.indexed_iter().find(|(_, x)| !x.is_finite()) else {
        return Ok(());
    };
    let place: Vec<String> = index.slice().iter().map(usize::to_string).collect();
    let kind = if x.is_nan() {
        "NaN"
    } else {
        "an infinite number"
    };
    Err(at.error(
        Problem::Invalid,
        format!(
            "the file holds {kind} at index [{}], but every number in a lesson must be finite",
            place.join(", ")
        ),
        None,
    ))
}

/// The `.npy` file a lesson names, and where it is named: every problem is reported there.
struct File<'a, 'i> {
    cx: Cx<'a>,
    value: &'a Value<'i>,
    name: String,
}

impl File<'_, '_> {
    fn error(&self, problem: Problem, message: String, help: Option<&str>) -> LessonError {
        let mut d = self
            .cx
            .at(self.value.span(), format!("{}: {message}", self.name));
        if let Some(help) = help {
            d = d.with_help(help);
        }
        LessonError::DataFile(SourceError::new(problem, d))
    }

    /// A failure to read the file, moved to where the lesson names it.
    fn reading(&self, err: SourceError) -> LessonError {
        let problem = err.problem();
        let inner = err.into_diagnostic();
        self.error(problem, inner.message, inner.help.as_deref())
    }
}
