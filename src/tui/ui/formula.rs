//! The current step's formula, three ways tied together by alignment:
//!
//! ```text
//! weighted input of hidden neuron 1, sample 1
//! z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + w⁽¹⁾₁,₂·a⁽⁰⁾₂ + b⁽¹⁾₁
//!       = 0.15·0.05 + 0.2·0.1 + 0.35
//!       = 0.3775
//! ```
//! then the chain-rule reading of a δ (or the batch mean of a gradient), a note where the
//! formula is not the textbook one (a clamp of PyTorch's acts), the numerical
//! (finite-difference) check of a gradient, and for updates the parameter's old and new value
//! with the gradient and learning rate.
//! In quiz mode the numbers stay hidden (the symbolic formula is the question) and the answer
//! being typed takes the result line; once checked, the verdict follows the revealed value.

use crate::i18n::Lang;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::check::Verdict;
use crate::notation::number;
use std::ops::Range;

use crate::tr;
use crate::trace::{Quantity, Style as FormulaStyle, Sym};
use crate::tui::quiz::{Outcome, carried_from, explanation as explain, verdict_word};

use super::geometry::Panel;
use super::{View, width as cols, wrapped};

fn style(view: &View) -> FormulaStyle {
    FormulaStyle::new(view.app.settings.notation(), number::SHOWN).in_lang(view.theme.lang)
}

/// Lays `body` out after `head` in lines of at most `width` columns, breaking at spaces;
/// continuation lines start `indent` columns in, so a long formula stays readable as one.
pub(super) fn hang(
    head: Vec<Span<'static>>,
    body: &str,
    style: Style,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    hang_spans(
        head,
        vec![Span::styled(body.to_string(), style)],
        width,
        indent,
    )
}

/// [`hang`] for a body of differently styled parts (numbers linked to their symbols, a
/// verdict): each part keeps its style across the breaks.
pub(super) fn hang_spans(
    head: Vec<Span<'static>>,
    body: Vec<Span<'static>>,
    width: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let width = width.max(indent + 8);
    let mut lines = Vec::new();
    let mut spans = head;
    let mut used: usize = spans.iter().map(|s| cols(&s.content)).sum();
    // Words, each a run of styled pieces, with whether a space comes before it.
    let mut words: Vec<(bool, Vec<Span<'static>>)> = Vec::new();
    let mut space_before = false;
    // Chinese prose has no spaces: a line may also break before or after a wide character
    // (but not before closing punctuation).
    for part in body {
        for (i, piece) in part.content.split(' ').enumerate() {
            if i > 0 {
                space_before = true;
            }
            for piece in cjk_pieces(piece) {
                let piece = Span::styled(piece.to_string(), part.style);
                let closing = piece.content.starts_with(CLOSING);
                let wide = cjk_edge(&piece.content) && !closing;
                match words.last_mut() {
                    Some((_, w)) if !space_before && !wide && (closing || !ends_wide(w)) => {
                        w.push(piece)
                    }
                    _ => words.push((space_before, vec![piece])),
                }
                space_before = false;
            }
        }
    }
    for (spaced, word) in words {
        let w: usize = word.iter().map(|s| cols(&s.content)).sum::<usize>() + usize::from(spaced);
        if used + w > width && used > indent {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(indent)));
            used = indent;
        } else if spaced {
            spans.push(Span::raw(" "));
            used += 1;
        }
        used += word.iter().map(|s| cols(&s.content)).sum::<usize>();
        spans.extend(word);
    }
    lines.push(Line::from(spans));
    lines
}

/// Punctuation no line starts with.
const CLOSING: &[char] = &[
    '，', '。', '；', '：', '、', '！', '？', '）', '」', '』', '》',
];

/// `text` cut before and after each wide (CJK) character, the rest kept whole; nothing for
/// an empty text.
fn cjk_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if cols(&c.to_string()) == 2 {
            if start < i {
                pieces.push(&text[start..i]);
            }
            let end = i + c.len_utf8();
            pieces.push(&text[i..end]);
            start = end;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// Does `text` start with a wide character (a place a line may break before)?
fn cjk_edge(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| cols(&c.to_string()) == 2)
}

