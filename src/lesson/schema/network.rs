//! `[network]` and its `[[network.layer]]` list.
//!
//! The input first (`inputs = N`, an image's `inputs = [C, H, W]`, a sequence's `sequence = T`,
//! or a `vocabulary` of tokens), then three passes over the layers: each layer's kind reads its
//! settings and says its output shape and parameter tensors, so the parameter count is checked
//! before any array is built; then each tensor as written (inline or from a `.npy` file); then
//! the tensors no layer gave, drawn in layer order.

use ndarray::ArrayD;
use toml::de::{DeArray, DeValue};

use super::init::{self, Init};
use super::layer::{self, COMMON_KEYS, Head, LayerTable};
use super::{Files, Res, section, shape_words};
use crate::layers::{self, Fill};
use crate::lesson::limits::{MAX_INPUTS, MAX_LAYERS, MAX_NEURONS, MAX_PARAMETERS};
use crate::lesson::model::{Layer, Shape};
use crate::lesson::random;
use crate::source::reader::{
    Cx, Entry, Span, Table, count, expected, for_key, for_what, in_what, string, table, thousands,
};

/// Layer `l` in messages ("layer 2"), as a table's owner.
pub(crate) fn layer_owner(l: usize) -> String {
    crate::msg!("err-owner-layer", l = l.to_string())
}
use crate::source::suggest::nearest;

const NETWORK_KEYS: [&str; 5] = ["inputs", "sequence", "vocabulary", "init", "layer"];

/// Most tokens in a vocabulary.
pub(crate) const MAX_VOCABULARY: usize = 10_000;

/// The checked network.
pub(super) struct Net {
    pub input: Shape,
    pub layers: Vec<Layer>,
    /// The tokens of a `vocabulary`, in order (their ids).
    pub vocabulary: Vec<String>,
}

impl Net {
    /// Numbers of the input.
    pub fn inputs(&self) -> usize {
        self.input.len()
    }

    /// Numbers of the output layer (every position of a sequence).
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Layer::neurons)
    }

    /// The shape of the output layer.
    pub fn output(&self) -> Shape {
        self.layers.last().map_or(self.input, |l| l.output)
    }
}

/// Where a layer's parameters come from.
enum Source {
    /// Written in the lesson (or in a `.npy` file it names).
    Given(ArrayD<f64>),
    /// Filled as the kind says: drawn from the network's `init` (or the default), shared in
    /// layer order, zeros or ones.
    Shared(Fill),
    /// Drawn from the layer's own `init`, from a generator of its own.
    Own(Fill, usize),
}

pub(super) fn read(cx: Cx, top: &Table, files: Files) -> Res<Net> {
    let t = section(cx, top, "network", "err-network-section-help")?;
    t.allow_only(cx, &NETWORK_KEYS)?;
    let (input, vocabulary) = input(cx, &t)?;
    let net_init = t
        .get("init")
        .map(|e| init::read(cx, e.value, "[network.init]"))
        .transpose()?;
    let list = layer_list(cx, &t)?;
    let tables = list
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let owner = layer_owner(i + 1);
            Ok(table(cx, v, owner.clone(), &for_what(&owner))?)
        })
        .collect::<Res<Vec<_>>>()?;
    let mut layers = heads(cx, &tables, (input, vocabulary.len()), files)?;
    let (sources, inits) = given(cx, &tables, &layers, (input, vocabulary.len()), files)?;
    fill(
        cx,
        &mut layers,
        sources,
        (inits, net_init.unwrap_or_default()),
    )?;
    Ok(Net {
        input,
        layers,
        vocabulary,
    })
}

