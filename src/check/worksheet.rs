//! Worksheets: a learner's hand calculation in TOML, read with every position kept so each
//! problem is reported at its `file:line:column`.
//!
//! ```toml
//! lesson = "lessons/sigmoid_2layer.toml"   # optional; the command line names the lesson too
//!
//! [[answer]]
//! name = "a(1)[1]"   # a step name
//! value = 0.5933     # or "0.5930": the text as written sets the precision; "" = not answered
//! epoch = 1          # optional, default 1
//! sample = 1         # optional, default 1; for update steps the batch (`batch = 1` also works)
//! ```
//!
//! The tree is walked by hand (like the lesson loader) rather than through serde, so an unknown
//! key is reported at the key, a bad value at the value, and every message is worded here. Each
//! `[[answer]]` is checked on its own, so one run reports every broken answer, not just the first.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fmt;

use toml::de::{DeArray, DeInteger, DeTable, DeValue};

use crate::lesson::Lesson;
use crate::source::input::{self, Expect, Input};
use crate::source::limits::MAX_TOML_BYTES;
use crate::source::parse::{earliest, syntax_error};
use crate::source::reader::{self, Cx, Table, Value};
use crate::source::suggest::nearest;
use crate::source::{Diagnostic, SourceError, display, line_column, text};
use crate::trace::{Phase, Place, Quantity, StepId, StepKey, Trace};

use super::Answer;

/// Keys of one `[[answer]]`.
const ANSWER_KEYS: [&str; 5] = ["name", "value", "epoch", "sample", "batch"];
/// Keys at the top of a worksheet.
const TOP_KEYS: [&str; 2] = ["lesson", "answer"];
/// Problems shown in full; the rest are counted.
const MAX_SHOWN: usize = 10;
/// Answers are checked until this many problems are found (each costs a pass over the text).
const MAX_COLLECTED: usize = 100;

const STEP_NAMES: &str = "step names look like z(1)[2], a(1)[2], loss, delta(2)[1], db(2)[1], dw(2)[1,2], w(2)[1,2], b(2)[1]";
const VALUE_HELP: &str = "write value = 0.593, or value = \"0.5930\" to keep trailing zeros; \
     value = \"\" leaves it unanswered";
const WHAT_A_WORKSHEET_NEEDS: &str = "a worksheet has one [[answer]] table per number, each with \
     name = \"a(1)[1]\" and value = 0.5933; `bpnn-tutor worksheet LESSON -o FILE` writes a blank one";

/// What a worksheet file is, for the checks of [`crate::source`].
const EXPECT: Expect = Expect {
    noun: "worksheet",
    limit: MAX_TOML_BYTES,
    too_large_help: "split it into several worksheets, or check fewer numbers at a time",
    path_help: "give the path of a .toml worksheet, or - to read it from standard input",
    not_found_help: Some(
        "check the path; `bpnn-tutor worksheet LESSON -o FILE` writes a blank worksheet",
    ),
};

/// A number the learner wrote, and its text (which sets the precision: "0.5930" is 4 decimals).
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    /// The number.
    pub value: f64,
    /// As written.
    pub text: String,
}

/// One `[[answer]]`, checked against the lesson: the step exists and its epoch, sample or
/// batch are in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The step answered: its epoch, sample (or batch for update steps) and name.
    pub key: StepKey,
    /// `None`: not answered (no `value`, or `value = ""`).
    pub given: Option<Given>,
    /// 1-based line of the answer's `[[answer]]` header (or inline table).
    pub line: usize,
}

impl Entry {
    /// The answer to grade, if the learner gave one.
    pub fn answer(&self) -> Option<Answer> {
        self.given.as_ref().map(|g| Answer {
            key: self.key,
            given: g.value,
            text: g.text.clone(),
        })
    }

    /// The step's name, e.g. `dw(2)[1,2]`.
    pub fn name(&self) -> String {
        self.key.id.to_string()
    }
}

/// The `lesson = "…"` line of a worksheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonRef {
    pub name: String,
    pub line: usize,
    pub column: usize,
}

