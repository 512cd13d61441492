//! The Markdown worked example: the lesson with a diagram of the network, then the selected
//! samples — the first step of each kind worked out (formula, numbers, result, chain-rule
//! factors), the rest in compact tables, each phase closed by its matrix form — and each
//! update with its batch mean, a table of every parameter and the loss it leaves; then the
//! loss per epoch and the final parameters.
//!
//! The document renders on GitHub: formulas are ```` ```math ```` blocks (LaTeX), the diagram
//! a ```` ```mermaid ```` block, and every number has at most 6 significant digits
//! (`text::DIGITS`). With `ascii`, formulas are plain text in ```` ```text ```` blocks, no
//! LaTeX is written and no character is above 127.
//!
//! It is written while the steps stream out of the trace, so a one-sample export of a large
//! lesson needs no more memory than one batch record and one table.
//!
//! The parts, by what they write: `lesson` (the lesson, the data, parameters), `diagram`
//! (the network as mermaid), `rules` (each phase's general rule), `steps` (samples and their
//! phases), `table` (compact tables of steps), `matrix` (a phase in matrix form), `update`
//! (an update), `losses` (the loss per epoch) and `anchors` (the closing section on anchors).
//!
//! # Anchors
//!
//! Every step has an HTML anchor made from where it is and its name ([`anchor`]):
//! `e1-s2-z-1-3` is `z(1)[3]` of epoch 1, sample 2; `e1-b1-w-2-1-2` is `w(2)[1,2]` after the
//! update of batch 1 of epoch 1; `e3-s1-loss` is the loss of sample 1 in epoch 3. A step that
//! is worked out has it on its heading, any other on its table row. Sections have anchors
//! too: `e1` (an epoch), `e1-s2` (a sample), `e1-s2-forward` and `e1-s2-backward` (its
//! phases; the loss phase is its one step, `e1-s2-loss`), `e1-b1-update` (an update), and
//! `lesson`, `network`, `initial`, `losses`, `final`, `anchors`.

mod anchors;
mod diagram;
pub mod kind;
mod lesson;
mod losses;
mod matrix;
mod notes;
mod plain;
mod prose;
mod rules;
mod sequence;
mod sequence_matrix;
mod steps;
mod table;
mod text;
mod transformer;
mod update;
mod view;
mod worked;

use crate::i18n::Lang;
use crate::tr;
use std::collections::HashSet;
use std::io::{self, Write};

use crate::lesson::Lesson;
use crate::notation::Notation;
use crate::trace::{Phase, Quantity, Step, StepId, Style, Trace};

use super::select::Selection;

use anchors::Cited;
use prose::Spelling;
use text::{DIGITS, code, count};

pub use text::{anchor, step_slug};
pub use view::{Detail, default_selection, in_window};

/// Writes every selected step of the trace as a Markdown document.
pub fn write(
    trace: &Trace,
    selection: &Selection,
    ascii: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_with(trace, selection, ascii, Detail::Full, out)
}

/// The readable default: what [`default_selection`] picks, wide layers summarised.
pub fn write_default(trace: &Trace, ascii: bool, out: &mut dyn Write) -> io::Result<()> {
    write_with(
        trace,
        &default_selection(trace),
        ascii,
        Detail::Summary,
        out,
    )
}

/// Writes every selected step as plain text for a terminal (`--format text`): the ASCII
/// document without Markdown, lines of at most 100 columns; in Chinese its words are Chinese
/// (everything else stays ASCII) and a Chinese character takes two of the columns.
pub fn write_text(trace: &Trace, selection: &Selection, out: &mut dyn Write) -> io::Result<()> {
    let mut plain = plain::PlainOut::new(out);
    write_doc(trace, selection, true, true, Detail::Full, &mut plain)?;
    plain.flush()
}

/// The readable default as plain text.
pub fn write_text_default(trace: &Trace, out: &mut dyn Write) -> io::Result<()> {
    let mut plain = plain::PlainOut::new(out);
    let selection = default_selection(trace);
    write_doc(trace, &selection, true, true, Detail::Summary, &mut plain)?;
    plain.flush()
}

