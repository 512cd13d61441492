//! The header of a NumPy `.npy` file, read here rather than by a library so that every problem
//! is worded for a learner, nothing it holds reaches a message unescaped, and the size of the
//! numbers it promises is known before any of them is read.
//!
//! A `.npy` file starts with `\x93NUMPY`, a version (1, 2 or 3), the header's length (2 bytes
//! in version 1, 4 after), and the header: a Python dictionary literal such as
//! `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`, padded with spaces and ended
//! by a line break, parsed by [`super::literal`]. The numbers follow it.

use std::fmt;
use std::io::{self, Read};

use super::literal::{Literal, Parser, cut, quote};
use crate::source::suggest::nearest;

/// The magic string every `.npy` file starts with.
const MAGIC: &[u8] = b"\x93NUMPY";
/// Longest header read. NumPy itself refuses headers over 10,000 bytes by default.
pub(super) const MAX_HEADER: usize = 65_535;
/// The keys of a header, all required, no others (as NumPy requires).
const KEYS: [&str; 3] = ["descr", "fortran_order", "shape"];

/// What the header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// `descr`: the dtype of one number, such as `<f8`, or `None` for records of several fields.
    pub descr: Option<String>,
    /// `fortran_order`: the numbers are stored column by column.
    pub fortran: bool,
    /// `shape`.
    pub shape: Vec<usize>,
    /// Where the numbers start, in bytes from the start of the file.
    pub data_start: u64,
}

/// What is wrong with a header, in words that quote it only escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// It does not start with the magic string.
    NotNpy,
    /// A format version this reader does not know.
    Version(u8),
    /// The file ends inside the header.
    Truncated,
    /// The header is longer than any array needs.
    TooLong(usize),
    /// The header is not UTF-8 text (at this byte of it).
    NotText(usize),
    /// Brackets nested deeper than an array's description needs.
    TooDeep,
    /// Not a Python literal: at character `at` (1-based), `expected`, found `found`.
    Syntax {
        /// 1-based character of the header.
        at: usize,
        /// What would have been right there: the id of its words.
        expected: &'static str,
        /// What is there, described.
        found: String,
    },
    /// The header is a literal, but not a dictionary.
    NotDict(String),
    /// A key NumPy's headers do not have, and the nearest one they do.
    UnknownKey(String, Option<&'static str>),
    /// A key given twice.
    Duplicate(&'static str),
    /// A required key is missing.
    Missing(&'static str),
    /// `descr` is neither a dtype string nor a list of fields.
    Descr(String),
    /// `fortran_order` is not `True` or `False`.
    Order(String),
    /// `shape` is not a tuple of whole numbers.
    Shape(String),
}

/// In the process's language (`crate::i18n::lang`): English unless the command line asked for
/// another.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::msg;
        let text = match self {
            Problem::NotNpy => msg!("err-npy-not-npy"),
            Problem::Version(v) => msg!("err-npy-version", v = v.to_string()),
            Problem::Truncated => msg!("err-npy-truncated-header"),
            Problem::TooLong(n) => msg!(
                "err-npy-header-too-long",
                n = n.to_string(),
                max = MAX_HEADER.to_string()
            ),
            Problem::NotText(at) => msg!("err-npy-header-not-text", at = (at + 1).to_string()),
            Problem::TooDeep => msg!("err-npy-too-deep"),
            Problem::Syntax {
                at,
                expected,
                found,
            } => msg!(
                "err-npy-syntax",
                at = at.to_string(),
                expected = msg!(expected),
                found = found
            ),
            Problem::NotDict(found) => msg!("err-npy-not-dict", found = found),
            Problem::UnknownKey(key, Some(near)) => {
                msg!("err-npy-unknown-key-near", key = key, near = *near)
            }
            Problem::UnknownKey(key, None) => msg!("err-npy-unknown-key", key = key),
            Problem::Duplicate(key) => msg!("err-npy-duplicate", key = *key),
            Problem::Missing(key) => msg!("err-npy-missing", key = *key),
            Problem::Descr(found) => msg!("err-npy-descr", found = found),
            Problem::Order(found) => msg!("err-npy-order", found = found),
            Problem::Shape(found) => msg!("err-npy-shape", found = found),
        };
        f.write_str(&text)
    }
}

