//! The lesson format: walk the TOML tree, check everything, build a [`Lesson`].
//!
//! Sections are read in a fixed order — [lesson], [network], [training], then the data — and
//! the first problem found is reported. Counts are checked against [`super::limits`] before any array
//! is built.

use ndarray::{Array1, Array2};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::limits::{
    MAX_BATCH_SIZE, MAX_DATA_VALUES, MAX_EPOCHS, MAX_INPUTS, MAX_LAYERS, MAX_NEURONS,
    MAX_PARAMETERS, MAX_SAMPLES,
};
use super::model::{Activation, Layer, Lesson, Loss, Notes, Optimizer, Sample};
use super::random::{self, InputDistribution, Scheme};
use super::reader::{
    Cx, Entry, Res, Span, Table, Value, array, boolean, choice, count, describe, expected, name,
    number, numbers, seed, string, table, thousands,
};
use super::suggest::nearest;

const TOP_KEYS: [&str; 5] = ["lesson", "network", "training", "data", "generate"];
const LESSON_KEYS: [&str; 3] = ["title", "summary", "notes"];
const NOTES_KEYS: [&str; 4] = ["forward", "loss", "backward", "update"];
const NETWORK_KEYS: [&str; 3] = ["inputs", "init", "layer"];
const LAYER_KEYS: [&str; 7] = [
    "neurons",
    "activation",
    "weights",
    "biases",
    "trainable",
    "train_biases",
    "init",
];
const INIT_KEYS: [&str; 5] = ["scheme", "seed", "low", "high", "std"];
const TRAINING_KEYS: [&str; 4] = ["loss", "optimizer", "epochs", "batch_size"];
const OPTIMIZER_KEYS: [&str; 6] = [
    "kind",
    "learning_rate",
    "momentum",
    "beta1",
    "beta2",
    "epsilon",
];
const SAMPLE_KEYS: [&str; 2] = ["input", "target"];
const GENERATE_KEYS: [&str; 6] = ["samples", "distribution", "low", "high", "seed", "target"];

/// Other libraries' names for ours, so "did you mean" can bridge them.
const ACTIVATION_ALIASES: [(&str, &str); 4] = [
    ("linear", "identity"),
    ("none", "identity"),
    ("logistic", "sigmoid"),
    ("lrelu", "leaky_relu"),
];
const LOSS_ALIASES: [(&str, &str); 10] = [
    ("sse", "half_sse"),
    ("half_mse", "half_sse"),
    ("mseloss", "mse"),
    ("mean_squared_error", "mse"),
    ("bceloss", "bce"),
    ("binary_cross_entropy", "bce"),
    ("binary_crossentropy", "bce"),
    ("crossentropyloss", "cross_entropy"),
    ("categorical_crossentropy", "cross_entropy"),
    ("ce", "cross_entropy"),
];
const OPTIMIZER_ALIASES: [(&str, &str); 2] = [("gradient_descent", "sgd"), ("gd", "sgd")];
const SCHEME_ALIASES: [(&str, &str); 5] = [
    ("glorot_uniform", "xavier_uniform"),
    ("kaiming_uniform", "he_uniform"),
    ("gaussian", "normal"),
    ("randn", "normal"),
    ("rand", "uniform"),
];
const DISTRIBUTION_ALIASES: [(&str, &str); 3] = [
    ("gaussian", "normal"),
    ("randn", "normal"),
    ("rand", "uniform"),
];

/// PyTorch's defaults (`torch.optim.SGD`, `torch.optim.Adam`).
const DEFAULT_LEARNING_RATE: f64 = 0.001;
const DEFAULT_BETA1: f64 = 0.9;
const DEFAULT_BETA2: f64 = 0.999;
const DEFAULT_EPSILON: f64 = 1e-8;

/// Cross-entropy targets must sum to 1 within this.
const PROBABILITY_SUM_TOLERANCE: f64 = 1e-9;

pub(crate) fn lesson(cx: Cx, doc: &Spanned<DeTable>) -> Res<Lesson> {
    let top = Table::new(doc.get_ref(), doc.span(), "the file");
    top_level_keys(cx, &top)?;
    let (title, summary, notes) = lesson_table(cx, &top)?;
    let net = network(cx, &top)?;
    let training = training(cx, &top, &net)?;
    let data = data(cx, &top, &net, training.loss)?;
    let batch_size = training.batch_size.unwrap_or(data.len());
    Ok(Lesson {
        title,
        summary,
        notes,
        source: cx.file.to_string(),
        inputs: net.inputs,
        layers: net.layers,
        loss: training.loss,
        optimizer: training.optimizer,
        epochs: training.epochs,
        batch_size,
        data,
    })
}

