//! Named misconceptions: the mistakes that cause most wrong numbers in hand-worked backprop,
//! each a way to re-evaluate a step's formula wrongly.
//!
//! A wrong answer is matched against the [`CATALOGUE`] and its layer kind's own mistakes:
//! every mistake that applies to the step rewrites the step's formula (or builds the mistaken
//! one from the trace's numbers), and the result is evaluated from the learner's own earlier
//! answers where given and from the exact values otherwise. Every mistake whose value is the
//! learner's number at the precision they wrote, give or take the band of their rounded
//! answers, is a candidate ([`all`]); the sheet as a whole chooses among them. `early_rounding`
//! is told by carried grading instead: the right formula, from the learner's own rounded
//! answers, cancelling their figures.
//!
//! Adding a mistake is one entry in `catalogue.rs` (mistakes of the loss, the updates, the
//! optimizers and batches, which every kind shares) or in a layer kind's own list
//! (`layers::Entry.mistakes`, e.g. `layers/dense/mistakes.rs`): its id, a sentence in plain
//! words, the steps it applies to, how to compute the mistaken value, and, optionally, what a
//! learner's number says of it in words ([`Mistake::detail`]; `..Mistake::PLAIN` leaves it
//! out).

mod catalogue;
mod loss;
pub mod rewrite;
mod update;

use crate::lesson::{Activation, Lesson};
use crate::trace::formula::Expr;
use crate::trace::{Batch, Formula, Moment, Param, Quantity, Step, StepId, Sym, Trace};

use super::Answer;
use super::learner::Reading;
use super::precision::{agrees, significant_figures, unit};

pub use catalogue::{CATALOGUE, EARLY_ROUNDING};

/// A number written with fewer significant figures than this matches too many mistakes by
/// chance to name one.
pub const MIN_FIGURES: u32 = 2;

/// One known mistake.
#[derive(Debug)]
pub struct Mistake {
    /// Its stable id, e.g. `exp_sign`.
    pub id: &'static str,
    /// What went wrong, in one sentence of plain words, with the right rule.
    pub explanation: &'static str,
    /// The steps it can happen in.
    pub applies: fn(&Scene) -> bool,
    /// The values the mistake gives the step (several when it has several forms), its
    /// formula's inputs read through `reading`.
    pub mistaken: fn(&Scene, &dyn Reading) -> Vec<f64>,
    /// What the form of the mistake at this index of what `mistaken` gives means for this
    /// step, in one sentence: which factor, which input, which way ("your δ⁽²⁾₁ is twice the
    /// right one: …"). `None` where the explanation says it all.
    pub detail: fn(&Scene, usize) -> Option<String>,
}

impl Mistake {
    /// Its explanation in `lang`: the catalogue's English, or its translation found by id
    /// (`mistake-` and the id), English where there is none yet.
    pub fn explained(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::En => self.explanation.to_string(),
            _ => lang
                .translated(&format!("mistake-{}", self.id))
                .unwrap_or_else(|| self.explanation.to_string()),
        }
    }

    /// A mistake that applies nowhere and says nothing beyond its explanation: the defaults
    /// of fields an entry leaves out, `Mistake { id, explanation, applies, mistaken,
    /// ..Mistake::PLAIN }`.
    pub const PLAIN: Mistake = Mistake {
        id: "",
        explanation: "",
        applies: |_| false,
        mistaken: |_, _| Vec::new(),
        detail: |_, _| None,
    };
}

/// A mistake that reproduces an answer: which one, in which of its forms, and what that
/// form says of the answer.
#[derive(Debug, Clone)]
pub struct Found {
    /// The mistake.
    pub mistake: &'static Mistake,
    /// Its form (an index into what [`Mistake::mistaken`] gave).
    pub form: usize,
    /// That form in words, for this step.
    pub detail: Option<String>,
}

/// A named value as formulas write it in Unicode: `δ⁽¹⁾₂`, `w⁽²⁾₁,₂`, `∂L/∂b⁽²⁾₁`.
pub fn name(sym: Sym) -> String {
    crate::trace::formula::symbol(&sym, crate::notation::Notation::Unicode)
}

/// How many times the right number a factor makes one: "twice", "half", "3 times",
/// "1/3 of".
pub fn times(f: f64) -> String {
    let whole = |x: f64| (x - x.round()).abs() < 1e-9 && x.round() >= 1.0;
    match f {
        2.0 => "twice".into(),
        0.5 => "half".into(),
        f if f > 1.0 && whole(f) => format!("{} times", f.round()),
        f if f > 0.0 && f < 1.0 && whole(1.0 / f) => format!("1/{} of", (1.0 / f).round()),
        f => format!(
            "{} times",
            crate::notation::number::plain(f, crate::notation::Digits::Sig(4))
        ),
    }
}