/// Does the word end with a wide character (a place a line may break after)?
fn ends_wide(word: &[Span<'static>]) -> bool {
    word.last()
        .and_then(|s| s.content.chars().last())
        .is_some_and(|c| cols(&c.to_string()) == 2)
}

/// The panel's lines for an inner width of `width` columns, where the result ends (with a
/// quiz's verdict) and where the named terms after it end.
fn lines(view: &View, width: usize) -> (Vec<Line<'static>>, (usize, usize)) {
    let equation = Equation::of(view);
    let mut lines = description(view, width);
    lines.extend(symbolic(view, &equation, width));
    if view.hide {
        lines.extend(question(view, &equation.pad()));
        let n = lines.len();
        return (lines, (n, n));
    }
    lines.extend(numbers(view, &equation, width));
    let result_end = lines.len();
    lines.extend(terms(view, width));
    let terms_end = lines.len();
    lines.extend(remarks(view, width));
    lines.extend(super::gradcheck::lines(view, width));
    lines.extend(update(view, &equation, width));
    (lines, (result_end, terms_end))
}

/// The first line shown when the learner has not scrolled: the top, or low enough for the
/// result (and a quiz's verdict). When even the formula up to its result does not fit and the
/// step has parts named in words (a layer norm's three paths), the result leads and its named
/// parts follow it, so that what the number is made of shows.
fn auto_top(view: &View, (result_end, terms_end): (usize, usize), rows: usize) -> usize {
    let low = result_end.saturating_sub(rows);
    // Parts in a kind's own words (not the chain rule's factors, which the formula shows).
    let named = view
        .formula
        .terms
        .iter()
        .filter(|t| matches!(t.label, Some(crate::trace::TermLabel::Words(_))))
        .count();
    if view.hide || low == 0 || named < 2 || terms_end <= result_end {
        return low;
    }
    (result_end - 1)
        .min(terms_end.saturating_sub(rows))
        .max(low)
}

/// The left-hand side of the formula, which every later line of it is aligned under.
struct Equation {
    /// The step's name, as in `z⁽¹⁾₁`.
    name: String,
    /// `=`, or `←` for an update.
    relation: &'static str,
    /// Columns of the name and the space after it.
    indent: usize,
}

impl Equation {
    /// The current formula's left-hand side.
    fn of(view: &View) -> Self {
        let f = &view.formula;
        let name = f.name(style(view));
        let relation = if f.assign {
            view.theme.sym("←", "<-")
        } else {
            "="
        };
        let indent = cols(&name) + 1;
        Equation {
            name,
            relation,
            indent,
        }
    }

    /// Spaces as wide as the name: the lines after the first start here.
    fn pad(&self) -> String {
        " ".repeat(self.indent)
    }

    /// Where a wrapped right-hand side continues, under its start.
    fn body_indent(&self) -> usize {
        self.indent + 2
    }
}

/// What the step is in words, and where: `weighted input of hidden neuron 1, sample 1`.
fn description(view: &View, width: usize) -> Vec<Line<'static>> {
    let step = &view.step;
    let lang = view.theme.lang;
    let description = view.theme.text(&view.tutor.trace.describe_in(step, lang));
    let place = match (step.sample(), lang) {
        (Some(_), _) if description.contains("sample") || description.contains("样本") => {
            String::new()
        }
        (Some(s), Lang::En) => format!(", sample {s}"),
        (None, Lang::En) => format!(", update after batch {}", step.batch),
        (Some(s), _) => crate::tr!(lang, "desc-at-sample", sample = s.to_string()),
        (None, _) => crate::tr!(lang, "desc-at-update", batch = step.batch.to_string()),
    };
    hang(
        Vec::new(),
        &format!("{description}{place}"),
        Style::new(),
        width,
        2,
    )
}

/// Text with the named values in it (from the renderer's marks) in their linked styles: a
/// number or symbol the formula reads takes its colour, the one its cell has in the network
/// and the parameters.
fn linked(view: &View, (text, marks): (String, Vec<(Range<usize>, Sym)>)) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for (range, sym) in marks {
        if !view.reads.contains(&sym) || range.start < at {
            continue;
        }
        spans.push(Span::raw(text[at..range.start].to_string()));
        spans.push(Span::styled(
            text[range.clone()].to_string(),
            view.link_style(&sym),
        ));
        at = range.end;
    }
    spans.push(Span::raw(text[at..].to_string()));
    spans.retain(|s| !s.content.is_empty());
    spans
}