/// Only the known sections at the top level; a misspelt one is most likely a table header.
fn top_level_keys(cx: Cx, top: &Table) -> Res<()> {
    let Some((key_span, key, value)) = top.first_unknown(&TOP_KEYS) else {
        return Ok(());
    };
    let what = if value.get_ref().is_table() || value.get_ref().is_array() {
        "section"
    } else {
        "key"
    };
    let mut message = format!("unknown {what} {}", name(key));
    if let Some(near) = nearest(key, &TOP_KEYS, &[]) {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    Err(cx
        .at(key_span, message)
        .with_help(
            "a lesson has the sections [lesson], [network] with [[network.layer]], [training], \
             and [[data]] or [generate]",
        )
        .into())
}

/// A top-level table that must be there.
fn section<'a, 'i>(cx: Cx, top: &Table<'a, 'i>, key: &str, help: &str) -> Res<Table<'a, 'i>> {
    let Some(e) = top.get(key) else {
        return Err(cx
            .at(0..0, format!("the file has no [{key}] table"))
            .with_help(help)
            .into());
    };
    table(cx, e.value, format!("[{key}]"), &format!("for `{key}`"))
}

fn lesson_table(cx: Cx, top: &Table) -> Res<(String, String, Notes)> {
    let t = section(
        cx,
        top,
        "lesson",
        "start the file with [lesson] and a line title = \"…\"",
    )?;
    t.allow_only(cx, &LESSON_KEYS)?;
    let title = t.require(cx, "title", "add title = \"…\", shown on the start screen")?;
    let title_text = string(cx, title.value, "for `title`")?;
    if title_text.trim().is_empty() {
        return Err(cx
            .at(title.value.span(), "the title is empty")
            .with_help("give the lesson a title, shown on the start screen")
            .into());
    }
    let summary = match t.get("summary") {
        Some(e) => string(cx, e.value, "for `summary`")?.to_string(),
        None => String::new(),
    };
    let mut notes = Notes::default();
    if let Some(e) = t.get("notes") {
        let n = table(cx, e.value, "[lesson.notes]", "for `notes`")?;
        n.allow_only(cx, &NOTES_KEYS)?;
        let note = |key: &str| -> Res<Option<String>> {
            n.get(key)
                .map(|e| string(cx, e.value, &format!("for `{key}`")).map(str::to_string))
                .transpose()
        };
        notes = Notes {
            forward: note("forward")?,
            loss: note("loss")?,
            backward: note("backward")?,
            update: note("update")?,
        };
    }
    Ok((title_text.to_string(), summary, notes))
}

/// An `init` table, checked.
struct Init {
    scheme: Scheme,
    seed: u64,
    span: Span,
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

fn init(cx: Cx, v: &Value, owner: &str) -> Res<Init> {
    let t = table(cx, v, owner, "for `init`")?;
    t.allow_only(cx, &INIT_KEYS)?;
    let name = match t.get("scheme") {
        Some(e) => choice(cx, e.value, "init scheme", &Scheme::NAMES, &SCHEME_ALIASES)?,
        None => Scheme::XavierUniform.name(),
    };
    let seed = match t.get("seed") {
        Some(e) => seed(cx, e.value)?,
        None => 0,
    };
    only_for(
        cx,
        &t,
        &["low", "high"],
        name == "uniform",
        "scheme = \"uniform\"",
    )?;
    only_for(cx, &t, &["std"], name == "normal", "scheme = \"normal\"")?;
    let scheme = match name {
        "he_uniform" => Scheme::HeUniform,
        "uniform" => {
            let (low, high) = low_high(cx, &t)?;
            Scheme::Uniform { low, high }
        }
        "normal" => {
            let std = match t.get("std") {
                Some(e) => {
                    let std = number(cx, e.value, "for `std`")?;
                    if std <= 0.0 {
                        return Err(cx
                            .at(
                                e.value.span(),
                                format!(
                                    "`std` must be greater than 0, found {}",
                                    cx.literal(e.value)
                                ),
                            )
                            .into());
                    }
                    std
                }
                None => Scheme::DEFAULT_STD,
            };
            Scheme::Normal { std }
        }
        _ => Scheme::XavierUniform,
    };
    Ok(Init {
        scheme,
        seed,
        span: v.span(),
    })
}

/// Refuse `keys` unless `applies`: e.g. `momentum` with Adam.
fn only_for(cx: Cx, t: &Table, keys: &[&str], applies: bool, setting: &str) -> Res<()> {
    if applies {
        return Ok(());
    }
    match keys
        .iter()
        .filter_map(|k| t.get(k).map(|e| (k, e)))
        .min_by_key(|(_, e)| e.key_span.start)
    {
        Some((k, e)) => Err(cx
            .at(e.key_span, format!("`{k}` only applies with {setting}"))
            .with_help(format!("remove `{k}` from {}", t.owner))
            .into()),
        None => Ok(()),
    }
}

/// `low` and `high` of a uniform range (defaults −1 and 1), low < high.
fn low_high(cx: Cx, t: &Table) -> Res<(f64, f64)> {
    let low_e = t.get("low");
    let high_e = t.get("high");
    let low = match &low_e {
        Some(e) => number(cx, e.value, "for `low`")?,
        None => Scheme::DEFAULT_LOW,
    };
    let high = match &high_e {
        Some(e) => number(cx, e.value, "for `high`")?,
        None => Scheme::DEFAULT_HIGH,
    };
    if low >= high {
        let shown = |e: &Option<Entry>, default: f64| match e {
            Some(e) => cx.literal(e.value),
            None => format!("{default} (the default)"),
        };
        let (lo, hi) = (shown(&low_e, low), shown(&high_e, high));
        let (span, message) = match (&low_e, &high_e) {
            (Some(l), _) => (
                l.value.span(),
                format!("`low` = {lo} must be less than `high` = {hi}"),
            ),
            (None, Some(h)) => (
                h.value.span(),
                format!("`high` = {hi} must be greater than `low` = {lo}"),
            ),
            (None, None) => (
                t.span.clone(),
                format!("`low` = {lo} must be less than `high` = {hi}"),
            ),
        };
        return Err(cx
            .at(span, message)
            .with_help("a uniform range draws numbers from low up to high")
            .into());
    }
    Ok((low, high))
}

/// The checked network.
struct Net {
    inputs: usize,
    layers: Vec<Layer>,
}

/// Where a layer's weights come from.
enum Source {
    Given,
    /// The network's `init` (or the default), from one generator shared in layer order.
    Shared,
    /// The layer's own `init`, from a generator of its own.
    Own(Init),
}

/// What the first pass learns about a layer.
struct LayerHead<'a, 'i> {
    table: Table<'a, 'i>,
    neurons: usize,
    activation: Activation,
}

fn network(cx: Cx, top: &Table) -> Res<Net> {
    let t = section(
        cx,
        top,
        "network",
        "add [network] with inputs = N, then one [[network.layer]] per layer",
    )?;
    t.allow_only(cx, &NETWORK_KEYS)?;
    let inputs_e = t.require(cx, "inputs", "add inputs = N, the number of input values")?;
    let inputs = count(cx, inputs_e.value, "`inputs`", 1, MAX_INPUTS)?;
    let net_init = t
        .get("init")
        .map(|e| init(cx, e.value, "[network.init]"))
        .transpose()?;

    let layer_help = "add one [[network.layer]] per layer, each with neurons and activation";
    let layers_e = t.get("layer").ok_or_else(|| {
        cx.at(t.span.clone(), "the network has no layers")
            .with_help(layer_help)
    })?;
    let list = match layers_e.value.get_ref() {
        DeValue::Array(a) => a,
        DeValue::Table(_) => {
            return Err(cx
                .at(
                    layers_e.value.span(),
                    "expected [[network.layer]] (double brackets: a list of layers), found a single table",
                )
                .with_help("write each layer as [[network.layer]]")
                .into());
        }
        _ => {
            return Err(expected(
                cx,
                layers_e.value,
                "a list of layers",
                "for `layer`",
            ));
        }
    };
    if list.is_empty() {
        return Err(cx
            .at(layers_e.value.span(), "the network has no layers")
            .with_help(layer_help)
            .into());
    }
    if list.len() > MAX_LAYERS {
        return Err(cx
            .at(
                layers_e.value.span(),
                format!(
                    "the network has {} layers, more than the limit of {MAX_LAYERS}",
                    list.len()
                ),
            )
            .into());
    }

    // First pass: sizes and activations, so the parameter count is known before any array.
    let depth = list.len();
    let mut heads = Vec::with_capacity(depth);
    let mut parameters: u128 = 0;
    let mut below = inputs;
    for (i, v) in list.iter().enumerate() {
        let l = i + 1;
        let owner = format!("layer {l}");
        let lt = table(cx, v, owner.clone(), &format!("for {owner}"))?;
        lt.allow_only(cx, &LAYER_KEYS)?;
        let n_e = lt.require(cx, "neurons", "add neurons = N")?;
        let neurons = count(cx, n_e.value, "`neurons`", 1, MAX_NEURONS)?;
        let a_e = lt.require(
            cx,
            "activation",
            format!(
                "add activation = \"…\", one of: {}",
                Activation::ALL.map(Activation::name).join(", ")
            ),
        )?;
        let activation = activation(cx, a_e.value)?;
        if activation == Activation::Softmax {
            if l < depth {
                return Err(cx
                    .at(
                        a_e.value.span(),
                        format!("softmax is only allowed on the output layer (layer {depth}), but layer {l} is hidden"),
                    )
                    .with_help("use sigmoid, tanh, relu, leaky_relu or identity for hidden layers")
                    .into());
            }
            if neurons == 1 {
                return Err(cx
                    .at(
                        a_e.value.span(),
                        "softmax over a single neuron always outputs 1, so nothing can be learned",
                    )
                    .with_help("give the output layer 2 or more neurons, or use sigmoid with loss = \"bce\"")
                    .into());
            }
        }
        parameters += neurons as u128 * (below as u128 + 1);
        if parameters > MAX_PARAMETERS as u128 {
            return Err(cx
                .at(
                    n_e.value.span(),
                    format!(
                        "with layer {l} the network has {} weights and biases, more than the limit of {}",
                        thousands(parameters),
                        thousands(MAX_PARAMETERS as u128)
                    ),
                )
                .with_help("use fewer or smaller layers")
                .into());
        }
        heads.push(LayerHead {
            table: lt,
            neurons,
            activation,
        });
        below = neurons;
    }

    // Second pass: parameters as written; the rest drawn afterwards in layer order.
    let mut layers = Vec::with_capacity(depth);
    let mut sources: Vec<Source> = Vec::with_capacity(depth);
    for (i, h) in heads.iter().enumerate() {
        let l = i + 1;
        let cols = if l == 1 { inputs } else { heads[i - 1].neurons };
        let t = &h.table;
        let own_init = t.get("init");
        let weights = match t.get("weights") {
            Some(w) => {
                if let Some(e) = &own_init {
                    return Err(cx
                        .at(
                            e.key_span.clone(),
                            format!("layer {l} gives both `weights` and an `init`"),
                        )
                        .with_help(
                            "remove `init` to keep the weights, or remove `weights` to draw them",
                        )
                        .into());
                }
                sources.push(Source::Given);
                weights(cx, w.value, l, h.neurons, cols)?
            }
            None => {
                sources.push(match own_init {
                    Some(e) => Source::Own(init(cx, e.value, &format!("the init of layer {l}"))?),
                    None => Source::Shared,
                });
                Array2::zeros((0, 0))
            }
        };
        let biases = match t.get("biases") {
            Some(b) => biases(cx, b.value, l, h.neurons)?,
            None => Array1::zeros(h.neurons),
        };
        let flag = |key: &str| -> Res<bool> {
            t.get(key)
                .map(|e| boolean(cx, e.value, &format!("for `{key}`")))
                .transpose()
                .map(|b| b.unwrap_or(true))
        };
        layers.push(Layer {
            activation: h.activation,
            weights,
            biases,
            trainable: flag("trainable")?,
            train_biases: flag("train_biases")?,
        });
    }

    // Draw the missing weights. The network's generator is created once and shared, in layer
    // order; a layer with its own `init` uses a generator of its own.
    let shared_init = net_init.unwrap_or_default();
    let mut shared = random::rng(shared_init.seed);
    for (i, source) in sources.into_iter().enumerate() {
        let rows = heads[i].neurons;
        let cols = if i == 0 { inputs } else { heads[i - 1].neurons };
        let (drawn, span) = match source {
            Source::Given => continue,
            Source::Own(own) => (
                random::weights(&mut random::rng(own.seed), own.scheme, rows, cols),
                own.span,
            ),
            Source::Shared => (
                random::weights(&mut shared, shared_init.scheme, rows, cols),
                shared_init.span.clone(),
            ),
        };
        layers[i].weights = drawn.map_err(|_| {
            cx.at(
                span,
                "cannot draw weights from this range: high − low is too large",
            )
            .with_help("use a narrower range between low and high")
        })?;
    }
    Ok(Net { inputs, layers })
}

fn activation(cx: Cx, v: &Value) -> Res<Activation> {
    let names = Activation::ALL.map(Activation::name);
    let name = choice(cx, v, "activation", &names, &ACTIVATION_ALIASES)?;
    Ok(Activation::from_name(name).unwrap_or(Activation::Identity))
}

/// Layer `l`'s weights: `rows` rows (its neurons) of `cols` numbers (neurons of layer l − 1).
fn weights(cx: Cx, v: &Value, l: usize, rows: usize, cols: usize) -> Res<Array2<f64>> {
    let what = format!("the weights of layer {l}");
    let list = array(cx, v, &format!("for {what}"))?;
    let below = if l == 1 {
        format!("the network has {}", plural(cols, "input"))
    } else {
        format!("layer {} has {}", l - 1, plural(cols, "neuron"))
    };
    let per = if l == 1 {
        "one per input".to_string()
    } else {
        format!("one per neuron of layer {}", l - 1)
    };
    let mut lens = Vec::with_capacity(list.len());
    for row in list.iter() {
        match row.get_ref() {
            DeValue::Array(r) => lens.push(r.len()),
            _ => {
                let mut d = cx.at(
                    row.span(),
                    format!(
                        "expected a row of numbers (an array) in {what}, found {}",
                        describe(row.get_ref())
                    ),
                );
                let flat = list
                    .iter()
                    .all(|x| x.get_ref().is_integer() || x.get_ref().is_float());
                if flat {
                    let row: Vec<&str> = list
                        .iter()
                        .map(|x| cx.text.get(x.span()).unwrap_or("…"))
                        .collect();
                    d = d.with_help(format!(
                        "weights is a list of rows, one per neuron: for one neuron write [[{}]]",
                        row.join(", ")
                    ));
                }
                return Err(d.into());
            }
        }
    }
    if list.len() != rows {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "weights of layer {l} has {}, but layer {l} has {}",
                    plural(list.len(), "row"),
                    plural(rows, "neuron")
                ),
            )
            .with_help(format!(
                "give layer {l} one row of weights per neuron: {rows} rows of {cols} numbers"
            ))
            .into());
    }
    if let Some(bad) = lens.iter().position(|&n| n != cols) {
        let n = lens[bad];
        let message = if lens.iter().all(|&m| m == n) {
            format!(
                "weights of layer {l} has {}, but {below}",
                plural(n, "column")
            )
        } else {
            format!(
                "row {} of the weights of layer {l} has {}, but {below}",
                bad + 1,
                plural(n, "number")
            )
        };
        return Err(cx
            .at(list[bad].span(), message)
            .with_help(format!(
                "give each row of layer {l}'s weights {cols} numbers, {per}"
            ))
            .into());
    }
    let mut values = Vec::with_capacity(rows * cols);
    for row in list.iter() {
        if let DeValue::Array(r) = row.get_ref() {
            for x in r.iter() {
                values.push(number(cx, x, &format!("in {what}"))?);
            }
        }
    }
    Ok(Array2::from_shape_vec((rows, cols), values)
        .expect("every row was checked to hold cols numbers"))
}