/// Mistakes are told apart by their ids.
impl PartialEq for Mistake {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl Eq for Mistake {}

/// The mistake with this id, if the catalogue has it.
pub fn by_id(id: &str) -> Option<&'static Mistake> {
    every().find(|m| m.id == id)
}

/// Every known mistake: the catalogue shared by every kind, then each kind's own, each once
/// (kinds may share a mistake, or a whole list: an RNN's and an LSTM's lists both hold
/// `bptt_truncated`, the convolutional layers share one list).
pub fn every() -> impl Iterator<Item = &'static Mistake> {
    let mut seen: Vec<&'static str> = Vec::new();
    listed().filter(move |m| match seen.contains(&m.id) {
        true => false,
        false => {
            seen.push(m.id);
            true
        }
    })
}

/// The catalogue, then each kind's list, as they are written.
fn listed() -> impl Iterator<Item = &'static Mistake> {
    CATALOGUE
        .iter()
        .chain(crate::layers::KINDS.iter().flat_map(|k| k.mistakes.iter()))
}

/// The mistakes that may be made in a step of `scene`: the shared catalogue, then its
/// layer's kind's own.
fn candidates<'s>(scene: &'s Scene) -> impl Iterator<Item = &'static Mistake> + 's {
    let layer = scene.step.id.layer;
    let own: &'static [Mistake] = match layer {
        0 => &[],
        l => {
            let name = scene.lesson().layers[l - 1].kind.name();
            crate::layers::KINDS
                .iter()
                .find(|k| k.name == name)
                .map_or(&[], |k| k.mistakes)
        }
    };
    CATALOGUE.iter().chain(own.iter())
}

/// The first mistake of the catalogue that reproduces `answer` (a wrong one) under one of
/// `readings`, at the precision it is written.
pub fn find(scene: &Scene, readings: &[&dyn Reading], answer: &Answer) -> Option<&'static Mistake> {
    all(scene, readings, answer, &|_| 0.0)
        .into_iter()
        .next()
        .map(|f| f.mistake)
}

/// Every mistake that reproduces `answer` (a wrong one) under one of `readings`, in the
/// catalogue's order, each once: its value is the answer at the precision it is written, or
/// within `spread(value)` more (how far the mistaken value may move with the learner's
/// rounded inputs).
pub fn all(
    scene: &Scene,
    readings: &[&dyn Reading],
    answer: &Answer,
    spread: &dyn Fn(f64) -> f64,
) -> Vec<Found> {
    if significant_figures(&answer.text) < MIN_FIGURES {
        return Vec::new();
    }
    let reproduces = |v: f64| {
        v.is_finite()
            && (agrees(answer.given, &answer.text, v)
                || (answer.given - v).abs() <= 0.5 * unit(&answer.text) + spread(v))
    };
    let mut found = Vec::new();
    for m in candidates(scene).filter(|m| (m.applies)(scene)) {
        let form = readings
            .iter()
            .find_map(|r| (m.mistaken)(scene, *r).into_iter().position(&reproduces));
        if let Some(form) = form {
            found.push(Found {
                mistake: m,
                form,
                detail: (m.detail)(scene, form),
            });
        }
    }
    found
}

/// The step being graded, with everything a mistake may read: its formula, its batch and its
/// lesson.
pub struct Scene<'a> {
    /// The trace.
    pub trace: &'a Trace,
    /// The step.
    pub step: &'a Step,
    /// Its right formula.
    pub formula: &'a Formula,
    /// Its batch: the parameters before and after its update, every number of its samples.
    pub batch: Batch,
}

impl<'a> Scene<'a> {
    /// The scene of `step` of `trace`, whose right formula is `formula`.
    pub fn new(trace: &'a Trace, step: &'a Step, formula: &'a Formula) -> Self {
        Scene {
            trace,
            step,
            formula,
            batch: trace.batch(step.epoch, step.batch),
        }
    }

    /// The lesson the trace is of.
    pub fn lesson(&self) -> &Lesson {
        self.trace.lesson()
    }

    /// Which number of its sample or update the step is: quantity, layer and neurons.
    pub fn id(&self) -> StepId {
        self.step.id
    }

