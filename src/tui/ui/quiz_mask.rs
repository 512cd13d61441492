//! What the quiz keeps from the lesson's notes: a note is the teacher's prose, and it may work
//! the very numbers the learner is asked for (`a⁽¹⁾₁ = σ(0.3775) = 0.593270`). While quizzing,
//! every number in a note that is the value of the current step, or of a step of this sample
//! (or update) still to come, at the digits the note writes it with, shows as `?`.

use ratatui::text::{Line, Span};

use super::View;

/// Steps ahead of the cursor whose values a note may not show (a sample of a large network
/// has more numbers than a note could mention; these are the ones next to be asked).
const AHEAD: usize = 2048;

/// The values the quiz keeps secret now, sorted: the current step's while hidden, and those of
/// the steps after it in its sample or update that are not answered yet. Empty outside a quiz.
pub fn secrets(view: &View) -> Vec<f64> {
    let Some(quiz) = view.app.quiz.as_ref().filter(|q| q.active) else {
        return Vec::new();
    };
    let tutor = view.tutor;
    let layout = tutor.layout();
    let here = tutor.cursor;
    let slot = layout.slot(here.index);
    let end = match slot.place {
        crate::trace::Place::Sample(_) => layout.start(slot.place) + layout.steps_per_sample(),
        crate::trace::Place::Batch(b) => layout.batch_end(b),
    }
    .min(here.index + AHEAD);
    let mut values: Vec<f64> = tutor
        .trace
        .steps(here.epoch, here.index..end)
        .filter(|s| {
            quiz.hides(crate::tui::cursor::Cursor {
                epoch: s.epoch,
                index: s.index,
            })
        })
        .map(|s| s.value)
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    values
}

/// A number as a note writes it: where it is in the text, its value and half a unit of its
/// last digit.
struct Written {
    start: usize,
    end: usize,
    value: f64,
    half_unit: f64,
    significant: usize,
}

/// The numbers of `text`: `0.593270`, `−0.217072`, `3.5e-5`.
fn numbers(text: &str) -> Vec<Written> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let signed = matches!(c, '-' | '−')
            && chars
                .get(i + 1)
                .is_some_and(|&(_, d)| d.is_ascii_digit() || d == '.');
        let begins_number = c.is_ascii_digit()
            && (i == 0 || !chars[i - 1].1.is_alphanumeric() && chars[i - 1].1 != '_');
        if !signed && !begins_number {
            i += 1;
            continue;
        }
        let mut j = i + usize::from(signed);
        let mut mantissa = String::from(if signed { "-" } else { "" });
        while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.') {
            // A full stop ending a sentence is no decimal point.
            if chars[j].1 == '.' && !chars.get(j + 1).is_some_and(|c| c.1.is_ascii_digit()) {
                break;
            }
            mantissa.push(chars[j].1);
            j += 1;
        }
        let mut exponent = 0i32;
        if j + 1 < chars.len() && matches!(chars[j].1, 'e' | 'E') {
            let mut k = j + 1;
            let mut exp = String::new();
            if matches!(chars[k].1, '-' | '+' | '−') {
                exp.push(if chars[k].1 == '+' { '+' } else { '-' });
                k += 1;
            }
            while k < chars.len() && chars[k].1.is_ascii_digit() {
                exp.push(chars[k].1);
                k += 1;
            }
            if let Ok(e) = exp.parse::<i32>() {
                exponent = e;
                j = k;
            }
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        if let Ok(m) = mantissa.parse::<f64>() {
            let decimals = mantissa.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
            let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            out.push(Written {
                start,
                end,
                value: m * 10f64.powi(exponent),
                half_unit: 0.5 * 10f64.powi(exponent - decimals),
                significant: digits.trim_start_matches('0').len(),
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// Is a number written so one of `secrets` (sorted) at its digits? Numbers of one significant
/// digit (1, 2, 0.5) are too common to be a giveaway and stay.
fn gives_away(w: &Written, secrets: &[f64]) -> bool {
    if w.significant < 2 {
        return false;
    }
    let (lo, hi) = (w.value - w.half_unit, w.value + w.half_unit);
    let from = secrets.partition_point(|&v| v < lo);
    secrets.get(from).is_some_and(|&v| v <= hi)
}

/// `text` with every number that gives a secret away written `?`.
pub fn mask(text: &str, secrets: &[f64]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for w in numbers(text) {
        if gives_away(&w, secrets) {
            out.push_str(&text[at..w.start]);
            out.push('?');
            at = w.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// A note's lines as the quiz lets them show.
pub fn notes(view: &View, lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    mask_lines(lines, &view.secrets)
}

/// Lines with every number that gives one of `secrets` (sorted) away written `?`.
pub fn mask_lines(lines: Vec<Line<'static>>, secrets: &[f64]) -> Vec<Line<'static>> {
    if secrets.is_empty() {
        return lines;
    }
    lines
        .into_iter()
        .map(|line| {
            let spans: Vec<Span<'static>> = line
                .spans
                .into_iter()
                .map(|s| Span::styled(mask(&s.content, secrets), s.style))
                .collect();
            Line::from(spans).style(line.style)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_of_a_secret_are_masked_at_the_digits_written() {
        let note = "First hidden neuron: z⁽¹⁾₁ = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.3775, \
                    a⁽¹⁾₁ = σ(0.3775) = 0.593270. Output 1 and −0.217072.";
        // a(1)[1] = 0.5932699921 and ∂L/∂a⁽²⁾₂ = −0.2170715… are secret; z is not.
        let secrets = [-0.21707153, 0.5932699921];
        assert_eq!(
            mask(note, &secrets),
            "First hidden neuron: z⁽¹⁾₁ = 0.15·0.05 + 0.20·0.10 + 0.35 = 0.3775, \
             a⁽¹⁾₁ = σ(0.3775) = ?. Output 1 and ?."
        );
        // Fewer digits are masked too; a number that is not the secret at its digits is not.
        assert_eq!(mask("about 0.593 or 0.59", &secrets), "about ? or ?");
        assert_eq!(mask("0.594 and 5.9e-1", &secrets), "0.594 and ?");
        // Subscripts, names and one-digit numbers stay.
        assert_eq!(mask("w1 x_2 a(1)[1] 1", &[1.0]), "w1 x_2 a(1)[1] 1");
    }
}
