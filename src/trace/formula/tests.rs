//! Rendering in three notations, and evaluation.

use super::*;
use crate::notation::{Digits, Notation};
use crate::trace::Index;

fn both(e: &Expr, n: Notation) -> (String, String) {
    let style = Style::new(n, Digits::Full);
    (
        Renderer {
            style,
            substituted: false,
        }
        .render(e),
        Renderer {
            style,
            substituted: true,
        }
        .render(e),
    )
}

fn z_expr() -> Expr {
    add(vec![
        Expr::Sum(vec![
            mul(vec![var(Sym::w(1, 0, 0), 0.15), var(Sym::a(0, 0), 0.05)]),
            mul(vec![var(Sym::w(1, 0, 1), 0.2), var(Sym::a(0, 1), 0.1)]),
        ]),
        var(Sym::b(1, 0), 0.35),
    ])
}

#[test]
fn renders_three_notations() {
    let e = z_expr();
    assert_eq!(
        both(&e, Notation::Unicode),
        (
            "w⁽¹⁾₁,₁·a⁽⁰⁾₁ + w⁽¹⁾₁,₂·a⁽⁰⁾₂ + b⁽¹⁾₁".to_string(),
            "0.15·0.05 + 0.2·0.1 + 0.35".to_string()
        )
    );
    assert_eq!(
        both(&e, Notation::Ascii).0,
        "w(1)[1,1]*a(0)[1] + w(1)[1,2]*a(0)[2] + b(1)[1]"
    );
    assert_eq!(
        both(&e, Notation::Latex),
        (
            "w^{(1)}_{1,1} \\cdot a^{(0)}_{1} + w^{(1)}_{1,2} \\cdot a^{(0)}_{2} + b^{(1)}_{1}"
                .to_string(),
            "0.15 \\cdot 0.05 + 0.2 \\cdot 0.1 + 0.35".to_string()
        )
    );
    // 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775
    assert!((e.eval() - 0.3775).abs() < 1e-15);
}

#[test]
fn negative_numbers_get_parentheses_where_needed() {
    let e = mul(vec![
        var(Sym::w(2, 0, 0), 0.4),
        var(Sym::delta(2, 0), -0.25),
    ]);
    assert_eq!(both(&e, Notation::Ascii).1, "0.4*(-0.25)");
    let s = sub(var(Sym::a(2, 0), 0.5), var(Sym::Y(Index::one(0)), -1.0));
    assert_eq!(both(&s, Notation::Unicode).1, "0.5 − (-1)");
    // A product that starts with a negative number, after a plus.
    let sum = add(vec![
        mul(vec![var(Sym::w(1, 0, 0), 0.5), var(Sym::a(0, 0), 0.6)]),
        mul(vec![var(Sym::w(1, 0, 1), -0.6688), var(Sym::a(0, 1), 0.2)]),
    ]);
    assert_eq!(both(&sum, Notation::Ascii).1, "0.5*0.6 + (-0.6688*0.2)");
    assert_eq!(s.eval(), 1.5);
}

#[test]
fn long_sums_are_elided() {
    let terms: Vec<Expr> = (0..784).map(|k| var(Sym::a(0, k), 1.0)).collect();
    let (sym, _) = both(&Expr::Sum(terms.clone()), Notation::Unicode);
    assert_eq!(sym, "a⁽⁰⁾₁ + a⁽⁰⁾₂ + a⁽⁰⁾₃ + … + 781 more terms");
    assert_eq!(Expr::Sum(terms).eval(), 784.0);
}

#[test]
fn latex_powers_of_superscripted_symbols_get_parentheses() {
    let e = sub(Expr::Num(1.0), pow(var(Sym::a(1, 1), 0.5), Expr::Num(2.0)));
    assert_eq!(
        both(&e, Notation::Latex),
        (
            "1 - \\left(a^{(1)}_{2}\\right)^{2}".to_string(),
            "1 - 0.5^{2}".to_string()
        )
    );
    let g = var(
        Sym::Grad {
            p: Param::w(1, 0, 0),
            sample: None,
        },
        0.1,
    );
    assert!(
        both(&pow(g, Expr::Num(2.0)), Notation::Latex)
            .0
            .starts_with("\\left(\\frac{")
    );
    assert_eq!(
        both(
            &pow(var(Sym::Y(Index::one(0)), 0.5), Expr::Num(2.0)),
            Notation::Latex
        )
        .0,
        "y_{1}^{2}"
    );
}

