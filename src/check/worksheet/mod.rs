//! Worksheets: a learner's hand calculation in TOML, read with every position kept so each
//! problem is reported at its `file:line:column`.
//!
//! ```toml
//! lesson = "lessons/sigmoid_2layer.toml"   # optional; the command line names the lesson too
//!
//! [grading]            # optional: the precision floor, as in a lesson
//! significant_figures = 3
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
//! The file is read through [`crate::source`] (a regular file or `-`, at most
//! [`MAX_TOML_BYTES`]).
//!
//! - `answer`: one `[[answer]]`: its keys, epoch, sample or batch;
//! - `step` and `repair`: the step it names, why a name names no step, and what was meant;
//! - `value`: the number given, at the precision written;
//! - `syntax`: TOML syntax errors in a learner's words;
//! - `error`: [`WorksheetError`], every problem found.

mod answer;
mod error;
pub mod repair;
mod step;
mod syntax;
mod value;

use std::collections::HashMap;
use std::ffi::OsStr;

use toml::de::{DeArray, DeTable};

pub use error::WorksheetError;

use crate::lesson::{Marks, Precision, read_grading};
use crate::source::input::{self, Expect, Input};
use crate::source::limits::MAX_TOML_BYTES;
use crate::source::parse::earliest;
use crate::source::reader::{self, Cx, Table};
use crate::source::suggest::nearest;
use crate::source::{Diagnostic, SourceError, display, line_column, text};
use crate::trace::{StepKey, Trace};

use super::Answer;
use super::variant::Variant;

/// Keys of one `[[answer]]`.
const ANSWER_KEYS: [&str; 5] = ["name", "value", "epoch", "sample", "batch"];
/// Keys at the top of a worksheet.
const TOP_KEYS: [&str; 5] = ["lesson", "student", "grading", "variant", "answer"];
/// Problems shown in full; the rest are counted.
const MAX_SHOWN: usize = 10;
/// Answers are checked until this many problems are found (each costs a pass over the text).
const MAX_COLLECTED: usize = 100;

/// What step names look like, what a value may be and what a worksheet holds: the ids of the
/// help that says it.
const STEP_NAMES: &str = "err-step-names";
const VALUE_HELP: &str = "err-value-help";
const WHAT_A_WORKSHEET_NEEDS: &str = "err-what-a-worksheet-needs";

/// What a worksheet file is, for the checks of [`crate::source`].
const EXPECT: Expect = Expect {
    noun: "err-noun-worksheet",
    limit: MAX_TOML_BYTES,
    too_large_help: "err-worksheet-too-large-help",
    path_help: "err-worksheet-path-help",
    not_found_help: Some("err-worksheet-not-found-help"),
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
    /// The lesson's file or name, as written.
    pub name: String,
    /// Where it is written (1-based).
    pub line: usize,
    /// Its column (1-based, in characters).
    pub column: usize,
}

/// A worksheet whose every answer names a step of the lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Worksheet {
    /// The file's display name.
    pub file: String,
    /// The lesson it says it is for.
    pub lesson: Option<LessonRef>,
    /// Whose it is: `student = "…"`.
    pub student: Option<String>,
    /// The precision its `[grading]` table asks for, if it has one.
    pub grading: Option<Precision>,
    /// What its `[grading]` table says answers are worth, if it says.
    pub marks: Option<Marks>,
    /// The variant of the lesson it was drawn for: its own numbers to grade against.
    pub variant: Option<Variant>,
    /// In the order written.
    pub entries: Vec<Entry>,
}

impl Worksheet {
    /// The answered entries, as answers to grade.
    pub fn answers(&self) -> Vec<Answer> {
        self.entries.iter().filter_map(Entry::answer).collect()
    }
}

/// The result of reading part of a worksheet: one problem at most.
type Res<T> = Result<T, SourceError>;

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
    let missing = matches!(&input, Input::File(path) if !path.exists());
    match arg.to_str() {
        Some(name) if missing => {
            if let Some(b) = super::bundled::WORKSHEETS.find_arg(name) {
                return parse(b.text, &b.path(), trace);
            }
            if !name.contains(['/', '\\']) && !name.ends_with(".toml") {
                return Err(WorksheetError::one(no_such_worksheet(arg, name)));
            }
            load(&input, trace)
        }
        _ => load(&input, trace),
    }
}

/// The name [`load_arg`] gives the worksheet `arg` in messages (and a class its row): the path
/// as shown, `<stdin>`, or where a bundled worksheet's source lives.
pub fn name_of(arg: impl AsRef<OsStr>) -> String {
    let arg = arg.as_ref();
    let input = Input::from_arg(arg);
    if let (Input::File(path), Some(name)) = (&input, arg.to_str())
        && !path.exists()
        && let Some(b) = super::bundled::WORKSHEETS.find_arg(name)
    {
        return b.path();
    }
    input.name()
}