/// Writes the selected part of the trace in the given detail.
pub fn write_with(
    trace: &Trace,
    selection: &Selection,
    ascii: bool,
    detail: Detail,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_doc(trace, selection, ascii, false, detail, out)
}

fn write_doc(
    trace: &Trace,
    selection: &Selection,
    ascii: bool,
    plain: bool,
    detail: Detail,
    out: &mut dyn Write,
) -> io::Result<()> {
    // An `--ascii` Markdown document is ASCII throughout, so English; plain text speaks the
    // interface's language, its words in Chinese characters where they are Chinese.
    let lang = match ascii && !plain {
        true => Lang::En,
        false => crate::i18n::lang(),
    };
    let spelling = match (ascii, lang) {
        (false, _) => Spelling::Unicode,
        (true, Lang::En) => Spelling::Ascii,
        (true, _) => Spelling::AsciiButWide,
    };
    let mut ascii_out;
    let out: &mut dyn Write = if ascii {
        ascii_out = AsciiOut(out, spelling);
        &mut ascii_out
    } else {
        out
    };
    let notation = if ascii {
        Notation::Ascii
    } else {
        Notation::Latex
    };
    let mut doc = Doc {
        lang,
        spelling,
        trace,
        lesson: trace.lesson(),
        selection,
        ascii,
        plain,
        detail,
        style: Style::new(notation, DIGITS).in_lang(lang),
        out,
        noted: [false; 4],
        notes: Vec::new(),
        ruled: [false; 4],
        worked: HashSet::new(),
        matrices: HashSet::new(),
        update_worked: HashSet::new(),
        worked_rows: HashSet::new(),
        table: Vec::new(),
        cited: Cited::default(),
        left_out: selection.samples.is_some() || selection.epochs.clone().count() < trace.epochs(),
    };
    doc.header()?;
    doc.lesson_section()?;
    let initial = doc.lang.t("md-initial");
    doc.params_section("initial", &initial, &trace.initial_params())?;
    doc.start_params_section()?;
    doc.steps()?;
    doc.losses()?;
    let final_params = trace.final_params();
    let last = doc.lang.t("md-final");
    doc.params_section("final", &last, &final_params)?;
    match plain {
        true => Ok(()),
        false => doc.anchors_section(),
    }
}

/// Above this many shown steps the document passes what GitHub renders (about 512 KB) and
/// says so at the top.
const LONG_DOCUMENT_STEPS: usize = 2500;

/// The document being written, and what it has written so far.
struct Doc<'a> {
    trace: &'a Trace,
    lesson: &'a Lesson,
    selection: &'a Selection,
    ascii: bool,
    /// Plain text for a terminal (`--format text`): no diagram, nothing only Markdown reads.
    plain: bool,
    detail: Detail,
    /// How formulas are written: LaTeX, or ASCII with `ascii`.
    style: Style,
    out: &'a mut dyn Write,
    /// Whether each phase's note (from the lesson) has been shown; it is shown once.
    noted: [bool; 4],
    /// The runs of the current phase's note still to be written, after the steps they name.
    notes: Vec<notes::Pending>,
    /// Whether each phase's general rule has been shown; it is shown once.
    ruled: [bool; 4],
    /// The kinds of step worked out so far: (quantity, layer), layer 0 for update steps.
    worked: HashSet<(Quantity, usize)>,
    /// The phases shown in matrix form: once each, after the first sample's tables.
    matrices: HashSet<Phase>,
    /// The steps of the current update that are worked out (the table links to them).
    update_worked: HashSet<StepId>,
    /// The steps of recurrent layers worked out so far (one time step's, by name).
    worked_rows: HashSet<StepId>,
    /// The rows of the table of steps being gathered.
    table: Vec<table::Row>,
    /// Anchors of this document, for the section on anchors.
    cited: Cited,
    /// Does the document leave steps out (of epochs, samples or neurons it does not show)?
    left_out: bool,
    /// The language of the document's own words (headings, prose): the process's, except in
    /// `--ascii` Markdown, which stays English so that every word can be written in ASCII.
    lang: Lang,
    /// How text is spelled: as written, in ASCII, or (plain text in Chinese) in ASCII but for
    /// Chinese characters.
    spelling: Spelling,
}