/// The network's input: `inputs = N` (a vector, or with `sequence = T` a sequence of N
/// features), `inputs = [C, H, W]` (an image), or `vocabulary = […]` with `sequence = T`.
fn input(cx: Cx, t: &Table) -> Res<(Shape, Vec<String>)> {
    let sequence = t
        .get("sequence")
        .map(|e| count(cx, e.value, "`sequence`", 1, MAX_NEURONS))
        .transpose()?;
    if let Some(v) = t.get("vocabulary") {
        if let Some(i) = t.get("inputs") {
            return Err(cx
                .at(i.key_span, crate::msg!("err-tokens-not-inputs"))
                .with_help(crate::msg!("err-tokens-not-inputs-help"))
                .into());
        }
        let tokens = vocabulary(cx, &v)?;
        let Some(t_len) = sequence else {
            return Err(cx
                .at(v.key_span, crate::msg!("err-vocabulary-needs-sequence"))
                .with_help(crate::msg!("err-vocabulary-needs-sequence-help"))
                .into());
        };
        return Ok((Shape::Tokens { t: t_len }, tokens));
    }
    let e = t.require(cx, "inputs", crate::msg!("err-inputs-help"))?;
    let shape = match e.value.get_ref() {
        DeValue::Array(items) => image(cx, &e, items, sequence.is_some())?,
        _ => {
            let n = count(cx, e.value, "`inputs`", 1, MAX_INPUTS)?;
            match sequence {
                Some(t) => Shape::Sequence { t, f: n },
                None => Shape::Vector(n),
            }
        }
    };
    if shape.len() > MAX_INPUTS {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!(
                    "err-input-too-large",
                    n = thousands(shape.len() as u128),
                    max = thousands(MAX_INPUTS as u128)
                ),
            )
            .with_help(crate::msg!("err-input-too-large-help"))
            .into());
    }
    Ok((shape, Vec::new()))
}

/// `inputs = [C, H, W]`.
fn image(cx: Cx, e: &Entry, items: &DeArray, sequence: bool) -> Res<Shape> {
    let help = crate::msg!("err-image-input-help");
    if items.len() != 3 {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!("err-image-input-length", n = items.len().to_string()),
            )
            .with_help(help)
            .into());
    }
    if sequence {
        return Err(cx
            .at(e.value.span(), crate::msg!("err-image-not-sequence"))
            .with_help(crate::msg!("err-image-not-sequence-help"))
            .into());
    }
    let names = ["err-input-channels", "err-input-height", "err-input-width"];
    let mut dims = [0; 3];
    for (i, item) in items.iter().enumerate() {
        dims[i] = count(cx, item, &crate::msg!(names[i]), 1, MAX_INPUTS)
            .map_err(|e| e.with_help(help.clone()))?;
    }
    Ok(Shape::Image {
        c: dims[0],
        h: dims[1],
        w: dims[2],
    })
}

/// `vocabulary = ["<s>", "我", …]`: distinct, non-empty tokens.
fn vocabulary(cx: Cx, e: &Entry) -> Res<Vec<String>> {
    let items = match e.value.get_ref() {
        DeValue::Array(a) => a,
        _ => {
            return Err(expected(
                cx,
                e.value,
                "err-an-array-of-tokens",
                &for_key("vocabulary"),
            )
            .into());
        }
    };
    if items.len() < 2 || items.len() > MAX_VOCABULARY {
        return Err(cx
            .at(
                e.value.span(),
                crate::msg!(
                    "err-vocabulary-size",
                    max = thousands(MAX_VOCABULARY as u128),
                    n = items.len().to_string()
                ),
            )
            .with_help(crate::msg!("err-vocabulary-size-help"))
            .into());
    }
    let mut tokens: Vec<String> = Vec::with_capacity(items.len());
    for item in items.iter() {
        let token = string(cx, item, &in_what("`vocabulary`"))?;
        if token.is_empty() || token.chars().any(char::is_control) {
            return Err(cx
                .at(item.span(), crate::msg!("err-bad-token"))
                .with_help(crate::msg!("err-bad-token-help"))
                .into());
        }
        if tokens.iter().any(|t| t == token) {
            return Err(cx
                .at(item.span(), crate::msg!("err-token-twice", token = token))
                .with_help(crate::msg!("err-token-twice-help"))
                .into());
        }
        tokens.push(token.to_string());
    }
    Ok(tokens)
}

