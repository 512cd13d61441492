//! The matrix view (`m`) of a network of sequence layers: each quantity of a layer as a
//! T × n matrix, one row per position, and each step as one entry of its layer's equation —
//! Q = XW_qᵀ + b_q, S = QKᵀ/√d + M, A = softmax(S) (row by row), C = AV, Y = CW_oᵀ + b_o;
//! X̂ = (X − μ)/√(σ² + ε), Y = X̂ ⊙ γ + β; Z = XWᵀ + b, Y = f(Z); the embedding's rows; and
//! backward ∂L/∂S = A ⊙ (∂L/∂A − rowsum(A ⊙ ∂L/∂A)) and the rest. An update shows the
//! tensor before and after, entry by entry.

use crate::layers::{Kind, Tensor};
use crate::tr;
use crate::trace::{Index, Inner, Param, Quantity, StepId};
use crate::tui::ui::matrix::Ctx;
use crate::tui::ui::matrix::block::{Equation, Matrix, Term, op};

fn q(i: Inner) -> Quantity {
    Quantity::Block(i)
}

/// A T × n matrix of step values of layer `l` (indices [t,j], or [h,t,s] of head `head`
/// for the square ones); `read(r, c)` lights what the current formula reads.
fn steps<'v>(
    c: Ctx<'v, '_>,
    name: String,
    (quantity, l, head): (Quantity, usize, Option<usize>),
    (rows, cols): (usize, usize),
    focus: (usize, usize),
    read: impl Fn(usize, usize) -> bool + 'v,
) -> Term<'v> {
    let values = c.view.values();
    let attention = match &c.view.lesson.layers[l.max(1) - 1].kind {
        Kind::Attention(a) => Some(*a),
        _ => None,
    };
    Term::Matrix(Matrix::new(name, (rows, cols), focus, move |r, k| {
        let ix = match (head, attention) {
            (Some(h), Some(a)) => a.score_ix(h, r, k),
            _ => Index::two(r, k),
        };
        let id = StepId {
            quantity,
            layer: l,
            ix,
        };
        let v = if l == 0 {
            values.activations(0)[r * cols + k]
        } else {
            values.value(&id)
        };
        c.sample(id, v, read(r, k))
    }))
}

/// A parameter tensor of layer `l` (transposed if asked), rows × cols as shown.
fn param<'v>(
    c: Ctx<'v, '_>,
    name: String,
    (tensor, l): (Tensor, usize),
    (rows, cols): (usize, usize),
    transposed: bool,
    read: impl Fn(usize, usize) -> bool + 'v,
) -> Term<'v> {
    let batch = &c.view.batch;
    Term::Matrix(Matrix::new(name, (rows, cols), (0, 0), move |r, k| {
        let ix = match (rows, cols, transposed) {
            (1, _, _) => Index::one(k),
            (_, _, true) => Index::two(k, r),
            _ => Index::two(r, k),
        };
        c.known(batch.before(Param { l, tensor, ix }), read(r, k))
    }))
}

/// The current step's position and index along the layer's quantity.
fn at(id: &StepId) -> (usize, usize) {
    (id.ix.j(), id.ix.k().unwrap_or(0))
}