/// Layer `l`'s biases: one number per neuron, or a single number for all of them.
fn biases(cx: Cx, v: &Value, l: usize, neurons: usize) -> Res<Array1<f64>> {
    let what = format!("the biases of layer {l}");
    if let DeValue::Integer(_) | DeValue::Float(_) = v.get_ref() {
        let b = number(cx, v, &format!("for {what}"))?;
        return Ok(Array1::from_elem(neurons, b));
    }
    if !v.get_ref().is_array() {
        return Err(expected(
            cx,
            v,
            "an array of numbers or a single number",
            &format!("for {what}"),
        ));
    }
    let b = numbers(cx, v, &what)?;
    if b.len() != neurons {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "biases of layer {l} has {}, but layer {l} has {}",
                    plural(b.len(), "number"),
                    plural(neurons, "neuron")
                ),
            )
            .with_help(format!(
                "give one bias per neuron ({neurons}), or a single number for all of them"
            ))
            .into());
    }
    Ok(Array1::from(b))
}

struct Training {
    loss: Loss,
    optimizer: Optimizer,
    epochs: usize,
    batch_size: Option<usize>,
}

fn training(cx: Cx, top: &Table, net: &Net) -> Res<Training> {
    let t = section(
        cx,
        top,
        "training",
        "add [training] with loss = \"…\" and optimizer = { kind = \"sgd\", learning_rate = 0.5 }",
    )?;
    t.allow_only(cx, &TRAINING_KEYS)?;
    let loss_names = Loss::ALL.map(Loss::name);
    let loss_e = t.require(
        cx,
        "loss",
        format!("add loss = \"…\", one of: {}", loss_names.join(", ")),
    )?;
    let loss_name = choice(cx, loss_e.value, "loss", &loss_names, &LOSS_ALIASES)?;
    let loss = Loss::from_name(loss_name).unwrap_or(Loss::Mse);
    check_output(cx, loss, loss_e.value, net)?;

    let opt_e = t.require(
        cx,
        "optimizer",
        "add optimizer = { kind = \"sgd\", learning_rate = 0.5 }",
    )?;
    let optimizer = optimizer(cx, opt_e.value)?;

    let epochs = match t.get("epochs") {
        Some(e) => count(cx, e.value, "`epochs`", 1, MAX_EPOCHS)?,
        None => 1,
    };
    let batch_size = t
        .get("batch_size")
        .map(|e| count(cx, e.value, "`batch_size`", 1, MAX_BATCH_SIZE))
        .transpose()?;
    Ok(Training {
        loss,
        optimizer,
        epochs,
        batch_size,
    })
}

