//! `[generate]`: samples drawn from a seeded generator, every one with the same target.

use ndarray::Array1;

use super::data::{Data, target, too_much_data};
use super::network::Net;
use super::{Res, low_high, only_for, plural};
use crate::lesson::limits::MAX_SAMPLES;
use crate::lesson::model::{DistributionKind, Generated, InputDistribution, Loss, Sample};
use crate::lesson::random;
use crate::source::reader::{Cx, Entry, Table, choice, count, for_key, seed, table};

const GENERATE_KEYS: [&str; 6] = ["samples", "distribution", "low", "high", "seed", "target"];

const DISTRIBUTION_ALIASES: [(&str, &str); 3] = [
    ("gaussian", "normal"),
    ("randn", "normal"),
    ("rand", "uniform"),
];

pub(super) fn read(cx: Cx, g: &Entry, net: &Net, loss: Loss) -> Res<Data> {
    let t = table(cx, g.value, "[generate]", &for_key("generate"))?;
    t.allow_only(cx, &GENERATE_KEYS)?;
    let n_e = t.require(cx, "samples", crate::msg!("err-samples-help"))?;
    let samples = count(cx, n_e.value, "`samples`", 1, MAX_SAMPLES)?;
    let distribution = distribution(cx, &t)?;
    let seed = match t.get("seed") {
        Some(e) => seed(cx, e.value)?,
        None => 0,
    };
    let target_e = t.require(
        cx,
        "target",
        crate::msg!(
            "err-generated-target-help",
            numbers = plural(net.outputs(), "err-n-numbers")
        ),
    )?;
    let target = Array1::from(target(
        cx,
        target_e.value,
        &crate::msg!("err-the-target"),
        net,
        loss,
    )?);
    too_much_data(cx, n_e.value.span(), samples, net.inputs() + net.outputs())?;
    let xs = random::inputs(seed, distribution, samples, net.inputs()).map_err(|_| {
        cx.at(t.span.clone(), crate::msg!("err-cannot-draw-inputs"))
            .with_help(crate::msg!("err-narrower-range"))
    })?;
    let data = xs
        .into_iter()
        .map(|input| Sample {
            input,
            target: target.clone(),
        })
        .collect();
    Ok(Data {
        samples: data,
        generated: Some(Generated {
            samples,
            distribution,
            seed,
            target,
        }),
    })
}

/// `distribution` (normal by default), with `low` and `high` for a uniform one.
fn distribution(cx: Cx, t: &Table) -> Res<InputDistribution> {
    let kind = match t.get("distribution") {
        Some(e) => choice(
            cx,
            e.value,
            "err-kind-distribution",
            &DistributionKind::ALL,
            DistributionKind::name,
            &DISTRIBUTION_ALIASES,
        )?,
        None => DistributionKind::Normal,
    };
    let uniform = kind == DistributionKind::Uniform;
    only_for(
        cx,
        t,
        &["low", "high"],
        uniform,
        "distribution = \"uniform\"",
    )?;
    Ok(match kind {
        DistributionKind::Uniform => {
            let (low, high) = low_high(cx, t)?;
            InputDistribution::Uniform { low, high }
        }
        DistributionKind::Normal => InputDistribution::Normal,
    })
}
