//! The Python literals a `.npy` header is written in (a dictionary of strings, numbers,
//! `True`, `False` and tuples), parsed over their characters: positions in messages count
//! characters, no text is cut at a byte, and whatever is quoted in a message is escaped.

use super::header::Problem;
use crate::source::display;

/// Deepest nesting of brackets in a header: `{'shape': (2, 3), …}` needs 2, a record dtype 3.
const MAX_NESTING: usize = 4;
/// Characters of a value quoted in a message.
const QUOTED: usize = 40;

/// A Python literal, as far as a header can hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Literal {
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
    pub fn describe(&self) -> String {
        match self {
            Literal::Str(s) => quote(s),
            Literal::Int(n) => crate::msg!("err-npy-the-number", n = cut(n)),
            Literal::Bool(b) => if *b { "True" } else { "False" }.into(),
            Literal::None => "None".into(),
            Literal::Tuple(items) if items.is_empty() => crate::msg!("err-npy-empty-tuple"),
            Literal::Tuple(_) => crate::msg!("err-npy-other-tuple"),
            Literal::List(_) => crate::msg!("err-npy-a-list"),
            Literal::Dict(_) => crate::msg!("err-npy-a-dictionary"),
        }
    }
}

/// A string of the file in a message: `'<f8'` when it is plain and short, else quoted, cut and
/// escaped by the display layer.
pub(super) fn quote(s: &str) -> String {
    let plain = s.chars().count() <= QUOTED
        && s.chars()
            .all(|c| !display::is_unsafe(c) && c != '\'' && c != '\\');
    match plain {
        true => format!("'{s}'"),
        false => shortened(s, display::quoted),
    }
}

/// Text of the file cut to a message's length, escaped.
pub(super) fn cut(s: &str) -> String {
    shortened(s, |t| display::line(t).into_owned())
}

/// The first characters of `s` as `show` writes them, and `…` if there were more.
fn shortened(s: &str, show: impl Fn(&str) -> String) -> String {
    let shown: String = s.chars().take(QUOTED).collect();
    let more = if s.chars().nth(QUOTED).is_some() {
        "…"
    } else {
        ""
    };
    format!("{}{more}", show(&shown))
}

/// A parser of the Python literals a header is written in, over its characters (positions in
/// messages count characters, and no text is cut at a byte).
pub(super) struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    pub fn new(text: &str) -> Self {
        Parser {
            chars: text.chars().collect(),
            at: 0,
            depth: 0,
        }
    }

    /// The whole header: one literal, then only white space.
    pub fn document(&mut self) -> Result<Literal, Problem> {
        let value = self.value()?;
        self.space();
        match self.peek() {
            None => Ok(value),
            Some(_) => Err(self.expected("err-npy-end-of-header")),
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

    /// `expected` is the id of the words of what was expected.
    fn expected(&self, expected: &'static str) -> Problem {
        let found = match self.peek() {
            None => crate::msg!("err-npy-end-of-header"),
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
            _ => Err(self.expected("err-npy-a-value")),
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
                return Err(self.expected("err-npy-colon"));
            }
            self.at += 1;
            let value = self.value()?;
            entries.push((key, value));
            self.space();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => break,
                _ => return Err(self.expected("err-npy-comma-brace")),
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
                        ')' => "err-npy-comma-paren",
                        _ => "err-npy-comma-bracket",
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
                None | Some('\n') => return Err(self.expected("err-npy-end-of-string")),
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
                        None => return Err(self.expected("err-npy-end-of-string")),
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
                Err(self.expected("err-npy-a-python-value"))
            }
        }
    }
}