/// The loss and the output layer's activation must suit each other.
fn check_output(cx: Cx, loss: Loss, at: &Value, net: &Net) -> Res<()> {
    let depth = net.layers.len();
    let out = net
        .layers
        .last()
        .map_or(Activation::Identity, |l| l.activation);
    let problem = match (loss, out) {
        (Loss::Bce, Activation::Sigmoid) => None,
        (Loss::Bce, other) => Some((
            format!(
                "bce needs a sigmoid output layer, but layer {depth} uses {}",
                other.name()
            ),
            format!("set activation = \"sigmoid\" on layer {depth}, or use loss = \"mse\""),
        )),
        (Loss::CrossEntropy, Activation::Softmax) => None,
        (Loss::CrossEntropy, other) => Some((
            format!(
                "cross_entropy needs a softmax output layer, but layer {depth} uses {}",
                other.name()
            ),
            format!(
                "use bce for sigmoid outputs, or set activation = \"softmax\" on layer {depth}"
            ),
        )),
        (other, Activation::Softmax) => Some((
            format!(
                "a softmax output layer needs loss = \"cross_entropy\", found `{}`",
                other.name()
            ),
            "softmax pairs with cross_entropy, as in PyTorch's CrossEntropyLoss".to_string(),
        )),
        _ => None,
    };
    match problem {
        Some((message, help)) => Err(cx.at(at.span(), message).with_help(help).into()),
        None => Ok(()),
    }
}

