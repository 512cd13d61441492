//! The lesson's notes on each phase, beside the steps they discuss. A lesson's notes describe
//! epoch 1, sample 1 and the update of its batch (a note that quotes another epoch says which),
//! so they are shown there only, never above other numbers. Each note is split into sentences;
//! a run of sentences goes right after the first step it names (`z⁽¹⁾₁`, `∂L/∂w⁽²⁾₁,₁`, a
//! layer's `a⁽²⁾`) once that step is written, and sentences that name none stay with the one
//! before. Sentences that speak of the tutor's keys (PgDn, …) are the tutor's, and left out.

use std::collections::HashMap;
use std::io;

use crate::notation::Notation;
use crate::trace::formula::{Sym, symbol};
use crate::trace::{Moment, Phase, Place, Quantity, StepId};

use super::Doc;

/// Words that belong to the tutor's keys, not to a document.
const KEY_WORDS: [&str; 6] = ["PgDn", "PgUp", "Ctrl-", "Backspace", "press ", "Press "];

/// A run of a note's sentences and the position of the step it goes after (`None`: at the
/// start of its phase).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Pending {
    after: Option<usize>,
    text: String,
}

impl Doc<'_> {
    /// Does this document show the lesson's notes, at epoch 1, sample 1 and its update?
    pub(super) fn shows_notes(&self) -> bool {
        self.selection.epochs.contains(&1)
            && self
                .selection
                .samples
                .as_ref()
                .is_none_or(|s| s.contains(&1))
    }

    /// At the start of a phase of `place`: its note, if this is where the notes belong,
    /// split into runs; those that name no step are written now, the others kept.
    pub(super) fn start_note(
        &mut self,
        phase: Phase,
        epoch: usize,
        place: Place,
    ) -> io::Result<()> {
        let here = epoch == 1 && place.number() == 1;
        let i = phase as usize;
        if !here || self.noted[i] {
            return Ok(());
        }
        self.noted[i] = true;
        let notes = &self.lesson.notes;
        let note = match phase {
            Phase::Forward => &notes.forward,
            Phase::Loss => &notes.loss,
            Phase::Backward => &notes.backward,
            Phase::Update => &notes.update,
        };
        let Some(note) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(());
        };
        let symbols = self.phase_symbols(phase, place);
        self.notes = runs(note, &symbols);
        self.write_notes(None)
    }

    /// Writes the kept runs that go at the start of the phase (`upto` is `None`) or after a
    /// step at or before position `upto`, once it is written.
    pub(super) fn write_notes(&mut self, upto: Option<usize>) -> io::Result<()> {
        let (due, kept): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut self.notes)
            .into_iter()
            .partition(|p| match (p.after, upto) {
                (None, _) => true,
                (Some(a), Some(u)) => a <= u,
                (Some(_), None) => false,
            });
        self.notes = kept;
        for p in due {
            self.quote(&p.text)?;
        }
        Ok(())
    }

    /// Writes every kept run: the phase is over.
    pub(super) fn end_notes(&mut self) -> io::Result<()> {
        self.write_notes(Some(usize::MAX))
    }

    fn quote(&mut self, text: &str) -> io::Result<()> {
        for line in self.prose(text).lines() {
            match line.trim().is_empty() {
                true => writeln!(self.out, ">")?,
                false => writeln!(self.out, "> {line}")?,
            }
        }
        writeln!(self.out)
    }

    /// The Unicode symbol of every step of a phase of `place`, with its position in the
    /// epoch; a layer's vector (`a⁽²⁾`) stands for its first step of that quantity.
    fn phase_symbols(&self, phase: Phase, place: Place) -> HashMap<String, usize> {
        let layout = self.trace.layout();
        let start = layout.start(place);
        let offsets = match phase {
            Phase::Update => 0..layout.steps_per_update(),
            Phase::Loss => layout.phase_offset(Phase::Loss)..layout.phase_offset(Phase::Loss) + 1,
            _ => {
                layout.phase_offset(phase)..match phase {
                    Phase::Forward => layout.phase_offset(Phase::Loss),
                    _ => layout.steps_per_sample(),
                }
            }
        };
        let mut map = HashMap::new();
        for offset in offsets {
            let id = match phase {
                Phase::Update => layout.update_step(offset),
                _ => layout.sample_step(offset),
            };
            let at = start + offset;
            if let Some(sym) = step_sym(&id) {
                map.entry(symbol(&sym, Notation::Unicode)).or_insert(at);
                if let Sym::Q { q, l, .. } = sym {
                    let vector = symbol(&Sym::q(q, l, Default::default()), Notation::Unicode);
                    map.entry(vector).or_insert(at);
                }
            }
        }
        map
    }
}