#[test]
fn powers_and_fractions() {
    let e = mul(vec![
        Expr::Frac(1, 2),
        pow(
            sub(var(Sym::a(2, 0), 0.75), var(Sym::Y(Index::one(0)), 0.25)),
            Expr::Num(2.0),
        ),
    ]);
    assert_eq!(both(&e, Notation::Unicode).0, "½·(a⁽²⁾₁ − y₁)²");
    assert_eq!(
        both(&e, Notation::Latex).1,
        "\\frac{1}{2} \\cdot \\left(0.75 - 0.25\\right)^{2}"
    );
    assert_eq!(e.eval(), 0.125);
}

#[test]
fn clamps_render_three_ways_and_evaluate_as_pytorch() {
    let a = var(Sym::a(2, 0), 1.0);
    let e = max(call(Func::LnOneMinus, a.clone()), Expr::Num(-100.0));
    assert_eq!(
        both(&e, Notation::Unicode),
        (
            "max(ln(1 − a⁽²⁾₁), -100)".into(),
            "max(ln(1 − 1), -100)".into()
        )
    );
    assert_eq!(both(&e, Notation::Ascii).0, "max(ln(1 - a(2)[1]), -100)");
    assert_eq!(
        both(&e, Notation::Latex).0,
        "\\max\\left(\\ln\\left(1 - a^{(2)}_{1}\\right), -100\\right)"
    );
    // ln(1 − 1) = −∞, clamped; a NaN is kept, as C++'s std::max keeps it.
    assert_eq!(e.eval(), -100.0);
    assert!(max(Expr::Num(f64::NAN), Expr::Num(-100.0)).eval().is_nan());
    // ln(1 − x) is ln_1p(−x): 1 − 1e-15 is not rounded first.
    let small = call(Func::LnOneMinus, Expr::Num(1e-15));
    assert_eq!(small.eval(), -(1e-15 + 1e-30 / 2.0));
    let eps = max(
        mul(vec![a.clone(), sub(Expr::Num(1.0), a)]),
        var(Sym::BceEps, 9.999999960041972e-13),
    );
    assert_eq!(
        both(&eps, Notation::Unicode).0,
        "max(a⁽²⁾₁·(1 − a⁽²⁾₁), 10⁻¹²)"
    );
    assert_eq!(eps.eval(), 9.999999960041972e-13);
    let shift = sub(
        var(Sym::z(2, 0), 3.0),
        var(
            Sym::MaxZ {
                l: 2,
                at: Index::EMPTY,
            },
            5.0,
        ),
    );
    assert_eq!(both(&shift, Notation::Unicode).0, "z⁽²⁾₁ − max z⁽²⁾");
    assert_eq!(
        both(&shift, Notation::Latex).0,
        "z^{(2)}_{1} - \\max z^{(2)}"
    );
    assert_eq!(
        symbol(
            &Sym::LogSumExp {
                l: 2,
                at: Index::EMPTY
            },
            Notation::Unicode
        ),
        "ln Σₖ e^(z⁽²⁾ₖ − max z⁽²⁾)"
    );
}

