//! `[data]` read from a CSV file: `csv = "FILE"`, `inputs = N`, `header = true|false`.
//!
//! Each line is one sample: the first N numbers its input, the rest its target, separated by
//! commas. The file is streamed record by record (it may be far larger than a TOML file could
//! be), through the same checks as any input: a regular file, within [`MAX_CSV_BYTES`]. A
//! problem with a number is reported at its line and column in the CSV file, with the line
//! shown; a problem with the file as a whole at the lesson's `csv = "…"` value.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Take};
use std::path::Path;

use ndarray::Array1;

use super::data::{TargetProblem, check_target};
use super::network::Net;
use super::{Files, Res, plural};
use crate::lesson::LessonError;
use crate::lesson::limits::{MAX_CSV_BYTES, MAX_DATA_VALUES, MAX_INPUTS, MAX_SAMPLES};
use crate::lesson::model::{Loss, Sample};
use crate::source::input::{self, Expect};
use crate::source::reader::{Cx, Table, Value, boolean, count, name, string, thousands};
use crate::source::{Diagnostic, Problem, Snippet, SourceError, display};

const CSV_KEYS: [&str; 3] = ["csv", "inputs", "header"];

const EXPECT: Expect = Expect {
    noun: "CSV data",
    limit: MAX_CSV_BYTES,
    too_large_help: "a data set holds at most 50,000,000 numbers",
    path_help: "give the path of a CSV file, one sample per line",
    not_found_help: Some("the path is relative to the lesson file"),
};

/// The byte-order mark spreadsheet programs put at the start of a UTF-8 CSV file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn read(cx: Cx, t: &Table, net: &Net, loss: Loss, files: Files) -> Res<Vec<Sample>> {
    t.allow_only(cx, &CSV_KEYS)?;
    let csv_e = t.require(
        cx,
        "csv",
        "add csv = \"FILE.csv\", a file with one sample per line",
    )?;
    let rel = string(cx, csv_e.value, "for `csv` (the path of a CSV file)")?;
    let inputs = inputs(cx, t, net)?;
    let header = match t.get("header") {
        Some(e) => boolean(cx, e.value, "for `header`")?,
        None => false,
    };
    let path = files.path(rel);
    let file = Csv {
        path: &path,
        name: display::path(&path),
        inputs,
        outputs: net.outputs(),
        header,
    };
    let at_value = |err: SourceError| named_at(cx, csv_e.value, &file.name, err);
    let (handle, _) = input::open(&path, &file.name, &EXPECT).map_err(at_value)?;
    let samples = file.samples(handle, loss, net)?;
    if samples.is_empty() {
        let only_header = if header {
            " (only the header line)"
        } else {
            ""
        };
        return Err(at_value(SourceError::new(
            Problem::Empty,
            Diagnostic::without_position(
                &file.name,
                format!("the file has no samples{only_header}"),
            )
            .with_help("write one sample per line: its inputs, then its targets"),
        )));
    }
    Ok(samples)
}

/// `inputs = N`, which must be the network's number of inputs.
fn inputs(cx: Cx, t: &Table, net: &Net) -> Res<usize> {
    let e = t.require(
        cx,
        "inputs",
        format!(
            "add inputs = {}: the first {} columns of each line are the input, the rest the target",
            net.inputs(),
            net.inputs()
        ),
    )?;
    let n = count(cx, e.value, "`inputs`", 1, MAX_INPUTS)?;
    if n != net.inputs() {
        // An image's pixels come flat, channel by channel and row by row: C·H·W columns.
        let image = match net.input {
            crate::lesson::Shape::Image { c, h, w } => {
                format!(" (a {c}×{h}×{w} image, flat in row-major order)")
            }
            _ => String::new(),
        };
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "`inputs` is {n}, but the network has {}{image}",
                    plural(net.inputs(), "input")
                ),
            )
            .with_help(format!(
                "write inputs = {}: the first columns of each line are a sample's input, one \
                 per input of the network",
                net.inputs()
            ))
            .into());
    }
    Ok(n)
}

/// A problem with the CSV file as a whole, reported at the lesson's `csv = "…"` value.
fn named_at(cx: Cx, v: &Value, name: &str, err: SourceError) -> LessonError {
    let problem = err.problem();
    let inner = err.into_diagnostic();
    let mut d = cx.at(v.span(), format!("{name}: {}", inner.message));
    if let Some(help) = inner.help {
        d = d.with_help(help);
    }
    LessonError::DataFile(SourceError::new(problem, d))
}