/// The equations of a step of a sequence layer, or none for steps without a matrix form.
pub fn equations<'v>(c: Ctx<'v, '_>) -> Vec<Equation<'v>> {
    let view = c.view;
    if view.is_update() {
        return update(c).into_iter().collect();
    }
    let id = view.step.id;
    if id.quantity == Quantity::Loss || id.layer == 0 {
        return Vec::new();
    }
    let l = id.layer;
    let layer = &view.lesson.layers[l - 1];
    let (positions, d_in, d_out) = (
        layer.input.positions(),
        layer.input.features(),
        layer.output.features(),
    );
    let x = |read_row: Option<usize>| {
        steps(
            c,
            c.name("X", "X", l - 1).replace('X', "A"),
            (Quantity::A, l - 1, None),
            (positions, d_in),
            (read_row.unwrap_or(0), 0),
            move |r, _| Some(r) == read_row,
        )
    };
    let own = |quantity: Quantity, name: &str, cols: usize| {
        steps(
            c,
            c.name(name, name, l),
            (quantity, l, None),
            (positions, cols),
            at(&id),
            |_, _| false,
        )
    };
    let (t, j) = at(&id);
    let eq = |symbolic: String, terms: Vec<Term<'v>>| vec![Equation { symbolic, terms }];
    match (&layer.kind, id.quantity) {
        (Kind::Attention(a), quantity) => {
            let a = *a;
            let dh = d_in / a.heads;
            match quantity {
                Quantity::Block(i @ (Inner::Query | Inner::Key | Inner::Value)) => {
                    let (name, w, b) = match i {
                        Inner::Query => ("Q", Tensor::WQ, Tensor::BQ),
                        Inner::Key => ("K", Tensor::WK, Tensor::BK),
                        _ => ("V", Tensor::WV, Tensor::BV),
                    };
                    let wname = c.transposed(&c.name(
                        &format!("W_{}", name.to_lowercase()),
                        &format!("W_{}", name.to_lowercase()),
                        l,
                    ));
                    eq(
                        format!(
                            "{} = {} + b",
                            c.name(name, name, l),
                            c.t(&format!("X{wname}"), &format!("X {wname}"))
                        ),
                        vec![
                            own(quantity, name, d_in),
                            op("="),
                            x(Some(t)),
                            param(c, wname, (w, l), (d_in, d_in), true, move |_, k| k == j),
                            op("+"),
                            param(
                                c,
                                c.name("b", "b", l),
                                (b, l),
                                (1, d_in),
                                false,
                                move |_, k| k == j,
                            ),
                        ],
                    )
                }
                Quantity::Block(
                    i @ (Inner::Score | Inner::Attn | Inner::DAttn | Inner::DScore),
                ) => {
                    let (h, t, s) = a.hts(&id.ix);
                    let square = |inner: Inner, name: &str, read: bool| {
                        steps(
                            c,
                            c.name(name, name, l),
                            (q(inner), l, Some(h)),
                            (positions, positions),
                            (t, s),
                            move |r, _| read && r == t,
                        )
                    };
                    let head = |inner: Inner, name: &str, col: bool| {
                        let read_t = t;
                        Term::Matrix(Matrix::new(
                            c.name(name, name, l),
                            (positions, dh),
                            (t, 0),
                            move |r, k| {
                                let sid = StepId::new(q(inner), l, &[r, h * dh + k]);
                                c.sample(
                                    sid,
                                    view.values().value(&sid),
                                    if col { r == s } else { r == read_t },
                                )
                            },
                        ))
                    };
                    let scale = format!("{}{}", c.t("/√", "/sqrt "), dh);
                    let lang = view.theme.lang;
                    match i {
                        Inner::Score => eq(
                            tr!(
                                lang,
                                match a.causal {
                                    true => "view-matrices-scores",
                                    false => "view-matrices-scores-unmasked",
                                },
                                formula = format!("S = QKᵀ{scale} + M")
                            ),
                            vec![
                                square(Inner::Score, "S", false),
                                op("="),
                                head(Inner::Query, "Q", false),
                                head(Inner::Key, "K", true),
                                op(&format!("ᵀ {scale} + M")),
                            ],
                        ),
                        Inner::Attn => eq(
                            lang.t("view-matrices-attn"),
                            vec![
                                square(Inner::Attn, "A", false),
                                op("= softmax("),
                                square(Inner::Score, "S", true),
                                op(")"),
                            ],
                        ),
                        Inner::DAttn => eq(
                            "∂L/∂A = ∂L/∂C Vᵀ".to_string(),
                            vec![
                                square(Inner::DAttn, "∂L/∂A", false),
                                op("="),
                                head(Inner::DCtx, "∂L/∂C", false),
                                head(Inner::Value, "V", true),
                                op("ᵀ"),
                            ],
                        ),
                        _ => eq(
                            format!(
                                "∂L/∂S = A {} (∂L/∂A − Σₛ A {} ∂L/∂A)",
                                c.hadamard(),
                                c.hadamard()
                            ),
                            vec![
                                square(Inner::DScore, "∂L/∂S", false),
                                op("="),
                                square(Inner::Attn, "A", true),
                                op(&c.hadamard()),
                                op("("),
                                square(Inner::DAttn, "∂L/∂A", true),
                                op(&lang.t("view-matrices-minus-row-sums")),
                            ],
                        ),
                    }
                }
                Quantity::Block(Inner::Ctx) => {
                    let h = j / dh;
                    let attn = steps(
                        c,
                        c.name("A", "A", l),
                        (q(Inner::Attn), l, Some(h)),
                        (positions, positions),
                        (t, 0),
                        move |r, _| r == t,
                    );
                    let v = Term::Matrix(Matrix::new(
                        c.name("V", "V", l),
                        (positions, d_in),
                        (0, j),
                        move |r, k| {
                            let sid = StepId::new(q(Inner::Value), l, &[r, k]);
                            c.sample(sid, view.values().value(&sid), k == j)
                        },
                    ));
                    eq(
                        view.theme.lang.t("view-matrices-context"),
                        vec![own(q(Inner::Ctx), "C", d_in), op("="), attn, v],
                    )
                }
                Quantity::A => eq(
                    format!("Y = C{} + b_o", c.transposed("W_o")),
                    vec![
                        own(Quantity::A, "Y", d_out),
                        op("="),
                        steps(
                            c,
                            c.name("C", "C", l),
                            (q(Inner::Ctx), l, None),
                            (positions, d_in),
                            (t, 0),
                            move |r, _| r == t,
                        ),
                        param(
                            c,
                            c.transposed(&c.name("W_o", "W_o", l)),
                            (Tensor::WO, l),
                            (d_in, d_in),
                            true,
                            move |_, k| k == j,
                        ),
                        op("+ b_o"),
                    ],
                ),
                other => single(c, other, l, (positions, d_out), &id),
            }
        }
        (Kind::LayerNorm(_), Quantity::Block(Inner::XHat | Inner::Mu | Inner::Var)) => {
            let column = |inner: Inner, name: &str| {
                Term::Matrix(Matrix::column(
                    c.name(name, name, l),
                    positions,
                    t,
                    move |r| {
                        let sid = StepId::new(q(inner), l, &[r]);
                        c.sample(sid, view.values().value(&sid), r == t)
                    },
                ))
            };
            eq(
                view.theme.lang.t("view-matrices-normalised"),
                vec![
                    own(q(Inner::XHat), "X̂", d_in),
                    op("= ("),
                    x(Some(t)),
                    op("−"),
                    column(Inner::Mu, "μ"),
                    op(") / √("),
                    column(Inner::Var, "σ²"),
                    op("+ ε)"),
                ],
            )
        }
        (Kind::LayerNorm(_), Quantity::A) => eq(
            format!("Y = X̂ {} γ + β", c.hadamard()),
            vec![
                own(Quantity::A, "Y", d_out),
                op("="),
                steps(
                    c,
                    c.name("X̂", "xhat", l),
                    (q(Inner::XHat), l, None),
                    (positions, d_in),
                    (t, j),
                    move |r, k| r == t && k == j,
                ),
                op(&c.hadamard()),
                param(
                    c,
                    c.name("γ", "gamma", l),
                    (Tensor::Gamma, l),
                    (1, d_in),
                    false,
                    move |_, k| k == j,
                ),
                op("+"),
                param(
                    c,
                    c.name("β", "beta", l),
                    (Tensor::Beta, l),
                    (1, d_in),
                    false,
                    move |_, k| k == j,
                ),
            ],
        ),
        (Kind::Embedding(e), Quantity::A) => {
            let vocab = e.vocabulary;
            eq(
                view.theme.lang.t("view-matrices-embedding"),
                vec![
                    own(Quantity::A, "Y", d_out),
                    op("="),
                    param(
                        c,
                        c.name("E", "E", l),
                        (Tensor::Emb, l),
                        (vocab, d_out),
                        false,
                        |_, _| false,
                    ),
                    op("[x] +"),
                    param(
                        c,
                        c.name("P", "P", l),
                        (Tensor::Pos, l),
                        (positions, d_out),
                        false,
                        move |r, _| r == t,
                    ),
                ],
            )
        }
        (Kind::Dense(_), Quantity::Z) => eq(
            format!("Z = X{} + b", c.transposed("W")),
            vec![
                own(Quantity::Z, "Z", d_out),
                op("="),
                x(Some(t)),
                param(
                    c,
                    c.transposed(&c.name("W", "W", l)),
                    (Tensor::W, l),
                    (d_in, d_out),
                    true,
                    move |_, k| k == j,
                ),
                op("+ b"),
            ],
        ),
        (Kind::Dense(d), Quantity::A) => eq(
            tr!(
                view.theme.lang,
                if d.activation == crate::lesson::Activation::Softmax {
                    "view-matrices-rows"
                } else {
                    "view-matrices-entries"
                },
                formula = format!("Y = {}(Z)", d.activation.name())
            ),
            vec![
                own(Quantity::A, "Y", d_out),
                op(&format!("= {}(", d.activation.name())),
                steps(
                    c,
                    c.name("Z", "Z", l),
                    (Quantity::Z, l, None),
                    (positions, d_out),
                    (t, j),
                    move |r, k| {
                        r == t && (k == j || d.activation == crate::lesson::Activation::Softmax)
                    },
                ),
                op(")"),
            ],
        ),
        (_, other) => single(c, other, l, (positions, d_out), &id),
    }
}

