//! The header of a NumPy `.npy` file, read here rather than by a library so that every problem
//! is worded for a learner, nothing it holds reaches a message unescaped, and the size of the
//! numbers it promises is known before any of them is read.
//!
//! A `.npy` file starts with `\x93NUMPY`, a version (1, 2 or 3), the header's length (2 bytes
//! in version 1, 4 after), and the header: a Python dictionary literal such as
//! `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`, padded with spaces and ended
//! by a line break. The numbers follow it.

use std::fmt;
use std::io::{self, Read};

use crate::source::display;
use crate::source::suggest::nearest;

/// The magic string every `.npy` file starts with.
const MAGIC: &[u8] = b"\x93NUMPY";
/// Longest header read. NumPy itself refuses headers over 10,000 bytes by default.
pub(super) const MAX_HEADER: usize = 65_535;
/// Deepest nesting of brackets in a header: `{'shape': (2, 3), …}` needs 2, a record dtype 3.
const MAX_NESTING: usize = 4;
/// The keys of a header, all required, no others (as NumPy requires).
const KEYS: [&str; 3] = ["descr", "fortran_order", "shape"];
/// Characters of a value quoted in a message.
const QUOTED: usize = 40;

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
        /// What would have been right there.
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

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotNpy => {
                f.write_str("this is not a NumPy .npy file (it does not start with \\x93NUMPY)")
            }
            Problem::Version(v) => write!(
                f,
                "the .npy format version {v} is not supported (only 1, 2 and 3)"
            ),
            Problem::Truncated => f.write_str("the file is truncated inside its header"),
            Problem::TooLong(n) => write!(
                f,
                "its header is {n} bytes long, more than the {MAX_HEADER} a NumPy array needs"
            ),
            Problem::NotText(at) => write!(
                f,
                "its header is not text: byte {} of it is not part of any character",
                at + 1
            ),
            Problem::TooDeep => f.write_str("its header is not the description of an array"),
            Problem::Syntax {
                at,
                expected,
                found,
            } => write!(
                f,
                "its header cannot be read: at character {at}, expected {expected}, found {found}"
            ),
            Problem::NotDict(found) => write!(
                f,
                "its header is {found}, not a dictionary of 'descr', 'fortran_order' and 'shape'"
            ),
            Problem::UnknownKey(key, near) => {
                write!(f, "its header has the unknown key {key}")?;
                match near {
                    Some(near) => write!(f, "; did you mean '{near}'?"),
                    None => f.write_str(" (a header has 'descr', 'fortran_order' and 'shape')"),
                }
            }
            Problem::Duplicate(key) => write!(f, "its header gives '{key}' twice"),
            Problem::Missing(key) => write!(f, "its header has no '{key}'"),
            Problem::Descr(found) => write!(
                f,
                "its header's 'descr' is {found}, not a dtype such as '<f8'"
            ),
            Problem::Order(found) => write!(
                f,
                "its header's 'fortran_order' is {found}, not True or False"
            ),
            Problem::Shape(found) => write!(
                f,
                "its header's 'shape' is {found}, not a tuple of whole numbers such as (3, 2)"
            ),
        }
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

/// A Python literal, as far as a header can hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Literal {
    Str(String),
    /// A whole number as written (a sign, digits), not yet converted.
    Int(String),
    Bool(bool),
    None,
    Tuple(Vec<Literal>),
    List(Vec<Literal>),
    Dict(Vec<(Literal, Literal)>),
}

impl Literal {
    /// The literal as a message names it: short, and quoted only escaped.
    fn describe(&self) -> String {
        match self {
            Literal::Str(s) => quote(s),
            Literal::Int(n) => format!("the number {}", cut(n)),
            Literal::Bool(b) => if *b { "True" } else { "False" }.into(),
            Literal::None => "None".into(),
            Literal::Tuple(items) if items.is_empty() => "an empty tuple".into(),
            Literal::Tuple(_) => "a tuple of something else".into(),
            Literal::List(_) => "a list".into(),
            Literal::Dict(_) => "a dictionary".into(),
        }
    }
}

/// A string of the file in a message: `'<f8'` when it is plain and short, else quoted, cut and
/// escaped by the display layer.
pub(super) fn quote(s: &str) -> String {
    let plain = s.chars().count() <= QUOTED
        && s.chars()
            .all(|c| !display::is_unsafe(c) && c != '\'' && c != '\\');
    if plain {
        format!("'{s}'")
    } else {
        let shown: String = s.chars().take(QUOTED).collect();
        let more = if s.chars().nth(QUOTED).is_some() {
            "…"
        } else {
            ""
        };
        format!("{}{more}", display::quoted(&shown))
    }
}

