//! `[data]` read from a CSV file: `csv = "FILE"`, `inputs = N`, `header = true|false`.
//!
//! Each line is one sample: the first N numbers its input, the rest its target, separated by
//! commas. Blank lines, and lines of only spaces or tabs, are skipped. The file is streamed line
//! by line ([`lines`]; it may be far larger than a TOML file could be), through the same checks
//! as any input: a regular file, within [`MAX_CSV_BYTES`]; a line longer than a sample needs is
//! refused as it is read. A problem with a number is reported at its line and column in the CSV
//! file, showing that field alone (nothing else of a file named by mistake is echoed); a
//! problem with the file as a whole at the lesson's `csv = "…"` value.

mod lines;

use std::fs::File;
use std::io::{BufReader, Read, Take};

use ndarray::Array1;

use self::lines::{Field, Line, LineProblem, Lines, Unclosed};
use super::data::{TargetProblem, check_target};
use super::network::Net;
use super::{Files, Res, plural};
use crate::lesson::LessonError;
use crate::lesson::limits::{MAX_CSV_BYTES, MAX_DATA_VALUES, MAX_INPUTS, MAX_SAMPLES};
use crate::lesson::model::{Loss, Sample};
use crate::source::input::{self, Expect};
use crate::source::reader::{Cx, Table, Value, boolean, count, for_key, name, string, thousands};
use crate::source::{Diagnostic, Problem, Snippet, SourceError, display};

const CSV_KEYS: [&str; 3] = ["csv", "inputs", "header"];

const EXPECT: Expect = Expect {
    noun: "err-noun-csv",
    limit: MAX_CSV_BYTES,
    too_large_help: "err-csv-too-large-help",
    path_help: "err-csv-path-help",
    not_found_help: Some("err-relative-to-lesson"),
};

/// A line may hold this many bytes, and [`LINE_PER_VALUE`] more for each number of a sample:
/// room for any way of writing the numbers, and no room to exhaust memory.
const LINE_BASE: usize = 64 * 1024;
/// See [`LINE_BASE`].
const LINE_PER_VALUE: usize = 256;

/// What each line should hold, for help (the id of its words).
const SAMPLE_HELP: &str = "err-csv-sample-help";

pub(super) fn read(cx: Cx, t: &Table, net: &Net, loss: Loss, files: Files) -> Res<Vec<Sample>> {
    t.allow_only(cx, &CSV_KEYS)?;
    let csv_e = t.require(cx, "csv", crate::msg!("err-csv-help"))?;
    let rel = string(cx, csv_e.value, &crate::msg!("err-for-csv-path"))?;
    if rel.is_empty() {
        return Err(cx
            .at(csv_e.value.span(), crate::msg!("err-csv-path-empty"))
            .with_help(crate::msg!("err-csv-path-empty-help"))
            .into());
    }
    let inputs = inputs(cx, t, net)?;
    let header = match t.get("header") {
        Some(e) => boolean(cx, e.value, &for_key("header"))?,
        None => false,
    };
    let path = files.path(rel);
    let file = Csv {
        name: display::path(&path),
        inputs,
        outputs: net.outputs(),
        header,
    };
    let at_value = |err: SourceError| named_at(cx, csv_e.value, &file.name, err);
    let (handle, _) = input::open(&path, &file.name, &EXPECT).map_err(at_value)?;
    let samples = file.samples(handle, loss, net)?;
    if samples.is_empty() {
        let message = if header {
            "err-csv-only-header"
        } else {
            "err-csv-no-samples"
        };
        return Err(at_value(SourceError::new(
            Problem::Empty,
            Diagnostic::without_position(&file.name, crate::msg!(message))
                .with_help(crate::msg!(SAMPLE_HELP)),
        )));
    }
    Ok(samples)
}