/// The CSV file being read, and what each of its lines must hold.
struct Csv<'a> {
    path: &'a Path,
    name: String,
    inputs: usize,
    outputs: usize,
    header: bool,
}

impl Csv<'_> {
    fn per_line(&self) -> usize {
        self.inputs + self.outputs
    }

    /// Every sample of the file, streamed.
    fn samples(&self, file: File, loss: Loss, net: &Net) -> Res<Vec<Sample>> {
        let mut reader = BufReader::new(file.take(EXPECT.limit + 1));
        if reader.fill_buf().is_ok_and(|b| b.starts_with(BOM)) {
            reader.consume(BOM.len());
        }
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(self.header)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let mut record = csv::ByteRecord::new();
        let mut samples = Vec::new();
        let mut values = Vec::with_capacity(self.per_line());
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(self.unreadable(&e)),
            }
            // The position is where reading the record began, before any blank lines.
            let line = record.position().map_or(1, |p| p.line() as usize);
            self.within_limits(samples.len() + 1, line)?;
            self.numbers(&record, line, &mut values)?;
            self.target_suits(&values, line, loss, net)?;
            let (x, y) = values.split_at(self.inputs);
            samples.push(Sample {
                input: Array1::from(x.to_vec()),
                target: Array1::from(y.to_vec()),
            });
        }
        if exhausted(csv.into_inner()) {
            return Err(LessonError::DataFile(input::too_large(
                &self.name,
                EXPECT.limit + 1,
                &EXPECT,
            )));
        }
        Ok(samples)
    }

    fn unreadable(&self, e: &csv::Error) -> LessonError {
        LessonError::DataFile(SourceError::new(
            Problem::Unreadable,
            Diagnostic::without_position(&self.name, format!("cannot read the file: {e}")),
        ))
    }

    /// Sample `n` (1-based), read from `line` on, must fit the limits on samples and numbers.
    fn within_limits(&self, n: usize, line: usize) -> Res<()> {
        let message = if n > MAX_SAMPLES {
            format!(
                "this is sample {}, more than the limit of {}",
                thousands(n as u128),
                thousands(MAX_SAMPLES as u128)
            )
        } else if n as u128 * self.per_line() as u128 > MAX_DATA_VALUES as u128 {
            format!(
                "with this line the data holds more than {} numbers, the limit",
                thousands(MAX_DATA_VALUES as u128)
            )
        } else {
            return Ok(());
        };
        let d =
            Diagnostic::at_position(&self.name, line, 1, message).with_help("use fewer samples");
        Err(LessonError::DataFile(SourceError::new(Problem::Invalid, d)))
    }

    /// The numbers of `record` (on `line`) into `out`: as many as a line needs, each finite.
    fn numbers(&self, record: &csv::ByteRecord, line: usize, out: &mut Vec<f64>) -> Res<()> {
        out.clear();
        if record.len() != self.per_line() {
            return Err(self.wrong_count(record, line));
        }
        for (i, field) in record.iter().enumerate() {
            let text = String::from_utf8_lossy(field);
            let x = match text.parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                Ok(x) => {
                    let what = if x.is_nan() {
                        "not a number"
                    } else {
                        "infinity"
                    };
                    return Err(self.at_field(
                        Problem::Invalid,
                        line,
                        i,
                        format!(
                            "found `{text}` ({what}), but every number in a lesson must be finite"
                        ),
                        None,
                    ));
                }
                Err(_) => return Err(self.not_a_number(&text, line, i)),
            };
            out.push(x);
        }
        Ok(())
    }

    fn wrong_count(&self, record: &csv::ByteRecord, line: usize) -> LessonError {
        let (line, text) = self.record_line(line);
        let message = format!(
            "line {line} has {}, but each line needs {}: {} (inputs = {}) and {} (one per \
             output neuron)",
            plural(record.len(), "value"),
            self.per_line(),
            plural(self.inputs, "input"),
            self.inputs,
            plural(self.outputs, "target"),
        );
        let one_field = record.len() == 1 && record.get(0).is_some_and(|f| f.contains(&b';'));
        let help = if one_field {
            "separate the values with commas, not semicolons".to_string()
        } else {
            format!(
                "write each sample on a line of its own: {} numbers, then {}",
                self.inputs,
                plural(self.outputs, "target")
            )
        };
        let d = Diagnostic::at_position(&self.name, line, 1, message);
        let d = match text {
            Some(text) => {
                let len = text.chars().count().max(1);
                d.with_snippet(Snippet::from_line(line, &text, 0, len))
            }
            None => d,
        };
        LessonError::DataFile(SourceError::new(Problem::Syntax, d.with_help(help)))
    }

    fn not_a_number(&self, text: &str, line: usize, i: usize) -> LessonError {
        let help = if let Some(fixed) = decimal_comma(text) {
            Some(format!("numbers use a decimal point: {fixed}"))
        } else if !self.header && line == 1 && text.chars().any(char::is_alphabetic) {
            Some("if the first line names the columns, add header = true to [data]".to_string())
        } else {
            None
        };
        let found = if text.is_empty() {
            "an empty value".to_string()
        } else {
            name(text)
        };
        self.at_field(
            Problem::Syntax,
            line,
            i,
            format!("expected a number, found {found}"),
            help,
        )
    }

    /// The target of the sample on `line` (in `values`, after the inputs) must suit the loss.
    fn target_suits(&self, values: &[f64], line: usize, loss: Loss, net: &Net) -> Res<()> {
        let y = &values[self.inputs..];
        let Err(problem) = check_target(y, self.outputs, loss) else {
            return Ok(());
        };
        let field = match problem {
            TargetProblem::OutOfRange(k) => self.inputs + k,
            _ => self.inputs,
        };
        let what = format!("the target on line {line}");
        let (message, help) = problem.words(&what, |k| y[k].to_string(), net, loss);
        Err(self.at_field(Problem::Invalid, line, field, message, Some(help)))
    }

    /// A problem with field `i` (0-based) of `line`, positioned at its column with the line
    /// shown (the file is read again for that line: errors are rare, lines are not kept).
    fn at_field(
        &self,
        problem: Problem,
        line: usize,
        i: usize,
        message: String,
        help: Option<String>,
    ) -> LessonError {
        let (line, text) = self.record_line(line);
        let (column, len) = text.as_deref().map_or((0, 1), |t| field_at(t, i));
        let mut d = Diagnostic::at_position(&self.name, line, column + 1, message);
        if let Some(text) = &text {
            d = d.with_snippet(Snippet::from_line(line, text, column, len));
        }
        if let Some(help) = help {
            d = d.with_help(help);
        }
        LessonError::DataFile(SourceError::new(problem, d))
    }

    /// The line a record read from `from` on starts at (blank lines before it are skipped),
    /// and its text without its line break or a byte-order mark. The file is read again for
    /// it: errors are rare, and lines are not kept while reading.
    fn record_line(&self, from: usize) -> (usize, Option<String>) {
        let Ok((file, _)) = input::open(self.path, &self.name, &EXPECT) else {
            return (from, None);
        };
        let mut reader = BufReader::new(file.take(EXPECT.limit));
        let mut buf = Vec::new();
        let mut line = 0;
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => return (from, None),
                Ok(_) => line += 1,
            }
            let bytes = buf.strip_prefix(BOM).filter(|_| line == 1).unwrap_or(&buf);
            let text = String::from_utf8_lossy(bytes);
            let text = text.trim_end_matches(['\n', '\r']);
            if line >= from && !text.trim().is_empty() {
                return (line, Some(text.to_string()));
            }
        }
    }
}