/// A worksheet whose every answer names a step of the lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Worksheet {
    /// The file's display name.
    pub file: String,
    pub lesson: Option<LessonRef>,
    /// In the order written.
    pub entries: Vec<Entry>,
}

impl Worksheet {
    /// The answered entries, as answers to grade.
    pub fn answers(&self) -> Vec<Answer> {
        self.entries.iter().filter_map(Entry::answer).collect()
    }
}

/// Why a worksheet cannot be checked: one or more positioned problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorksheetError {
    pub problems: Vec<Diagnostic>,
    /// The lesson the worksheet names, if that much could be read: checking against the wrong
    /// lesson is a likely cause of "no such step" problems.
    pub lesson: Option<LessonRef>,
}

impl WorksheetError {
    fn one(d: Diagnostic) -> Self {
        WorksheetError {
            problems: vec![d],
            lesson: None,
        }
    }

    fn from_problem(p: Problem) -> Self {
        Self::one(p.into_diagnostic())
    }
}

impl std::error::Error for WorksheetError {}

impl fmt::Display for WorksheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.problems.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{d}")?;
        }
        let n = self.problems.len();
        if n > MAX_SHOWN {
            write!(f, "\n\n… and {} more problems", n - MAX_SHOWN)?;
        }
        if n > 1 {
            let file = &self.problems[0].file;
            let at_least = if n >= MAX_COLLECTED { "at least " } else { "" };
            write!(f, "\n\n{at_least}{n} problems in {file}")?;
        }
        Ok(())
    }
}

/// One problem.
type Problem = SourceError;
type Res<T> = Result<T, Problem>;

/// Read the worksheet at `input` and check it against the lesson of `trace`.
pub fn load(input: &Input, trace: &Trace) -> Result<Worksheet, WorksheetError> {
    let source = input::read_text(input, &EXPECT).map_err(WorksheetError::from_problem)?;
    parse(&source.text, &source.name, trace)
}

/// A worksheet named on the command line: `-` for standard input; a path if such a file exists
/// (or `arg` looks like one: it contains `/` or ends in `.toml`, or is not UTF-8); otherwise a
/// bundled worksheet's name, with or without `.toml`.
pub fn load_arg(arg: impl AsRef<OsStr>, trace: &Trace) -> Result<Worksheet, WorksheetError> {
    let arg = arg.as_ref();
    let input = Input::from_arg(arg);
    if let Input::File(path) = &input
        && !path.exists()
        && let Some(name) = arg.to_str()
        && let Some(b) = super::bundled::find_arg(name)
    {
        return parse(b.text, &b.path(), trace);
    }
    if let (Input::File(path), Some(name)) = (&input, arg.to_str())
        && !path.exists()
        && !name.contains(['/', '\\'])
        && !name.ends_with(".toml")
    {
        let names = super::bundled::names();
        let mut message = format!(
            "there is no worksheet file or bundled worksheet called {}",
            reader::name(name)
        );
        if let Some(near) = nearest(name, &names, &[]) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        return Err(WorksheetError::one(
            Diagnostic::without_position(display::os_str(arg), message).with_help(format!(
                "the bundled worksheets are: {}; or give the path of a .toml file \
                 (`bpnn-tutor worksheet LESSON -o FILE` writes a blank one)",
                names.join(", ")
            )),
        ));
    }
    load(&input, trace)
}

/// Check worksheet bytes as read from a file: refuses binary data and text that is not UTF-8,
/// pointing at the first offending byte.
pub fn parse_bytes(bytes: &[u8], file: &str, trace: &Trace) -> Result<Worksheet, WorksheetError> {
    if bytes.len() as u64 > EXPECT.limit {
        let err = input::too_large(file, bytes.len() as u64, &EXPECT);
        return Err(WorksheetError::from_problem(err));
    }
    let text = text::decode(bytes, file, EXPECT.noun).map_err(WorksheetError::from_problem)?;
    parse(text, file, trace)
}