/// Neither a file nor a bundled worksheet is called `name`.
fn no_such_worksheet(arg: &OsStr, name: &str) -> Diagnostic {
    let names = super::bundled::WORKSHEETS.names();
    let mut message = crate::msg!("err-no-worksheet", name = reader::name(name));
    if let Some(near) = nearest(name, &names, &[]) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    Diagnostic::without_position(display::os_str(arg), message).with_help(crate::msg!(
        "err-bundled-worksheets",
        names = names.join(", ")
    ))
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
    let text = checked_text(text, file).map_err(WorksheetError::from_problem)?;
    let cx = Cx { file, text };
    let doc = DeTable::parse(text)
        .map_err(|e| WorksheetError::one(syntax::toml_error(cx, &earliest(text, e))))?;
    let top = Table::new(
        doc.get_ref(),
        doc.span(),
        crate::msg!("err-owner-worksheet"),
    );
    answer::top_level_keys(cx, &top).map_err(WorksheetError::from_problem)?;
    let lesson = lesson_ref(cx, &top).map_err(WorksheetError::from_problem)?;
    let in_sheet = |p: SourceError| WorksheetError {
        lesson: lesson.clone(),
        ..WorksheetError::from_problem(p)
    };
    let student = student(cx, &top).map_err(in_sheet)?;
    let grading = read_grading(cx, &top).map_err(in_sheet)?;
    if let Some(marks) = &grading.marks {
        mark_steps(cx, trace, marks).map_err(in_sheet)?;
    }
    let variant = super::variant::read::read(cx, &top, trace.lesson()).map_err(in_sheet)?;
    let items = answer::answer_list(cx, &top).map_err(|p| WorksheetError {
        lesson: lesson.clone(),
        ..WorksheetError::from_problem(p)
    })?;
    match entries(cx, trace, items) {
        Ok(entries) => Ok(Worksheet {
            file: file.to_string(),
            lesson,
            student,
            grading: grading.precision,
            marks: grading.marks,
            variant,
            entries,
        }),
        Err(problems) => Err(WorksheetError { problems, lesson }),
    }
}

/// The text within the limit, without NUL bytes or a byte-order mark, and not empty.
fn checked_text<'t>(text: &'t str, file: &str) -> Res<&'t str> {
    if text.len() as u64 > EXPECT.limit {
        return Err(input::too_large(file, text.len() as u64, &EXPECT));
    }
    // An editor's byte-order mark is invisible: positions count from what the learner sees.
    let text = text::check(text, file, EXPECT.noun)?;
    if text.trim().is_empty() {
        return Err(text::empty(
            file,
            &crate::msg!("err-worksheet-empty"),
            &crate::msg!(WHAT_A_WORKSHEET_NEEDS),
        ));
    }
    Ok(text)
}

/// The `lesson = "…"` line, if there is one.
fn lesson_ref(cx: Cx, top: &Table) -> Res<Option<LessonRef>> {
    let Some(e) = top.get("lesson") else {
        return Ok(None);
    };
    let name = reader::string(cx, e.value, &crate::msg!("err-for-lesson-name"))?;
    let (line, column) = line_column(cx.text, e.value.span().start);
    Ok(Some(LessonRef {
        name: name.to_string(),
        line,
        column,
    }))
}

/// `student = "…"`, if given: one line of text.
fn student(cx: Cx, top: &Table) -> Res<Option<String>> {
    let Some(e) = top.get("student") else {
        return Ok(None);
    };
    let name = reader::string(cx, e.value, &crate::msg!("err-for-student-name"))?;
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(cx
            .at(e.value.span(), crate::msg!("err-student-name"))
            .with_help(crate::msg!("err-student-name-help"))
            .into());
    }
    Ok(Some(name.to_string()))
}

/// Every step a `marks` rule names is a step of the lesson.
fn mark_steps(cx: Cx, trace: &Trace, marks: &Marks) -> Res<()> {
    for rule in marks.rules.iter().filter(|r| r.key.contains('(')) {
        let known = trace.parse_step(&rule.key).ok().is_some_and(|id| {
            trace
                .position(&id, crate::trace::Place::of(&id, 1))
                .is_some()
        });
        if !known {
            return Err(cx
                .at(
                    rule.span.clone(),
                    crate::msg!("err-marks-no-step", step = rule.key.as_str()),
                )
                .with_help(crate::msg!(STEP_NAMES))
                .into());
        }
    }
    Ok(())
}

/// Every `[[answer]]` checked on its own: the entries, or every problem found (up to
/// [`MAX_COLLECTED`]), a step answered twice among them.
fn entries(cx: Cx, trace: &Trace, items: &DeArray) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut entries = Vec::with_capacity(items.len());
    // Where each (step, epoch, sample-or-batch) was first answered, to refuse a second answer.
    let mut seen: HashMap<StepKey, usize> = HashMap::new();
    let lines = LineStarts::new(cx.text);
    for (i, item) in items.iter().enumerate() {
        if problems.len() >= MAX_COLLECTED {
            break;
        }
        let (entry, name_span) = match answer::answer(cx, &lines, trace, i + 1, item) {
            Ok(found) => found,
            Err(p) => {
                problems.push(p.into_diagnostic());
                continue;
            }
        };
        if let Some(&first) = seen.get(&entry.key) {
            let message = crate::msg!(
                "err-answered-twice",
                step = entry.name(),
                place = place(&entry),
                line = first.to_string()
            );
            problems.push(
                cx.at(name_span, message)
                    .with_help(crate::msg!("err-answered-twice-help")),
            );
            continue;
        }
        seen.insert(entry.key, entry.line);
        entries.push(entry);
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
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
    place_of(&e.key)
}

/// Where the step `key` is, in words: "epoch 1, sample 2" or "epoch 1, batch 1".
pub(crate) fn place_of(key: &StepKey) -> String {
    let (id, n) = match key.place {
        crate::trace::Place::Sample(n) => ("err-place-sample", n),
        crate::trace::Place::Batch(n) => ("err-place-batch", n),
    };
    crate::msg!(id, epoch = key.epoch.to_string(), n = n.to_string())
}

/// "1 epoch", "3 samples", "2 batches": `n` things in the words of the message `id`
/// (`err-n-epochs`), whose plural Fluent chooses.
fn count_of(n: usize, id: &str) -> String {
    crate::msg!(id, n = n)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