/// `inputs = N`, which must be the network's number of inputs.
fn inputs(cx: Cx, t: &Table, net: &Net) -> Res<usize> {
    let e = t.require(
        cx,
        "inputs",
        crate::msg!("err-csv-inputs-help", n = net.inputs().to_string()),
    )?;
    let n = count(cx, e.value, "`inputs`", 1, MAX_INPUTS)?;
    if n != net.inputs() {
        let inputs = plural(net.inputs(), "err-n-inputs");
        let message = match net.input {
            // An image's pixels come flat, channel by channel and row by row: C·H·W columns.
            crate::lesson::Shape::Image { c, h, w } => crate::msg!(
                "err-csv-inputs-image",
                n = n.to_string(),
                inputs = inputs,
                image = format!("{c}×{h}×{w}")
            ),
            _ => crate::msg!("err-csv-inputs", n = n.to_string(), inputs = inputs),
        };
        return Err(cx
            .at(e.value.span(), message)
            .with_help(crate::msg!(
                "err-csv-inputs-write",
                n = net.inputs().to_string()
            ))
            .into());
    }
    Ok(n)
}

/// A problem with the CSV file as a whole, reported at the lesson's `csv = "…"` value.
fn named_at(cx: Cx, v: &Value, name: &str, err: SourceError) -> LessonError {
    let problem = err.problem();
    let inner = err.into_diagnostic();
    let mut d = cx.at(
        v.span(),
        crate::msg!("err-in-file", file = name, message = inner.message),
    );
    if let Some(help) = inner.help {
        d = d.with_help(help);
    }
    LessonError::DataFile(SourceError::new(problem, d))
}

/// The CSV file being read, and what each of its lines must hold.
struct Csv {
    name: String,
    inputs: usize,
    outputs: usize,
    header: bool,
}

impl Csv {
    fn per_line(&self) -> usize {
        self.inputs + self.outputs
    }

    /// Longest line read, in bytes.
    fn line_limit(&self) -> usize {
        LINE_BASE.saturating_add(LINE_PER_VALUE.saturating_mul(self.per_line()))
    }

    /// Every sample of the file, streamed.
    fn samples(&self, file: File, loss: Loss, net: &Net) -> Res<Vec<Sample>> {
        let mut reader = BufReader::with_capacity(64 * 1024, file.take(EXPECT.limit + 1));
        let mut lines = Lines::new(&mut reader, self.line_limit());
        let mut samples = Vec::new();
        let mut values = Vec::with_capacity(self.per_line());
        let mut header_read = !self.header;
        loop {
            let line = match lines.next_line() {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(problem) => return Err(self.unreadable(problem)),
            };
            if line.text.trim().is_empty() {
                continue;
            }
            let fields = lines::fields(line.text).map_err(|u| self.unclosed(&line, u))?;
            if !header_read {
                header_read = true;
                self.header_width(&line, &fields)?;
                continue;
            }
            self.within_limits(samples.len() + 1, line.number)?;
            let first = samples.is_empty();
            self.numbers(&line, &fields, first, &mut values)?;
            self.target_suits(&line, &fields, &values, loss, net)?;
            let (x, y) = values.split_at(self.inputs);
            samples.push(Sample {
                input: Array1::from(x.to_vec()),
                target: Array1::from(y.to_vec()),
            });
        }
        drop(lines);
        if exhausted(reader) {
            return Err(LessonError::DataFile(input::over_limit(
                &self.name, &EXPECT,
            )));
        }
        Ok(samples)
    }

    fn error(&self, problem: Problem, d: Diagnostic) -> LessonError {
        LessonError::DataFile(SourceError::new(problem, d))
    }

    /// A line that could not be read: too long, binary, not UTF-8, or an I/O error. Nothing of
    /// the line is shown: it may be anything.
    fn unreadable(&self, problem: LineProblem) -> LessonError {
        let (kind, d) = match problem {
            LineProblem::TooLong { line, limit } => (
                Problem::TooLarge,
                Diagnostic::at_position(
                    &self.name,
                    line,
                    1,
                    crate::msg!(
                        "err-csv-line-too-long",
                        line = line.to_string(),
                        limit = input_size(limit),
                        numbers = plural(self.per_line(), "err-n-numbers")
                    ),
                )
                .with_help(crate::msg!(SAMPLE_HELP)),
            ),
            LineProblem::Binary { line, column } => (
                Problem::NotText,
                Diagnostic::at_position(&self.name, line, column, crate::msg!("err-csv-nul"))
                    .with_help(crate::msg!("err-csv-nul-help")),
            ),
            LineProblem::NotUtf8 { line, column, byte } => (
                Problem::NotText,
                Diagnostic::at_position(
                    &self.name,
                    line,
                    column,
                    crate::msg!("err-csv-bad-byte", byte = format!("{byte:02X}")),
                )
                .with_help(crate::msg!("err-csv-bad-byte-help")),
            ),
            LineProblem::Io(e) => (
                Problem::Unreadable,
                Diagnostic::without_position(
                    &self.name,
                    crate::msg!("err-cannot-read", error = e.to_string()),
                ),
            ),
        };
        self.error(kind, d)
    }