/// Check worksheet text against the lesson of `trace`; `file` is the name used in messages.
pub fn parse(text: &str, file: &str, trace: &Trace) -> Result<Worksheet, WorksheetError> {
    if text.len() as u64 > EXPECT.limit {
        let err = input::too_large(file, text.len() as u64, &EXPECT);
        return Err(WorksheetError::from_problem(err));
    }
    // An editor's byte-order mark is invisible: positions count from what the learner sees.
    let text = text::check(text, file, EXPECT.noun).map_err(WorksheetError::from_problem)?;
    if text.trim().is_empty() {
        let err = text::empty(file, "the worksheet is empty", WHAT_A_WORKSHEET_NEEDS);
        return Err(WorksheetError::from_problem(err));
    }
    let cx = Cx { file, text };
    let doc = DeTable::parse(text)
        .map_err(|e| WorksheetError::one(toml_error(cx, &earliest(text, e))))?;
    let top = Table::new(doc.get_ref(), doc.span(), "the worksheet");
    top_level_keys(cx, &top).map_err(WorksheetError::from_problem)?;
    let lesson = match top.get("lesson") {
        None => None,
        Some(e) => {
            let name = reader::string(cx, e.value, "for `lesson` (the lesson's file or name)")
                .map_err(WorksheetError::from_problem)?;
            let (line, column) = line_column(text, e.value.span().start);
            Some(LessonRef {
                name: name.to_string(),
                line,
                column,
            })
        }
    };
    let items = answer_list(cx, &top).map_err(|p| WorksheetError {
        lesson: lesson.clone(),
        ..WorksheetError::from_problem(p)
    })?;
    let mut problems = Vec::new();
    let mut entries = Vec::with_capacity(items.len());
    // Where each (step, epoch, sample-or-batch) was first answered, to refuse a second answer.
    let mut seen: HashMap<StepKey, usize> = HashMap::new();
    let lines = LineStarts::new(text);
    for (i, item) in items.iter().enumerate() {
        if problems.len() >= MAX_COLLECTED {
            break;
        }
        match answer(cx, &lines, trace, i + 1, item) {
            Ok((entry, name_span)) => {
                let key = entry.key;
                if let Some(&first) = seen.get(&key) {
                    problems.push(
                        cx.at(
                            name_span,
                            format!(
                                "{} of {} is answered twice (first in the [[answer]] on line {first})",
                                entry.name(),
                                place(&entry)
                            ),
                        )
                        .with_help("keep one answer per step"),
                    );
                    continue;
                }
                seen.insert(key, entry.line);
                entries.push(entry);
            }
            Err(p) => problems.push(p.into_diagnostic()),
        }
    }
    if !problems.is_empty() {
        return Err(WorksheetError { problems, lesson });
    }
    Ok(Worksheet {
        file: file.to_string(),
        lesson,
        entries,
    })
}

/// Where each line starts, so the line of every answer of a long worksheet is found
/// without counting newlines from the top each time.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineStarts(starts)
    }

    /// 1-based line of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }
}

/// "epoch 1, sample 2" or "epoch 1, batch 1".
fn place(e: &Entry) -> String {
    format!("epoch {}, {}", e.key.epoch, e.key.place)
}

/// toml's syntax error, with the slips most likely in a worksheet put in a learner's words.
fn toml_error(cx: Cx, e: &toml::de::Error) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let mut start = span.start.min(cx.text.len());
    while !cx.text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = cx.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = cx.text[start..]
        .find('\n')
        .map_or(cx.text.len(), |i| start + i);
    let line = &cx.text[line_start..line_end];
    let raw = e.message();
    if let Some(eq) = line.find('=') {
        let key = line[..eq].trim();
        let after = &line[eq + 1..];
        let value_start = line_start + eq + 1 + (after.len() - after.trim_start().len());
        // The value as written, without a trailing comment.
        let value = after.split('#').next().unwrap_or(after).trim();
        let value_span = value_start..value_start + value.len();
        let quoted = value.starts_with(['"', '\'']);
        if key == "name" && !quoted && !value.is_empty() {
            return cx
                .at(value_span, "invalid TOML: the step name must be in quotes")
                .with_help(format!("write name = {}", reader::quote(value)));
        }
        let unexpected = raw.starts_with("string values must be quoted")
            || raw.starts_with("unexpected key or value");
        if key == "value" && !quoted && !value.is_empty() && unexpected {
            let help = match decimal_comma(value) {
                Some(fixed) => format!("numbers use a decimal point: write value = {fixed}"),
                None => VALUE_HELP.to_string(),
            };
            return cx
                .at(
                    value_span,
                    format!("invalid TOML: `value` must be a number, found {value}"),
                )
                .with_help(help);
        }
    }
    let d = syntax_error(cx, e).into_diagnostic();
    if raw.trim() == "duplicate key" {
        return d.with_help(
            "each key may appear once in an answer; start the next answer with [[answer]]",
        );
    }
    d
}

