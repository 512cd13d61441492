//! A layer beyond dense vectors in matrix form, at the time step a document works out: its
//! forward pass at that step (z_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh, h_t), or its errors
//! there (∂L/∂h_t = ∂L/∂a_t + W_hhᵀδ_{t+1}, δ_t) and its gradients as the steps side by side,
//! ∂L/∂W_ih = [δ_1 … δ_T][x_1 … x_T]ᵀ.

use crate::layers::recurrent::Outputs;
use crate::trace::{Arrays, Batch, Param, Phase, Quantity, SampleValues, Tensor};

use super::Doc;
use super::matrix::{Part, Row};
use super::sequence::{recurrent, worked_step};

impl Doc<'_> {
    /// A layer's phase in matrix form at the time step worked out, for a layer that is not
    /// dense on vectors: its forward pass at that step, or its errors there and its
    /// gradients as the steps side by side.
    pub(super) fn sequence_matrices<'r>(
        &self,
        record: &'r Batch,
        values: SampleValues<'r>,
        l: usize,
        phase: Phase,
    ) -> Vec<(String, Vec<Row<'r>>)> {
        let layer = &self.lesson.layers[l - 1];
        let steps = layer.input.positions();
        let t = worked_step(steps, phase);
        let f = layer.input.features();
        let input = values.activations(l - 1);
        let x_t = Part::Matrix(f, 1, Box::new(move |r, _| input[t * f + r]));
        let x_name = match l {
            1 => self
                .at_step("x", 0, t)
                .replace("^{(0)}", "")
                .replace("(0)", ""),
            _ => self.at_step("a", l - 1, t),
        };
        let tensor = |tensor: Tensor| -> Part<'r> {
            let a = record
                .tensor(Arrays::Before, l, tensor)
                .expect("the layer has this tensor");
            let (rows, cols) = match a.shape() {
                [r] => (*r, 1),
                [r, c] => (*r, *c),
                _ => (0, 0),
            };
            let flat: Vec<f64> = a.iter().copied().collect();
            Part::Matrix(rows, cols, Box::new(move |r, c| flat[r * cols + c]))
        };
        let vector = |q: Quantity, step: usize| -> Part<'r> {
            let all = values.numbers(q, l);
            let n = all.len() / steps.max(1);
            Part::Matrix(n, 1, Box::new(move |r, _| all[step * n + r]))
        };
        let mut out = Vec::new();
        let Some((_, _, gates, act)) = recurrent(layer) else {
            // A dense layer at every position.
            if phase == Phase::Forward {
                let (z, a) = (self.at_step("z", l, t), self.at_step("a", l, t));
                out.push((
                    z.clone(),
                    vec![
                        Row::Symbolic(format!(
                            "{} {x_name} + {}",
                            self.vec_sym("W", l),
                            self.vec_sym("b", l)
                        )),
                        Row::Parts(vec![
                            tensor(Tensor::W),
                            x_t,
                            Part::Op("+", "+"),
                            tensor(Tensor::B),
                        ]),
                        Row::Parts(vec![vector(Quantity::Z, t)]),
                    ],
                ));
                out.push((a, vec![Row::Parts(vec![vector(Quantity::A, t)])]));
            } else {
                out.push((
                    self.at_step("\\delta", l, t),
                    vec![Row::Parts(vec![vector(Quantity::Delta, t)])],
                ));
                out.push(self.gradient_matrix(values, l, Tensor::W));
            }
            return out;
        };
        let (w_ih, w_hh, b_ih, b_hh) = (
            self.tensor_sym("W", "ih", l),
            self.tensor_sym("W", "hh", l),
            self.tensor_sym("b", "ih", l),
            self.tensor_sym("b", "hh", l),
        );
        match phase {
            Phase::Forward => {
                let mut symbolic = format!("{w_ih} {x_name} + {b_ih} + ");
                let mut parts = vec![
                    tensor(Tensor::WIh),
                    x_t,
                    Part::Op("+", "+"),
                    tensor(Tensor::BIh),
                    Part::Op("+", "+"),
                ];
                if t > 0 {
                    symbolic.push_str(&format!("{w_hh} {} + ", self.at_step("h", l, t - 1)));
                    parts.extend([
                        tensor(Tensor::WHh),
                        vector(Quantity::H, t - 1),
                        Part::Op("+", "+"),
                    ]);
                }
                symbolic.push_str(&b_hh);
                parts.push(tensor(Tensor::BHh));
                out.push((
                    self.at_step("z", l, t),
                    vec![
                        Row::Symbolic(symbolic),
                        Row::Parts(parts),
                        Row::Parts(vec![vector(Quantity::Z, t)]),
                    ],
                ));
                if gates == 4 {
                    out.push((
                        self.at_step("c", l, t),
                        vec![Row::Parts(vec![vector(Quantity::C, t)])],
                    ));
                }
                let h = self.at_step("h", l, t);
                let rule = match (gates, self.ascii) {
                    (4, false) => format!(
                        "o_{{{}}} \\odot \\tanh\\left({}\\right)",
                        t + 1,
                        self.at_step("c", l, t)
                    ),
                    (4, true) => format!("o[{}] (*) tanh({})", t + 1, self.at_step("c", l, t)),
                    _ => {
                        let f = crate::trace::formula::func_name(act.into(), self.style.notation);
                        format!("{f}({})", self.at_step("z", l, t))
                    }
                };
                out.push((
                    h,
                    vec![
                        Row::Symbolic(rule),
                        Row::Parts(vec![vector(Quantity::H, t)]),
                    ],
                ));
            }
            _ => {
                let dh = self.partial(&self.at_step("h", l, t));
                let mut symbolic = Vec::new();
                let errors = values.errors(l);
                let (_, outputs, ..) = recurrent(layer).expect("a recurrent layer");
                let h = self.lesson.layers[l - 1].output.features();
                let mut parts = Vec::new();
                let has_output = matches!(outputs, Outputs::All) || t + 1 == steps;
                if has_output {
                    symbolic.push(self.partial(&self.at_step("a", l, t)));
                    let at = if matches!(outputs, Outputs::All) {
                        t * h
                    } else {
                        0
                    };
                    parts.push(Part::Matrix(h, 1, Box::new(move |r, _| errors[at + r])));
                }
                if t + 1 < steps {
                    if !parts.is_empty() {
                        parts.push(Part::Op("+", "+"));
                    }
                    let wt = match self.ascii {
                        true => format!("{w_hh}^T"),
                        false => format!("\\left({w_hh}\\right)^{{\\top}}"),
                    };
                    symbolic.push(format!("{wt} {}", self.at_step("\\delta", l, t + 1)));
                    let a = record.tensor(Arrays::Before, l, Tensor::WHh).expect("W_hh");
                    let (rows, cols) = (a.shape()[0], a.shape()[1]);
                    let flat: Vec<f64> = a.iter().copied().collect();
                    parts.push(Part::Matrix(
                        cols,
                        rows,
                        Box::new(move |r, c| flat[c * cols + r]),
                    ));
                    parts.push(vector(Quantity::Delta, t + 1));
                }
                out.push((
                    dh,
                    vec![
                        Row::Symbolic(symbolic.join(" + ")),
                        Row::Parts(parts),
                        Row::Parts(vec![vector(Quantity::DH, t)]),
                    ],
                ));
                if gates == 4 {
                    out.push((
                        self.partial(&self.at_step("c", l, t)),
                        vec![Row::Parts(vec![vector(Quantity::DC, t)])],
                    ));
                    let rows = match self.ascii {
                        true => self.lang.t("md-rows-ifgo-ascii"),
                        false => self.lang.t("md-rows-ifgo-latex"),
                    };
                    out.push((
                        self.at_step("\\delta", l, t),
                        vec![
                            Row::Symbolic(rows),
                            Row::Parts(vec![vector(Quantity::Delta, t)]),
                        ],
                    ));
                } else {
                    out.push((
                        self.at_step("\\delta", l, t),
                        vec![Row::Parts(vec![vector(Quantity::Delta, t)])],
                    ));
                }
                out.push(self.gradient_matrix(values, l, Tensor::WIh));
                if steps > 1 {
                    out.push(self.gradient_matrix(values, l, Tensor::WHh));
                }
            }
        }
        out
    }

    /// `∂L/∂x` in LaTeX or ASCII.
    fn partial(&self, of: &str) -> String {
        match self.ascii {
            true => format!("dL/d{of}"),
            false => format!("\\frac{{\\partial L}}{{\\partial {of}}}"),
        }
    }

    /// A weight's gradient as the steps side by side: ∂L/∂W = [δ₁ … δ_T][x₁ … x_T]ᵀ (W_hh:
    /// [δ₂ … δ_T][h₁ … h_{T−1}]ᵀ), and its value.
    fn gradient_matrix<'r>(
        &self,
        values: SampleValues<'r>,
        l: usize,
        tensor: Tensor,
    ) -> (String, Vec<Row<'r>>) {
        let layer = &self.lesson.layers[l - 1];
        let steps = layer.input.positions();
        let f = layer.input.features();
        let deltas = values.numbers(Quantity::Delta, l);
        let rows = deltas.len() / steps.max(1);
        let first = usize::from(tensor == Tensor::WHh);
        let n = steps - first;
        let (other, cols, name) = match tensor {
            Tensor::WHh => {
                let h = layer.output.features();
                (values.numbers(Quantity::H, l), h, "h")
            }
            _ => (values.activations(l - 1), f, if l == 1 { "x" } else { "a" }),
        };
        let lhs = self.partial(&self.tensor_name(tensor, l));
        let (d, tr) = match self.ascii {
            true => ("delta", "^T"),
            false => ("\\delta", "^{\\top}"),
        };
        let ell = if self.ascii { "..." } else { "\\dots" };
        let symbolic = format!(
            "[{d}_{{{}}} {ell} {d}_{{{}}}]\\,[{name}_{{{}}} {ell} {name}_{{{}}}]{tr}",
            first + 1,
            steps,
            1,
            steps - first
        );
        let symbolic = if self.ascii {
            symbolic.replace("\\,", " ").replace(['{', '}'], "")
        } else {
            symbolic
        };
        let param = move |r: usize, c: usize| Param {
            l,
            tensor,
            ix: crate::trace::Index::two(r, c),
        };
        let grad = move |r: usize, c: usize| values.gradient(param(r, c));
        (
            lhs,
            vec![
                Row::Symbolic(symbolic),
                Row::Parts(vec![
                    Part::Matrix(
                        rows,
                        n,
                        Box::new(move |r, c| deltas[(first + c) * rows + r]),
                    ),
                    Part::Matrix(n, cols, Box::new(move |c, k| other[c * cols + k])),
                ]),
                Row::Parts(vec![Part::Matrix(rows, cols, Box::new(grad))]),
            ],
        )
    }
}
