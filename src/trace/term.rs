//! The named intermediate terms of a formula: the chain-rule factors of a δ (the error passed
//! back from the layer above, the activation's slope, their product) or the batch mean of a
//! gradient, each with a label in words where it has one.

use crate::i18n::Lang;
use crate::notation::{Notation, number};
use crate::tr;
use crate::trace::Gate;

use super::formula::{Expr, Renderer, Style, recomputing};

/// What a term is, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermLabel {
    /// Σₖ w⁽ˡ⁺¹⁾ₖⱼ·δ⁽ˡ⁺¹⁾ₖ of a hidden δ.
    PassedBack {
        /// The layer the error comes from (l + 1).
        from: usize,
    },
    /// f′(z): the slope of the layer's activation, by its name in lesson files.
    Slope {
        /// The activation's name, e.g. `sigmoid`.
        activation: &'static str,
    },
    /// ∂L/∂a of an output.
    LossSlope,
    /// The product of the factors above it: the δ itself.
    Product,
    /// ReLU's selection in place of the product (which would be NaN): the δ itself.
    Selected,
    /// The error arriving along a residual connection from the layer that adds this one's
    /// output.
    Residual {
        /// The layer whose `residual` adds this one's output.
        from: usize,
    },
    /// A part of a formula, in words of its kind's choosing.
    Words(&'static str),
    /// What reaches a recurrent layer's state from its own output at step `t` (from 1): the
    /// error passed back from the layer above, or from the loss.
    FromOutput {
        /// The step, from 1.
        t: usize,
    },
    /// What reaches a recurrent layer's state from step `t` (from 1), the step after it,
    /// through the hidden-to-hidden weights.
    ThroughTime {
        /// The next step, from 1.
        t: usize,
    },
    /// The sum of the two parts above: the total derivative ∂L/∂h.
    TotalDerivative,
    /// The direct derivative ∂h/∂z, the slope of the layer's activation.
    DirectSlope {
        /// The activation's name, e.g. `tanh`.
        activation: &'static str,
    },
    /// An LSTM's cell path through the hidden state at the same step: ∂L/∂h·o·(1 − tanh² c).
    ThroughState,
    /// An LSTM's cell path from step `t` (from 1), the step after it, through its forget gate.
    ThroughForget {
        /// The next step, from 1.
        t: usize,
    },
    /// What reaches one of an LSTM's gates: ∂L/∂(the gate's value).
    GateError {
        /// The gate.
        gate: Gate,
    },
    /// One step's part of a gradient summed over the steps of a sequence.
    AtStep {
        /// The step, from 1.
        t: usize,
    },
}

impl TermLabel {
    /// The label in English words; plain ASCII, so the same in every notation.
    pub fn text(&self) -> String {
        self.text_in(Lang::En)
    }

    /// The label in words of `lang`. A kind's own words ([`TermLabel::Words`]) are English
    /// in the code; another language has them as the message `term-words-…` named after them.
    pub fn text_in(&self, lang: Lang) -> String {
        match *self {
            TermLabel::PassedBack { from } => tr!(lang, "term-passed-back", from = from),
            TermLabel::Slope { activation } => tr!(lang, "term-slope", activation = activation),
            TermLabel::LossSlope => lang.t("term-loss-slope"),
            TermLabel::Product => lang.t("term-product"),
            TermLabel::Selected => lang.t("term-selected"),
            TermLabel::Residual { from } => tr!(lang, "term-residual", from = from),
            TermLabel::Words(w) => crate::i18n::english(lang, "term-words-", w),
            TermLabel::FromOutput { t } => tr!(lang, "term-from-output", t = t),
            TermLabel::ThroughTime { t } => tr!(lang, "term-through-time", t = t),
            TermLabel::TotalDerivative => lang.t("term-total-derivative"),
            TermLabel::DirectSlope { activation } => {
                tr!(lang, "term-direct-slope", activation = activation)
            }
            TermLabel::ThroughState => lang.t("term-through-state"),
            TermLabel::ThroughForget { t } => tr!(lang, "term-through-forget", t = t),
            TermLabel::GateError { gate } => {
                let gate = lang.t(&format!("term-gate-{}", gate.name()));
                tr!(lang, "term-gate-error", gate = gate)
            }
            TermLabel::AtStep { t } => tr!(lang, "term-at-step", t = t),
        }
    }
}

/// A named value a formula uses: `name = definition`, and what it is in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term's symbol with its value.
    pub name: Expr,
    /// How it is computed.
    pub definition: Expr,
    /// What it is in words, where it has a label.
    pub label: Option<TermLabel>,
}

impl Term {
    /// A term without a label.
    pub fn new(name: Expr, definition: Expr) -> Self {
        Term {
            name,
            definition,
            label: None,
        }
    }

    /// The same term with a label.
    pub fn labelled(self, label: TermLabel) -> Self {
        Term {
            label: Some(label),
            ..self
        }
    }

    /// `name = definition = numbers = value`, without the label (`definition = numbers =
    /// value` when the term is named by its own definition, as a product of named values).
    /// Its numbers are written as a formula's are ([`recomputing`]): so that they give the
    /// value beside them.
    pub fn equation(&self, style: Style) -> String {
        let render = |e: &Expr, style, substituted| Renderer { style, substituted }.render(e);
        let value = self.definition.eval();
        let digits = recomputing(&self.definition, value, style.digits, style.max_terms);
        if self.name == self.definition {
            return format!(
                "{} = {} = {}",
                render(&self.definition, style, false),
                render(&self.definition, Style { digits, ..style }, true),
                number::format(value, style.digits, style.notation)
            );
        }
        format!(
            "{} = {} = {} = {}",
            render(&self.name, style, false),
            render(&self.definition, style, false),
            render(&self.definition, Style { digits, ..style }, true),
            number::format(value, style.digits, style.notation)
        )
    }

    /// The label as it leads the term's line: `the error passed back from layer 2: `, in LaTeX
    /// as text (`\text{…}\;`); empty without a label.
    pub fn lead(&self, notation: Notation, lang: Lang) -> String {
        match (&self.label, notation) {
            (None, _) => String::new(),
            (Some(l), Notation::Latex) => format!("\\text{{{}:}}\\; ", l.text_in(lang)),
            (Some(l), _) => format!("{}: ", l.text_in(lang)),
        }
    }

    /// The whole line: its label, then its equation.
    pub fn line(&self, style: Style) -> String {
        format!(
            "{}{}",
            self.lead(style.notation, style.lang),
            self.equation(style)
        )
    }
}

impl From<(Expr, Expr)> for Term {
    fn from((name, definition): (Expr, Expr)) -> Self {
        Term::new(name, definition)
    }
}
