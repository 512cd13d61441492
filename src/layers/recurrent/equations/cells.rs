//! The equations of each recurrent kind's own steps: an RNN's h_t = f(z_t) and
//! δ_t = ∂L/∂h_t ⊙ f′(z_t); an LSTM's gates, c_t, h_t, ∂L/∂c_t and the gates' δ.

use crate::engine::activation;
use crate::lesson::Activation;
use crate::trace::{Gate, Quantity, StepId};
use crate::tui::ui::matrix::block::{Equation, Term, op};

use super::{Eq, Read};

/// The RNN's own steps: h_t = f(z_t) and δ_t = ∂L/∂h_t ⊙ f′(z_t).
pub(crate) fn rnn<'v>(e: Eq<'v, '_>, id: StepId, act: Activation) -> Option<Equation<'v>> {
    let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let d = e.d;
    let f = crate::trace::formula::func_name(act.into(), e.view.app.settings.notation());
    Some(match id.quantity {
        Quantity::H => {
            let (h, z) = (e.at_step("h", t), e.at_step("z", t));
            Equation {
                symbolic: format!("{h} = {f}({z})"),
                terms: vec![
                    e.column((Quantity::H, t), (d.h, 0), h, Read::None(j)),
                    op(&format!("= {f}(")),
                    e.column((Quantity::Z, t), (d.h, 0), z, Read::One(j)),
                    op(")"),
                ],
            }
        }
        Quantity::Delta => {
            let (delta, dh) = (e.at_step("δ", t), e.partial(&e.at_step("h", t)));
            let prime = format!("{f}{}({})", e.t("′", "'"), e.at_step("z", t));
            let s = e.view.values();
            let (zs, hs) = (s.numbers(Quantity::Z, e.l), s.numbers(Quantity::H, e.l));
            let h = e.t("⊙", "(*)");
            Equation {
                symbolic: format!("{delta} = {dh} {h} {prime}"),
                terms: vec![
                    e.column((Quantity::Delta, t), (d.h, 0), delta, Read::None(j)),
                    op("="),
                    e.column((Quantity::DH, t), (d.h, 0), dh, Read::One(j)),
                    op(&h),
                    e.derived(prime, d.h, j, move |r| {
                        let i = t * d.h + r;
                        activation::derivative(act, zs[i], hs[i])
                    }),
                ],
            }
        }
        _ => return None,
    })
}