/// The formula in symbols: `z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + … + b⁽¹⁾₁`.
fn symbolic(view: &View, equation: &Equation, width: usize) -> Vec<Line<'static>> {
    let relation = equation.relation;
    hang_spans(
        vec![
            Span::styled(equation.name.clone(), view.theme.heading),
            Span::raw(format!(" {relation} ")),
        ],
        linked(view, view.formula.symbolic_marked(style(view))),
        width,
        equation.body_indent(),
    )
}

/// The numbers put in, the result (with the quiz's verdict) and the verdict's explanation.
fn numbers(view: &View, equation: &Equation, width: usize) -> Vec<Line<'static>> {
    let fs = style(view);
    let f = &view.formula;
    let pad = equation.pad();
    let mut lines = Vec::new();
    let substituted = f.substituted_marked(fs);
    // δ for ∂L/∂b: the numbers are the result itself, said once.
    if substituted.0 != f.result(fs) {
        lines.extend(hang_spans(
            vec![Span::raw(format!("{pad}{} ", equation.relation))],
            linked(view, substituted),
            width,
            equation.body_indent(),
        ));
    }
    let result = vec![
        Span::raw(format!("{pad}= ")),
        Span::styled(f.result(fs), view.theme.current),
    ];
    // The verdict follows the result, wrapping under it as a whole sentence.
    let verdict = verdict(view);
    if verdict.is_empty() {
        lines.push(Line::from(result));
    } else {
        lines.extend(hang_spans(result, verdict, width, equation.body_indent()));
    }
    lines.extend(explanation(view, width, equation.body_indent()));
    lines
}

/// Named terms: the chain rule factor by factor, each led by what it is in words; or `where`
/// and the batch mean.
fn terms(view: &View, width: usize) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let fs = style(view);
    let mut lines = Vec::new();
    for (i, t) in view.formula.terms.iter().enumerate() {
        let lead = match &t.label {
            Some(_) => theme.text(&t.lead(fs.notation, fs.lang)),
            None if i == 0 => "where ".into(),
            None => "      ".into(),
        };
        lines.extend(hang(
            vec![Span::styled(lead, theme.dim)],
            &t.equation(fs),
            Style::new(),
            width,
            8,
        ));
    }
    lines
}

/// Why the formula is not the textbook one (a clamp of PyTorch's, a shifted softmax).
fn remarks(view: &View, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let note = format!("{} ", view.theme.lang.t("formula-note"));
    for remark in view.formula.remark_lines(style(view)) {
        lines.extend(hang(
            vec![Span::styled(note.clone(), view.theme.warn)],
            &remark,
            Style::new(),
            width,
            6,
        ));
    }
    lines
}

/// For an update of a weight or bias: its old and new value, the gradient and the learning
/// rate. Nothing for other steps.
fn update(view: &View, equation: &Equation, width: usize) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let step = &view.step;
    if !matches!(step.id.quantity, Quantity::W | Quantity::B) {
        return Vec::new();
    }
    let p = step.id.param().expect("an update of a parameter");
    let (old, grad) = (view.batch.before(p), view.batch.gradient(p));
    let eta = view.lesson.optimizer.learning_rate();
    let arrow = theme.sym("→", "->");
    let mut head = vec![
        Span::styled(format!("{}: ", equation.name), theme.heading),
        Span::raw(format!("{} {arrow} ", view.precise(old))),
        Span::styled(view.precise(step.value), theme.current),
    ];
    head.push(Span::raw("  "));
    hang(
        head,
        &format!(
            "(gradient {}, {} = {})",
            view.precise(grad),
            theme.sym("η", "eta"),
            view.precise(eta)
        ),
        Style::new(),
        width,
        equation.body_indent(),
    )
}