/// "0,593" → "0.593": a number written with a decimal comma.
fn decimal_comma(s: &str) -> Option<String> {
    let s = s.split('#').next().unwrap_or(s).trim();
    let (a, b) = s.split_once(',')?;
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let a_ok = digits(a.trim_start_matches(['+', '-']));
    (a_ok && digits(b)).then(|| format!("{a}.{b}"))
}

fn top_level_keys(cx: Cx, top: &Table) -> Res<()> {
    let Some((key_span, key_name, value)) = top.first_unknown(&TOP_KEYS) else {
        return Ok(());
    };
    let is_section = value.get_ref().is_table() || value.get_ref().is_array();
    let mut message = if ANSWER_KEYS.contains(&key_name) {
        format!("{} is outside any [[answer]]", reader::name(key_name))
    } else {
        format!(
            "unknown {} {}",
            if is_section { "section" } else { "key" },
            reader::name(key_name)
        )
    };
    if let Some(near) = nearest(key_name, &TOP_KEYS, &[("answers", "answer")]) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    let help = if ANSWER_KEYS.contains(&key_name) {
        format!("`{key_name}` belongs to an answer: start each answer with a line [[answer]]")
    } else {
        "a worksheet has an optional lesson = \"…\" and [[answer]] tables".to_string()
    };
    Err(cx.at(key_span, message).with_help(help).into())
}

fn answer_list<'a, 'i>(cx: Cx, top: &Table<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let Some(e) = top.get("answer") else {
        return Err(cx
            .at(0..0, "the worksheet has no [[answer]] tables")
            .with_help(WHAT_A_WORKSHEET_NEEDS)
            .into());
    };
    match e.value.get_ref() {
        DeValue::Array(a) if a.is_empty() => Err(cx
            .at(e.value.span(), "`answer` has no answers")
            .with_help(WHAT_A_WORKSHEET_NEEDS)
            .into()),
        DeValue::Array(a) => Ok(a),
        DeValue::Table(_) => Err(cx
            .at(
                e.value.span(),
                "expected [[answer]] (double brackets: a list of answers), found a single table",
            )
            .with_help("write each answer as [[answer]] with name = \"…\" and value = …")
            .into()),
        _ => Err(
            reader::expected(cx, e.value, "a list of", "[[answer]] tables")
                .into_diagnostic()
                .with_help(WHAT_A_WORKSHEET_NEEDS)
                .into(),
        ),
    }
}

/// Answer number `n`: its entry, and the span of its name (for later messages).
fn answer(
    cx: Cx,
    lines: &LineStarts,
    trace: &Trace,
    n: usize,
    v: &Value,
) -> Res<(Entry, std::ops::Range<usize>)> {
    let lesson = trace.lesson();
    let owner = format!("answer {n}");
    let t = reader::table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &ANSWER_KEYS)?;
    let name_e = t.require(
        cx,
        "name",
        "add name = \"…\" with a step name such as z(1)[2], dw(2)[1,2] or loss",
    )?;
    let name = reader::string(cx, name_e.value, "for `name` (a step name such as z(1)[2])")
        .map_err(|e| e.into_diagnostic().with_help(STEP_NAMES))?;
    let id = step_id(cx, trace, name, name_e.value)?;
    let epoch = match t.get("epoch") {
        None => 1,
        Some(e) => {
            let epoch = counter(cx, e.value, "epoch")?;
            if epoch > lesson.epochs {
                return Err(cx
                    .at(
                        e.value.span(),
                        format!(
                            "epoch = {epoch}, but the lesson trains for {}",
                            count_of(lesson.epochs, "epoch")
                        ),
                    )
                    .with_help(range_help("an epoch", lesson.epochs, "epoch"))
                    .into());
            }
            epoch
        }
    };
    let place = Place::of(&id, position(cx, trace, &t, id)?);
    let given = value(cx, t.get("value").map(|e| e.value))?;
    let line = lines.line_of(v.span().start);
    Ok((
        Entry {
            key: StepKey { epoch, place, id },
            given,
            line,
        },
        name_e.value.span(),
    ))
}

