//! Write a [`Lesson`] back as a complete lesson file (used by `train --save` for fine-tuning).

use std::fmt::Write as _;

use super::model::{InputDistribution, Lesson, Optimizer, Precision, Shape};

/// A complete lesson file that [`super::parse`] reads back to an equal `Lesson` (same file name).
///
/// Every weight and bias is written out, the data as `[[data]]` samples (generated data as its
/// `[generate]` table), and every optimizer setting explicitly. Floats use Rust's shortest
/// round-trip form, so the numbers come back bit for bit. A non-finite parameter (a diverged
/// training run) is written as TOML's `nan` / `inf`, which the loader then refuses at that
/// number.
pub fn to_toml(lesson: &Lesson) -> String {
    to_toml_with(lesson, &Bulk::default())
}

/// Where the bulk of a lesson goes: inline (the default), or in files beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bulk {
    /// For each layer, the `.npy` file of each parameter tensor (names relative to the lesson).
    pub npy: Option<Vec<Vec<String>>>,
    /// The CSV file of the samples (relative to the lesson), unless they are generated.
    pub csv: Option<String>,
}

/// The lesson file, with its bulk where `bulk` says.
pub(crate) fn to_toml_with(lesson: &Lesson, bulk: &Bulk) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_lesson(&mut out, lesson, bulk);
    out
}

fn write_lesson(out: &mut String, l: &Lesson, bulk: &Bulk) -> std::fmt::Result {
    write_about(out, l)?;
    write_network(out, l, bulk)?;
    write_training(out, l)?;
    write_grading(out, l)?;
    write_data(out, l, bulk)
}

/// `[grading]`, when the lesson has one.
fn write_grading(out: &mut String, l: &Lesson) -> std::fmt::Result {
    if l.grading.is_none() && l.marks.is_none() {
        return Ok(());
    }
    writeln!(out, "\n[grading]")?;
    match l.grading {
        None => {}
        Some(Precision::SignificantFigures(n)) => writeln!(out, "significant_figures = {n}")?,
        Some(Precision::Decimals(n)) => writeln!(out, "decimals = {n}")?,
    }
    let Some(marks) = &l.marks else {
        return Ok(());
    };
    if marks.rules.is_empty() {
        writeln!(out, "marks = {}", float(marks.each))?;
    } else {
        let rules: Vec<String> = marks
            .rules
            .iter()
            .map(|r| format!("{} = {}", string(&r.key), float(r.marks)))
            .collect();
        writeln!(out, "marks = {{ {} }}", rules.join(", "))?;
    }
    writeln!(out, "carried = {}", float(marks.carried))?;
    writeln!(out, "imprecise = {}", float(marks.imprecise))
}

/// `[lesson]`: title, summary, notes.
fn write_about(out: &mut String, l: &Lesson) -> std::fmt::Result {
    writeln!(out, "[lesson]")?;
    let b = &l.bilingual;
    writeln!(out, "title = {}", either(&l.title, &b.title))?;
    writeln!(out, "summary = {}", either(&l.summary, &b.summary))?;
    let notes = [
        ("forward", &l.notes.forward),
        ("loss", &l.notes.loss),
        ("backward", &l.notes.backward),
        ("update", &l.notes.update),
    ];
    if notes.iter().any(|(_, n)| n.is_some()) {
        writeln!(out, "\n[lesson.notes]")?;
        for ((key, note), both) in notes.into_iter().zip(&b.notes) {
            if let Some(text) = note {
                writeln!(out, "{key} = {}", either(text, both))?;
            }
        }
    }
    Ok(())
}