/// Reads the header from the start of `file`, leaving `file` at the first number.
pub(super) fn read(file: &mut impl Read) -> Result<Header, Problem> {
    let mut prelude = [0u8; 8];
    let got = read_up_to(file, &mut prelude);
    let prelude = prelude.get(..got).unwrap_or_default();
    if !prelude.starts_with(MAGIC) {
        // A file shorter than the magic string that starts like it is a truncated one.
        return Err(match MAGIC.starts_with(prelude) && !prelude.is_empty() {
            true => Problem::Truncated,
            false => Problem::NotNpy,
        });
    }
    let len_bytes = match prelude.get(6) {
        Some(1) => 2,
        Some(2 | 3) => 4,
        Some(&major) => return Err(Problem::Version(major)),
        None => return Err(Problem::Truncated),
    };
    if prelude.len() < 8 {
        return Err(Problem::Truncated);
    }
    let mut len = [0u8; 4];
    let len = len.get_mut(..len_bytes).unwrap_or_default();
    if read_up_to(file, len) < len_bytes {
        return Err(Problem::Truncated);
    }
    let header_len = len
        .iter()
        .rev()
        .fold(0usize, |n, &b| (n << 8) | usize::from(b));
    if header_len > MAX_HEADER {
        return Err(Problem::TooLong(header_len));
    }
    let mut bytes = vec![0u8; header_len];
    if read_up_to(file, &mut bytes) < header_len {
        return Err(Problem::Truncated);
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| Problem::NotText(e.valid_up_to()))?;
    let mut header = interpret(&Parser::new(text).document()?)?;
    header.data_start = (8 + len_bytes + header_len) as u64;
    Ok(header)
}

/// Fills as much of `buf` as `file` has; returns how much. A read error counts as the end.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> usize {
    let mut got = 0;
    while let Some(rest) = buf.get_mut(got..).filter(|r| !r.is_empty()) {
        match file.read(rest) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    got
}

/// The header's dictionary, checked to have exactly NumPy's keys with values of their kinds.
fn interpret(doc: &Literal) -> Result<Header, Problem> {
    let Literal::Dict(entries) = doc else {
        return Err(Problem::NotDict(doc.describe()));
    };
    let mut found: [Option<&Literal>; 3] = [None; 3];
    for (key, value) in entries {
        let Literal::Str(name) = key else {
            return Err(Problem::UnknownKey(key.describe(), None));
        };
        let Some(i) = KEYS.iter().position(|k| k == name) else {
            return Err(Problem::UnknownKey(quote(name), nearest(name, &KEYS, &[])));
        };
        if found[i].replace(value).is_some() {
            return Err(Problem::Duplicate(KEYS[i]));
        }
    }
    let [Some(descr), Some(order), Some(shape)] = found else {
        let missing = KEYS
            .iter()
            .zip(found)
            .find_map(|(k, v)| v.is_none().then_some(*k))
            .unwrap_or(KEYS[0]);
        return Err(Problem::Missing(missing));
    };
    let descr = match descr {
        Literal::Str(s) => Some(s.clone()),
        Literal::List(_) => None,
        other => return Err(Problem::Descr(other.describe())),
    };
    let fortran = match order {
        Literal::Bool(b) => *b,
        other => return Err(Problem::Order(other.describe())),
    };
    let shape = match shape {
        Literal::Tuple(items) => items
            .iter()
            .map(|d| match d {
                Literal::Int(n) => n.parse::<usize>().ok(),
                _ => None,
            })
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| Problem::Shape(shape_text(items)))?,
        other => return Err(Problem::Shape(other.describe())),
    };
    Ok(Header {
        descr,
        fortran,
        shape,
        data_start: 0,
    })
}