/// "1 epoch", "3 samples", "2 batches".
fn count_of(n: usize, what: &str) -> String {
    match (n, what.ends_with("ch")) {
        (1, _) => format!("1 {what}"),
        (_, true) => format!("{n} {what}es"),
        _ => format!("{n} {what}s"),
    }
}

fn range_help(which: &str, n: usize, key: &str) -> String {
    if n == 1 {
        format!("write {key} = 1, or leave it out (it defaults to 1)")
    } else {
        format!("choose {which} from 1 to {n}")
    }
}

/// A whole number from 1 (an epoch, sample or batch).
fn counter(cx: Cx, v: &Value, key: &str) -> Res<usize> {
    reader::count(cx, v, &format!("`{key}`"), 1, usize::MAX).map_err(|e| {
        let d = e.into_diagnostic();
        if d.help.is_none() {
            d.with_help(format!("{key}s are numbered from 1")).into()
        } else {
            d.into()
        }
    })
}

/// The sample (forward, loss, backward) or batch (update) of an answer; `sample` means the
/// batch for update steps, and `batch` is accepted there too.
fn position(cx: Cx, trace: &Trace, t: &Table, id: StepId) -> Res<usize> {
    let layout = trace.layout();
    let lesson = trace.lesson();
    let update = id.phase() == Phase::Update;
    let sample = t.get("sample");
    let batch = t.get("batch");
    if !update && let Some(b) = &batch {
        return Err(cx
            .at(
                b.key_span.clone(),
                format!("`batch` is only for update steps; {id} is computed for each sample"),
            )
            .with_help(format!(
                "use `sample` instead: {}",
                range_help("a sample", layout.samples(), "sample")
            ))
            .into());
    }
    if let (Some(s), Some(b)) = (&sample, &batch) {
        let later = if s.key_span.start > b.key_span.start {
            s.key_span.clone()
        } else {
            b.key_span.clone()
        };
        return Err(cx
            .at(
                later,
                format!("both `sample` and `batch` are given; for the update step {id} they mean the same: the batch"),
            )
            .with_help("keep one of them").into());
    }
    let Some((key, e)) = sample
        .map(|e| ("sample", e))
        .or_else(|| batch.map(|e| ("batch", e)))
    else {
        return Ok(1);
    };
    let n = counter(cx, e.value, key)?;
    if update {
        let batches = layout.batches();
        if n > batches {
            let what = if key == "sample" {
                format!("sample = {n} names the batch for the update step {id}")
            } else {
                format!("batch = {n}")
            };
            let size = if lesson.batch_size == 1 {
                "a batch of 1 sample".to_string()
            } else {
                format!("batches of up to {} samples", lesson.batch_size)
            };
            return Err(cx
                .at(
                    e.value.span(),
                    format!(
                        "{what}, but an epoch has {} ({size})",
                        count_of(batches, "batch")
                    ),
                )
                .with_help(format!(
                    "updates come after each batch; {}",
                    range_help("a batch", batches, key)
                ))
                .into());
        }
    } else if n > layout.samples() {
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "sample = {n}, but the lesson has {}",
                    count_of(layout.samples(), "sample")
                ),
            )
            .with_help(range_help("a sample", layout.samples(), "sample"))
            .into());
    }
    Ok(n)
}

