//! Reading a PyTorch script back (`export --format pytorch`): its literals as numbers and
//! shapes (nested lists, numbers, and tensors packed as base64 at its end), the numbers a
//! `cmp` line holds, and a check that it holds a lesson's exact parameters and data.

use base64::Engine;
use bpnn_tutor::export::pytorch::LayerNames;
use bpnn_tutor::lesson::Lesson;

/// A Python literal of the script as numbers and shape: a nested list, a number,
/// `torch.tensor(…)` of either, or `unpack("key", *shape)` of a packed tensor.
pub fn literal(script: &str, text: &str) -> (Vec<f64>, Vec<usize>) {
    let text = text.trim();
    if let Some(inner) = text
        .strip_prefix("torch.tensor(")
        .and_then(|t| t.strip_suffix(')'))
    {
        return literal(script, inner);
    }
    if let Some(args) = text
        .strip_prefix("unpack(")
        .and_then(|t| t.strip_suffix(')'))
    {
        let (key, dims) = args[1..].split_once('"').unwrap();
        let dims = dims
            .split(", ")
            .skip(1)
            .map(|d| d.parse().unwrap())
            .collect();
        return (packed(script, key), dims);
    }
    let mut numbers = Vec::new();
    let mut dims = Vec::new();
    let rest = nested(text, 0, &mut numbers, &mut dims);
    assert!(rest.trim().is_empty(), "left over: {rest}");
    (numbers, dims)
}

/// Reads one value of a nested list at `depth` from the start of `text`: its numbers into
/// `numbers`, each level's length into `dims` (the same for every list of a level). Returns
/// the text after it.
fn nested<'a>(
    text: &'a str,
    depth: usize,
    numbers: &mut Vec<f64>,
    dims: &mut Vec<usize>,
) -> &'a str {
    let text = text.trim_start();
    let Some(mut rest) = text.strip_prefix('[') else {
        let end = text.find([',', ']']).unwrap_or(text.len());
        numbers.push(number(text[..end].trim()));
        return &text[end..];
    };
    if dims.len() == depth {
        dims.push(0); // counted below
    }
    let mut count = 0;
    loop {
        rest = nested(rest, depth + 1, numbers, dims).trim_start();
        count += 1;
        match rest.strip_prefix(',') {
            Some(more) => rest = more,
            None => break,
        }
    }
    if dims[depth] == 0 {
        dims[depth] = count;
    }
    assert_eq!(dims[depth], count, "a ragged list");
    rest.strip_prefix(']').expect("a list closes")
}

fn number(s: &str) -> f64 {
    match s {
        "math.inf" => f64::INFINITY,
        "-math.inf" => f64::NEG_INFINITY,
        "math.nan" => f64::NAN,
        s => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
    }
}

/// The numbers packed under `key` at the end of the script.
pub fn packed(script: &str, key: &str) -> Vec<f64> {
    let open = format!("    \"{key}\": \"\"\"\n");
    let start = script
        .find(&open)
        .unwrap_or_else(|| panic!("no packed {key}"))
        + open.len();
    let end = start + script[start..].find("\"\"\"").unwrap();
    let text: String = script[start..end].split_whitespace().collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    bytes
        .chunks(8)
        .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

/// The literal after `prefix` on the line that starts with it, up to `end`.
pub fn after<'a>(script: &'a str, prefix: &str, end: &str) -> &'a str {
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix}"));
    let rest = &line.trim_start()[prefix.len()..];
    &rest[..rest.rfind(end).unwrap_or_else(|| panic!("{line}"))]
}

/// The numbers bpnn-tutor gives `cmp` under `label` (the first such line).
pub fn expected(script: &str, label: &str) -> (Vec<f64>, Vec<usize>) {
    let prefix = format!("cmp(\"{label}\", ");
    let line = script
        .lines()
        .find(|l| l.trim_start().starts_with(&prefix))
        .unwrap_or_else(|| panic!("no cmp of {label}"));
    let rest = &line.trim_start()[prefix.len()..];
    // The literal ends where its brackets close (a list), or at its first ", " (a number,
    // or unpack's closing parenthesis).
    let end = if rest.starts_with('[') {
        let mut depth = 0;
        rest.char_indices()
            .find_map(|(i, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => return None,
                }
                (depth == 0).then_some(i + 1)
            })
            .unwrap()
    } else if let Some(args) = rest.strip_prefix("unpack(\"") {
        let key_end = rest.len() - args.len() + args.find('"').unwrap();
        key_end + rest[key_end..].find(')').unwrap() + 1
    } else {
        rest.find(", ").unwrap()
    };
    literal(script, &rest[..end])
}

pub fn bits(values: impl IntoIterator<Item = f64>) -> Vec<u64> {
    values.into_iter().map(f64::to_bits).collect()
}

/// 1e-9 relatively, with a floor for results that cancel to almost nothing.
pub fn agree(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: how many");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g == w || (g - w).abs() <= 1e-9 * w.abs() + 1e-15,
            "{what}[{i}]: {g} in the script, {w} in the reference"
        );
    }
}

/// The script of `lesson` copies in its exact initial parameters (bit for bit, in the shape
/// of its specs) and holds its exact data, X and Y in the input's and output's shapes.
pub fn holds_exact_parameters_and_data(name: &str, lesson: &Lesson, script: &str) {
    for (i, layer) in lesson.layers.iter().enumerate() {
        let l = i + 1;
        let names = LayerNames::new(l, format!("a{l}"));
        let refs = layer.kind.contract().torch_parameters(layer, &names);
        assert_eq!(
            refs.len(),
            layer.specs().len(),
            "{name}: layer {l}'s tensors"
        );
        for ((spec, values), p) in layer.specs().iter().zip(&layer.params).zip(&refs) {
            let arg = after(script, &format!("{}.copy_(", p.tensor()), ")  # ");
            let (numbers, dims) = literal(script, arg);
            assert_eq!(dims, spec.dims, "{name}: the shape of {}", p.tensor());
            assert_eq!(
                bits(numbers),
                bits(values.iter().copied()),
                "{name}: {} is not the lesson's, bit for bit",
                p.tensor()
            );
        }
    }
    let (x, x_dims) = literal(script, after(script, "X = ", ""));
    let (y, y_dims) = literal(script, after(script, "Y = ", ""));
    let n = lesson.data.len();
    let shape = |dims: Vec<usize>| [vec![n], dims].concat();
    assert_eq!(x_dims, shape(lesson.input.dims()), "{name}: X's shape");
    assert_eq!(
        y_dims,
        shape(lesson.shape(lesson.depth()).dims()),
        "{name}: Y's shape"
    );
    let inputs = lesson.data.iter().flat_map(|s| s.input.iter().copied());
    let targets = lesson.data.iter().flat_map(|s| s.target.iter().copied());
    assert_eq!(bits(x), bits(inputs), "{name}: X");
    assert_eq!(bits(y), bits(targets), "{name}: Y");
}
