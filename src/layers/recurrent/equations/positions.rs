//! Equations on the positions of a sequence: the loss of a sequence output, the mean of its
//! positions' losses, and a dense layer acting at every position.

use crate::engine::activation;
use crate::layers::recurrent::{Dims, Outputs};
use crate::lesson::Activation;
use crate::trace::{Quantity, StepId, Tensor};
use crate::tui::ui::matrix::Ctx;
use crate::tui::ui::matrix::block::{Equation, Matrix, Term, op};

use super::{Eq, Read};

/// L = (1/T)·Σₜ ℓ(a_t, y_t): the loss of a sequence output, its outputs and targets one row
/// per position.
pub(crate) fn sequence_loss<'v>(e: Eq<'v, '_>) -> Equation<'v> {
    let view = e.view;
    let depth = view.lesson.depth();
    let shape = view.lesson.shape(depth);
    let (t, n) = (shape.positions(), shape.features());
    let values = view.values();
    let targets = values.target();
    let ex = Eq { l: depth, ..e };
    let outputs = Term::Matrix(Matrix::new(ex.name("A"), (t, n), (0, 0), move |r, c| {
        ex.sample(StepId::new(Quantity::A, depth, &[r, c]), true)
    }));
    let ys = Term::Matrix(Matrix::new("Y".into(), (t, n), (0, 0), move |r, c| {
        ex.known(targets.get(r * n + c).copied().unwrap_or(f64::NAN), true)
    }));
    let value = if view.hide {
        "?".to_string()
    } else {
        view.precise(view.step.value)
    };
    let lang = view.theme.lang;
    let formula = format!(
        "L = (1/{t}){}{}{}(a{}, y{})",
        e.t("·", "*"),
        match view.theme.ascii {
            true => format!("{} ", lang.t("view-recurrent-sum-over-t")),
            false => "Σₜ ".to_string(),
        },
        e.t("ℓ", &lang.t("view-recurrent-loss")),
        e.t("ₜ", "[t]"),
        e.t("ₜ", "[t]")
    );
    Equation {
        symbolic: crate::tr!(lang, "view-recurrent-sequence-loss", formula = formula),
        terms: vec![
            op("L ="),
            Term::Op(value, view.theme.current),
            op(&lang.t("view-recurrent-from")),
            outputs,
            op(&lang.t("view-recurrent-and")),
            ys,
        ],
    }
}

/// A dense layer's steps at the positions of a sequence, one position at a time:
/// z_t = W a_t + b, a_t = f(z_t), δ_t = ∂L/∂a_t ⊙ f′(z_t) (for softmax under cross-entropy,
/// (a_t − y_t)/T), and its gradients as the positions side by side, [δ_1 … δ_T][a_1 … a_T]ᵀ.
pub(crate) fn positionwise<'v>(c: Ctx<'v, '_>, act: Activation) -> Vec<Equation<'v>> {
    let view = c.view;
    let l = view.layer();
    let layer = &view.lesson.layers[l - 1];
    let n = layer.output.features();
    let d = Dims {
        t: layer.input.positions(),
        f: layer.input.features(),
        h: n,
        rows: n,
    };
    let e = Eq {
        view,
        l,
        d,
        outputs: Outputs::All,
    };
    let id = view.step.id;
    let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let f = crate::trace::formula::func_name(act.into(), view.app.settings.notation());
    vec![match id.quantity {
        Quantity::Loss => sequence_loss(e),
        Quantity::Z => {
            let (z, w, b) = (e.at_step("z", t), e.name("W"), e.name("b"));
            Equation {
                symbolic: format!("{z} = {w}{}{} + {b}", e.t("", " "), e.input_at(t)),
                terms: vec![
                    e.column((Quantity::Z, t), (n, 0), z, Read::None(j)),
                    op("="),
                    e.tensor(Tensor::W, w, Read::One(j), false),
                    e.input(t),
                    op("+"),
                    e.tensor(Tensor::B, b, Read::One(j), false),
                ],
            }
        }
        Quantity::A => {
            let (a, z) = (e.at_step("a", t), e.at_step("z", t));
            let read = if act == Activation::Softmax {
                Read::All
            } else {
                Read::One(j)
            };
            Equation {
                symbolic: format!("{a} = {f}({z})"),
                terms: vec![
                    e.column((Quantity::A, t), (n, 0), a, Read::None(j)),
                    op(&format!("= {f}(")),
                    e.column((Quantity::Z, t), (n, 0), z, read),
                    op(")"),
                ],
            }
        }
        Quantity::Delta => {
            let delta = e.at_step("δ", t);
            let s = view.values();
            let errors = s.errors(l);
            if errors.is_empty() {
                // Softmax under cross-entropy: δ_t = (a_t − y_t)/T.
                let targets = s.target();
                let ex = e;
                let ys = Term::Matrix(Matrix::column(
                    format!("y{}", e.t("ₜ", "[t]")),
                    n,
                    j,
                    move |r| ex.known(targets.get(t * n + r).copied().unwrap_or(f64::NAN), r == j),
                ));
                let a = e.at_step("a", t);
                return vec![Equation {
                    symbolic: format!(
                        "{delta} = ({a} {} y{}) / {}",
                        e.t("−", "-"),
                        e.t("ₜ", "[t]"),
                        d.t
                    ),
                    terms: vec![
                        e.column((Quantity::Delta, t), (n, 0), delta, Read::None(j)),
                        op("= ("),
                        e.column((Quantity::A, t), (n, 0), a, Read::One(j)),
                        op(&e.t("−", "-")),
                        ys,
                        op(&format!(") / {}", d.t)),
                    ],
                }];
            }
            let g = e.partial(&e.at_step("a", t));
            let prime = format!("{f}{}({})", e.t("′", "'"), e.at_step("z", t));
            let (zs, own) = (s.numbers(Quantity::Z, l), s.numbers(Quantity::A, l));
            let h = e.t("⊙", "(*)");
            Equation {
                symbolic: format!("{delta} = {g} {h} {prime}"),
                terms: vec![
                    e.column((Quantity::Delta, t), (n, 0), delta, Read::None(j)),
                    op("="),
                    e.derived(g, n, j, move |r| {
                        errors.get(t * n + r).copied().unwrap_or(f64::NAN)
                    }),
                    op(&h),
                    e.derived(prime, n, j, move |r| {
                        let i = t * n + r;
                        match act {
                            Activation::Softmax => f64::NAN,
                            _ => activation::derivative(act, zs[i], own[i]),
                        }
                    }),
                ],
            }
        }
        Quantity::Grad(tensor) => e.gradient(tensor, (id.ix.j(), id.ix.k().unwrap_or(0))),
        _ => return Vec::new(),
    }]
}