/// A quantity with no equation of its own here: its matrix, the current entry lit.
fn single<'v>(
    c: Ctx<'v, '_>,
    quantity: Quantity,
    l: usize,
    (positions, d): (usize, usize),
    id: &StepId,
) -> Vec<Equation<'v>> {
    if id.ix.len() != 2
        || !matches!(
            quantity,
            Quantity::Delta | Quantity::Block(_) | Quantity::Z | Quantity::A
        )
    {
        return Vec::new();
    }
    let name = crate::trace::formula::symbol(
        &crate::trace::Sym::Q {
            q: quantity,
            l,
            ix: Index::EMPTY,
        },
        c.view.app.settings.notation(),
    );
    let cols = c.view.values().numbers(quantity, l).len() / positions.max(1);
    let cols = if cols == 0 { d } else { cols };
    vec![Equation {
        symbolic: tr!(
            c.view.theme.lang,
            "view-matrices-single",
            name = name.as_str()
        ),
        terms: vec![steps(
            c,
            name,
            (quantity, l, None),
            (positions, cols),
            at(id),
            |_, _| false,
        )],
    }]
}

/// An update: the tensor before and after, entry by entry.
fn update<'v>(c: Ctx<'v, '_>) -> Option<Equation<'v>> {
    let id = c.view.step.id;
    let p = id.param()?;
    let spec = c.view.lesson.layers[p.l - 1]
        .specs()
        .into_iter()
        .find(|s| s.tensor == p.tensor)?;
    let (rows, cols) = match spec.dims[..] {
        [n] => (1, n),
        [r, k] => (r, k),
        _ => return None,
    };
    let focus = match (rows, id.ix.len()) {
        (1, _) => (0, id.ix.j()),
        _ => (id.ix.j(), id.ix.k().unwrap_or(0)),
    };
    let name = crate::trace::formula::symbol(
        &crate::trace::Sym::P(Param {
            l: p.l,
            tensor: p.tensor,
            ix: Index::EMPTY,
        }),
        c.view.app.settings.notation(),
    );
    let batch = &c.view.batch;
    let ix = move |r: usize, k: usize| {
        if rows == 1 {
            Index::one(k)
        } else {
            Index::two(r, k)
        }
    };
    let tensor = p.tensor;
    let lang = c.view.theme.lang;
    let after = Term::Matrix(Matrix::new(
        tr!(lang, "view-matrices-new", name = name.as_str()),
        (rows, cols),
        focus,
        move |r, k| {
            let pid = Param {
                l: p.l,
                tensor,
                ix: ix(r, k),
            };
            c.update(pid.id(pid.quantity()), batch.after(pid), false)
        },
    ));
    let before = Term::Matrix(Matrix::new(
        tr!(lang, "view-matrices-old", name = name.as_str()),
        (rows, cols),
        focus,
        move |r, k| {
            c.known(
                batch.before(Param {
                    l: p.l,
                    tensor,
                    ix: ix(r, k),
                }),
                (r, k) == focus,
            )
        },
    ));
    Some(Equation {
        symbolic: tr!(
            lang,
            "view-matrices-update",
            name = name.as_str(),
            arrow = c.t("←", "<-")
        ),
        terms: vec![
            after,
            op(&c.t("←", "<-")),
            before,
            op(&lang.t("view-matrices-minus-step")),
        ],
    })
}
