//! The formula behind each step, built on demand from the batch record, and what the number
//! is in words.

use crate::lesson::{Activation, Lesson, Loss, Optimizer};

use crate::notation::{Notation, number};

use super::formula::{Expr, Func, Param, Renderer, Style, Sym, add, call, div, mul, pow, sub, var};
use super::record::{BatchRecord, SampleRecord, param_entry};
use super::saturation::{self, Remark};
use super::step::{Quantity, Step, StepId};
use super::term::{Term, TermLabel};

/// A step's formula: `lhs = rhs` (or `lhs ← rhs` for updates), its value, and named
/// intermediate terms (the chain-rule reading of a delta factor by factor, the batch mean of
/// a gradient).
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// What is computed: the step's symbol.
    pub lhs: Expr,
    /// true for updates, written with ←.
    pub assign: bool,
    /// How it is computed, with every value it reads.
    pub rhs: Expr,
    /// The step's value, which `rhs` evaluates to.
    pub value: f64,
    /// Named values the formula uses, each `name = definition`, with a label in words where
    /// it has one.
    pub terms: Vec<Term>,
    /// Why the formula is not the textbook one (a clamp of PyTorch's acts, an exponential
    /// leaves the normal range), shown in words under it.
    pub remarks: Vec<Remark>,
}

impl Formula {
    fn new(lhs: Sym, rhs: Expr, value: f64) -> Self {
        Formula {
            lhs: var(lhs, value),
            assign: false,
            rhs,
            value,
            terms: Vec::new(),
            remarks: Vec::new(),
        }
    }

    fn relation(&self, style: &Style) -> &'static str {
        match (self.assign, style.notation) {
            (false, _) => " = ",
            (true, Notation::Unicode) => " ← ",
            (true, Notation::Ascii) => " <- ",
            (true, Notation::Latex) => " \\leftarrow ",
        }
    }

    /// The left-hand side's name, e.g. `z⁽¹⁾₁`.
    pub fn name(&self, style: Style) -> String {
        render(&self.lhs, style, false)
    }

    /// `z⁽¹⁾₁ = w⁽¹⁾₁,₁·a⁽⁰⁾₁ + …`
    pub fn symbolic(&self, style: Style) -> String {
        format!(
            "{}{}{}",
            self.name(style),
            self.relation(&style),
            render(&self.rhs, style, false)
        )
    }

    /// The right-hand side with numbers: `0.15·0.05 + 0.2·0.1 + 0.35`.
    pub fn substituted(&self, style: Style) -> String {
        render(&self.rhs, style, true)
    }

    /// The value, e.g. `0.3775`.
    pub fn result(&self, style: Style) -> String {
        number::format(self.value, style.digits, style.notation)
    }

    /// Every intermediate term as `label: name = definition = numbers = value` (without a
    /// label, from the name on).
    pub fn term_lines(&self, style: Style) -> Vec<String> {
        self.terms.iter().map(|t| t.line(style)).collect()
    }

    /// The remarks as sentences: ASCII for the ASCII notation, Unicode otherwise (they are
    /// prose, not math).
    pub fn remark_lines(&self, style: Style) -> Vec<String> {
        let ascii = style.notation == Notation::Ascii;
        self.remarks
            .iter()
            .map(|r| r.text(ascii, style.digits))
            .collect()
    }
}

fn render(e: &Expr, style: Style, substituted: bool) -> String {
    Renderer { style, substituted }.render(e)
}

fn func(act: Activation) -> Func {
    match act {
        Activation::Sigmoid => Func::Sigmoid,
        Activation::Tanh => Func::Tanh,
        Activation::Relu => Func::Relu,
        Activation::LeakyRelu => Func::LeakyRelu,
        Activation::Identity => Func::Identity,
        Activation::Softmax => Func::Softmax,
    }
}