/// The number an answer gives: `None` when there is none (no `value`, or an empty string).
fn value(cx: Cx, v: Option<&Value>) -> Res<Option<Given>> {
    let Some(v) = v else {
        return Ok(None);
    };
    let written = cx.text.get(v.span()).unwrap_or("").trim();
    let help = VALUE_HELP;
    let too_large = || {
        cx.at(
            v.span(),
            format!("{written} is too large a number for `value`"),
        )
    };
    let number = |x: f64, text: &str| Given {
        value: x,
        text: text.to_string(),
    };
    match v.get_ref() {
        DeValue::Integer(i) => integer(i)
            .map(|x| Some(number(x, written)))
            .ok_or_else(|| too_large().into()),
        DeValue::Float(f) => {
            let s = f.as_str();
            match s.parse::<f64>() {
                // NaN and infinity are answers too: a diverging lesson has such steps.
                Ok(x) if x.is_finite() || s.contains("inf") || s.contains("nan") => {
                    Ok(Some(number(x, written)))
                }
                _ => Err(too_large().into()),
            }
        }
        DeValue::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(x) if x.is_finite() || t.to_ascii_lowercase().contains("inf") => {
                    Ok(Some(number(x, t)))
                }
                Ok(x) if x.is_nan() => Ok(Some(number(x, t))),
                Ok(_) => Err(too_large().into()),
                Err(_) => {
                    let d = cx.at(
                        v.span(),
                        format!(
                            "expected a number for `value`, found the string {}",
                            reader::quote(s)
                        ),
                    );
                    Err(match decimal_comma(t) {
                        Some(fixed) => d.with_help(format!(
                            "numbers use a decimal point: write value = \"{fixed}\""
                        )),
                        None => d.with_help(help),
                    }
                    .into())
                }
            }
        }
        _ => Err(reader::expected(cx, v, "a number", "for `value`")
            .into_diagnostic()
            .with_help(help)
            .into()),
    }
}

fn integer(i: &DeInteger) -> Option<f64> {
    i64::from_str_radix(i.as_str(), i.radix())
        .ok()
        .map(|n| n as f64)
}

/// The step an answer names, which must be a step of this lesson.
fn step_id(cx: Cx, trace: &Trace, name: &str, v: &Value) -> Res<StepId> {
    if name.trim().is_empty() {
        return Err(cx
            .at(v.span(), "`name` is empty: which number is this?")
            .with_help(STEP_NAMES)
            .into());
    }
    let suggestion = || {
        repair(name)
            .filter(|id| exists(trace, id))
            .map(|id| format!("; did you mean `{id}`?"))
            .unwrap_or_default()
    };
    let id = match trace.parse_step(name) {
        Ok(id) => id,
        Err(why) => {
            let why = why.message();
            // "expected a step name such as …" only repeats the help.
            let why = if why.starts_with("expected") {
                String::new()
            } else {
                format!(": {why}")
            };
            return Err(cx
                .at(
                    v.span(),
                    format!(
                        "{} is not a step name{why}{}",
                        reader::name(name),
                        suggestion()
                    ),
                )
                .with_help(STEP_NAMES)
                .into());
        }
    };
    if id.quantity == Quantity::Loss && id != StepId::LOSS {
        return Err(cx
            .at(v.span(), "the loss has no layer or neuron index")
            .with_help("write name = \"loss\"")
            .into());
    }
    if exists(trace, &id) {
        return Ok(id);
    }
    let (why, help) = missing(trace.lesson(), trace, &id);
    Err(cx
        .at(
            v.span(),
            format!("the lesson has no step {id}: {why}{}", suggestion()),
        )
        .with_help(help)
        .into())
}

fn exists(trace: &Trace, id: &StepId) -> bool {
    (id.quantity != Quantity::Loss || *id == StepId::LOSS)
        && trace.position(id, Place::of(id, 1)).is_some()
}

