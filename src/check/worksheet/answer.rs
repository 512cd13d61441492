//! One `[[answer]]` and the tables around it: its step, epoch, sample or batch, and value.

use toml::de::{DeArray, DeValue};

use super::step::step_id;
use super::value::value;
use super::{
    ANSWER_KEYS, Entry, LineStarts, Res, STEP_NAMES, TOP_KEYS, WHAT_A_WORKSHEET_NEEDS, count_of,
};
use crate::source::reader::{self, Cx, Table, Value};
use crate::source::suggest::nearest;
use crate::trace::{Phase, Place, StepId, StepKey, Trace};

pub(super) fn top_level_keys(cx: Cx, top: &Table) -> Res<()> {
    let Some((key_span, key_name, value)) = top.first_unknown(&TOP_KEYS) else {
        return Ok(());
    };
    let is_section = value.get_ref().is_table() || value.get_ref().is_array();
    let name = reader::name(key_name);
    let mut message = if ANSWER_KEYS.contains(&key_name) {
        crate::msg!("err-outside-answer", key = name)
    } else if is_section {
        crate::msg!("err-unknown-section", key = name)
    } else {
        crate::msg!("err-unknown-top-key", key = name)
    };
    if let Some(near) = nearest(key_name, &TOP_KEYS, &[("answers", "answer")]) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    let help = if ANSWER_KEYS.contains(&key_name) {
        crate::msg!("err-outside-answer-help", key = key_name)
    } else {
        crate::msg!("err-worksheet-keys-help")
    };
    Err(cx.at(key_span, message).with_help(help).into())
}

pub(super) fn answer_list<'a, 'i>(cx: Cx, top: &Table<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let needs = || crate::msg!(WHAT_A_WORKSHEET_NEEDS);
    let Some(e) = top.get("answer") else {
        return Err(cx
            .at(0..0, crate::msg!("err-no-answers"))
            .with_help(needs())
            .into());
    };
    match e.value.get_ref() {
        DeValue::Array(a) if a.is_empty() => Err(cx
            .at(e.value.span(), crate::msg!("err-answer-empty"))
            .with_help(needs())
            .into()),
        DeValue::Array(a) => Ok(a),
        DeValue::Table(_) => Err(cx
            .at(e.value.span(), crate::msg!("err-single-answer-table"))
            .with_help(crate::msg!("err-single-answer-table-help"))
            .into()),
        _ => Err(cx
            .at(
                e.value.span(),
                crate::msg!(
                    "err-answers-not-a-list",
                    found = reader::describe(e.value.get_ref())
                ),
            )
            .with_help(needs())
            .into()),
    }
}

/// Answer number `n`: its entry, and the span of its name (for later messages).
pub(super) fn answer(
    cx: Cx,
    lines: &LineStarts,
    trace: &Trace,
    n: usize,
    v: &Value,
) -> Res<(Entry, std::ops::Range<usize>)> {
    let lesson = trace.lesson();
    let owner = crate::msg!("err-owner-answer", n = n.to_string());
    let t = reader::table(cx, v, owner.clone(), &reader::for_what(&owner))?;
    t.allow_only(cx, &ANSWER_KEYS)?;
    let name_e = t.require(cx, "name", crate::msg!("err-answer-name-help"))?;
    let name = reader::string(cx, name_e.value, &crate::msg!("err-for-step-name"))
        .map_err(|e| e.into_diagnostic().with_help(crate::msg!(STEP_NAMES)))?;
    let id = step_id(cx, trace, name, name_e.value)?;
    let epoch = match t.get("epoch") {
        None => 1,
        Some(e) => {
            let epoch = counter(cx, e.value, "epoch")?;
            if epoch > lesson.epochs {
                return Err(cx
                    .at(
                        e.value.span(),
                        crate::msg!(
                            "err-answer-epoch",
                            epoch = epoch.to_string(),
                            epochs = count_of(lesson.epochs, "err-n-epochs")
                        ),
                    )
                    .with_help(range_help("err-choose-epoch", lesson.epochs, "epoch"))
                    .into());
            }
            epoch
        }
    };
    let place = Place::of(&id, position(cx, trace, &t, id)?);
    let given = value(cx, t.get("value").map(|e| e.value))?;
    let line = lines.line_of(v.span().start);
    Ok((
        Entry {
            key: StepKey { epoch, place, id },
            given,
            line,
        },
        name_e.value.span(),
    ))
}