/// A text as the lesson gave it: one string, or `{ en = "…", zh = "…" }` when it gave both.
fn either(shown: &str, both: &Option<crate::lesson::Texts>) -> String {
    let Some(both) = both else {
        return string(shown);
    };
    let parts: Vec<String> = [("en", &both.en), ("zh", &both.zh)]
        .into_iter()
        .filter_map(|(lang, text)| text.as_ref().map(|t| format!("{lang} = {}", string(t))))
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// `[network]` and every layer, its parameters inline or named in `.npy` files.
fn write_network(out: &mut String, l: &Lesson, bulk: &Bulk) -> std::fmt::Result {
    writeln!(out, "\n[network]")?;
    write_input(out, l)?;
    for (i, layer) in l.layers.iter().enumerate() {
        writeln!(out, "\n[[network.layer]]")?;
        let kind = layer.kind.contract();
        if !matches!(layer.kind, crate::layers::Kind::Dense(_)) {
            writeln!(out, "kind = {}", string(kind.name()))?;
        }
        for (key, value) in kind.settings(layer) {
            writeln!(out, "{key} = {value}")?;
        }
        let files = bulk.npy.as_ref().and_then(|files| files.get(i));
        for (j, (spec, tensor)) in layer.specs().iter().zip(&layer.params).enumerate() {
            if kind.written_at(spec).1.is_some() {
                // Written whole by the setting whose inline table holds it (`lora`).
                continue;
            }
            match files.and_then(|f| f.get(j)) {
                Some(file) => writeln!(out, "{} = {{ npy = {} }}", spec.key, string(file))?,
                None => writeln!(out, "{} = {}", spec.key, nested(tensor.view()))?,
            }
        }
        if let Some(n) = layer.residual {
            writeln!(out, "residual = {n}")?;
        }
        writeln!(out, "trainable = {}", layer.trainable)?;
        writeln!(out, "train_biases = {}", layer.train_biases)?;
    }
    Ok(())
}

/// `inputs = …` of `[network]`: a count, or an image's `[C, H, W]`.
fn write_input(out: &mut String, l: &Lesson) -> std::fmt::Result {
    match l.input {
        Shape::Vector(n) => writeln!(out, "inputs = {n}"),
        Shape::Image { c, h, w } => writeln!(out, "inputs = [{c}, {h}, {w}]"),
        Shape::Sequence { t, f } => writeln!(out, "inputs = {f}\nsequence = {t}"),
        Shape::Tokens { t } => {
            let tokens: Vec<String> = l.vocabulary.iter().map(|v| string(v)).collect();
            writeln!(out, "vocabulary = [{}]\nsequence = {t}", tokens.join(", "))
        }
    }
}

/// A tensor as nested arrays (TOML's and JSON's), its first axis outermost, each number in
/// its shortest exact form.
pub fn write_nested(a: ndarray::ArrayViewD<'_, f64>) -> String {
    nested(a)
}

/// A tensor as nested TOML arrays, its first axis outermost.
fn nested(a: ndarray::ArrayViewD<'_, f64>) -> String {
    if a.ndim() <= 1 {
        return numbers(a.iter().copied());
    }
    let rows: Vec<String> = a.outer_iter().map(nested).collect();
    format!("[{}]", rows.join(", "))
}

/// `[training]`, with every optimizer setting explicit.
fn write_training(out: &mut String, l: &Lesson) -> std::fmt::Result {
    writeln!(out, "\n[training]")?;
    writeln!(out, "loss = {}", string(l.loss.name()))?;
    let optimizer = match l.optimizer {
        Optimizer::Sgd {
            learning_rate,
            momentum,
        } => format!(
            "{{ kind = \"sgd\", learning_rate = {}, momentum = {} }}",
            float(learning_rate),
            float(momentum)
        ),
        Optimizer::Adam {
            learning_rate,
            beta1,
            beta2,
            epsilon,
        } => format!(
            "{{ kind = \"adam\", learning_rate = {}, beta1 = {}, beta2 = {}, epsilon = {} }}",
            float(learning_rate),
            float(beta1),
            float(beta2),
            float(epsilon)
        ),
        Optimizer::AdamW {
            learning_rate,
            beta1,
            beta2,
            epsilon,
            weight_decay,
        } => format!(
            "{{ kind = \"adamw\", learning_rate = {}, beta1 = {}, beta2 = {}, epsilon = {}, \
             weight_decay = {} }}",
            float(learning_rate),
            float(beta1),
            float(beta2),
            float(epsilon),
            float(weight_decay)
        ),
    };
    writeln!(out, "optimizer = {optimizer}")?;
    writeln!(out, "epochs = {}", l.epochs)?;
    writeln!(out, "batch_size = {}", l.batch_size)
}

/// The samples: the `[generate]` table that drew them, a CSV file, or `[[data]]` tables.
fn write_data(out: &mut String, l: &Lesson, bulk: &Bulk) -> std::fmt::Result {
    if let Some(g) = &l.generated {
        writeln!(out, "\n[generate]")?;
        writeln!(out, "samples = {}", g.samples)?;
        match g.distribution {
            InputDistribution::Normal => writeln!(out, "distribution = \"normal\"")?,
            InputDistribution::Uniform { low, high } => {
                writeln!(out, "distribution = \"uniform\"")?;
                writeln!(out, "low = {}", float(low))?;
                writeln!(out, "high = {}", float(high))?;
            }
        }
        writeln!(out, "seed = {}", g.seed)?;
        return writeln!(out, "target = {}", numbers(g.target.iter().copied()));
    }
    if let Some(csv) = &bulk.csv {
        writeln!(out, "\n[data]")?;
        writeln!(out, "csv = {}", string(csv))?;
        return writeln!(out, "inputs = {}", l.inputs());
    }
    for sample in &l.data {
        writeln!(out, "\n[[data]]")?;
        if l.vocabulary.is_empty() {
            writeln!(out, "input = {}", numbers(sample.input.iter().copied()))?;
        } else {
            writeln!(out, "input = {}", tokens(l, sample.input.iter().copied()))?;
        }
        match next_tokens(l, sample.target.as_slice().unwrap_or(&[])) {
            Some(ids) => writeln!(out, "target = {}", tokens(l, ids.into_iter()))?,
            None => writeln!(out, "target = {}", numbers(sample.target.iter().copied()))?,
        }
    }
    Ok(())
}

/// Token ids as the vocabulary's strings.
fn tokens(l: &Lesson, ids: impl Iterator<Item = f64>) -> String {
    let items: Vec<String> = ids
        .map(|id| string(l.vocabulary.get(id as usize).map_or("", String::as_str)))
        .collect();
    format!("[{}]", items.join(", "))
}

/// A token lesson's target as next-token ids, when every position's row is one-hot.
pub(crate) fn next_tokens(l: &Lesson, target: &[f64]) -> Option<Vec<f64>> {
    let v = l.vocabulary.len();
    if v == 0 || target.is_empty() || !target.len().is_multiple_of(v) {
        return None;
    }
    target
        .chunks(v)
        .map(|row| {
            let one = row.iter().position(|&x| x == 1.0)?;
            row.iter()
                .enumerate()
                .all(|(i, &x)| x == if i == one { 1.0 } else { 0.0 })
                .then_some(one as f64)
        })
        .collect()
}

/// The samples as CSV: one line each, its inputs then its targets, every number exact.
pub(crate) fn to_csv(l: &Lesson, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for sample in &l.data {
        let mut sep = "";
        for &x in sample.input.iter().chain(sample.target.iter()) {
            write!(out, "{sep}{}", float(x))?;
            sep = ",";
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Shortest text that reads back as the same f64, always in TOML's float syntax.
pub(crate) fn float(x: f64) -> String {
    if x.is_nan() {
        "nan".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.to_string()
    } else {
        // `{:?}` always has a '.' or an exponent ("1.0", "1e-8"), both valid TOML floats.
        format!("{x:?}")
    }
}

fn numbers(xs: impl Iterator<Item = f64>) -> String {
    let items: Vec<String> = xs.map(float).collect();
    format!("[{}]", items.join(", "))
}

/// A TOML basic string; text with line breaks becomes a multi-line string so notes stay
/// readable.
fn string(s: &str) -> String {
    let multi = s.contains('\n');
    let mut out = String::from(if multi { "\"\"\"\n" } else { "\"" });
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if multi => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str(if multi { "\"\"\"" } else { "\"" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_toml_floats_and_exact() {
        for x in [
            0.15,
            1.0,
            -0.0,
            1e-8,
            1e300,
            5e-324,
            0.1 + 0.2,
            -123.456,
            1e16,
        ] {
            let text = float(x);
            assert!(text.contains('.') || text.contains('e'), "{text}");
            assert_eq!(
                text.parse::<f64>().unwrap().to_bits(),
                x.to_bits(),
                "{text}"
            );
        }
        assert_eq!(float(f64::NAN), "nan");
        assert_eq!(float(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn strings_escape_what_toml_requires() {
        assert_eq!(string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(string("tab\there\u{7f}"), r#""tab\there\u007F""#);
        assert_eq!(string("two\nlines"), "\"\"\"\ntwo\nlines\"\"\"");
        // Read back by toml itself.
        for s in [
            "plain",
            "q\"uote\"\"\"",
            "back\\slash\n",
            "\n\nlead",
            "ctl\u{1}\r\n",
            "é⁽σ⁾",
        ] {
            let doc = format!("x = {}", string(s));
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["x"].as_str(), Some(s), "{doc}");
        }
    }
}