/// Why the lesson has no step `id` (which parsed as a name), and what to write instead.
fn missing(lesson: &Lesson, trace: &Trace, id: &StepId) -> (String, String) {
    let depth = lesson.depth();
    let l = id.layer;
    let q = id.quantity.name();
    let layers = layers_list(lesson);
    if l == 0 {
        let why = if matches!(id.quantity, Quantity::Z | Quantity::A) {
            "layer 0 is the input x, given rather than computed".to_string()
        } else {
            "layers are numbered from 1; layer 0 is the input x".to_string()
        };
        return (why, format!("the network's layers are {layers}"));
    }
    if l > depth {
        return (
            format!("the network has {}", count_of(depth, "layer")),
            format!("its layers are {layers}"),
        );
    }
    let n = lesson.width(l);
    if id.j >= n {
        return (
            format!("layer {l} has {}", count_of(n, "neuron")),
            format!("in {q}({l})[j], j runs from 1 to {n}"),
        );
    }
    if let Some(k) = id.k {
        let n_in = lesson.width(l - 1);
        if k >= n_in {
            let below = if l == 1 {
                format!("the network has {}", count_of(n_in, "input"))
            } else {
                format!("layer {} has {}", l - 1, count_of(n_in, "neuron"))
            };
            return (
                below,
                format!(
                    "in {q}({l})[j,k], k is the neuron of layer {} and runs from 1 to {n_in}",
                    l - 1
                ),
            );
        }
    }
    let state = trace.layout().state_quantities();
    if id.quantity.is_optimizer_state() && !state.contains(&id.quantity) {
        let kept = match lesson.optimizer {
            crate::lesson::Optimizer::Sgd { momentum, .. } if momentum != 0.0 => {
                "SGD with momentum keeps only a velocity v per parameter"
            }
            crate::lesson::Optimizer::Sgd { .. } => "plain SGD keeps no optimizer state",
            crate::lesson::Optimizer::Adam { .. } => "Adam keeps m, v, mhat and vhat",
        };
        return (
            kept.to_string(),
            "m, v, mhat and vhat are Adam's; v alone is SGD's momentum velocity".to_string(),
        );
    }
    let layer = &lesson.layers[l - 1];
    let weight_like = id.k.is_some();
    if id.phase() == Phase::Update && !layer.weights_train() {
        return (
            format!("layer {l} is frozen (trainable = false), so nothing of it is updated"),
            format!("its gradients (dw({l})[j,k], db({l})[j]) are still computed"),
        );
    }
    if id.phase() == Phase::Update && !weight_like && !layer.biases_train() {
        return (
            format!("the biases of layer {l} are fixed (train_biases = false)"),
            format!("its gradients db({l})[j] are still computed"),
        );
    }
    (
        "it is not part of this lesson's trace".to_string(),
        STEP_NAMES.to_string(),
    )
}