#[test]
fn general_rules_render_with_letters_for_indices() {
    let g = |s| var(Sym::General(s), f64::NAN);
    let (l, j, k) = (Ix::L, Ix::J, Ix::K);
    let z = add(vec![
        sum_over(
            k,
            None,
            mul(vec![
                g(General::W { l, j, k }),
                g(General::A {
                    l: Ix::LMinus1,
                    j: k,
                }),
            ]),
        ),
        g(General::B { l, j }),
    ]);
    assert_eq!(
        both(&z, Notation::Latex).0,
        "\\sum_{k} w^{(l)}_{j,k} \\cdot a^{(l-1)}_{k} + b^{(l)}_{j}"
    );
    assert_eq!(both(&z, Notation::Unicode).0, "Σₖ w⁽ˡ⁾ⱼ,ₖ·a⁽ˡ⁻¹⁾ₖ + b⁽ˡ⁾ⱼ");
    assert_eq!(
        both(&z, Notation::Ascii).0,
        "sum over k of w(l)[j,k]*a(l-1)[k] + b(l)[j]"
    );
    let loss = sum_over(
        j,
        Some(2),
        pow(
            sub(g(General::A { l: Ix::At(2), j }), g(General::Y { j })),
            Expr::Num(2.0),
        ),
    );
    assert_eq!(
        both(&loss, Notation::Latex).0,
        "\\sum_{j=1}^{2} \\left(a^{(2)}_{j} - y_{j}\\right)^{2}"
    );
    assert!(loss.eval().is_nan());
    // A quotient's name as a base keeps its parentheses in every notation.
    let g2 = pow(g(General::GradP), Expr::Num(2.0));
    assert_eq!(both(&g2, Notation::Ascii).0, "(dL/dp)^2");
    assert_eq!(both(&g2, Notation::Unicode).0, "(∂L/∂p)²");
}

#[test]
fn a_negative_power_after_an_operator_has_one_pair_of_parentheses() {
    let g = var(
        Sym::Grad {
            p: Param::w(2, 1, 0),
            sample: None,
        },
        -0.0226025,
    );
    let e = mul(vec![
        sub(Expr::Num(1.0), var(Sym::Beta2, 0.999)),
        pow(g, Expr::Num(2.0)),
    ]);
    assert_eq!(both(&e, Notation::Unicode).1, "(1 − 0.999)·(-0.0226025)²");
    assert_eq!(
        both(&e, Notation::Latex).1,
        "\\left(1 - 0.999\\right) \\cdot \\left(-0.0226025\\right)^{2}"
    );
}

#[test]
fn one_minus_square_is_written_as_the_textbook_and_rounded_once() {
    let a = var(Sym::a(1, 0), 0.9999999924886664);
    let slope = one_minus_square(a.clone());
    let textbook = sub(Expr::Num(1.0), pow(a.clone(), Expr::Num(2.0)));
    for n in [Notation::Unicode, Notation::Ascii, Notation::Latex] {
        assert_eq!(both(&slope, n), both(&textbook, n));
    }
    let delta = mul(vec![var(Sym::delta(2, 0), 0.5), slope.clone()]);
    assert_eq!(both(&delta, Notation::Unicode).0, "δ⁽²⁾₁·(1 − a⁽¹⁾₁²)");
    // 1 − a² of a = tanh(9.7), from mpmath at 300 bits: the fused value, not 1 − a·a.
    assert_eq!(slope.eval(), 1.502266705386697e-08);
    assert_eq!(textbook.eval(), 1.50226669992648e-08);
    assert_eq!(slope.symbols(), a.symbols());
}

#[test]
fn a_gate_selects_and_reads_as_a_selection() {
    let g = gate(
        var(Sym::z(1, 1), -1.0),
        mul(vec![
            var(Sym::w(2, 0, 1), 1.0),
            var(Sym::delta(2, 0), f64::INFINITY),
        ]),
    );
    assert_eq!(
        both(&g, Notation::Unicode),
        (
            "0 if z⁽¹⁾₂ ≤ 0, else w⁽²⁾₁,₂·δ⁽²⁾₁".to_string(),
            "0 if -1 ≤ 0, else 1·∞".to_string()
        )
    );
    assert_eq!(both(&g, Notation::Ascii).1, "0 if -1 <= 0, else 1*inf");
    assert_eq!(
        both(&g, Notation::Latex).0,
        "0 \\text{ if } z^{(1)}_{2} \\le 0 \\text{, else } w^{(2)}_{1,2} \\cdot \\delta^{(2)}_{1}"
    );
    assert_eq!(g.eval(), 0.0);
    let open = gate(var(Sym::z(1, 1), 2.0), Expr::Num(f64::INFINITY));
    assert_eq!(open.eval(), f64::INFINITY);
    // Inside a product it is parenthesised.
    let p = mul(vec![Expr::Num(2.0), open]);
    assert_eq!(both(&p, Notation::Unicode).0, "2·(0 if z⁽¹⁾₂ ≤ 0, else ∞)");
}