/// f′(z⁽ˡ⁾ⱼ) written the textbook way: a(1 − a), 1 − a², ReLU′(z), 1.
fn derivative(act: Activation, l: usize, j: usize, s: &SampleRecord) -> Expr {
    let a = || var(Sym::A { l, j }, s.a[l][j]);
    let z = || var(Sym::Z { l, j }, s.z[l][j]);
    match act {
        Activation::Sigmoid => mul(vec![a(), sub(Expr::Num(1.0), a())]),
        Activation::Tanh => sub(Expr::Num(1.0), pow(a(), Expr::Num(2.0))),
        Activation::Relu | Activation::LeakyRelu => Expr::StepDeriv(func(act), Box::new(z())),
        Activation::Identity | Activation::Softmax => Expr::Num(1.0),
    }
}

/// ∂L/∂a⁽ᴸ⁾ⱼ for the lesson's loss (n outputs), and why it is not the textbook one.
fn loss_derivative(
    loss: Loss,
    (l, j): (usize, usize),
    s: &SampleRecord,
    y: f64,
    n: usize,
) -> (Expr, Vec<Remark>) {
    let a = || var(Sym::A { l, j }, s.a[l][j]);
    let y = || var(Sym::Y { j }, y);
    let n = n as u32;
    let mut remarks = Vec::new();
    let e = match loss {
        Loss::HalfSse => sub(a(), y()),
        Loss::Mse => mul(vec![Expr::Frac(2, n), sub(a(), y())]),
        Loss::Bce => {
            let den = saturation::bce_denominator(&a, s.a[l][j], (l, j), &mut remarks);
            mul(vec![Expr::Frac(1, n), div(sub(a(), y()), den)])
        }
        Loss::CrossEntropy => Expr::Neg(Box::new(div(y(), a()))),
    };
    (e, remarks)
}

