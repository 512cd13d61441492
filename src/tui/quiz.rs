//! Quiz mode: each step's value stays hidden until the learner types it. Answers are graded by
//! the same core as `bpnn-tutor check` ([`crate::check::Grader`]), to the lesson's precision
//! floor: a wrong number that follows from the learner's own earlier wrong number is marked
//! carried, not wrong; one a known mistake reproduces is explained as `check` explains it.

use std::collections::BTreeMap;

use crate::check::misconception::Mistake;
use crate::check::precision::{Asker, shortfall};
use crate::check::{Answer, Grader, Policy, Verdict, hint};
use crate::i18n::Lang;
use crate::lesson::Precision;
use crate::notation::fullwidth::halfwidth;
use crate::notation::{Notation, prose};
use crate::tr;
use crate::trace::{Step, Trace};

use super::cursor::Cursor;

/// The longest answer the field takes.
pub const INPUT_LIMIT: usize = 32;

/// Can `c` be part of a number as the learner types it (`-0.5`, `3.5e-5`, `+1E3`)?
/// A full-width digit or sign (from an input method) counts as its ASCII one.
pub fn number_char(c: char) -> bool {
    let c = halfwidth(c);
    c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')
}

/// Can a number start with `c` (so that the key goes to the answer field, not the keymap)?
pub fn number_start(c: char) -> bool {
    let c = halfwidth(c);
    c.is_ascii_digit() || matches!(c, '-' | '+' | '.')
}

/// What became of a step the learner was quizzed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Answered and graded.
    Answered {
        /// The answer as typed.
        text: String,
        /// How it was graded.
        verdict: Verdict,
        /// The known mistake that reproduces it, if one does.
        misconception: Option<&'static Mistake>,
    },
    /// Revealed without an answer (the learner moved on or pressed the skip key).
    Skipped,
}

/// Counts for the header and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Answers right.
    pub right: usize,
    /// Answers wrong, and not carried from earlier answers.
    pub wrong: usize,
    /// Answers wrong, but right from the learner's earlier answers.
    pub carried: usize,
    /// Answers right to the digits written, but to fewer than the lesson asks.
    pub imprecise: usize,
    /// Values shown without an answer.
    pub skipped: usize,
}

impl Tally {
    /// Answers given (right, wrong, carried or imprecise).
    pub fn answered(&self) -> usize {
        self.right + self.wrong + self.carried + self.imprecise
    }

    /// `quiz 5/7 right`
    pub fn header(&self, lang: Lang) -> String {
        Tally::header_of(self.right, self.answered(), lang)
    }

    /// The header with `right` answers right of `answered`.
    pub fn header_of(right: usize, answered: usize, lang: Lang) -> String {
        tr!(
            lang,
            "quiz-header",
            right = right.to_string(),
            answered = answered.to_string()
        )
    }

    /// `5 right, 1 wrong, 1 carried, 1 imprecise, 2 skipped`
    pub fn line(&self, lang: Lang) -> String {
        tr!(
            lang,
            "quiz-line",
            right = self.right.to_string(),
            wrong = self.wrong.to_string(),
            carried = self.carried.to_string(),
            imprecise = self.imprecise.to_string(),
            skipped = self.skipped.to_string()
        )
    }
}

/// The answer field holds no number: the text typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!(crate::i18n::lang(), "quiz-not-a-number", text = .0))]
pub struct NotANumber(pub String);

/// The quiz of a session: the answer being typed and what happened at each step so far.
#[derive(Debug, Clone, Default)]
pub struct Quiz {
    /// Hiding values and taking answers (off: stepping as usual, answers kept).
    pub active: bool,
    /// The number being typed.
    pub input: String,
    /// Steps answered or revealed, by (epoch, index in the epoch).
    pub outcomes: BTreeMap<(usize, usize), Outcome>,
    /// Every number answered, in order: what a later answer may be carried from.
    answers: Vec<Answer>,
    /// Hints given so far, by (epoch, index in the epoch): the next rung of each ladder.
    hints: BTreeMap<(usize, usize), usize>,
}

impl Quiz {
    /// A quiz that starts now: values hidden, nothing answered.
    pub fn new() -> Self {
        Quiz {
            active: true,
            ..Quiz::default()
        }
    }

    /// What became of the step at `at`; `None` while it waits for an answer.
    pub fn outcome(&self, at: Cursor) -> Option<&Outcome> {
        self.outcomes.get(&(at.epoch, at.index))
    }

    /// Is the value of the step at `at` hidden?
    pub fn hides(&self, at: Cursor) -> bool {
        self.active && self.outcome(at).is_none()
    }