fn optimizer(cx: Cx, v: &Value) -> Res<Optimizer> {
    let t = match v.get_ref() {
        DeValue::Table(_) => table(cx, v, "the optimizer", "for `optimizer`")?,
        _ => {
            let mut d = cx.at(
                v.span(),
                format!(
                    "expected a table for `optimizer`, found {}",
                    describe(v.get_ref())
                ),
            );
            d = d.with_help("write optimizer = { kind = \"sgd\", learning_rate = 0.5 }");
            return Err(d.into());
        }
    };
    t.allow_only(cx, &OPTIMIZER_KEYS)?;
    let kind_e = t.require(cx, "kind", "add kind = \"sgd\" or kind = \"adam\"")?;
    let kind = choice(
        cx,
        kind_e.value,
        "optimizer kind",
        &["sgd", "adam"],
        &OPTIMIZER_ALIASES,
    )?;
    let sgd = kind == "sgd";
    only_for(cx, &t, &["momentum"], sgd, "kind = \"sgd\"")?;
    only_for(
        cx,
        &t,
        &["beta1", "beta2", "epsilon"],
        !sgd,
        "kind = \"adam\"",
    )?;

    let learning_rate = positive(cx, &t, "learning_rate", DEFAULT_LEARNING_RATE)?;
    if sgd {
        let momentum = unit_interval(cx, &t, "momentum", 0.0)?;
        Ok(Optimizer::Sgd {
            learning_rate,
            momentum,
        })
    } else {
        Ok(Optimizer::Adam {
            learning_rate,
            beta1: unit_interval(cx, &t, "beta1", DEFAULT_BETA1)?,
            beta2: unit_interval(cx, &t, "beta2", DEFAULT_BETA2)?,
            epsilon: positive(cx, &t, "epsilon", DEFAULT_EPSILON)?,
        })
    }
}

