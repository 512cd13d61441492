//! What a document needs for layers that are not dense layers on vectors — a recurrent layer
//! (`rnn`, `lstm`), a dense layer at every position of a sequence: each layer's tensors, the
//! rules of a recurrent layer, which time step is worked out in full (the others are tabled;
//! `sequence_matrix` writes that step in matrix form), and the table of layers with their
//! kinds. (The kinds draw themselves in the diagram: `LayerDoc`.)

use std::io;

use crate::engine::LayerParams;
use crate::layers::Kind;
use crate::layers::recurrent::Outputs;
use crate::lesson::{Activation, Layer, Lesson};
use crate::trace::{Phase, Quantity, Step, Tensor};

use super::Doc;
use super::text::{self, MAX_SHOWN};
use super::view::in_window;

/// A recurrent layer's settings: hidden units, outputs, whether it is an LSTM (4 blocks of
/// rows), and its activation.
pub(super) fn recurrent(layer: &Layer) -> Option<(usize, Outputs, usize, Activation)> {
    match layer.kind {
        Kind::Rnn(k) => Some((k.hidden, k.outputs, 1, k.activation)),
        Kind::Lstm(k) => Some((k.hidden, k.outputs, 4, Activation::Identity)),
        _ => None,
    }
}

/// Does the layer read a sequence (a recurrent layer, or a dense one at every position)?
pub(super) fn on_sequence(layer: &Layer) -> bool {
    layer.input.is_sequence()
}

/// The time step (from 0) whose steps a document works out in full: the second (whose z reads
/// the state before it) going forward; going back, the last one with a step after it (whose
/// error has both parts), or the only one.
pub(super) fn worked_step(steps: usize, phase: Phase) -> usize {
    match phase {
        Phase::Backward => steps.saturating_sub(2).min(1),
        _ => 1.min(steps - 1),
    }
}

/// For the steps of a recurrent layer at a time step: is it worked out (unit 1's, or for the
/// stacked rows of an LSTM each gate's row of unit 1, at the chosen step)? `None` for other
/// steps, which follow the general rule (the first of each kind).
pub(super) fn works_out(lesson: &Lesson, step: &Step) -> Option<bool> {
    let id = step.id;
    if id.layer == 0 || id.quantity.tensor().is_some() || id.ix.len() != 2 {
        return None;
    }
    let layer = &lesson.layers[id.layer - 1];
    let (hidden, ..) = recurrent(layer)?;
    if id.quantity == Quantity::A {
        return None;
    }
    let t = worked_step(layer.input.positions(), id.phase());
    let unit = id.ix.k().unwrap_or(0) % hidden;
    Some(id.ix.j() == t && unit == 0)
}

/// Does a summary show this step of a layer on a sequence? Its first three positions and its
/// last, of the first three units and the last (`None`: not such a layer's).
pub(super) fn shows(lesson: &Lesson, step: &Step) -> Option<bool> {
    let id = step.id;
    if id.layer == 0 || id.quantity.tensor().is_some() {
        return None;
    }
    let layer = &lesson.layers[id.layer - 1];
    if !on_sequence(layer) || id.ix.len() != 2 {
        return None;
    }
    let (t, r) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let rows = match (id.quantity, recurrent(layer)) {
        (Quantity::Z | Quantity::Delta, Some((h, _, gates, _))) => h * gates,
        (Quantity::A, _) => layer.output.features(),
        (_, Some((h, ..))) => h,
        _ => layer.output.features(),
    };
    Some(in_window(layer.input.positions(), t) && in_window(rows, r))
}

/// Steps a summary shows of one sample of layer `l`, when it reads a sequence.
pub(super) fn sample_cost(lesson: &Lesson, l: usize) -> Option<usize> {
    let layer = &lesson.layers[l - 1];
    if !on_sequence(layer) {
        return None;
    }
    let window = |n: usize| if n <= MAX_SHOWN { n } else { 4 };
    let t = window(layer.input.positions());
    let specs = layer.specs();
    let params: usize = specs
        .iter()
        .map(|s| s.dims.iter().map(|&n| window(n)).product::<usize>())
        .sum();
    let per_step = match recurrent(layer) {
        Some((h, _, 4, _)) => 2 * window(4 * h) + 8 * window(h),
        Some((h, ..)) => 4 * window(h),
        None => 3 * window(layer.output.features()),
    };
    Some(t * per_step + params)
}

