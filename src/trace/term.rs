//! The named intermediate terms of a formula: the chain-rule factors of a δ (the error passed
//! back from the layer above, the activation's slope, their product) or the batch mean of a
//! gradient, each with a label in words where it has one.

use crate::notation::{Notation, number};

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
        /// The gate in words, e.g. `input gate`.
        gate: &'static str,
    },
    /// One step's part of a gradient summed over the steps of a sequence.
    AtStep {
        /// The step, from 1.
        t: usize,
    },
}

impl TermLabel {
    /// The label in words; plain ASCII, so the same in every notation.
    pub fn text(&self) -> String {
        match self {
            TermLabel::PassedBack { from } => {
                format!("the error passed back from layer {from}")
            }
            TermLabel::Slope { activation } => format!("the slope of the {activation}"),
            TermLabel::LossSlope => "how the loss changes with the output".into(),
            TermLabel::Product => "their product".into(),
            TermLabel::Selected => "what the ReLU lets through".into(),
            TermLabel::Residual { from } => {
                format!("the error along the residual connection of layer {from}")
            }
            TermLabel::Words(w) => (*w).into(),
            TermLabel::FromOutput { t } => format!("from the output at step {t}"),
            TermLabel::ThroughTime { t } => format!("from step {t} through W_hh"),
            TermLabel::TotalDerivative => "their sum, the total derivative dL/dh".into(),
            TermLabel::DirectSlope { activation } => {
                format!("the direct derivative dh/dz, the slope of the {activation}")
            }
            TermLabel::ThroughState => "through h at this step".into(),
            TermLabel::ThroughForget { t } => format!("from step {t} through the forget gate"),
            TermLabel::GateError { gate } => format!("the error reaching the {gate}"),
            TermLabel::AtStep { t } => format!("step {t}"),
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
    pub fn lead(&self, notation: Notation) -> String {
        match (&self.label, notation) {
            (None, _) => String::new(),
            (Some(l), Notation::Latex) => format!("\\text{{{}:}}\\; ", l.text()),
            (Some(l), _) => format!("{}: ", l.text()),
        }
    }

    /// The whole line: its label, then its equation.
    pub fn line(&self, style: Style) -> String {
        format!("{}{}", self.lead(style.notation), self.equation(style))
    }
}

impl From<(Expr, Expr)> for Term {
    fn from((name, definition): (Expr, Expr)) -> Self {
        Term::new(name, definition)
    }
}
