//! The answer key of a variant, in Markdown: what the variant starts from, then every number
//! its worksheet asks for, phase by phase, with what it is, its formula, the formula with the
//! variant's numbers and the value — its words in the language asked for.

use std::fmt::Write;

use crate::i18n::Lang;
use crate::notation::{Digits, Notation, number, scripts};
use crate::tr;
use crate::trace::{Phase, Style, Trace};

use super::Variant;
use super::draw::sheet_steps;

/// The key of `variant`, whose trace is `trace`, for `student` (if the variant is theirs), in
/// `lang`.
pub fn markdown(trace: &Trace, variant: &Variant, student: Option<&str>, lang: Lang) -> String {
    let lesson = trace.lesson();
    let mut out = String::new();
    let whose = student.map_or(String::new(), |s| format!(" — {}", cell(s)));
    let title = tr!(
        lang,
        "md-key-title",
        title = cell(&lesson.title),
        variant = variant.id.to_string()
    );
    let _ = writeln!(out, "# {title}{whose}\n");
    let _ = writeln!(out, "{}\n", lang.t("md-key-intro"));
    let _ = writeln!(out, "## {}\n", lang.t("md-key-starts"));
    let full = |v: f64| number::plain(v, Digits::Full);
    let list = |xs: &[f64]| {
        let items: Vec<String> = xs.iter().map(|&x| full(x)).collect();
        format!("({})", items.join(", "))
    };
    for (l, (w, b)) in variant.layers.iter().enumerate() {
        let rows: Vec<String> = w.iter().map(|r| list(r)).collect();
        let up = scripts::layer(l + 1, Notation::Unicode);
        let params = format!("W{up} = [{}], b{up} = {}", rows.join(", "), list(b));
        let line = tr!(
            lang,
            "md-key-layer",
            l = (l + 1).to_string(),
            activation = lesson.layers[l].activation().name(),
            params = params
        );
        let _ = writeln!(out, "- {line}");
    }
    for (s, (x, y)) in variant.data.iter().enumerate() {
        let values = format!("x = {}, y = {}", list(x), list(y));
        let line = tr!(
            lang,
            "md-key-sample",
            sample = (s + 1).to_string(),
            values = values
        );
        let _ = writeln!(out, "- {line}");
    }
    let line = tr!(
        lang,
        "md-key-loss",
        loss = lesson.loss.name(),
        optimizer = lesson.optimizer.kind_name(),
        rate = full(lesson.optimizer.learning_rate())
    );
    let _ = writeln!(out, "- {line}");
    let style = Style::new(Notation::Unicode, number::SHOWN).in_lang(lang);
    let col = |id: &str| lang.t(&format!("md-col-{id}"));
    let head = ["step", "what", "formula", "with-numbers", "value"].map(col);
    let mut heading = None;
    for step in sheet_steps(trace) {
        let phase = tr!(lang, "md-key-phase", phase = step.phase().name());
        let title = match (step.phase(), step.sample()) {
            (Phase::Update, _) => lang.t("md-key-update"),
            (_, Some(n)) => tr!(
                lang,
                "md-key-sample-phase",
                sample = n.to_string(),
                phase = phase
            ),
            (_, None) => phase,
        };
        if heading.as_ref() != Some(&title) {
            let _ = writeln!(
                out,
                "\n## {title}\n\n| {} |\n| --- | --- | --- | --- | --- |",
                head.join(" | ")
            );
            heading = Some(title);
        }
        let f = trace.formula(&step);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            step.name(),
            cell(&trace.describe_in(&step, lang)),
            cell(&f.symbolic(style)),
            cell(&f.substituted(style)),
            f.result(style)
        );
    }
    out
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