/// The result line while the quiz hides it: the answer being typed, and how to go on.
fn question(view: &View, pad: &str) -> Vec<Line<'static>> {
    let theme = &view.theme;
    let input = view
        .app
        .quiz
        .as_ref()
        .map(|q| q.input.clone())
        .unwrap_or_default();
    let hint = if input.is_empty() {
        theme.lang.t("quiz-type")
    } else {
        theme.lang.t("quiz-typing")
    };
    vec![Line::from(vec![
        Span::raw(format!("{pad}= ")),
        Span::styled(input, theme.current),
        Span::styled(theme.sym("█", "_"), theme.dim),
        Span::styled(hint, theme.dim),
    ])]
}

/// After the result, in quiz mode: ` your 0.865: wrong` (or right, carried, not scored).
fn verdict(view: &View) -> Vec<Span<'static>> {
    let theme = &view.theme;
    let Some(quiz) = view.app.quiz.as_ref().filter(|q| q.active) else {
        return Vec::new();
    };
    match quiz.outcome(view.tutor.cursor) {
        Some(Outcome::Answered { text, verdict, .. }) => {
            let style = match verdict {
                Verdict::Right => theme.heading,
                Verdict::Wrong => theme.error,
                Verdict::Carried { .. } | Verdict::Imprecise => theme.warn,
            };
            let mut spans = vec![
                Span::styled(tr!(theme.lang, "quiz-your", text = text), theme.dim),
                Span::styled(verdict_word(verdict, theme.lang), style),
            ];
            if let Verdict::Carried { from } = verdict {
                spans.push(Span::raw(format!(" ({})", carried_from(from, theme.lang))));
            }
            spans
        }
        Some(Outcome::Skipped) => vec![Span::styled(theme.lang.t("quiz-skipped"), theme.dim)],
        None => Vec::new(),
    }
}

/// Under the verdict, in quiz mode: the misconception that explains a wrong answer, or why
/// an imprecise one is not precise enough (as `check` says it).
fn explanation(view: &View, width: usize, indent: usize) -> Vec<Line<'static>> {
    let Some(quiz) = view.app.quiz.as_ref().filter(|q| q.active) else {
        return Vec::new();
    };
    let ascii = view.app.settings.notation() == crate::notation::Notation::Ascii;
    quiz.outcome(view.tutor.cursor)
        .and_then(|o| explain(o, view.lesson.grading, ascii, view.theme.lang))
        .map_or_else(Vec::new, |text| {
            let pad = Span::raw(" ".repeat(indent));
            hang(vec![pad], &text, view.theme.warn, width, indent)
        })
}

/// Draws the formula panel, titled with the step's name, from where the learner scrolled it
/// (by itself it starts at the top, or low enough for the result and a quiz's verdict).
pub fn render(view: &View, area: Rect, buf: &mut Buffer) {
    let title = format!(
        "{}{}{}",
        view.theme.lang.t("panel-formula"),
        view.theme.sep(),
        view.step.name()
    );
    let width = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    let (lines, ends) = lines(view, width);
    // The result (and a quiz's verdict under it) must show: a panel too low for all that
    // starts low enough for it, the description giving way first.
    let auto = auto_top(view, ends, rows);
    let extent = view.scrolled(Panel::Formula, lines.len(), rows, auto);
    // Lines are laid out here already; wrapping only guards against a word wider than the panel.
    wrapped(lines, Style::new())
        .scroll((extent.top.min(u16::MAX as usize) as u16, 0))
        .block(view.panel(Panel::Formula, title, Some(extent)))
        .render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn chinese_prose_fills_each_line_and_no_line_starts_with_a_comma() {
        // Twelve characters of 2 columns at a width of 10: five to a line, and the comma
        // stays with the character before it.
        let body = vec![Span::raw("一二三四，五六七八九十甲")];
        let lines = text(&hang_spans(Vec::new(), body, 10, 0));
        assert_eq!(lines, ["一二三四，", "五六七八九", "十甲"]);
        for line in &lines {
            assert!(cols(line) <= 10, "{line}");
        }
        // English still breaks at spaces only.
        let body = vec![Span::raw("alpha beta gamma")];
        let lines = text(&hang_spans(Vec::new(), body, 11, 0));
        assert_eq!(lines, ["alpha beta", "gamma"]);
    }

    #[test]
    fn lines_of_chinese_join_without_a_space() {
        let joined = super::super::paragraphs("前向传播\n反向传播\nthen\nmore");
        assert_eq!(text(&joined), ["前向传播反向传播 then more"]);
    }
}