/// The symbol a step's formula names it by.
fn step_sym(id: &StepId) -> Option<Sym> {
    let p = id.param();
    Some(match (id.quantity, p) {
        (Quantity::Z | Quantity::A | Quantity::Delta, _) => Sym::q(id.quantity, id.layer, id.ix),
        (Quantity::Grad(_), Some(p)) => Sym::Grad { p, sample: None },
        (Quantity::Param(_), Some(p)) => Sym::P(p),
        (Quantity::State(Moment::M, _), Some(p)) => Sym::M(p),
        (Quantity::State(Moment::V | Moment::Velocity, _), Some(p)) => Sym::V(p),
        (Quantity::State(Moment::MHat, _), Some(p)) => Sym::MHat(p),
        (Quantity::State(Moment::VHat, _), Some(p)) => Sym::VHat(p),
        _ => return None,
    })
}

/// A note as runs of sentences, each after the first step it names, in the note's order; a
/// run starts where a sentence names a step later than the run before names.
fn runs(note: &str, symbols: &HashMap<String, usize>) -> Vec<Pending> {
    let mut out: Vec<Pending> = Vec::new();
    for paragraph in note.split("\n\n") {
        let mut first_of_paragraph = true;
        let paragraph = crate::notation::prose::join_lines(paragraph.lines());
        let paragraph = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        for sentence in sentences(&paragraph) {
            if speaks_of_keys(&sentence) {
                continue;
            }
            let named = first_named(&sentence, symbols);
            let new_run = match (out.last(), named) {
                (None, _) => true,
                (Some(run), Some(n)) => run.after.is_none_or(|l| n > l),
                (Some(_), None) => false,
            };
            match (new_run, out.last_mut()) {
                (false, Some(run)) => {
                    run.text
                        .push_str(if first_of_paragraph { "\n\n" } else { " " });
                    run.text.push_str(&sentence);
                }
                _ => out.push(Pending {
                    after: named,
                    text: sentence,
                }),
            }
            first_of_paragraph = false;
        }
    }
    out
}

