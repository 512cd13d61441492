//! `init` tables: how weights a layer does not give are drawn.

use super::{Res, low_high, only_for};
use crate::lesson::random::{Scheme, SchemeKind};
use crate::source::reader::{Cx, Span, Table, Value, choice, for_key, number, seed, table};

const INIT_KEYS: [&str; 5] = ["scheme", "seed", "low", "high", "std"];

/// Other libraries' names for ours, so "did you mean" can bridge them.
const SCHEME_ALIASES: [(&str, &str); 5] = [
    ("glorot_uniform", "xavier_uniform"),
    ("kaiming_uniform", "he_uniform"),
    ("gaussian", "normal"),
    ("randn", "normal"),
    ("rand", "uniform"),
];

/// The spread of `normal` draws unless `std` is given.
const DEFAULT_STD: f64 = 1.0;

/// An `init` table, checked.
pub(super) struct Init {
    pub scheme: Scheme,
    pub seed: u64,
    /// Where it is written, for a range that cannot be drawn from.
    pub span: Span,
}

impl Default for Init {
    fn default() -> Self {
        Init {
            scheme: Scheme::XavierUniform,
            seed: 0,
            span: 0..0,
        }
    }
}

/// The `init` table `v`, called `owner` in messages.
pub(super) fn read(cx: Cx, v: &Value, owner: &str) -> Res<Init> {
    let t = table(cx, v, owner, &for_key("init"))?;
    t.allow_only(cx, &INIT_KEYS)?;
    let kind = match t.get("scheme") {
        Some(e) => choice(
            cx,
            e.value,
            "err-kind-init-scheme",
            &SchemeKind::ALL,
            SchemeKind::name,
            &SCHEME_ALIASES,
        )?,
        None => SchemeKind::XavierUniform,
    };
    let seed = match t.get("seed") {
        Some(e) => seed(cx, e.value)?,
        None => 0,
    };
    only_for(
        cx,
        &t,
        &["low", "high"],
        kind == SchemeKind::Uniform,
        "scheme = \"uniform\"",
    )?;
    only_for(
        cx,
        &t,
        &["std"],
        kind == SchemeKind::Normal,
        "scheme = \"normal\"",
    )?;
    let scheme = match kind {
        SchemeKind::XavierUniform => Scheme::XavierUniform,
        SchemeKind::HeUniform => Scheme::HeUniform,
        SchemeKind::Uniform => {
            let (low, high) = low_high(cx, &t)?;
            Scheme::Uniform { low, high }
        }
        SchemeKind::Normal => Scheme::Normal { std: std(cx, &t)? },
    };
    Ok(Init {
        scheme,
        seed,
        span: v.span(),
    })
}

/// `std` of a normal scheme: greater than 0.
fn std(cx: Cx, t: &Table) -> Res<f64> {
    let Some(e) = t.get("std") else {
        return Ok(DEFAULT_STD);
    };
    let std = number(cx, e.value, &for_key("std"))?;
    if std <= 0.0 {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!("err-above-zero", key = "std", found = cx.literal(e.value)),
            )
            .into());
    }
    Ok(std)
}