/// Text of the file cut to a message's length, escaped.
fn cut(s: &str) -> String {
    let shown: String = s.chars().take(QUOTED).collect();
    let more = if s.chars().nth(QUOTED).is_some() {
        "…"
    } else {
        ""
    };
    format!("{}{more}", display::line(&shown))
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

/// A parser of the Python literals a header is written in, over its characters (positions in
/// messages count characters, and no text is cut at a byte).
struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn new(text: &str) -> Self {
        Parser {
            chars: text.chars().collect(),
            at: 0,
            depth: 0,
        }
    }

    /// The whole header: one literal, then only white space.
    fn document(&mut self) -> Result<Literal, Problem> {
        let value = self.value()?;
        self.space();
        match self.peek() {
            None => Ok(value),
            Some(_) => Err(self.expected("the end of the header")),
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn expected(&self, expected: &'static str) -> Problem {
        let found = match self.peek() {
            None => "the end of the header".to_string(),
            Some(c) => {
                let mut shown = String::new();
                display::push_char(&mut shown, c);
                format!("`{shown}`")
            }
        };
        Problem::Syntax {
            at: self.at + 1,
            expected,
            found,
        }
    }

    fn value(&mut self) -> Result<Literal, Problem> {
        self.space();
        match self.peek() {
            Some('\'' | '"') => self.string().map(Literal::Str),
            Some('{') => self.dict(),
            Some('(') => self.sequence(')').map(Literal::Tuple),
            Some('[') => self.sequence(']').map(Literal::List),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' => Ok(self.int()),
            Some(c) if c.is_alphabetic() => self.word(),
            _ => Err(self.expected("a value")),
        }
    }

    /// Opens a bracket, refusing nesting deeper than a header needs.
    fn open(&mut self) -> Result<(), Problem> {
        self.depth += 1;
        self.at += 1;
        match self.depth > MAX_NESTING {
            true => Err(Problem::TooDeep),
            false => Ok(()),
        }
    }

    fn dict(&mut self) -> Result<Literal, Problem> {
        self.open()?;
        let mut entries = Vec::new();
        loop {
            self.space();
            if self.peek() == Some('}') {
                break;
            }
            let key = self.value()?;
            self.space();
            if self.peek() != Some(':') {
                return Err(self.expected("`:` after a key"));
            }
            self.at += 1;
            let value = self.value()?;
            entries.push((key, value));
            self.space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => break,
                _ => return Err(self.expected("`,` or `}`")),
            }
        }
        self.at += 1;
        self.depth -= 1;
        Ok(Literal::Dict(entries))
    }

    fn sequence(&mut self, close: char) -> Result<Vec<Literal>, Problem> {
        self.open()?;
        let mut items = Vec::new();
        loop {
            self.space();
            if self.peek() == Some(close) {
                break;
            }
            items.push(self.value()?);
            self.space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(c) if c == close => break,
                _ => {
                    let expected = match close {
                        ')' => "`,` or `)`",
                        _ => "`,` or `]`",
                    };
                    return Err(self.expected(expected));
                }
            }
        }
        self.at += 1;
        self.depth -= 1;
        Ok(items)
    }

    fn string(&mut self) -> Result<String, Problem> {
        let quote = self.peek();
        self.at += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return Err(self.expected("the end of a string")),
                Some(c) if Some(c) == quote => {
                    self.at += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r') => s.push('\r'),
                        Some('0') => s.push('\0'),
                        Some(c @ ('\\' | '\'' | '"')) => s.push(c),
                        Some(c) => {
                            s.push('\\');
                            s.push(c);
                        }
                        None => return Err(self.expected("the end of a string")),
                    }
                    self.at += 1;
                }
                Some(c) => {
                    s.push(c);
                    self.at += 1;
                }
            }
        }
    }

    /// A whole number; Python 2 wrote `3L` for a long one.
    fn int(&mut self) -> Literal {
        let mut n = String::new();
        if let Some(sign @ ('-' | '+')) = self.peek() {
            n.push(sign);
            self.at += 1;
        }
        while let Some(c) = self.peek().filter(char::is_ascii_digit) {
            n.push(c);
            self.at += 1;
        }
        if matches!(self.peek(), Some('L' | 'l')) {
            self.at += 1;
        }
        Literal::Int(n)
    }

    fn word(&mut self) -> Result<Literal, Problem> {
        let start = self.at;
        let mut word = String::new();
        while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || *c == '_') {
            word.push(c);
            self.at += 1;
        }
        match word.as_str() {
            "True" => Ok(Literal::Bool(true)),
            "False" => Ok(Literal::Bool(false)),
            "None" => Ok(Literal::None),
            _ => {
                self.at = start;
                Err(self.expected("a value (a string, a number, True, False or a tuple)"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