/// The `[[network.layer]]` list: at least one layer, at most the limit.
fn layer_list<'a, 'i>(cx: Cx, t: &Table<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let layers_e = t.get("layer").ok_or_else(|| {
        cx.at(t.span.clone(), crate::msg!("err-no-layers"))
            .with_help(crate::msg!("err-no-layers-help"))
    })?;
    let list = match layers_e.value.get_ref() {
        DeValue::Array(a) => a,
        DeValue::Table(_) => {
            return Err(cx
                .at(layers_e.value.span(), crate::msg!("err-single-layer-table"))
                .with_help(crate::msg!("err-single-layer-table-help"))
                .into());
        }
        _ => {
            return Err(expected(
                cx,
                layers_e.value,
                "err-a-list-of-layers",
                &for_key("layer"),
            )
            .into());
        }
    };
    if list.is_empty() {
        return Err(cx
            .at(layers_e.value.span(), crate::msg!("err-no-layers"))
            .with_help(crate::msg!("err-no-layers-help"))
            .into());
    }
    if list.len() > MAX_LAYERS {
        return Err(cx
            .at(
                layers_e.value.span(),
                crate::msg!(
                    "err-too-many-layers",
                    n = list.len().to_string(),
                    max = MAX_LAYERS.to_string()
                ),
            )
            .into());
    }
    Ok(list)
}

/// The kind a layer's `kind = "…"` names (dense when it is not written).
fn kind_of(cx: Cx, t: &Table) -> Res<&'static layers::Entry> {
    let Some(e) = t.get("kind") else {
        return Ok(&layers::KINDS[0]);
    };
    let names: Vec<&str> = layers::KINDS.iter().map(|k| k.name).collect();
    let name = string(cx, e.value, &for_key("kind"))?;
    if let Some(k) = layers::KINDS.iter().find(|k| k.name == name) {
        return Ok(k);
    }
    let mut message = crate::msg!(
        "err-unknown-choice",
        kind = crate::msg!("err-kind-layer"),
        name = crate::source::reader::name(name)
    );
    if let Some(near) = nearest(name, &names, layers::KIND_ALIASES) {
        message.push_str(&crate::i18n::did_you_mean(near));
    }
    Err(cx
        .at(e.value.span(), message)
        .with_help(crate::tr!(
            crate::i18n::lang(),
            "err-choose",
            names = names.join(", ")
        ))
        .into())
}

