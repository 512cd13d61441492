//! The general rule of each phase: how every z and a, the loss, every δ and gradient, and
//! every update are computed. Each is an expression tree with letters for its indices (j, k,
//! l, a Σ over j), rendered like every formula of the trace, in LaTeX or ASCII, in the
//! document's style (its words, in ASCII's "sum over j of", in its language).

use crate::lesson::{Activation, Lesson, Loss, Optimizer};
use crate::notation::Notation;
use crate::trace::Style;
use crate::trace::formula::{
    Expr, Func, General, Ix, Renderer, Sym, add, call, div, mul, neg, pow, sub, sum_over, var,
};

/// One line of a rule: left-hand side, whether it replaces a value (←), right-hand side.
type Line = (Expr, bool, Expr);

fn g(s: General) -> Expr {
    var(Sym::General(s), f64::NAN)
}

fn sym(s: Sym) -> Expr {
    var(s, f64::NAN)
}

fn one() -> Expr {
    Expr::Num(1.0)
}

/// The lines rendered: one per line in ASCII, aligned in LaTeX.
fn render(lines: &[Line], style: Style) -> Vec<String> {
    let n = style.notation;
    let r = |e: &Expr| {
        Renderer {
            style,
            substituted: false,
        }
        .render(e)
    };
    let relation = |assign: bool| match (assign, n) {
        (false, _) => "=",
        (true, Notation::Latex) => "\\leftarrow",
        (true, Notation::Unicode) => "←",
        (true, Notation::Ascii) => "<-",
    };
    if n != Notation::Latex || lines.len() == 1 {
        return lines
            .iter()
            .map(|(l, a, e)| format!("{} {} {}", r(l), relation(*a), r(e)))
            .collect();
    }
    let body: Vec<String> = lines
        .iter()
        .map(|(l, a, e)| format!("{} &{} {}", r(l), relation(*a), r(e)))
        .collect();
    vec![format!(
        "\\begin{{aligned}}\n{}\n\\end{{aligned}}",
        body.join(" \\\\\n")
    )]
}

fn softmax(lesson: &Lesson) -> bool {
    lesson.layers.last().map(|l| l.activation()) == Some(Activation::Softmax)
}

/// a⁽ᴸ⁾ⱼ = e^{z⁽ᴸ⁾ⱼ} / Σₖ e^{z⁽ᴸ⁾ₖ}
fn softmax_line(l: Ix) -> Line {
    let e = |j: Ix| call(Func::Exp, g(General::Z { l, j }));
    (
        g(General::A { l, j: Ix::J }),
        false,
        div(e(Ix::J), sum_over(Ix::K, None, e(Ix::K))),
    )
}

/// The loss of one sample, in general.
pub fn loss(lesson: &Lesson, style: Style) -> Vec<String> {
    let (l, outputs) = (Ix::At(lesson.depth()), lesson.outputs());
    let a = || g(General::A { l, j: Ix::J });
    let y = || g(General::Y { j: Ix::J });
    let over_j = |body: Expr| sum_over(Ix::J, Some(outputs), body);
    let frac = Expr::Frac;
    let squares = || over_j(pow(sub(a(), y()), Expr::Num(2.0)));
    let rhs = match lesson.loss {
        Loss::HalfSse => mul(vec![frac(1, 2), squares()]),
        Loss::Mse => mul(vec![frac(1, outputs as u32), squares()]),
        Loss::Bce => neg(mul(vec![
            frac(1, outputs as u32),
            over_j(add(vec![
                mul(vec![y(), call(Func::Ln, a())]),
                mul(vec![sub(one(), y()), call(Func::Ln, sub(one(), a()))]),
            ])),
        ])),
        Loss::CrossEntropy => neg(over_j(mul(vec![y(), call(Func::Ln, a())]))),
    };
    let mut lines = vec![(sym(Sym::Loss), false, rhs)];
    if lesson.loss == Loss::CrossEntropy {
        lines.push(softmax_line(l));
    }
    render(&lines, style)
}

