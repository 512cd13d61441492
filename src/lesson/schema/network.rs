//! `[network]` and its `[[network.layer]]` list.
//!
//! Three passes: the sizes and activations of every layer first, so the parameter count is
//! checked before any array is built; then each layer's parameters as written (inline or from
//! `.npy` files); then the weights no layer gave, drawn in layer order.

use ndarray::Array2;
use toml::de::{DeArray, DeValue};

use super::init::{self, Init};
use super::layer::{self, LayerHead};
use super::{Files, Res, section};
use crate::layers::dense::Dense;
use crate::lesson::limits::{MAX_INPUTS, MAX_LAYERS, MAX_PARAMETERS};
use crate::lesson::model::{Kind, Layer, Shape};
use crate::lesson::random;
use crate::source::reader::{Cx, Entry, Table, count, expected, thousands};

const NETWORK_KEYS: [&str; 3] = ["inputs", "init", "layer"];
const LAYER_HELP: &str = "add one [[network.layer]] per layer, each with neurons and activation";

/// The checked network.
pub(super) struct Net {
    pub inputs: usize,
    pub layers: Vec<Layer>,
}

impl Net {
    /// Neurons of the output layer.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, Layer::neurons)
    }
}

/// Where a layer's weights come from.
enum Weights {
    Given,
    /// The network's `init` (or the default), from one generator shared in layer order.
    Shared,
    /// The layer's own `init`, from a generator of its own.
    Own(Init),
}

pub(super) fn read(cx: Cx, top: &Table, files: Files) -> Res<Net> {
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
        .map(|e| init::read(cx, e.value, "[network.init]"))
        .transpose()?;
    let list = layer_list(cx, &t)?;
    let heads = heads(cx, list, inputs)?;
    let (mut layers, sources) = given(cx, &heads, inputs, files)?;
    draw_missing(
        cx,
        &mut layers,
        sources,
        net_init.unwrap_or_default(),
        inputs,
    )?;
    Ok(Net { inputs, layers })
}

/// The `[[network.layer]]` list: at least one layer, at most the limit.
fn layer_list<'a, 'i>(cx: Cx, t: &Table<'a, 'i>) -> Res<&'a DeArray<'i>> {
    let layers_e = t.get("layer").ok_or_else(|| {
        cx.at(t.span.clone(), "the network has no layers")
            .with_help(LAYER_HELP)
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
            return Err(expected(cx, layers_e.value, "a list of layers", "for `layer`").into());
        }
    };
    if list.is_empty() {
        return Err(cx
            .at(layers_e.value.span(), "the network has no layers")
            .with_help(LAYER_HELP)
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
    Ok(list)
}

/// First pass: every layer's size and activation, with the running parameter count checked
/// against the limit before anything is built.
fn heads<'a, 'i>(cx: Cx, list: &'a DeArray<'i>, inputs: usize) -> Res<Vec<LayerHead<'a, 'i>>> {
    let depth = list.len();
    let mut heads: Vec<LayerHead> = Vec::with_capacity(depth);
    let mut parameters: u128 = 0;
    for (i, v) in list.iter().enumerate() {
        let head = layer::head(cx, v, i + 1, depth)?;
        let below = heads.last().map_or(inputs, |h| h.neurons);
        parameters += head.neurons as u128 * (below as u128 + 1);
        if parameters > MAX_PARAMETERS as u128 {
            return Err(cx
                .at(
                    head.neurons_span.clone(),
                    format!(
                        "with layer {} the network has {} weights and biases, more than the limit of {}",
                        i + 1,
                        thousands(parameters),
                        thousands(MAX_PARAMETERS as u128)
                    ),
                )
                .with_help("use fewer or smaller layers")
                .into());
        }
        heads.push(head);
    }
    Ok(heads)
}

/// Second pass: each layer's parameters as written; weights still to be drawn are left empty,
/// with where they come from.
fn given(
    cx: Cx,
    heads: &[LayerHead],
    inputs: usize,
    files: Files,
) -> Res<(Vec<Layer>, Vec<Weights>)> {
    let mut layers = Vec::with_capacity(heads.len());
    let mut sources = Vec::with_capacity(heads.len());
    for (i, h) in heads.iter().enumerate() {
        let l = i + 1;
        let cols = if l == 1 { inputs } else { heads[i - 1].neurons };
        let t = &h.table;
        let own_init = t.get("init");
        let weights = match t.get("weights") {
            Some(w) => {
                if let Some(e) = &own_init {
                    return Err(both_weights_and_init(cx, e, l));
                }
                sources.push(Weights::Given);
                layer::weights(cx, w.value, l, h.neurons, cols, files)?
            }
            None => {
                sources.push(match own_init {
                    Some(e) => {
                        Weights::Own(init::read(cx, e.value, &format!("the init of layer {l}"))?)
                    }
                    None => Weights::Shared,
                });
                Array2::zeros((0, 0))
            }
        };
        let biases = layer::biases(cx, t.get("biases").map(|e| e.value), l, h.neurons, files)?;
        layers.push(Layer {
            kind: Kind::Dense(Dense {
                activation: h.activation,
            }),
            input: Shape::Vector(cols),
            output: Shape::Vector(h.neurons),
            params: vec![weights.into_dyn(), biases.into_dyn()],
            residual: None,
            trainable: layer::flag(cx, t, "trainable")?,
            train_biases: layer::flag(cx, t, "train_biases")?,
        });
    }
    Ok((layers, sources))
}

fn both_weights_and_init(cx: Cx, init: &Entry, l: usize) -> crate::lesson::LessonError {
    cx.at(
        init.key_span.clone(),
        format!("layer {l} gives both `weights` and an `init`"),
    )
    .with_help("remove `init` to keep the weights, or remove `weights` to draw them")
    .into()
}

/// Third pass: draw the missing weights. The network's generator is created once and shared, in
/// layer order; a layer with its own `init` uses a generator of its own.
fn draw_missing(
    cx: Cx,
    layers: &mut [Layer],
    sources: Vec<Weights>,
    shared_init: Init,
    inputs: usize,
) -> Res<()> {
    let mut shared = random::rng(shared_init.seed);
    for (i, source) in sources.into_iter().enumerate() {
        let rows = layers[i].neurons();
        let cols = if i == 0 {
            inputs
        } else {
            layers[i - 1].neurons()
        };
        let (drawn, span) = match source {
            Weights::Given => continue,
            Weights::Own(own) => (
                random::weights(&mut random::rng(own.seed), own.scheme, rows, cols),
                own.span,
            ),
            Weights::Shared => (
                random::weights(&mut shared, shared_init.scheme, rows, cols),
                shared_init.span.clone(),
            ),
        };
        layers[i].params[0] = drawn.map(|w| w.into_dyn()).map_err(|_| {
            cx.at(
                span,
                "cannot draw weights from this range: high − low is too large",
            )
            .with_help("use a narrower range between low and high")
        })?;
    }
    Ok(())
}