/// First pass: every layer's kind, settings and shapes, with the running parameter count
/// checked against the limit before anything is built. Parameters are left empty.
fn heads(
    cx: Cx,
    tables: &[Table],
    (input, vocabulary): (Shape, usize),
    files: Files,
) -> Res<Vec<Layer>> {
    let depth = tables.len();
    let mut layers: Vec<Layer> = Vec::with_capacity(depth);
    let mut parameters: u128 = 0;
    for (i, t) in tables.iter().enumerate() {
        let l = i + 1;
        let below = layers.last().map_or(input, |h| h.output);
        let entry = kind_of(cx, t)?;
        let lt = LayerTable {
            cx,
            table: t,
            l,
            depth,
            input: below,
            vocabulary,
            files,
        };
        let Head { kind, output } = (entry.read)(&lt)?;
        if output.len() > MAX_NEURONS {
            return Err(cx
                .at(
                    t.span.clone(),
                    crate::msg!(
                        "err-layer-too-large",
                        l = l.to_string(),
                        n = thousands(output.len() as u128),
                        shape = shape_words(output),
                        max = thousands(MAX_NEURONS as u128)
                    ),
                )
                .with_help(crate::msg!("err-layer-too-large-help"))
                .into());
        }
        let mut layer = Layer {
            kind,
            input: below,
            output,
            params: Vec::new(),
            residual: residual(&lt, &layers, input, output)?,
            trainable: layer::flag(cx, t, "trainable")?,
            train_biases: layer::flag(cx, t, "train_biases")?,
        };
        let specs = layer.specs();
        let kind = layer.kind.contract();
        let mut allowed: Vec<&str> = entry.keys.to_vec();
        allowed.extend(specs.iter().map(|s| kind.written_at(s).0));
        allowed.extend(COMMON_KEYS);
        t.allow_only(cx, &allowed)?;
        // A count too large is reported where the layer's size is written.
        let size_at = entry
            .keys
            .iter()
            .find_map(|k| t.get(k))
            .map_or(t.span.clone(), |e| e.value.span());
        parameters += specs.iter().map(|s| s.len() as u128).sum::<u128>();
        if parameters > MAX_PARAMETERS as u128 {
            return Err(cx
                .at(
                    size_at,
                    crate::msg!(
                        "err-too-many-parameters",
                        l = l.to_string(),
                        n = thousands(parameters),
                        max = thousands(MAX_PARAMETERS as u128)
                    ),
                )
                .with_help(crate::msg!("err-too-many-parameters-help"))
                .into());
        }
        layer.params = specs
            .iter()
            .map(|_| ArrayD::zeros(ndarray::IxDyn(&[0])))
            .collect();
        layers.push(layer);
    }
    Ok(layers)
}

/// `residual = N`: layer N's output (0: the input) is added to this layer's, so their shapes
/// must match.
fn residual(lt: &LayerTable, below: &[Layer], input: Shape, output: Shape) -> Res<Option<usize>> {
    let Some(n) = lt.count("residual", 0, lt.l - 1)? else {
        return Ok(None);
    };
    let added = if n == 0 { input } else { below[n - 1].output };
    if added != output {
        let message = if n == 0 {
            crate::msg!(
                "err-residual-input",
                l = lt.l.to_string(),
                added = shape_words(added),
                output = shape_words(output)
            )
        } else {
            crate::msg!(
                "err-residual-layer",
                n = n.to_string(),
                l = lt.l.to_string(),
                added = shape_words(added),
                output = shape_words(output)
            )
        };
        return Err(lt.error(
            lt.span_of("residual"),
            message,
            crate::msg!("err-residual-help"),
        ));
    }
    Ok(Some(n))
}

/// Second pass: each layer's tensors as written; the rest with where they come from, and each
/// layer's own `init` (the index into the list returned).
#[allow(clippy::type_complexity)]
fn given(
    cx: Cx,
    tables: &[Table],
    layers: &[Layer],
    (input, vocabulary): (Shape, usize),
    files: Files,
) -> Res<(Vec<Vec<Source>>, Vec<Init>)> {
    let mut sources = Vec::with_capacity(layers.len());
    let mut inits = Vec::new();
    for (i, (t, layer)) in tables.iter().zip(layers).enumerate() {
        let l = i + 1;
        let lt = LayerTable {
            cx,
            table: t,
            l,
            depth: layers.len(),
            input: if i == 0 { input } else { layers[i - 1].output },
            vocabulary,
            files,
        };
        let kind = layer.kind.contract();
        let own = match t.get("init") {
            Some(e) => {
                let init = init::read(
                    cx,
                    e.value,
                    &crate::msg!("err-owner-layer-init", l = l.to_string()),
                )?;
                Some((e, init))
            }
            None => None,
        };
        let mut drawn_missing = false;
        let mut layer_sources = Vec::new();
        for spec in layer.specs() {
            let source = match written(t, kind.written_at(&spec)) {
                Some(v) => Source::Given(kind.read_tensor(&lt, &spec, v)?),
                None => {
                    let fill = kind.fill(layer, &spec);
                    drawn_missing |= matches!(fill, Fill::Draw { .. });
                    match (&own, fill) {
                        (Some(_), Fill::Draw { .. }) => Source::Own(fill, inits.len()),
                        _ => Source::Shared(fill),
                    }
                }
            };
            layer_sources.push(source);
        }
        if let Some((e, init)) = own {
            if !drawn_missing {
                return Err(both_weights_and_init(cx, &e, l));
            }
            inits.push(init);
        }
        sources.push(layer_sources);
    }
    Ok((sources, inits))
}