impl Doc<'_> {
    /// The notation of running text and tables: Unicode, or ASCII.
    fn text_notation(&self) -> Notation {
        Notation::for_text(self.ascii)
    }

    /// A number for running text and tables: `−0.2171`, `3.51085×10⁻⁵` (ASCII: `-0.2171`).
    fn num(&self, v: f64) -> String {
        text::num(v, self.text_notation())
    }

    /// One of two spellings: Unicode, or ASCII with `ascii`.
    fn t<'s>(&self, unicode: &'s str, ascii: &'s str) -> &'s str {
        if self.ascii { ascii } else { unicode }
    }

    /// Prose of the lesson as Markdown (ASCII with `ascii`).
    fn prose(&self, s: &str) -> String {
        prose::markdown(s, self.spelling)
    }

    /// Text spelled as the document writes it: as it is, or in ASCII with `ascii`.
    fn spell(&self, s: &str) -> String {
        self.spelling.spell(s)
    }

    /// What a step's number is, in words.
    fn describe(&self, step: &Step) -> String {
        self.spell(&self.trace.describe_in(step, self.lang))
    }

    /// Is this step shown (rather than counted among "… n more")?
    fn visible(&self, step: &Step) -> bool {
        self.detail == Detail::Full || view::shows(self.lesson, step)
    }

    /// A formula block: lines in a ```` ```math ```` fence, or ```` ```text ```` with `ascii`.
    fn block(&mut self, lines: &[String]) -> io::Result<()> {
        let fence = if self.ascii { "text" } else { "math" };
        writeln!(self.out, "```{fence}")?;
        for line in lines {
            writeln!(self.out, "{line}")?;
        }
        writeln!(self.out, "```\n")
    }

    fn header(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        writeln!(
            self.out,
            "# {}\n",
            prose::markdown_line(&lesson.title, self.spelling)
        )?;
        let summary = lesson.summary.trim();
        if !summary.is_empty() {
            writeln!(self.out, "{}\n", self.prose(summary))?;
        }
        let what = self.selection_words();
        let intro = tr!(
            self.lang,
            "md-intro",
            source = code(&lesson.source),
            what = what
        );
        writeln!(self.out, "{intro}\n")?;
        self.size_note()?;
        self.divergence_note()?;
        match self.plain {
            true => Ok(()),
            false => self.contents(),
        }
    }

    /// "every number of epoch 1 (all samples)", …; a summary says what it leaves out.
    fn selection_words(&self) -> String {
        let lang = self.lang;
        let range = |r: &std::ops::RangeInclusive<usize>, what: &str| {
            if r.start() == r.end() {
                tr!(lang, &format!("md-range-{what}"), n = count(*r.start()))
            } else {
                let (from, to) = (count(*r.start()), count(*r.end()));
                tr!(lang, &format!("md-range-{what}s"), from = from, to = to)
            }
        };
        let epochs = range(&self.selection.epochs, "epoch");
        let what = match &self.selection.samples {
            None => tr!(lang, "md-every-number-all", epochs = epochs.clone()),
            Some(s) => tr!(
                lang,
                "md-every-number-of",
                epochs = epochs.clone(),
                samples = range(s, "sample")
            ),
        };
        match self.detail {
            Detail::Full => what,
            Detail::Summary => {
                let lesson = self.lesson;
                let whole = self.selection.epochs.end() - self.selection.epochs.start() + 1
                    == lesson.epochs
                    && self.selection.samples.is_none();
                let shown = match &self.selection.samples {
                    None => tr!(lang, "md-the-numbers-all", epochs = epochs),
                    Some(s) => tr!(
                        lang,
                        "md-the-numbers-of",
                        epochs = epochs,
                        samples = range(s, "sample")
                    ),
                };
                let mut s = tr!(
                    lang,
                    "md-of-a-run",
                    shown = shown,
                    epochs = lesson.epochs,
                    samples = lesson.data.len(),
                    epoch_count = count(lesson.epochs),
                    sample_count = count(lesson.data.len())
                );
                if !whole {
                    s.push_str(&lang.t("md-part-of-run"));
                }
                s
            }
        }
    }

    /// How many steps the document shows: all selected ones, or a summary's.
    fn shown_steps(&self) -> usize {
        let per_epoch = match self.detail {
            Detail::Full => self.selection.positions(self.trace).len(),
            Detail::Summary => self
                .trace
                .steps(
                    *self.selection.epochs.start(),
                    self.selection.positions(self.trace),
                )
                .filter(|s| self.selection.contains(s) && self.visible(s))
                .count(),
        };
        self.selection.epochs.clone().count() * per_epoch
    }

    fn size_note(&mut self) -> io::Result<()> {
        let steps = self.shown_steps();
        if steps > LONG_DOCUMENT_STEPS {
            let note = tr!(self.lang, "md-long-document", steps = count(steps));
            writeln!(self.out, "{note}\n")?;
        }
        Ok(())
    }

    fn divergence_note(&mut self) -> io::Result<()> {
        let Some(step) = self.trace.first_non_finite() else {
            return Ok(());
        };
        let name = if self.shows(&step) {
            format!("[{}](#{})", code(&step.name()), anchor(&step))
        } else {
            code(&step.name())
        };
        let (lang, epoch, value) = (self.lang, step.epoch.to_string(), self.num(step.value));
        let note = match step.sample() {
            Some(s) => tr!(
                lang,
                "md-diverges-sample",
                name = name,
                epoch = epoch,
                sample = s.to_string(),
                value = value
            ),
            None => tr!(
                lang,
                "md-diverges-update",
                name = name,
                epoch = epoch,
                batch = step.batch.to_string(),
                value = value
            ),
        };
        writeln!(self.out, "{note}\n")
    }

    fn contents(&mut self) -> io::Result<()> {
        let epochs = self.selection.epochs.clone();
        let mut links: Vec<String> = Vec::new();
        let lang = self.lang;
        let epoch_link = |e: usize| format!("[{}](#e{e})", tr!(lang, "md-epoch", n = count(e)));
        if epochs.clone().count() <= 6 {
            links.extend(epochs.clone().map(epoch_link));
        } else {
            links.push(epoch_link(*epochs.start()));
            links.push(epoch_link(epochs.start() + 1));
            links.push(self.t("…", "...").into());
            links.push(epoch_link(*epochs.end()));
        }
        let dot = self.t(" · ", " | ");
        let link = |id: &str, anchor: &str| format!("[{}](#{anchor})", lang.t(id));
        let all = [
            link("md-lesson", "lesson"),
            link("md-initial", "initial"),
            links.join(dot),
            link("md-losses", "losses"),
            link("md-final", "final"),
            link("md-anchors", "anchors"),
        ];
        let contents = tr!(lang, "md-contents", links = all.join(dot));
        writeln!(self.out, "{contents}\n")
    }

    /// Does the document show this step, with an anchor?
    fn shows(&self, step: &Step) -> bool {
        self.selection.epochs.contains(&step.epoch)
            && self.selection.positions(self.trace).contains(&step.index)
            && self.selection.contains(step)
            && self.visible(step)
    }
}

/// Writes through to `out` with every character above 127 spelled in ASCII (but Chinese
/// characters, in a plain-text document in Chinese): the last guard of an ASCII document
/// (everything it writes is meant to be spelled so already).
struct AsciiOut<'a>(&'a mut dyn Write, Spelling);

impl Write for AsciiOut<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) if !s.is_ascii() => self.0.write_all(self.1.spell(s).as_bytes()),
            _ => self.0.write_all(buf),
        }?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}