/// The LSTM's own steps: its gates, c_t, h_t, ∂L/∂c_t and the gates' δ.
pub(crate) fn lstm<'v>(e: Eq<'v, '_>, id: StepId) -> Option<Equation<'v>> {
    let (t, j) = (id.ix.j(), id.ix.k().unwrap_or(0));
    let d = e.d;
    let h = e.t("⊙", "(*)");
    let (minus, sigma) = (e.t("−", "-"), e.t("σ", "sigmoid"));
    let gate_vec = |g: Gate, t: usize, read: Read| {
        e.column(
            (Quantity::Gate(g), t),
            (d.h, 0),
            e.at_step(g.name(), t),
            read,
        )
    };
    Some(match id.quantity {
        Quantity::Gate(g) => {
            let f = if g == Gate::Cell {
                "tanh"
            } else {
                sigma.as_str()
            };
            let name = e.at_step(g.name(), t);
            let z = format!("{}[{}]", e.at_step("z", t), g.name());
            Equation {
                symbolic: format!("{name} = {f}({z})"),
                terms: vec![
                    gate_vec(g, t, Read::None(j)),
                    op(&format!("= {f}(")),
                    e.column((Quantity::Z, t), (d.h, g.block() * d.h), z, Read::One(j)),
                    op(")"),
                ],
            }
        }
        Quantity::C => {
            let c = e.at_step("c", t);
            let mut terms = vec![
                e.column((Quantity::C, t), (d.h, 0), c.clone(), Read::None(j)),
                op("="),
            ];
            let mut symbolic = format!("{c} = ");
            if t > 0 {
                terms.extend([
                    gate_vec(Gate::Forget, t, Read::One(j)),
                    op(&h),
                    e.column(
                        (Quantity::C, t - 1),
                        (d.h, 0),
                        e.at_step("c", t - 1),
                        Read::One(j),
                    ),
                    op("+"),
                ]);
                symbolic.push_str(&format!(
                    "{} {h} {} + ",
                    e.at_step("f", t),
                    e.at_step("c", t - 1)
                ));
            }
            terms.extend([
                gate_vec(Gate::Input, t, Read::One(j)),
                op(&h),
                gate_vec(Gate::Cell, t, Read::One(j)),
            ]);
            symbolic.push_str(&format!("{} {h} {}", e.at_step("i", t), e.at_step("g", t)));
            Equation { symbolic, terms }
        }
        Quantity::H => {
            let hv = e.at_step("h", t);
            Equation {
                symbolic: format!(
                    "{hv} = {} {h} tanh({})",
                    e.at_step("o", t),
                    e.at_step("c", t)
                ),
                terms: vec![
                    e.column((Quantity::H, t), (d.h, 0), hv, Read::None(j)),
                    op("="),
                    gate_vec(Gate::Output, t, Read::One(j)),
                    op(&format!("{h} tanh(")),
                    e.column((Quantity::C, t), (d.h, 0), e.at_step("c", t), Read::One(j)),
                    op(")"),
                ],
            }
        }
        Quantity::DC => {
            let dc = e.partial(&e.at_step("c", t));
            let dh = e.partial(&e.at_step("h", t));
            let s = e.view.values();
            let cs = s.numbers(Quantity::C, e.l);
            let slope = format!("(1 {minus} tanh{}({}))", e.t("²", "^2"), e.at_step("c", t));
            let mut terms = vec![
                e.column((Quantity::DC, t), (d.h, 0), dc.clone(), Read::None(j)),
                op("="),
                e.column((Quantity::DH, t), (d.h, 0), dh.clone(), Read::One(j)),
                op(&h),
                gate_vec(Gate::Output, t, Read::One(j)),
                op(&h),
                e.derived(slope.clone(), d.h, j, move |r| {
                    activation::one_minus_square(cs[t * d.h + r].tanh())
                }),
            ];
            let mut symbolic = format!("{dc} = {dh} {h} {} {h} {slope}", e.at_step("o", t));
            if t + 1 < d.t {
                let next = e.partial(&e.at_step("c", t + 1));
                terms.extend([
                    op("+"),
                    e.column((Quantity::DC, t + 1), (d.h, 0), next.clone(), Read::One(j)),
                    op(&h),
                    gate_vec(Gate::Forget, t + 1, Read::One(j)),
                ]);
                symbolic.push_str(&format!(" + {next} {h} {}", e.at_step("f", t + 1)));
            }
            Equation { symbolic, terms }
        }
        Quantity::Delta => {
            let gate = Gate::ALL[(j / d.h).min(3)];
            let u = j % d.h;
            let delta = format!("{}[{}]", e.at_step("δ", t), gate.name());
            let offset = gate.block() * d.h;
            let s = e.view.values();
            let dc = e.partial(&e.at_step("c", t));
            let (first, second, slope): (Term<'v>, Term<'v>, String) = match gate {
                Gate::Input => (
                    e.column((Quantity::DC, t), (d.h, 0), dc.clone(), Read::One(u)),
                    gate_vec(Gate::Cell, t, Read::One(u)),
                    format!("{sigma}{}", e.t("′", "'")),
                ),
                Gate::Forget => (
                    e.column((Quantity::DC, t), (d.h, 0), dc.clone(), Read::One(u)),
                    if t > 0 {
                        e.column(
                            (Quantity::C, t - 1),
                            (d.h, 0),
                            e.at_step("c", t - 1),
                            Read::One(u),
                        )
                    } else {
                        e.derived(e.t("c₀ = 0", "c0 = 0"), d.h, u, |_| 0.0)
                    },
                    format!("{sigma}{}", e.t("′", "'")),
                ),
                Gate::Cell => (
                    e.column((Quantity::DC, t), (d.h, 0), dc.clone(), Read::One(u)),
                    gate_vec(Gate::Input, t, Read::One(u)),
                    format!("(1 {minus} {}{})", e.at_step("g", t), e.t("²", "^2")),
                ),
                Gate::Output => {
                    let cs = s.numbers(Quantity::C, e.l);
                    (
                        e.column(
                            (Quantity::DH, t),
                            (d.h, 0),
                            e.partial(&e.at_step("h", t)),
                            Read::One(u),
                        ),
                        e.derived(format!("tanh({})", e.at_step("c", t)), d.h, u, move |r| {
                            cs[t * d.h + r].tanh()
                        }),
                        format!("{sigma}{}", e.t("′", "'")),
                    )
                }
            };
            let values = e.view.values();
            let slope_values = move |r: usize| {
                let g = values.value(&StepId::new(Quantity::Gate(gate), e.l, &[t, r]));
                match gate {
                    Gate::Cell => activation::one_minus_square(g),
                    _ => g * (1.0 - g),
                }
            };
            let of = |term: &Term| match term {
                Term::Matrix(m) => m.name.clone(),
                Term::Op(text, _) => text.clone(),
            };
            let names = [of(&first), of(&second)];
            Equation {
                symbolic: format!("{delta} = {} {h} {} {h} {slope}", names[0], names[1]),
                terms: vec![
                    e.column((Quantity::Delta, t), (d.h, offset), delta, Read::None(u)),
                    op("="),
                    first,
                    op(&h),
                    second,
                    op(&h),
                    e.derived(slope, d.h, u, slope_values),
                ],
            }
        }
        _ => return None,
    })
}