/// An optional number > 0.
fn positive(cx: Cx, t: &Table, key: &str, default: f64) -> Res<f64> {
    let Some(e) = t.get(key) else {
        return Ok(default);
    };
    let x = number(cx, e.value, &format!("for `{key}`"))?;
    if x <= 0.0 {
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "`{key}` must be greater than 0, found {}",
                    cx.literal(e.value)
                ),
            )
            .into());
    }
    Ok(x)
}

/// An optional number in [0, 1).
fn unit_interval(cx: Cx, t: &Table, key: &str, default: f64) -> Res<f64> {
    let Some(e) = t.get(key) else {
        return Ok(default);
    };
    let x = number(cx, e.value, &format!("for `{key}`"))?;
    if !(0.0..1.0).contains(&x) {
        return Err(cx
            .at(
                e.value.span(),
                format!(
                    "`{key}` must be at least 0 and less than 1, found {}",
                    cx.literal(e.value)
                ),
            )
            .into());
    }
    Ok(x)
}

fn data(cx: Cx, top: &Table, net: &Net, loss: Loss) -> Res<Vec<Sample>> {
    let outputs = net.layers.last().map_or(0, Layer::neurons);
    let per_sample = net.inputs + outputs;
    match (top.get("data"), top.get("generate")) {
        (Some(_), Some(g)) => Err(cx
            .at(
                g.key_span,
                "the lesson has both [[data]] samples and a [generate] table",
            )
            .with_help("keep one of them: written samples, or generated ones")
            .into()),
        (None, None) => Err(cx
            .at(0..0, "the lesson has no training data")
            .with_help("add [[data]] samples with input and target, or a [generate] table")
            .into()),
        (Some(d), None) => samples(cx, &d, net, outputs, per_sample, loss),
        (None, Some(g)) => generate(cx, &g, net, outputs, per_sample, loss),
    }
}