/// How every trainable parameter p is updated.
pub fn optimizer(lesson: &Lesson, style: Style) -> Vec<String> {
    let (p, grad) = (|| g(General::P), || g(General::GradP));
    let eta = || sym(Sym::Eta);
    let lines: Vec<Line> = match lesson.optimizer {
        Optimizer::Sgd { momentum: 0.0, .. } => {
            vec![(p(), true, sub(p(), mul(vec![eta(), grad()])))]
        }
        Optimizer::Sgd { .. } => {
            let v = || g(General::V);
            vec![
                (v(), true, add(vec![mul(vec![sym(Sym::Mu), v()]), grad()])),
                (p(), true, sub(p(), mul(vec![eta(), v()]))),
            ]
        }
        Optimizer::Adam { .. } | Optimizer::AdamW { .. } => {
            let (m, v) = (|| g(General::M), || g(General::V));
            let (b1, b2) = (|| sym(Sym::Beta1), || sym(Sym::Beta2));
            let t = || sym(Sym::T);
            vec![
                (
                    m(),
                    true,
                    add(vec![
                        mul(vec![b1(), m()]),
                        mul(vec![sub(one(), b1()), grad()]),
                    ]),
                ),
                (
                    v(),
                    true,
                    add(vec![
                        mul(vec![b2(), v()]),
                        mul(vec![sub(one(), b2()), pow(grad(), Expr::Num(2.0))]),
                    ]),
                ),
                (
                    g(General::MHat),
                    false,
                    div(m(), sub(one(), pow(b1(), t()))),
                ),
                (
                    g(General::VHat),
                    false,
                    div(v(), sub(one(), pow(b2(), t()))),
                ),
                (
                    p(),
                    true,
                    sub(
                        p(),
                        mul(vec![
                            eta(),
                            div(
                                g(General::MHat),
                                add(vec![call(Func::Sqrt, g(General::VHat)), sym(Sym::Eps)]),
                            ),
                        ]),
                    ),
                ),
            ]
        }
    };
    render(&lines, style)
}

/// The forward pass of every neuron, in general.
pub fn forward(lesson: &Lesson, style: Style) -> Vec<String> {
    let (l, j, k) = (Ix::L, Ix::J, Ix::K);
    let weighted = sum_over(
        k,
        None,
        mul(vec![
            g(General::W { l, j, k }),
            g(General::A {
                l: Ix::LMinus1,
                j: k,
            }),
        ]),
    );
    let mut lines = vec![
        (
            g(General::Z { l, j }),
            false,
            add(vec![weighted, g(General::B { l, j })]),
        ),
        (
            g(General::A { l, j }),
            false,
            call(Func::F, g(General::Z { l, j })),
        ),
    ];
    if softmax(lesson) {
        lines.push(softmax_line(Ix::At(lesson.depth())));
    }
    render(&lines, style)
}

/// The backward pass of every neuron, in general.
pub fn backward(lesson: &Lesson, style: Style) -> Vec<String> {
    let (out, l, j, k) = (Ix::At(lesson.depth()), Ix::L, Ix::J, Ix::K);
    let output = match softmax(lesson) && lesson.loss == Loss::CrossEntropy {
        true => sub(g(General::A { l: out, j }), g(General::Y { j })),
        false => mul(vec![
            g(General::DlDa { l: out, j }),
            g(General::Deriv { l: out, j }),
        ]),
    };
    let mut lines = vec![(g(General::Delta { l: out, j }), false, output)];
    if lesson.depth() > 1 {
        let back = sum_over(
            k,
            None,
            mul(vec![
                g(General::W {
                    l: Ix::LPlus1,
                    j: k,
                    k: j,
                }),
                g(General::Delta {
                    l: Ix::LPlus1,
                    j: k,
                }),
            ]),
        );
        // In parentheses: the sum, then f′.
        let rhs = mul(vec![add(vec![back]), g(General::Deriv { l, j })]);
        lines.push((g(General::Delta { l, j }), false, rhs));
    }
    lines.push((
        g(General::GradB { l, j }),
        false,
        g(General::Delta { l, j }),
    ));
    lines.push((
        g(General::GradW { l, j, k }),
        false,
        mul(vec![
            g(General::Delta { l, j }),
            g(General::A {
                l: Ix::LMinus1,
                j: k,
            }),
        ]),
    ));
    render(&lines, style)
}

/// How the loss behaves where outputs saturate, as PyTorch computes it, in `lang` (Unicode
/// prose; the document spells it in ASCII under `--ascii`).
pub fn saturation(loss: Loss, lang: crate::i18n::Lang) -> Option<String> {
    match loss {
        Loss::Bce => Some(lang.t("md-saturation-bce")),
        Loss::CrossEntropy => Some(lang.t("md-saturation-ce")),
        Loss::HalfSse | Loss::Mse => None,
    }
}