/// The formula of a forward, loss or backward step of one sample.
pub(super) fn sample_formula(
    lesson: &Lesson,
    record: &BatchRecord,
    s: &SampleRecord,
    id: &StepId,
) -> Formula {
    let (l, j) = (id.layer, id.j);
    let depth = lesson.depth();
    let target = &lesson.data[s.index].target;
    let value = s.value(id);
    let w = |l: usize, j: usize, k: usize| {
        var(
            Sym::W { l, j, k },
            record.before.params.layers[l - 1].w[[j, k]],
        )
    };
    match id.quantity {
        Quantity::Z => {
            let n_in = lesson.width(l - 1);
            let terms = (0..n_in)
                .map(|k| {
                    mul(vec![
                        w(l, j, k),
                        var(Sym::A { l: l - 1, j: k }, s.a[l - 1][k]),
                    ])
                })
                .collect();
            let b = var(Sym::B { l, j }, record.before.params.layers[l - 1].b[j]);
            Formula::new(Sym::Z { l, j }, add(vec![Expr::Sum(terms), b]), value)
        }
        Quantity::A => {
            let act = lesson.layers[l - 1].activation;
            let z = |j: usize| var(Sym::Z { l, j }, s.z[l][j]);
            let mut remarks = Vec::new();
            let rhs = match act {
                Activation::Softmax => {
                    let (z, a) = (s.z[l].as_slice().unwrap(), s.a[l].as_slice().unwrap());
                    saturation::softmax(l, j, z, a, &mut remarks)
                }
                Activation::Identity => z(j),
                _ => call(func(act), z(j)),
            };
            let mut f = Formula::new(Sym::A { l, j }, rhs, value);
            f.remarks = remarks;
            f
        }
        Quantity::Loss => {
            let n = lesson.outputs();
            let a = |j: usize| var(Sym::A { l: depth, j }, s.a[depth][j]);
            let y = |j: usize| var(Sym::Y { j }, target[j]);
            let one = || Expr::Num(1.0);
            let per = |f: &dyn Fn(usize) -> Expr| Expr::Sum((0..n).map(f).collect());
            let remarks = std::cell::RefCell::new(Vec::new());
            let mut terms = Vec::new();
            let rhs = match lesson.loss {
                Loss::HalfSse => mul(vec![
                    Expr::Frac(1, 2),
                    per(&|j| pow(sub(a(j), y(j)), Expr::Num(2.0))),
                ]),
                Loss::Mse => mul(vec![
                    Expr::Frac(1, n as u32),
                    per(&|j| pow(sub(a(j), y(j)), Expr::Num(2.0))),
                ]),
                Loss::Bce => Expr::Neg(Box::new(mul(vec![
                    Expr::Frac(1, n as u32),
                    per(&|j| {
                        let r = &mut remarks.borrow_mut();
                        let at = (depth, j);
                        let av = s.a[depth][j];
                        add(vec![
                            mul(vec![y(j), saturation::bce_log(a(j), av, false, at, r)]),
                            mul(vec![
                                sub(one(), y(j)),
                                saturation::bce_log(a(j), av, true, at, r),
                            ]),
                        ])
                    }),
                ]))),
                Loss::CrossEntropy => {
                    let out = (
                        s.z[depth].as_slice().unwrap(),
                        s.a[depth].as_slice().unwrap(),
                        target.as_slice().unwrap(),
                    );
                    let (rhs, t, r) = saturation::cross_entropy(depth, out, value);
                    terms = t;
                    remarks.borrow_mut().extend(r);
                    rhs
                }
            };
            let mut f = Formula::new(Sym::Loss, rhs, value);
            f.terms = terms.into_iter().map(Term::from).collect();
            f.remarks = remarks.into_inner();
            f
        }
        Quantity::Delta => {
            let act = lesson.layers[l - 1].activation;
            let lhs = Sym::Delta { l, j };
            if l == depth && act == Activation::Softmax {
                let rhs = sub(
                    var(Sym::A { l, j }, s.a[l][j]),
                    var(Sym::Y { j }, target[j]),
                );
                return Formula::new(lhs, rhs, value);
            }
            let fprime = derivative(act, l, j, s);
            let deriv = var(
                Sym::Deriv {
                    func: func(act),
                    l,
                    j,
                },
                fprime.eval(),
            );
            let slope = Term::new(deriv.clone(), fprime.clone()).labelled(TermLabel::Slope {
                activation: act.name(),
            });
            if l == depth {
                let n = lesson.outputs();
                let (dlda, remarks) = loss_derivative(lesson.loss, (l, j), s, target[j], n);
                let mut f = Formula::new(lhs, mul(vec![dlda.clone(), fprime.clone()]), value);
                f.terms = vec![
                    Term::new(var(Sym::DlDa { l, j }, dlda.eval()), dlda)
                        .labelled(TermLabel::LossSlope),
                    slope,
                ];
                f.remarks = remarks;
                f
            } else {
                let back = Expr::Sum(
                    (0..lesson.width(l + 1))
                        .map(|k| {
                            mul(vec![
                                w(l + 1, k, j),
                                var(Sym::Delta { l: l + 1, j: k }, s.delta[l + 1][k]),
                            ])
                        })
                        .collect(),
                );
                // The chain rule factor by factor: the error passed back, the slope, and
                // their product, which is the δ (the engine multiplies them in this order).
                let passed = var(Sym::PassedBack { l, j }, back.eval());
                let product = mul(vec![passed.clone(), deriv]);
                let mut f = Formula::new(lhs, mul(vec![back.clone(), fprime]), value);
                f.terms = vec![
                    Term::new(passed, back).labelled(TermLabel::PassedBack { from: l + 1 }),
                    slope,
                    Term::new(var(lhs, value), product).labelled(TermLabel::Product),
                ];
                f
            }
        }
        Quantity::Db => Formula::new(
            Sym::Grad {
                p: Param::B { l, j },
                sample: None,
            },
            var(Sym::Delta { l, j }, s.delta[l][j]),
            value,
        ),
        Quantity::Dw => {
            let k = id.k.unwrap_or(0);
            Formula::new(
                Sym::Grad {
                    p: Param::W { l, j, k },
                    sample: None,
                },
                mul(vec![
                    var(Sym::Delta { l, j }, s.delta[l][j]),
                    var(Sym::A { l: l - 1, j: k }, s.a[l - 1][k]),
                ]),
                value,
            )
        }
        _ => unreachable!("{id} is an update step"),
    }
}