impl Doc<'_> {
    /// `h⁽¹⁾₂` in LaTeX (`h^{(1)}_{2}`) or ASCII (`h(1)[2]`): a vector of layer `l` at step t.
    pub(super) fn at_step(&self, base: &str, l: usize, t: usize) -> String {
        match self.ascii {
            true => format!("{}({l})[{}]", base.trim_start_matches('\\'), t + 1),
            false => format!("{base}^{{({l})}}_{{{}}}", t + 1),
        }
    }

    /// A recurrent layer's tensor: `W_{\mathrm{ih}}^{(1)}`, `W_ih(1)`.
    pub(super) fn tensor_sym(&self, base: &str, sub: &str, l: usize) -> String {
        match self.ascii {
            true => format!("{base}_{sub}({l})"),
            false => format!("{base}_{{\\mathrm{{{sub}}}}}^{{({l})}}"),
        }
    }

    /// The table of layers when some are not dense on vectors: each layer's kind, its
    /// settings as the lesson file writes them, and the shape of its output.
    pub(super) fn kinds_table(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let none = self.t("—", "-");
        let times = self.t(" × ", " x ");
        let shape = |dims: Vec<usize>| {
            let dims: Vec<String> = dims.iter().map(|d| text::count(*d)).collect();
            dims.join(times)
        };
        let head = self.columns(&["layer", "kind", "settings", "output", "trains"]);
        writeln!(self.out, "| {head} |")?;
        writeln!(self.out, "| ---: | --- | --- | ---: | --- |")?;
        writeln!(
            self.out,
            "| {} | {none} | {none} | {} | {none} |",
            self.layer_cell(0),
            shape(lesson.input.dims())
        )?;
        for (i, layer) in lesson.layers.iter().enumerate() {
            let l = i + 1;
            let trains = match layer.specs().is_empty() {
                true => none.to_string(),
                false => self.trains(layer),
            };
            let kind = layer.kind.contract();
            let settings: Vec<String> = kind
                .settings(layer)
                .iter()
                .map(|(key, value)| text::code(&format!("{key} = {value}")))
                .collect();
            let settings = match settings.is_empty() {
                true => none.to_string(),
                false => settings.join(", "),
            };
            writeln!(
                self.out,
                "| {} | {} | {settings} | {} | {trains} |",
                self.layer_cell(l),
                text::code(kind.name()),
                shape(layer.output.dims())
            )?;
        }
        writeln!(self.out)
    }

    /// Layer `l`'s tensors as matrices, for a layer that is not dense on vectors.
    pub(super) fn tensor_matrices(&self, l: usize, layer: &LayerParams) -> Vec<String> {
        let mut parts = Vec::new();
        for (tensor, a) in &layer.tensors {
            let (rows, cols) = match a.shape() {
                [r] => (*r, 1),
                [r, c] => (*r, *c),
                dims => (dims[0], dims[1..].iter().product()),
            };
            let flat: Vec<f64> = a.iter().copied().collect();
            let entry = move |r: usize, c: usize| flat[r * cols + c];
            let name = self.tensor_name(*tensor, l);
            if self.ascii {
                parts.push(text::hang(
                    &format!("{name} = "),
                    &text::text_matrix(rows, cols, entry),
                ));
            } else {
                parts.push(vec![format!(
                    "{name} = {}",
                    text::bmatrix(rows, cols, entry)
                )]);
            }
        }
        if self.ascii {
            return parts
                .into_iter()
                .flat_map(|p| p.into_iter().chain([String::new()]))
                .collect();
        }
        vec![
            parts
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", \\qquad "),
        ]
    }

    /// A tensor's name as a matrix: `W`, `b`, `W_ih`, `b_hh`, with its layer.
    pub(super) fn tensor_name(&self, tensor: Tensor, l: usize) -> String {
        match tensor {
            Tensor::WIh => self.tensor_sym("W", "ih", l),
            Tensor::WHh => self.tensor_sym("W", "hh", l),
            Tensor::BIh => self.tensor_sym("b", "ih", l),
            Tensor::BHh => self.tensor_sym("b", "hh", l),
            Tensor::W => self.vec_sym("W", l),
            Tensor::B => self.vec_sym("b", l),
            t => self.vec_sym(t.name(), l),
        }
    }

    /// The rules of the lesson's recurrent layers for a pass, after the dense rule.
    pub(super) fn recurrent_rules(&self, phase: Phase) -> Vec<String> {
        let (mut rnn, mut lstm) = (false, false);
        for layer in &self.lesson.layers {
            match layer.kind {
                Kind::Rnn(_) => rnn = true,
                Kind::Lstm(_) => lstm = true,
                _ => {}
            }
        }
        let mut lines = Vec::new();
        let latex = !self.ascii;
        let pick = |l: &str, a: &str| if latex { l.to_string() } else { a.to_string() };
        let lang = self.lang;
        // The words after a rule: `\text{…}` in LaTeX, plain in ASCII.
        let note = |id: &str| match latex {
            true => lang.t(&format!("{id}-latex")),
            false => lang.t(&format!("{id}-ascii")),
        };
        match phase {
            Phase::Forward if rnn || lstm => {
                lines.push(pick(
                    "z_t = W_{\\mathrm{ih}} x_t + b_{\\mathrm{ih}} + \\left(W_{\\mathrm{hh}} h_{t-1} + b_{\\mathrm{hh}}\\right), \\quad h_0 = 0",
                    "z[t] = W_ih x[t] + b_ih + (W_hh h[t-1] + b_hh),  h[0] = 0",
                ));
                if rnn {
                    lines.push(pick(
                        "h_t = f(z_t) \\quad \\text{(rnn)}",
                        "h[t] = f(z[t])   (rnn)",
                    ));
                }
                if lstm {
                    lines.push(match latex {
                        true => format!(
                            "i_t, f_t, o_t = \\sigma(z_t^{{i}}, z_t^{{f}}, z_t^{{o}}),\\; g_t = \\tanh(z_t^{{g}}),\\; c_t = f_t \\odot c_{{t-1}} + i_t \\odot g_t,\\; h_t = o_t \\odot \\tanh(c_t) \\quad {}",
                            lang.t("md-rule-lstm-note-latex")
                        ),
                        false => lang.t("md-rule-lstm-ascii"),
                    });
                }
            }
            Phase::Backward if rnn || lstm => {
                let rule = pick(
                    "\\frac{\\partial L}{\\partial h_t} = \\frac{\\partial L}{\\partial a_t} + W_{\\mathrm{hh}}^{\\top} \\delta_{t+1} \\quad ",
                    "dL/dh[t] = dL/da[t] + W_hh^T delta[t+1]   ",
                );
                lines.push(format!("{rule}{}", note("md-rule-dh-note")));
                if rnn {
                    lines.push(pick(
                        "\\delta_t = \\frac{\\partial L}{\\partial h_t} \\odot f'(z_t) \\quad \\text{(rnn)}",
                        "delta[t] = dL/dh[t] (*) f'(z[t])   (rnn)",
                    ));
                }
                if lstm {
                    let rule = pick(
                        "\\frac{\\partial L}{\\partial c_t} = \\frac{\\partial L}{\\partial h_t} \\odot o_t \\odot (1 - \\tanh^2 c_t) + \\frac{\\partial L}{\\partial c_{t+1}} \\odot f_{t+1} \\quad ",
                        "dL/dc[t] = dL/dh[t] (*) o (*) (1 - tanh^2 c[t]) + dL/dc[t+1] (*) f[t+1]   ",
                    );
                    lines.push(format!("{rule}{}", note("md-rule-dc-note")));
                }
                lines.push(match latex {
                    true => "\\frac{\\partial L}{\\partial W_{\\mathrm{ih}}} = \\sum_t \\delta_t x_t^{\\top},\\; \\frac{\\partial L}{\\partial W_{\\mathrm{hh}}} = \\sum_{t \\ge 2} \\delta_t h_{t-1}^{\\top},\\; \\frac{\\partial L}{\\partial b_{\\mathrm{ih}}} = \\frac{\\partial L}{\\partial b_{\\mathrm{hh}}} = \\sum_t \\delta_t".to_string(),
                    false => lang.t("md-rule-sums-ascii"),
                });
            }
            _ => {}
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_step_has_both_parts_where_it_can() {
        assert_eq!(worked_step(3, Phase::Forward), 1);
        assert_eq!(worked_step(3, Phase::Backward), 1);
        assert_eq!(worked_step(2, Phase::Backward), 0);
        assert_eq!(worked_step(1, Phase::Backward), 0);
        assert_eq!(worked_step(1, Phase::Forward), 0);
    }
}
