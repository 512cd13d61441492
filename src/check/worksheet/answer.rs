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
    let mut message = if ANSWER_KEYS.contains(&key_name) {
        format!("{} is outside any [[answer]]", reader::name(key_name))
    } else {
        format!(
            "unknown {} {}",
            if is_section { "section" } else { "key" },
            reader::name(key_name)
        )
    };
    if let Some(near) = nearest(key_name, &TOP_KEYS, &[("answers", "answer")]) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    let help = if ANSWER_KEYS.contains(&key_name) {
        format!("`{key_name}` belongs to an answer: start each answer with a line [[answer]]")
    } else {
        "a worksheet has an optional lesson = \"…\", an optional [grading] table and [[answer]] tables".to_string()
    };
    Err(cx.at(key_span, message).with_help(help).into())
}

pub(super) fn answer_list<'a, 'i>(cx: Cx, top: &Table<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let Some(e) = top.get("answer") else {
        return Err(cx
            .at(0..0, "the worksheet has no [[answer]] tables")
            .with_help(WHAT_A_WORKSHEET_NEEDS)
            .into());
    };
    match e.value.get_ref() {
        DeValue::Array(a) if a.is_empty() => Err(cx
            .at(e.value.span(), "`answer` has no answers")
            .with_help(WHAT_A_WORKSHEET_NEEDS)
            .into()),
        DeValue::Array(a) => Ok(a),
        DeValue::Table(_) => Err(cx
            .at(
                e.value.span(),
                "expected [[answer]] (double brackets: a list of answers), found a single table",
            )
            .with_help("write each answer as [[answer]] with name = \"…\" and value = …")
            .into()),
        _ => Err(
            reader::expected(cx, e.value, "a list of", "[[answer]] tables")
                .into_diagnostic()
                .with_help(WHAT_A_WORKSHEET_NEEDS)
                .into(),
        ),
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
    let owner = format!("answer {n}");
    let t = reader::table(cx, v, owner.clone(), &format!("for {owner}"))?;
    t.allow_only(cx, &ANSWER_KEYS)?;
    let name_e = t.require(
        cx,
        "name",
        "add name = \"…\" with a step name such as z(1)[2], dw(2)[1,2] or loss",
    )?;
    let name = reader::string(cx, name_e.value, "for `name` (a step name such as z(1)[2])")
        .map_err(|e| e.into_diagnostic().with_help(STEP_NAMES))?;
    let id = step_id(cx, trace, name, name_e.value)?;
    let epoch = match t.get("epoch") {
        None => 1,
        Some(e) => {
            let epoch = counter(cx, e.value, "epoch")?;
            if epoch > lesson.epochs {
                return Err(cx
                    .at(
                        e.value.span(),
                        format!(
                            "epoch = {epoch}, but the lesson trains for {}",
                            count_of(lesson.epochs, "epoch")
                        ),
                    )
                    .with_help(range_help("an epoch", lesson.epochs, "epoch"))
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

fn range_help(which: &str, n: usize, key: &str) -> String {
    if n == 1 {
        format!("write {key} = 1, or leave it out (it defaults to 1)")
    } else {
        format!("choose {which} from 1 to {n}")
    }
}

/// A whole number from 1 (an epoch, sample or batch).
fn counter(cx: Cx, v: &Value, key: &str) -> Res<usize> {
    reader::count(cx, v, &format!("`{key}`"), 1, usize::MAX).map_err(|e| {
        let d = e.into_diagnostic();
        if d.help.is_none() {
            d.with_help(format!("{key}s are numbered from 1")).into()
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
                format!("`batch` is only for update steps; {id} is computed for each sample"),
            )
            .with_help(format!(
                "use `sample` instead: {}",
                range_help("a sample", layout.samples(), "sample")
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
                format!("both `sample` and `batch` are given; for the update step {id} they mean the same: the batch"),
            )
            .with_help("keep one of them").into());
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
                format!(
                    "sample = {n}, but the lesson has {}",
                    count_of(layout.samples(), "sample")
                ),
            )
            .with_help(range_help("a sample", layout.samples(), "sample"))
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
        format!("sample = {n} names the batch for the update step {id}")
    } else {
        format!("batch = {n}")
    };
    let batch_size = trace.lesson().batch_size;
    let size = if batch_size == 1 {
        "a batch of 1 sample".to_string()
    } else {
        format!("batches of up to {batch_size} samples")
    };
    Err(cx
        .at(
            v.span(),
            format!(
                "{what}, but an epoch has {} ({size})",
                count_of(batches, "batch")
            ),
        )
        .with_help(format!(
            "updates come after each batch; {}",
            range_help("a batch", batches, key)
        ))
        .into())
}