/// "1 (2 neurons, sigmoid) and 2 (2 neurons, sigmoid)".
fn layers_list(lesson: &Lesson) -> String {
    let parts: Vec<String> = lesson
        .layers
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            format!(
                "{} ({}, {})",
                i + 1,
                count_of(layer.neurons(), "neuron"),
                layer.activation.name()
            )
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Other ways of writing a quantity, as in textbooks and blog posts.
const QUANTITY_ALIASES: [(&str, &str); 16] = [
    ("δ", "delta"),
    ("dz", "delta"),
    ("dl/dz", "delta"),
    ("∂l/∂z", "delta"),
    ("dl/dw", "dw"),
    ("∂l/∂w", "dw"),
    ("dl/db", "db"),
    ("∂l/∂b", "db"),
    ("net", "z"),
    ("out", "a"),
    ("o", "a"),
    ("h", "a"),
    ("weight", "w"),
    ("bias", "b"),
    ("m_hat", "mhat"),
    ("v_hat", "vhat"),
];

/// Names for the loss.
const LOSS_ALIASES: [&str; 7] = ["loss", "l", "e", "error", "e_total", "etotal", "cost"];

/// A step name this slip most likely meant, if any: `a1[1]`, `z(1)(1)`, `δ⁽¹⁾₁`, `W(2)[1,1]`,
/// `dL/dw(2)[1,1]`, `E_total`. Its existence in the lesson is checked by the caller.
fn repair(name: &str) -> Option<StepId> {
    // Superscript and subscript digits become plain ones, a comma between the two runs
    // (δ⁽¹⁾₂ → δ(1),2), so the numbers stay apart.
    let mut plain = String::new();
    let mut last_script = 0;
    for c in name.trim().chars().filter(|c| !c.is_whitespace()) {
        let (c, script) = match c {
            '⁽' => ('(', 0),
            '⁾' => (')', 0),
            '⁰' | '⁴'..='⁹' | '¹' | '²' | '³' => (superscript_digit(c), 1),
            '₀'..='₉' => (char::from(b'0' + (c as u32 - '₀' as u32) as u8), 2),
            c => (c, 0),
        };
        if script != 0 && last_script != 0 && script != last_script {
            plain.push(',');
        }
        if c.is_ascii_digit() || script != 0 {
            last_script = script;
        }
        plain.extend(c.to_lowercase());
    }
    if LOSS_ALIASES.contains(&plain.as_str()) {
        return Some(StepId::LOSS);
    }
    let word_end = plain
        .char_indices()
        .find(|&(_, c)| c.is_ascii_digit() || matches!(c, '(' | '[' | '_' | '^' | '{'))
        .map_or(plain.len(), |(i, _)| i);
    let word = &plain[..word_end];
    let names: Vec<&str> = Quantity::ALL.iter().map(|q| q.name()).collect();
    let quantity = Quantity::from_name(word)
        .or_else(|| {
            QUANTITY_ALIASES
                .iter()
                .find(|(from, _)| *from == word)
                .and_then(|(_, to)| Quantity::from_name(to))
        })
        // One-letter slips (x, y) are too far from meaning anything to guess at.
        .or_else(|| {
            (word.chars().count() >= 3)
                .then(|| nearest(word, &names, &[]))
                .flatten()
                .and_then(Quantity::from_name)
        })?;
    let numbers: Vec<usize> = plain[word_end..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().ok())
        .collect::<Option<_>>()?;
    let weight_shaped = matches!(quantity, Quantity::Dw | Quantity::W);
    let neuron_shaped = matches!(
        quantity,
        Quantity::Z | Quantity::A | Quantity::Delta | Quantity::Db | Quantity::B
    );
    let id = match (quantity, numbers.as_slice()) {
        (Quantity::Loss, []) => StepId::LOSS,
        (_, &[l, j]) if !weight_shaped && j > 0 => StepId::neuron(quantity, l, j - 1),
        (_, &[l, j, k]) if !neuron_shaped && j > 0 && k > 0 => {
            StepId::weight(quantity, l, j - 1, k - 1)
        }
        _ => return None,
    };
    (id.to_string() != name.trim()).then_some(id)
}

fn superscript_digit(c: char) -> char {
    match c {
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        c => char::from(b'0' + (c as u32 - '⁰' as u32) as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(s: &str) -> Option<String> {
        repair(s).map(|id| id.to_string())
    }

    #[test]
    fn slips_in_step_names_are_repaired() {
        assert_eq!(repaired("a1[1]").as_deref(), Some("a(1)[1]"));
        assert_eq!(repaired("z(1)(1)").as_deref(), Some("z(1)[1]"));
        assert_eq!(repaired("W(2)[1,1]").as_deref(), Some("w(2)[1,1]"));
        assert_eq!(repaired("δ⁽¹⁾₂").as_deref(), Some("delta(1)[2]"));
        assert_eq!(repaired("w⁽²⁾₁,₂").as_deref(), Some("w(2)[1,2]"));
        assert_eq!(repaired("dL/dw(2)[1,1]").as_deref(), Some("dw(2)[1,1]"));
        assert_eq!(repaired("dleta(2)[1]").as_deref(), Some("delta(2)[1]"));
        assert_eq!(repaired("E_total").as_deref(), Some("loss"));
        assert_eq!(repaired("Loss").as_deref(), Some("loss"));
        assert_eq!(repaired("delta(1,2)").as_deref(), Some("delta(1)[2]"));
        assert_eq!(repaired("banana(1)[1]"), None);
        assert_eq!(repaired("z(1)[0]"), None);
        assert_eq!(repaired("w(2)[1]"), None);
    }

    #[test]
    fn lines_of_offsets() {
        let text = "ab\ncd\n\nef";
        let lines = LineStarts::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.line_of(offset),
                line_column(text, offset).0,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn decimal_commas() {
        assert_eq!(decimal_comma("0,593").as_deref(), Some("0.593"));
        assert_eq!(decimal_comma("-1,5").as_deref(), Some("-1.5"));
        assert_eq!(decimal_comma("1, 2"), None);
        assert_eq!(decimal_comma("abc"), None);
    }
}