fn too_much_data(cx: Cx, span: Span, samples: usize, per_sample: usize) -> Res<()> {
    let values = samples as u128 * per_sample as u128;
    if values > MAX_DATA_VALUES as u128 {
        return Err(cx
            .at(
                span,
                format!(
                    "{} samples of {per_sample} numbers each are {} numbers, more than the limit of {}",
                    thousands(samples as u128),
                    thousands(values),
                    thousands(MAX_DATA_VALUES as u128)
                ),
            )
            .with_help("use fewer samples")
            .into());
    }
    Ok(())
}

fn samples(
    cx: Cx,
    d: &Entry,
    net: &Net,
    outputs: usize,
    per_sample: usize,
    loss: Loss,
) -> Res<Vec<Sample>> {
    let list = match d.value.get_ref() {
        DeValue::Array(a) => a,
        DeValue::Table(_) => {
            return Err(cx
                .at(
                    d.value.span(),
                    "expected [[data]] (double brackets: a list of samples), found a single table",
                )
                .with_help("write each sample as [[data]] with input = […] and target = […]")
                .into());
        }
        _ => return Err(expected(cx, d.value, "a list of samples", "for `data`")),
    };
    if list.is_empty() {
        return Err(cx
            .at(d.value.span(), "`data` has no samples")
            .with_help("add [[data]] samples with input = […] and target = […]")
            .into());
    }
    if list.len() > MAX_SAMPLES {
        return Err(cx
            .at(
                d.value.span(),
                format!(
                    "`data` has {} samples, more than the limit of {}",
                    thousands(list.len() as u128),
                    thousands(MAX_SAMPLES as u128)
                ),
            )
            .into());
    }
    too_much_data(cx, d.value.span(), list.len(), per_sample)?;
    let mut out = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let s = i + 1;
        let owner = format!("sample {s}");
        let t = table(cx, v, owner.clone(), &format!("for {owner}"))?;
        t.allow_only(cx, &SAMPLE_KEYS)?;
        let input_e = t.require(
            cx,
            "input",
            format!("add input = […] with {}", plural(net.inputs, "number")),
        )?;
        let input = numbers(cx, input_e.value, &format!("the input of sample {s}"))?;
        if input.len() != net.inputs {
            return Err(cx
                .at(
                    input_e.value.span(),
                    format!(
                        "the input of sample {s} has {}, but the network has {}",
                        plural(input.len(), "number"),
                        plural(net.inputs, "input")
                    ),
                )
                .with_help(format!(
                    "give each input {}, one per input of the network",
                    plural(net.inputs, "number")
                ))
                .into());
        }
        let target_e = t.require(
            cx,
            "target",
            format!("add target = […] with {}", plural(outputs, "number")),
        )?;
        let what = format!("the target of sample {s}");
        let target = target(cx, target_e.value, &what, net, outputs, loss)?;
        out.push(Sample {
            input: Array1::from(input),
            target: Array1::from(target),
        });
    }
    Ok(out)
}