    /// The outcomes so far, counted.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for o in self.outcomes.values() {
            match o {
                Outcome::Answered { verdict, .. } => match verdict {
                    Verdict::Right => t.right += 1,
                    Verdict::Wrong => t.wrong += 1,
                    Verdict::Carried { .. } => t.carried += 1,
                    Verdict::Imprecise => t.imprecise += 1,
                },
                Outcome::Skipped => t.skipped += 1,
            }
        }
        t
    }

    /// Adds a typed character; `false` (and nothing added) when it cannot be part of a number
    /// or the field is full.
    pub fn type_char(&mut self, c: char) -> bool {
        if !number_char(c) || self.input.chars().count() >= INPUT_LIMIT {
            return false;
        }
        self.input.push(halfwidth(c));
        true
    }

    /// Reveals the step at `at` without scoring it, unless it was already answered or revealed.
    pub fn skip(&mut self, at: Cursor) {
        self.input.clear();
        self.outcomes
            .entry((at.epoch, at.index))
            .or_insert(Outcome::Skipped);
    }

    /// Grades the typed answer for `step` (at `at`) against the exact trace and the learner's
    /// earlier answers. `Err` (with a gentle message, and the field kept for editing) when the
    /// field does not hold a number.
    pub fn check(&mut self, trace: &Trace, at: Cursor, step: &Step) -> Result<Verdict, NotANumber> {
        let text = self.input.trim().to_string();
        let given = match text.parse::<f64>() {
            Ok(v) if v.is_finite() && text.chars().all(number_char) => v,
            _ => return Err(NotANumber(text)),
        };
        let answer = Answer {
            key: step.key(),
            given,
            text: text.clone(),
        };
        // Only this session's earlier answers count, and only the latest per step.
        let mut answers: Vec<Answer> = self
            .answers
            .iter()
            .filter(|a| a.key != answer.key)
            .cloned()
            .collect();
        answers.push(answer.clone());
        let precision = Policy::of_lesson(trace.lesson().grading).precision;
        let graded = Grader::new(trace, &answers, precision).grade(&answer);
        let (verdict, misconception) = graded
            .map(|g| (g.verdict, g.misconception))
            .unwrap_or((Verdict::Wrong, None));
        self.answers = answers;
        self.outcomes.insert(
            (at.epoch, at.index),
            Outcome::Answered {
                text,
                verdict: verdict.clone(),
                misconception,
            },
        );
        self.input.clear();
        Ok(verdict)
    }

    /// The next hint for `step` (at `at`), from the learner's own numbers: the formula with
    /// them, then its factors, then the value — which reveals the step, unscored.
    pub fn hint(
        &mut self,
        trace: &Trace,
        at: Cursor,
        step: &Step,
        notation: Notation,
        lang: Lang,
    ) -> String {
        let next = self.hints.entry((at.epoch, at.index)).or_insert(0);
        let rung = (*next).min(hint::RUNGS - 1);
        *next = rung + 1;
        let text = hint::hint(trace, step, &self.answers, rung, notation).unwrap_or_default();
        if rung + 1 == hint::RUNGS {
            self.skip(at);
        }
        let (n, of) = ((rung + 1).to_string(), hint::RUNGS.to_string());
        tr!(lang, "quiz-hint", n = n, of = of, text = text)
    }

    /// How many hints were given.
    pub fn hints_given(&self) -> usize {
        self.hints.values().sum()
    }

    /// What the learner is told on leaving the quiz.
    pub fn summary(&self, lang: Lang) -> String {
        let t = self.tally();
        let asked = t.answered() + t.skipped;
        if asked == 0 {
            return lang.t("quiz-none");
        }
        tr!(
            lang,
            "quiz-summary",
            right = t.right.to_string(),
            asked = asked,
            line = t.line(lang)
        )
    }
}

/// What the learner is told under a verdict, as `check` tells it: the known mistake that
/// reproduces their number (`exp_sign: σ(z) was computed as …`), or why a number that agrees
/// is not precise enough (`0.38 has 2 significant figures; this lesson asks for 3`).
pub fn explanation(
    outcome: &Outcome,
    lesson: Option<Precision>,
    ascii: bool,
    lang: Lang,
) -> Option<String> {
    let Outcome::Answered {
        text,
        verdict,
        misconception,
    } = outcome
    else {
        return None;
    };
    let line = match (misconception, verdict) {
        (Some(m), _) => format!("{}: {}", m.id, m.explained(lang)),
        (None, Verdict::Imprecise) => shortfall(
            Policy::of_lesson(lesson).precision,
            text,
            Asker::Lesson,
            lang,
        ),
        _ => return None,
    };
    Some(if ascii { prose::ascii(&line) } else { line })
}

/// `follows from your a(1)[1]` for a carried verdict.
pub fn carried_from(from: &[String], lang: Lang) -> String {
    let and = lang.t("quiz-and");
    tr!(lang, "quiz-carried-from", from = from.join(&and))
}

/// A verdict's word: `right`, `wrong`, `carried` or `imprecise`.
pub fn verdict_word(verdict: &Verdict, lang: Lang) -> String {
    lang.t(&format!("verdict-{}", verdict.name()))
}