/// The value a tensor is written as: under its key, or under `sub` of the inline table
/// there. A `true` or `false` there is a setting (`positions = true`), not the tensor.
fn written<'a, 'i>(
    t: &Table<'a, 'i>,
    (key, sub): (&str, Option<&str>),
) -> Option<&'a crate::source::reader::Value<'i>> {
    let v = t.get(key)?.value;
    let v = match (sub, v.get_ref()) {
        (None, _) => v,
        (Some(sub), DeValue::Table(inner)) => inner.get(sub)?,
        (Some(_), _) => return None,
    };
    (!matches!(v.get_ref(), DeValue::Boolean(_))).then_some(v)
}

fn both_weights_and_init(cx: Cx, init: &Entry, l: usize) -> crate::lesson::LessonError {
    cx.at(
        init.key_span.clone(),
        crate::msg!("err-weights-and-init", l = l.to_string()),
    )
    .with_help(crate::msg!("err-weights-and-init-help"))
    .into()
}

/// Third pass: fill what no layer gave. The network's generator is created once and shared, in
/// layer order and, within a layer, in the order of its tensors; a layer with its own `init`
/// draws from a generator of its own.
fn fill(
    cx: Cx,
    layers: &mut [Layer],
    sources: Vec<Vec<Source>>,
    (inits, shared_init): (Vec<Init>, Init),
) -> Res<()> {
    let mut shared = random::rng(shared_init.seed);
    let mut own: Vec<_> = inits.iter().map(|i| random::rng(i.seed)).collect();
    for (layer, layer_sources) in layers.iter_mut().zip(sources) {
        let specs = layer.specs();
        for ((spec, source), slot) in specs.iter().zip(layer_sources).zip(&mut layer.params) {
            let drawn = |fill: Fill,
                         rng: &mut rand::rngs::ChaCha8Rng,
                         init: &Init|
             -> Res<ArrayD<f64>> { draw(cx, fill, &spec.dims, rng, init) };
            *slot = match source {
                Source::Given(a) => a,
                Source::Shared(fill) => drawn(fill, &mut shared, &shared_init)?,
                Source::Own(fill, i) => drawn(fill, &mut own[i], &inits[i])?,
            };
        }
    }
    Ok(())
}

/// A tensor of shape `dims` filled as `fill` says, drawing from `rng` by `init`'s scheme.
fn draw(
    cx: Cx,
    fill: Fill,
    dims: &[usize],
    rng: &mut rand::rngs::ChaCha8Rng,
    init: &Init,
) -> Res<ArrayD<f64>> {
    let shape = ndarray::IxDyn(dims);
    match fill {
        Fill::Zeros => Ok(ArrayD::zeros(shape)),
        Fill::Ones => Ok(ArrayD::ones(shape)),
        Fill::Draw { fan_in, fan_out } => {
            let values =
                random::draw_weights(rng, init.scheme, dims.iter().product(), (fan_in, fan_out))
                    .map_err(|_| bad_range(cx, init.span.clone()))?;
            Ok(ArrayD::from_shape_vec(shape, values).expect("every number of the shape was drawn"))
        }
    }
}

fn bad_range(cx: Cx, span: Span) -> crate::lesson::LessonError {
    cx.at(span, crate::msg!("err-cannot-draw-weights"))
        .with_help(crate::msg!("err-narrower-range"))
        .into()
}
