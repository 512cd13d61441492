//! The steps as CSV (RFC 4180), for spreadsheets: one row per step in trace order, its
//! sample (empty on an update), batch, phase, name, quantity, layer and indices, one column per
//! index (`i1`, `i2`, … as many as the lesson's numbers have; empty where a step has fewer),
//! the value with full precision, and for gradients and updates the parameter they belong to,
//! with an update's value before and the batch-mean gradient it used.

use std::io::{self, Write};

use crate::trace::{Batch, Phase, Step, Trace};

use super::json::Options;
use super::select::Selection;

/// The most indices a number of this lesson has (2 for dense layers on vectors).
fn index_columns(trace: &Trace) -> usize {
    trace
        .lesson()
        .layers
        .iter()
        .flat_map(|l| {
            let specs = l.specs().into_iter().map(|s| s.dims.len());
            specs.chain([l.output.dims().len()])
        })
        .max()
        .unwrap_or(1)
}

/// A number with full precision: the shortest text that reads back to it; `NaN`, `inf`,
/// `-inf` as spreadsheets read them.
fn number(v: f64) -> String {
    match v {
        v if v.is_nan() => "NaN".into(),
        v if v.is_infinite() && v > 0.0 => "inf".into(),
        v if v.is_infinite() => "-inf".into(),
        // −0 (a ReLU's zero gradient times a negative number) is written as 0.
        v => format!("{}", v + 0.0),
    }
}

/// Writes the selected steps that `options` keeps as CSV.
pub fn write(
    trace: &Trace,
    selection: &Selection,
    options: &Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    let n = index_columns(trace);
    let mut head: Vec<String> = [
        "epoch", "index", "sample", "batch", "phase", "name", "quantity", "layer",
    ]
    .map(String::from)
    .to_vec();
    head.extend((1..=n).map(|i| format!("i{i}")));
    head.extend(["value", "param", "before", "gradient"].map(String::from));
    record(out, &head)?;
    let mut batch: Option<(usize, usize, Batch)> = None;
    for step in selection
        .steps(trace)
        .filter(|s| options.filter.keeps(&s.id))
    {
        let mut row = vec![
            step.epoch.to_string(),
            (step.index + 1).to_string(),
            step.sample().map_or(String::new(), |s| s.to_string()),
            step.batch.to_string(),
            step.phase().name().to_string(),
            step.name(),
            step.id.quantity.name(),
            step.id.layer.to_string(),
        ];
        let ix: Vec<usize> = step.id.ix.iter().collect();
        row.extend((0..n).map(|i| ix.get(i).map_or(String::new(), |i| (i + 1).to_string())));
        row.push(number(step.value));
        let param = step.id.param();
        row.push(param.map_or(String::new(), |p| p.id(p.quantity()).to_string()));
        let (before, gradient) = match (step.phase(), param) {
            (Phase::Update, Some(p)) => {
                let b = update_batch(trace, &step, &mut batch);
                (number(b.before(p)), number(b.gradient(p)))
            }
            _ => (String::new(), String::new()),
        };
        row.push(before);
        row.push(gradient);
        record(out, &row)?;
    }
    out.flush()
}

/// One record: fields joined by commas, a field with a comma or a quote in quotes (its quotes
/// doubled), a CRLF at its end, as RFC 4180 writes it.
fn record(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| match f.contains([',', '"', '\n', '\r']) {
            true => format!("\"{}\"", f.replace('"', "\"\"")),
            false => f.clone(),
        })
        .collect();
    write!(out, "{}\r\n", quoted.join(","))
}

/// The batch an update step belongs to, kept while its steps stream out.
fn update_batch<'b>(
    trace: &Trace,
    step: &Step,
    kept: &'b mut Option<(usize, usize, Batch)>,
) -> &'b Batch {
    let key = (step.epoch, step.batch);
    if kept.as_ref().is_none_or(|(e, b, _)| (*e, *b) != key) {
        *kept = Some((key.0, key.1, trace.batch(key.0, key.1)));
    }
    &kept.as_ref().expect("just kept").2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_every_digit() {
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        assert_eq!(number(3.5e-5), "0.000035");
        let mut out = Vec::new();
        record(&mut out, &["w(1)[1,2]".into(), "a\"b".into(), "1".into()]).unwrap();
        assert_eq!(out, b"\"w(1)[1,2]\",\"a\"\"b\",1\r\n");
    }
}