/// What `key` may be: "choose an epoch from 1 to 3" (`which` is the id of those words), or
/// when there is one, that it is 1.
fn range_help(which: &str, n: usize, key: &str) -> String {
    if n == 1 {
        crate::msg!("err-only-one", key = key)
    } else {
        crate::msg!(which, n = n.to_string())
    }
}

/// A whole number from 1 (an epoch, sample or batch).
fn counter(cx: Cx, v: &Value, key: &str) -> Res<usize> {
    reader::count(cx, v, &format!("`{key}`"), 1, usize::MAX).map_err(|e| {
        let d = e.into_diagnostic();
        if d.help.is_none() {
            let from_one = match key {
                "epoch" => "err-epochs-from-one",
                "sample" => "err-samples-from-one",
                _ => "err-batches-from-one",
            };
            d.with_help(crate::msg!(from_one)).into()
        } else {
            d.into()
        }
    })
}

/// The sample (forward, loss, backward) or batch (update) of an answer; `sample` means the
/// batch for update steps, and `batch` is accepted there too.
fn position(cx: Cx, trace: &Trace, t: &Table, id: StepId) -> Res<usize> {
    let layout = trace.layout();
    let update = id.phase() == Phase::Update;
    let sample = t.get("sample");
    let batch = t.get("batch");
    if !update && let Some(b) = &batch {
        return Err(cx
            .at(
                b.key_span.clone(),
                crate::msg!("err-batch-not-update", step = id.to_string()),
            )
            .with_help(crate::msg!(
                "err-use-sample",
                range = range_help("err-choose-sample", layout.samples(), "sample")
            ))
            .into());
    }
    if let (Some(s), Some(b)) = (&sample, &batch) {
        let later = if s.key_span.start > b.key_span.start {
            s.key_span.clone()
        } else {
            b.key_span.clone()
        };
        return Err(cx
            .at(
                later,
                crate::msg!("err-sample-and-batch", step = id.to_string()),
            )
            .with_help(crate::msg!("err-keep-one"))
            .into());
    }
    let Some((key, e)) = sample
        .map(|e| ("sample", e))
        .or_else(|| batch.map(|e| ("batch", e)))
    else {
        return Ok(1);
    };
    let n = counter(cx, e.value, key)?;
    if update {
        batch_in_range(cx, trace, e.value, key, n, id)?;
    } else if n > layout.samples() {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!(
                    "err-answer-sample",
                    n = n.to_string(),
                    samples = count_of(layout.samples(), "err-n-samples")
                ),
            )
            .with_help(range_help("err-choose-sample", layout.samples(), "sample"))
            .into());
    }
    Ok(n)
}

/// Batch `n` of the update step `id`, written as `key = n` (`sample` or `batch`), must be one of
/// the epoch's batches.
fn batch_in_range(cx: Cx, trace: &Trace, v: &Value, key: &str, n: usize, id: StepId) -> Res<()> {
    let batches = trace.layout().batches();
    if n <= batches {
        return Ok(());
    }
    let what = if key == "sample" {
        crate::msg!(
            "err-sample-names-batch",
            n = n.to_string(),
            step = id.to_string()
        )
    } else {
        format!("batch = {n}")
    };
    let batch_size = trace.lesson().batch_size;
    Err(cx
        .at(
            v.span(),
            crate::msg!(
                "err-answer-batch",
                what = what,
                batches = count_of(batches, "err-n-batches"),
                size = batch_size
            ),
        )
        .with_help(crate::msg!(
            "err-updates-after-batches",
            range = range_help("err-choose-batch", batches, key)
        ))
        .into())
}