fn param_of(id: &StepId) -> Param {
    match id.k {
        Some(k) => Param::W {
            l: id.layer,
            j: id.j,
            k,
        },
        None => Param::B {
            l: id.layer,
            j: id.j,
        },
    }
}

/// The formula of an update step: optimizer state or a parameter's new value.
pub(super) fn update_formula(lesson: &Lesson, record: &BatchRecord, id: &StepId) -> Formula {
    let p = param_of(id);
    let value = record.update_value(lesson, id);
    let grad_value = param_entry(&record.grad, id);
    let g = || var(Sym::Grad { p, sample: None }, grad_value);
    let old = match p {
        Param::W { l, j, k } => var(Sym::W { l, j, k }, param_entry(&record.before.params, id)),
        Param::B { l, j } => var(Sym::B { l, j }, param_entry(&record.before.params, id)),
    };
    let new_sym = match p {
        Param::W { l, j, k } => Sym::W { l, j, k },
        Param::B { l, j } => Sym::B { l, j },
    };
    let eta = || var(Sym::Eta, lesson.optimizer.learning_rate());
    let one = || Expr::Num(1.0);
    let state_before =
        |which: fn(Param) -> Sym, arr: &crate::engine::Params| var(which(p), param_entry(arr, id));
    let (lhs, rhs) = match (id.quantity, lesson.optimizer, &record.before.opt) {
        (Quantity::W | Quantity::B, Optimizer::Sgd { momentum: 0.0, .. }, _) => {
            (new_sym, sub(old, mul(vec![eta(), g()])))
        }
        (
            Quantity::Velocity,
            Optimizer::Sgd { momentum, .. },
            crate::engine::OptState::Momentum { v },
        ) => (
            Sym::V(p),
            add(vec![
                mul(vec![var(Sym::Mu, momentum), state_before(Sym::V, v)]),
                g(),
            ]),
        ),
        (Quantity::W | Quantity::B, Optimizer::Sgd { .. }, _) => {
            let v_new = record.update_value(lesson, &id.with(Quantity::Velocity));
            (new_sym, sub(old, mul(vec![eta(), var(Sym::V(p), v_new)])))
        }
        (
            q,
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
                ..
            },
            crate::engine::OptState::Adam { m, v, .. },
        ) => {
            let step = record.adam_step(lesson, id);
            let t = var(Sym::T, record.adam_t() as f64);
            let (b1, b2) = (var(Sym::Beta1, beta1), var(Sym::Beta2, beta2));
            match q {
                Quantity::M => (
                    Sym::M(p),
                    add(vec![
                        mul(vec![b1.clone(), state_before(Sym::M, m)]),
                        mul(vec![sub(one(), b1), g()]),
                    ]),
                ),
                Quantity::V => (
                    Sym::V(p),
                    add(vec![
                        mul(vec![b2.clone(), state_before(Sym::V, v)]),
                        mul(vec![sub(one(), b2), pow(g(), Expr::Num(2.0))]),
                    ]),
                ),
                Quantity::MHat => (
                    Sym::MHat(p),
                    div(var(Sym::M(p), step.m), sub(one(), pow(b1, t))),
                ),
                Quantity::VHat => (
                    Sym::VHat(p),
                    div(var(Sym::V(p), step.v), sub(one(), pow(b2, t))),
                ),
                _ => (
                    new_sym,
                    sub(
                        old,
                        mul(vec![
                            eta(),
                            div(
                                var(Sym::MHat(p), step.m_hat),
                                add(vec![
                                    call(Func::Sqrt, var(Sym::VHat(p), step.v_hat)),
                                    var(Sym::Eps, epsilon),
                                ]),
                            ),
                        ]),
                    ),
                ),
            }
        }
        _ => unreachable!("{id} is not an update step of this lesson"),
    };
    let mut f = Formula::new(lhs, rhs, value);
    // m̂ and v̂ are computed afresh each step; everything else here replaces its old value.
    f.assign = !matches!(id.quantity, Quantity::MHat | Quantity::VHat);
    if record.samples.len() > 1 && uses_grad(lesson, id) {
        let per_sample = record
            .samples
            .iter()
            .map(|s| {
                let grad_id = StepId {
                    quantity: if id.k.is_some() {
                        Quantity::Dw
                    } else {
                        Quantity::Db
                    },
                    ..*id
                };
                var(
                    Sym::Grad {
                        p,
                        sample: Some(s.index),
                    },
                    s.value(&grad_id),
                )
            })
            .collect();
        let mean = div(
            Expr::Sum(per_sample),
            Expr::Num(record.samples.len() as f64),
        );
        f.terms.push(Term::new(g(), mean));
    }
    f
}