/// The position of the first step a sentence names, if any.
fn first_named(sentence: &str, symbols: &HashMap<String, usize>) -> Option<usize> {
    let chars: Vec<char> = sentence.chars().collect();
    let sub = |c: char| "₀₁₂₃₄₅₆₇₈₉".contains(c);
    let in_symbol = |c: char| c.is_alphabetic() || "∂/⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉".contains(c);
    let mut i = 0;
    while i < chars.len() {
        if !in_symbol(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (in_symbol(chars[j])
                || (chars[j] == ','
                    && j > i
                    && sub(chars[j - 1])
                    && chars.get(j + 1).is_some_and(|&c| sub(c))))
        {
            j += 1;
        }
        let token: String = chars[i..j].iter().collect();
        // The token, or its tail after a function's name or a slash (σ′ is not a symbol).
        let found = token
            .char_indices()
            .map(|(b, _)| &token[b..])
            .find_map(|tail| symbols.get(tail));
        if let Some(&at) = found {
            return Some(at);
        }
        i = j;
    }
    None
}

/// Does a sentence speak of the tutor's keys: PgDn, "press m", or in Chinese "按 m" (a key of
/// at most three characters after 按, not "按 nn.Linear 的范围")?
fn speaks_of_keys(sentence: &str) -> bool {
    if KEY_WORDS.iter().any(|k| sentence.contains(k)) {
        return true;
    }
    sentence.split("按 ").skip(1).any(|rest| {
        let key: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        let ends = rest[key.len()..].starts_with(' ') || rest.len() == key.len();
        (1..=3).contains(&key.chars().count()) && key.is_ascii() && ends
    })
}

/// A paragraph's sentences: split after `.`, `?` or `!` and a space before a capital or a
/// symbol, or after a Chinese 。？！, never inside a code span or after "e.g." and the like.
fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut code = false;
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        if c == '`' {
            code = !code;
        }
        let chinese = !code && matches!(c, '。' | '？' | '！');
        let ends = chinese
            || !code
                && matches!(c, '.' | '?' | '!')
                && chars.get(i + 1) == Some(&' ')
                && chars
                    .get(i + 2)
                    .is_some_and(|n| !n.is_lowercase() || "δσ∂".contains(*n))
                && !["e.g.", "i.e.", "cf.", "vs."]
                    .iter()
                    .any(|a| current.ends_with(a));
        if ends {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_where_they_end() {
        assert_eq!(
            sentences("First z⁽¹⁾₁ = 0.5. Then, e.g. δ⁽²⁾₁ = 0.1. δ goes back. `a. B` stays"),
            vec![
                "First z⁽¹⁾₁ = 0.5.",
                "Then, e.g. δ⁽²⁾₁ = 0.1.",
                "δ goes back.",
                "`a. B` stays"
            ]
        );
    }

    #[test]
    fn chinese_sentences_split_after_their_stops_and_key_sentences_are_the_tutors() {
        assert_eq!(
            sentences("先算 z⁽¹⁾₁ = 0.5。再算 δ⁽²⁾₁！对吗？`a。b` 不分"),
            vec![
                "先算 z⁽¹⁾₁ = 0.5。",
                "再算 δ⁽²⁾₁！",
                "对吗？",
                "`a。b` 不分"
            ]
        );
        assert!(speaks_of_keys("按 m 打开矩阵视图。"));
        assert!(speaks_of_keys("或按 `:` 跳到任一个数。"));
        assert!(!speaks_of_keys("权重按 nn.Linear 自己的范围抽取。"));
        assert!(!speaks_of_keys("按 i、f、g、o 的顺序堆叠。"));
        let symbols: HashMap<String, usize> = [("z⁽¹⁾₁".to_string(), 0)].into();
        let r = runs(
            "第一个隐藏神经元：\n z⁽¹⁾₁ = 0.3775，\n然后求和。按 m 看矩阵。",
            &symbols,
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].text, "第一个隐藏神经元：z⁽¹⁾₁ = 0.3775，然后求和。");
    }

    #[test]
    fn runs_follow_the_steps_they_name() {
        let symbols: HashMap<String, usize> = [
            ("z⁽¹⁾₁".to_string(), 0),
            ("a⁽¹⁾₁".into(), 1),
            ("a⁽¹⁾".into(), 1),
            ("∂L/∂w⁽²⁾₁,₁".into(), 7),
        ]
        .into();
        let note = "Each neuron sums. First z⁽¹⁾₁ = 0.3775 and a⁽¹⁾₁ = σ(0.3775). Both \
                    small. Then ∂L/∂w⁽²⁾₁,₁ = 0.08. Page through the epochs (PgDn).";
        let r = runs(note, &symbols);
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(
            (r[0].after, r[0].text.as_str()),
            (None, "Each neuron sums.")
        );
        assert_eq!(r[1].after, Some(0));
        assert!(r[1].text.ends_with("Both small."));
        assert_eq!(
            (r[2].after, r[2].text.as_str()),
            (Some(7), "Then ∂L/∂w⁽²⁾₁,₁ = 0.08.")
        );
        assert_eq!(first_named("a⁽¹⁾ = (0.3, 0.2)", &symbols), Some(1));
        assert_eq!(first_named("w⁽²⁾₁,₁₂", &symbols), None);
    }
}