/// Was more than the limit read? (The reader stopped at the limit plus one byte.)
fn exhausted(reader: BufReader<Take<File>>) -> bool {
    reader.buffer().is_empty() && reader.into_inner().limit() == 0
}

/// Column (0-based, in characters) and length of field `i` (0-based) of a CSV line: commas
/// inside double quotes do not separate fields; white space around a value is not part of it.
fn field_at(line: &str, i: usize) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let mut field = 0;
    let mut start = 0;
    let mut quoted = false;
    let mut end = chars.len();
    for (at, &c) in chars.iter().enumerate() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                if field == i {
                    end = at;
                    break;
                }
                field += 1;
                start = at + 1;
            }
            _ => {}
        }
    }
    if field < i {
        return (chars.len(), 1);
    }
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    (start, (end - start).max(1))
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
    fn fields_are_found_where_they_are_written() {
        assert_eq!(field_at("1,2,3", 0), (0, 1));
        assert_eq!(field_at("1,2,3", 2), (4, 1));
        assert_eq!(field_at("1, abc ,3", 1), (3, 3));
        assert_eq!(field_at("\"1,5\",x", 1), (6, 1));
        assert_eq!(field_at("1,2", 5), (3, 1));
        assert_eq!(field_at("1,,3", 1), (2, 1));
    }

    #[test]
    fn decimal_commas_inside_quotes() {
        assert_eq!(decimal_comma("0,5").as_deref(), Some("0.5"));
        assert_eq!(decimal_comma("abc"), None);
    }
}