/// A target vector: one number per output neuron, suited to the loss.
fn target(cx: Cx, v: &Value, what: &str, net: &Net, outputs: usize, loss: Loss) -> Res<Vec<f64>> {
    let y = numbers(cx, v, what)?;
    let depth = net.layers.len();
    if y.len() != outputs {
        return Err(cx
            .at(
                v.span(),
                format!(
                    "{what} has {}, but the output layer (layer {depth}) has {}",
                    plural(y.len(), "number"),
                    plural(outputs, "neuron")
                ),
            )
            .with_help(format!(
                "give each target {}, one per output neuron",
                plural(outputs, "number")
            ))
            .into());
    }
    let items: &DeArray = array(cx, v, what)?;
    let probabilities = match loss {
        Loss::Bce => Some("bce targets are probabilities: each must be between 0 and 1"),
        Loss::CrossEntropy => {
            Some("cross_entropy targets are probabilities: each must be between 0 and 1")
        }
        _ => None,
    };
    if let Some(rule) = probabilities
        && let Some(k) = y.iter().position(|x| !(0.0..=1.0).contains(x))
    {
        return Err(cx
            .at(
                items[k].span(),
                format!("{what} has {}, but {rule}", cx.literal(&items[k])),
            )
            .with_help(if loss == Loss::Bce {
                "use mse or half_sse for targets outside [0, 1]"
            } else {
                "give class probabilities, e.g. a one-hot target such as [0.0, 1.0, 0.0]"
            })
            .into());
    }
    if loss == Loss::CrossEntropy {
        let sum: f64 = y.iter().sum();
        if (sum - 1.0).abs() > PROBABILITY_SUM_TOLERANCE {
            return Err(cx
                .at(
                    v.span(),
                    format!("{what} sums to {sum}, but cross_entropy targets must sum to 1"),
                )
                .with_help("use a one-hot target such as [0.0, 1.0, 0.0], or probabilities that add up to 1")
                .into());
        }
    }
    Ok(y)
}

fn generate(
    cx: Cx,
    g: &Entry,
    net: &Net,
    outputs: usize,
    per_sample: usize,
    loss: Loss,
) -> Res<Vec<Sample>> {
    let t = table(cx, g.value, "[generate]", "for `generate`")?;
    t.allow_only(cx, &GENERATE_KEYS)?;
    let n_e = t.require(cx, "samples", "add samples = N, how many samples to draw")?;
    let n = count(cx, n_e.value, "`samples`", 1, MAX_SAMPLES)?;
    let name = match t.get("distribution") {
        Some(e) => choice(
            cx,
            e.value,
            "distribution",
            &InputDistribution::NAMES,
            &DISTRIBUTION_ALIASES,
        )?,
        None => "normal",
    };
    only_for(
        cx,
        &t,
        &["low", "high"],
        name == "uniform",
        "distribution = \"uniform\"",
    )?;
    let dist = if name == "uniform" {
        let (low, high) = low_high(cx, &t)?;
        InputDistribution::Uniform { low, high }
    } else {
        InputDistribution::Normal
    };
    let seed = match t.get("seed") {
        Some(e) => seed(cx, e.value)?,
        None => 0,
    };
    let target_e = t.require(
        cx,
        "target",
        format!(
            "add target = […] with {}, every sample's target",
            plural(outputs, "number")
        ),
    )?;
    let target = Array1::from(target(
        cx,
        target_e.value,
        "the target",
        net,
        outputs,
        loss,
    )?);
    too_much_data(cx, n_e.value.span(), n, per_sample)?;
    let xs = random::inputs(seed, dist, n, net.inputs).map_err(|_| {
        cx.at(
            t.span.clone(),
            "cannot draw inputs from this range: high − low is too large",
        )
        .with_help("use a narrower range between low and high")
    })?;
    Ok(xs
        .into_iter()
        .map(|input| Sample {
            input,
            target: target.clone(),
        })
        .collect())
}

/// "1 number", "3 numbers".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