    /// The kind of number the step computes (z, a, δ, a gradient, an updated weight…).
    pub fn quantity(&self) -> Quantity {
        self.step.id.quantity
    }

    /// The right formula's right-hand side.
    pub fn rhs(&self) -> &Expr {
        &self.formula.rhs
    }

    /// What the step computes, as its formula names it: z⁽ˡ⁾ⱼ, δ⁽ˡ⁾ⱼ, ∂L/∂w⁽ˡ⁾ⱼₖ, w⁽ˡ⁾ⱼₖ, ….
    pub fn lhs(&self) -> Sym {
        match self.formula.lhs {
            Expr::Var(sym, _) => sym,
            _ => Sym::Loss,
        }
    }

    /// The activation of layer `l` (1..=L).
    pub fn activation(&self, l: usize) -> Option<Activation> {
        self.lesson()
            .layers
            .get(l.checked_sub(1)?)
            .map(|layer| layer.activation())
    }

    /// Is the step about the output layer?
    pub fn is_output(&self) -> bool {
        self.step.id.layer == self.lesson().depth()
    }

    /// Is it about a softmax output layer (whose δ is a − y)?
    pub fn is_softmax_output(&self) -> bool {
        self.is_output() && self.activation(self.step.id.layer) == Some(Activation::Softmax)
    }

    /// The parameter an update step is about.
    pub fn param(&self) -> Option<Param> {
        self.step.id.param()
    }

    /// The named value `sym` as the step's sample and batch have it exactly, if the network
    /// has it: z, a, δ of this sample; w and b as this batch used them; y.
    pub fn exact(&self, sym: Sym) -> Option<Expr> {
        let lesson = self.lesson();
        let layout = self.trace.layout();
        let sample = || self.step.sample().and_then(|n| self.batch.sample(n));
        let value = match sym {
            Sym::Q {
                q: Quantity::A,
                l: 0,
                ix,
            } => {
                let at = ix.offset_in(&lesson.input.dims())?;
                sample()?.a(0, at)
            }
            Sym::Q { q, l, ix } if l >= 1 && l <= lesson.depth() => {
                let id = StepId {
                    quantity: q,
                    layer: l,
                    ix,
                };
                layout.sample_offset(id)?;
                sample()?.value(&id)
            }
            Sym::P(p) if p.l >= 1 && p.l <= lesson.depth() => {
                // Frozen parameters have no update steps, but they have values.
                let specs = lesson.layers[p.l - 1].specs();
                let spec = specs.iter().find(|s| s.tensor == p.tensor)?;
                p.ix.offset_in(&spec.dims)?;
                self.batch.before(p)
            }
            Sym::M(p) => self.batch.state_after(Moment::M, p)?,
            Sym::V(p) => self.batch.state_after(Moment::V, p)?,
            _ => return None,
        };
        Some(Expr::Var(sym, value))
    }

    /// Each of `exprs` (mistaken formulas of this step) evaluated through `reading`.
    pub fn eval(&self, reading: &dyn Reading, exprs: impl IntoIterator<Item = Expr>) -> Vec<f64> {
        exprs
            .into_iter()
            .map(|e| reading.eval(self.step, &e))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_snake_case_and_explained_in_one_sentence() {
        let mut ids: Vec<&str> = every().map(|m| m.id).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids");
        // Kinds that share a mistake list the same one: one id, one explanation.
        for m in listed() {
            let first = by_id(m.id).unwrap();
            assert_eq!(m.explanation, first.explanation, "{}: two mistakes", m.id);
        }
        for m in every() {
            assert!(
                m.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{}",
                m.id
            );
            assert!(m.explanation.ends_with('.'), "{}", m.id);
            let sentences = m.explanation.trim_end_matches('.').matches(". ").count();
            assert_eq!(sentences, 0, "{}: one sentence", m.id);
            assert_eq!(by_id(m.id).map(|f| f.id), Some(m.id));
        }
        assert_eq!(EARLY_ROUNDING.id, "early_rounding");
    }

    #[test]
    fn factors_in_words() {
        assert_eq!(times(2.0), "twice");
        assert_eq!(times(0.5), "half");
        assert_eq!(times(3.0), "3 times");
        assert_eq!(times(1.0 / 3.0), "1/3 of");
    }

    #[test]
    fn explanations_have_an_ascii_spelling() {
        for m in every() {
            let ascii = crate::notation::prose::ascii(m.explanation);
            assert!(!ascii.contains('?'), "{}: {ascii}", m.id);
        }
    }
}