/// A shape that is not one, as a message shows it: `(2, -1)`, `(2, 'x')`.
fn shape_text(items: &[Literal]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|d| match d {
            Literal::Int(n) => cut(n),
            other => other.describe(),
        })
        .collect();
    format!("({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::display;

    fn parse(text: &str) -> Result<Header, Problem> {
        interpret(&Parser::new(text).document()?)
    }

    #[test]
    fn numpy_headers_as_numpy_writes_them() {
        let h = parse("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }          \n")
            .unwrap();
        assert_eq!(h.descr.as_deref(), Some("<f8"));
        assert_eq!((h.fortran, h.shape), (false, vec![3, 2]));
        let h = parse("{\"descr\": \">f8\", \"fortran_order\": True, \"shape\": (4,)}").unwrap();
        assert_eq!((h.fortran, h.shape), (true, vec![4]));
        let h = parse("{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 2L), }").unwrap();
        assert_eq!(h.shape, [3, 2]);
        let h =
            parse("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': ()}")
                .unwrap();
        assert_eq!((h.descr, h.shape), (None, vec![]));
    }

    #[test]
    fn every_problem_is_worded_and_quotes_the_header_only_escaped() {
        let said = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            said("{'descr': '<f8', 'fortran_order': False, 'shaper': (2, 2), }"),
            "its header has the unknown key 'shaper'; did you mean 'shape'?"
        );
        assert_eq!(
            said("{'descr': '<f8', 'fortran_order': False}"),
            "its header has no 'shape'"
        );
        assert_eq!(
            said("{'descr': '<f8', 'fortran_order': '\x1b[31m', 'shape': (2,)}"),
            "its header's 'fortran_order' is \"\\u{1b}[31m\", not True or False"
        );
        assert_eq!(
            said("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}"),
            "its header's 'shape' is (2, -1), not a tuple of whole numbers such as (3, 2)"
        );
        assert_eq!(
            said("['\x1b[31m']"),
            "its header is a list, not a dictionary of 'descr', 'fortran_order' and 'shape'"
        );
        assert_eq!(
            said("{'descr': '<f8', \x1b[31m"),
            "its header cannot be read: at character 18, expected a value, found `\\u{1b}`"
        );
        assert_eq!(
            said("{'\u{202e}x': 1}"),
            "its header has the unknown key \"\\u{202e}x\" (a header has 'descr', 'fortran_order' and 'shape')"
        );
        assert_eq!(
            said(&"[".repeat(10)),
            "its header is not the description of an array"
        );
        for text in ["", "{", "{'a'", "{'descr' '<f8'}", "{'descr': '<f8\x00"] {
            let message = said(text);
            assert!(
                message.chars().all(|c| !display::is_unsafe(c)),
                "{message:?}"
            );
        }
    }

    #[test]
    fn the_fixed_part_of_the_header() {
        let mut short: &[u8] = b"\x93NUM";
        assert_eq!(read(&mut short), Err(Problem::Truncated));
        let mut other: &[u8] = b"w = [[1, 2]]\n";
        assert_eq!(read(&mut other), Err(Problem::NotNpy));
        let mut v9: &[u8] = b"\x93NUMPY\x09\x00\x10\x00";
        assert_eq!(read(&mut v9), Err(Problem::Version(9)));
        let mut long: &[u8] = b"\x93NUMPY\x02\x00\x00\x00\x01\x00";
        assert_eq!(read(&mut long), Err(Problem::TooLong(65_536)));
        let mut latin1: &[u8] = b"\x93NUMPY\x01\x00\x04\x00{'\xe9'";
        assert_eq!(read(&mut latin1), Err(Problem::NotText(2)));
    }
}
