//! The answer key of a variant, in Markdown: what the variant starts from, then every number
//! its worksheet asks for, phase by phase, with what it is, its formula, the formula with the
//! variant's numbers and the value.

use std::fmt::Write;

use crate::notation::{Digits, Notation, number, scripts};
use crate::trace::{Phase, Style, Trace};

use super::Variant;
use super::draw::sheet_steps;

/// The key of `variant`, whose trace is `trace`, for `student` (if the variant is theirs).
pub fn markdown(trace: &Trace, variant: &Variant, student: Option<&str>) -> String {
    let lesson = trace.lesson();
    let mut out = String::new();
    let whose = student.map_or(String::new(), |s| format!(" — {}", cell(s)));
    let _ = writeln!(
        out,
        "# Answer key: {} — variant {}{whose}\n",
        cell(&lesson.title),
        variant.id
    );
    let _ = writeln!(
        out,
        "Epoch 1: every sample of the first batch — forward pass, loss, backward pass — then its update. \
         Values are exact to the digits shown; a learner's answer is graded to the digits they write.\n"
    );
    let _ = writeln!(out, "## What the variant starts from\n");
    let full = |v: f64| number::plain(v, Digits::Full);
    let list = |xs: &[f64]| {
        let items: Vec<String> = xs.iter().map(|&x| full(x)).collect();
        format!("({})", items.join(", "))
    };
    for (l, (w, b)) in variant.layers.iter().enumerate() {
        let rows: Vec<String> = w.iter().map(|r| list(r)).collect();
        let up = scripts::layer(l + 1, Notation::Unicode);
        let _ = writeln!(
            out,
            "- layer {} ({}): W{up} = [{}], b{up} = {}",
            l + 1,
            lesson.layers[l].activation().name(),
            rows.join(", "),
            list(b)
        );
    }
    for (s, (x, y)) in variant.data.iter().enumerate() {
        let _ = writeln!(out, "- sample {}: x = {}, y = {}", s + 1, list(x), list(y));
    }
    let _ = writeln!(
        out,
        "- loss {}, optimizer {} with η = {}",
        lesson.loss.name(),
        lesson.optimizer.kind_name(),
        full(lesson.optimizer.learning_rate())
    );
    let style = Style::new(Notation::Unicode, number::SHOWN);
    let mut heading = None;
    for step in sheet_steps(trace) {
        let title = match (step.phase(), step.sample()) {
            (Phase::Update, _) => "Update after batch 1".to_string(),
            (phase, Some(n)) => format!("Sample {n}: {}", phase_words(phase)),
            (phase, None) => phase_words(phase).to_string(),
        };
        if heading.as_ref() != Some(&title) {
            let _ = writeln!(
                out,
                "\n## {title}\n\n| step | what it is | formula | with the numbers | value |\n| --- | --- | --- | --- | --- |"
            );
            heading = Some(title);
        }
        let f = trace.formula(&step);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            step.name(),
            cell(&trace.describe(&step)),
            cell(&f.symbolic(style)),
            cell(&f.substituted(style)),
            f.result(style)
        );
    }
    out
}

fn phase_words(phase: Phase) -> &'static str {
    match phase {
        Phase::Forward => "forward pass",
        Phase::Loss => "loss",
        Phase::Backward => "backward pass",
        Phase::Update => "update",
    }
}

/// Text safe in a Markdown table cell: no pipes, line breaks or control characters.
fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' => '¦',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}