    /// A quote opened and not closed on its line.
    fn unclosed(&self, line: &Line, Unclosed(at): Unclosed) -> LessonError {
        let rest: String = line.text.chars().skip(at).collect();
        let d = Diagnostic::at_position(
            &self.name,
            line.number,
            at + 1,
            crate::msg!("err-csv-unclosed-quote"),
        )
        .with_snippet(shown_field(line.number, &rest, at > 0, false))
        .with_help(crate::msg!("err-csv-unclosed-quote-help"));
        self.error(Problem::Syntax, d)
    }

    /// With `header = true`, the first line names the columns: as many as a sample has.
    fn header_width(&self, line: &Line, fields: &[Field]) -> Res<()> {
        if fields.len() == self.per_line() {
            return Ok(());
        }
        let message = crate::msg!(
            "err-csv-header-width",
            columns = plural(fields.len(), "err-n-columns"),
            per_line = self.per_line().to_string(),
            inputs = plural(self.inputs, "err-n-inputs"),
            n = self.inputs.to_string(),
            targets = plural(self.outputs, "err-n-targets")
        );
        let len = line.text.chars().count().max(1);
        let d = Diagnostic::at_position(&self.name, line.number, 1, message)
            .with_snippet(Snippet::from_line(line.number, line.text, 0, len))
            .with_help(crate::msg!(
                "err-csv-header-width-help",
                per_line = self.per_line().to_string()
            ));
        Err(self.error(Problem::Syntax, d))
    }

    /// Sample `n` (1-based), on `line`, must fit the limits on samples and numbers.
    fn within_limits(&self, n: usize, line: usize) -> Res<()> {
        let message = if n > MAX_SAMPLES {
            crate::msg!(
                "err-csv-too-many-samples",
                n = thousands(n as u128),
                max = thousands(MAX_SAMPLES as u128)
            )
        } else if n as u128 * self.per_line() as u128 > MAX_DATA_VALUES as u128 {
            crate::msg!(
                "err-csv-too-much-data",
                max = thousands(MAX_DATA_VALUES as u128)
            )
        } else {
            return Ok(());
        };
        let d = Diagnostic::at_position(&self.name, line, 1, message)
            .with_help(crate::msg!("err-fewer-samples"));
        Err(self.error(Problem::Invalid, d))
    }