/// Does this update step's formula read the batch gradient directly?
fn uses_grad(lesson: &Lesson, id: &StepId) -> bool {
    match (lesson.optimizer, id.quantity) {
        (Optimizer::Sgd { momentum, .. }, Quantity::W | Quantity::B) => momentum == 0.0,
        (Optimizer::Sgd { .. }, Quantity::Velocity) => true,
        (Optimizer::Adam { .. }, Quantity::M | Quantity::V) => true,
        _ => false,
    }
}

/// A neuron in words: "input 2", "hidden neuron 1", "output neuron 2",
/// "neuron 3 of hidden layer 2".
pub fn neuron_name(lesson: &Lesson, l: usize, j: usize) -> String {
    let depth = lesson.depth();
    if l == 0 {
        format!("input {}", j + 1)
    } else if l == depth {
        format!("output neuron {}", j + 1)
    } else if depth == 2 {
        format!("hidden neuron {}", j + 1)
    } else {
        format!("neuron {} of hidden layer {l}", j + 1)
    }
}

/// What a step's number is, in words.
pub fn describe(lesson: &Lesson, step: &Step) -> String {
    let id = &step.id;
    let (l, j) = (id.layer, id.j);
    let neuron = || neuron_name(lesson, l, j);
    let param = || match id.k {
        Some(k) => format!(
            "weight from {} to {}",
            neuron_name(lesson, l - 1, k),
            neuron_name(lesson, l, j)
        ),
        None => format!("bias of {}", neuron_name(lesson, l, j)),
    };
    let sample = step
        .sample()
        .map_or(String::new(), |s| format!("sample {s}"));
    match id.quantity {
        Quantity::Z => format!("weighted input of {}", neuron()),
        Quantity::A => format!(
            "activation ({}) of {}",
            lesson.layers[l - 1].activation.name(),
            neuron()
        ),
        Quantity::Loss => format!("loss of {sample} ({})", lesson.loss.name()),
        Quantity::Delta => format!("error signal ∂L/∂z of {}", neuron()),
        Quantity::Db => format!("gradient of the loss for the {}", param()),
        Quantity::Dw => format!("gradient of the loss for the {}", param()),
        Quantity::W | Quantity::B => format!("updated {}", param()),
        Quantity::M => format!(
            "Adam's first moment (running mean of gradients) of the {}",
            param()
        ),
        Quantity::V => format!(
            "Adam's second moment (running mean of squared gradients) of the {}",
            param()
        ),
        Quantity::Velocity => format!("momentum velocity of the {}", param()),
        Quantity::MHat => format!("bias-corrected first moment of the {}", param()),
        Quantity::VHat => format!("bias-corrected second moment of the {}", param()),
    }
}