    /// The numbers of `fields` (of `line`; `first`: no sample came before it) into `out`: each
    /// finite, as many as a line needs.
    fn numbers(&self, line: &Line, fields: &[Field], first: bool, out: &mut Vec<f64>) -> Res<()> {
        out.clear();
        let semicolons = fields.len() == 1 && fields[0].value.contains(';');
        if semicolons && self.per_line() > 1 {
            return Err(self.wrong_count(line, fields.len()));
        }
        for (i, field) in fields.iter().enumerate() {
            let text = field.value.as_str();
            let x = match text.parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                Ok(x) => {
                    let id = if x.is_nan() {
                        "err-csv-nan"
                    } else {
                        "err-csv-infinite"
                    };
                    return Err(self.at_field(
                        Problem::Invalid,
                        line,
                        fields,
                        i,
                        crate::msg!(id, literal = text),
                        None,
                    ));
                }
                Err(_) => return Err(self.not_a_number(line, fields, i, first)),
            };
            out.push(x);
        }
        if fields.len() != self.per_line() {
            return Err(self.wrong_count(line, fields.len()));
        }
        Ok(())
    }

    /// A line of `n` values where a sample needs another number. Its fields are all numbers
    /// (or one field of numbers separated by semicolons), so the line is shown.
    fn wrong_count(&self, line: &Line, n: usize) -> LessonError {
        let message = crate::msg!(
            "err-csv-line-count",
            line = line.number.to_string(),
            values = plural(n, "err-n-values"),
            per_line = self.per_line().to_string(),
            inputs = plural(self.inputs, "err-n-inputs"),
            n = self.inputs.to_string(),
            targets = plural(self.outputs, "err-n-targets")
        );
        let help = if n == 1 && line.text.contains(';') {
            crate::msg!("err-csv-semicolons")
        } else {
            crate::msg!(
                "err-csv-line-count-help",
                n = self.inputs.to_string(),
                targets = plural(self.outputs, "err-n-targets")
            )
        };
        let len = line.text.chars().count().max(1);
        let d = Diagnostic::at_position(&self.name, line.number, 1, message)
            .with_snippet(Snippet::from_line(line.number, line.text, 0, len))
            .with_help(help);
        self.error(Problem::Syntax, d)
    }

    fn not_a_number(&self, line: &Line, fields: &[Field], i: usize, first: bool) -> LessonError {
        let text = fields[i].value.as_str();
        let help = if let Some(fixed) = decimal_comma(text) {
            Some(crate::msg!("err-decimal-point", fixed = fixed))
        } else if !self.header && first && text.chars().any(char::is_alphabetic) {
            Some(crate::msg!("err-csv-header-help"))
        } else {
            None
        };
        let found = if text.is_empty() {
            crate::msg!("err-an-empty-value")
        } else {
            name(text)
        };
        self.at_field(
            Problem::Syntax,
            line,
            fields,
            i,
            crate::msg!("err-csv-not-a-number", found = found),
            help,
        )
    }

    /// The target of the sample on `line` (in `values`, after the inputs) must suit the loss.
    fn target_suits(
        &self,
        line: &Line,
        fields: &[Field],
        values: &[f64],
        loss: Loss,
        net: &Net,
    ) -> Res<()> {
        let y = values.get(self.inputs..).unwrap_or_default();
        let Err(problem) = check_target(y, self.outputs, loss) else {
            return Ok(());
        };
        let field = match problem {
            TargetProblem::OutOfRange(k) => self.inputs + k,
            _ => self.inputs,
        };
        let what = crate::msg!("err-target-on-line", line = line.number.to_string());
        let written = |k: usize| {
            fields
                .get(self.inputs + k)
                .map_or_else(String::new, |f| f.value.clone())
        };
        let (message, help) = problem.words(&what, written, net, loss);
        Err(self.at_field(Problem::Invalid, line, fields, field, message, Some(help)))
    }

    /// A problem with field `i` (0-based) of `line`, positioned at its column, with that field
    /// shown and the rest of the line left out.
    fn at_field(
        &self,
        problem: Problem,
        line: &Line,
        fields: &[Field],
        i: usize,
        message: String,
        help: Option<String>,
    ) -> LessonError {
        let (column, len) = fields.get(i).map_or((0, 1), |f| (f.column, f.len));
        let written: String = line.text.chars().skip(column).take(len).collect();
        let d = Diagnostic::at_position(&self.name, line.number, column + 1, message).with_snippet(
            shown_field(line.number, &written, i > 0, i + 1 < fields.len()),
        );
        let d = match help {
            Some(help) => d.with_help(help),
            None => d,
        };
        self.error(problem, d)
    }
}

/// A field as a snippet shows it: `…,abc,…`, with `…` for the fields before and after it.
fn shown_field(line: usize, field: &str, before: bool, after: bool) -> Snippet {
    let lead = if before { "…," } else { "" };
    let tail = if after { ",…" } else { "" };
    let len = field.chars().count().max(1);
    Snippet::from_line(
        line,
        &format!("{lead}{field}{tail}"),
        lead.chars().count(),
        len,
    )
}

/// `limit` bytes in words: "64 KiB", or the bytes when it is less.
fn input_size(limit: usize) -> String {
    crate::source::limits::size(limit as u64)
}

/// Was more than the limit read? (The reader stopped at the limit plus one byte.)
fn exhausted(reader: BufReader<Take<File>>) -> bool {
    reader.buffer().is_empty() && reader.into_inner().limit() == 0
}

/// "0,593" → "0.593": a number with a decimal comma, which a CSV file can only hold in quotes.
fn decimal_comma(s: &str) -> Option<String> {
    let s = s.trim_matches('"');
    let (a, b) = s.split_once(',')?;
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    (digits(a.trim_start_matches(['+', '-'])) && digits(b)).then(|| format!("{a}.{b}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_commas_inside_quotes() {
        assert_eq!(decimal_comma("0,5").as_deref(), Some("0.5"));
        assert_eq!(decimal_comma("abc"), None);
    }
}
