//! Layers on a sequence in the Markdown export's network diagram, unrolled in time: a
//! recurrent layer's state h_t at each step (a window of them on a long sequence), fed by the
//! step's input and chained h_{t−1} → h_t through W_hh; a dense layer at every position, a node
//! per position. Which time step a document works out in full needs the sequence's length,
//! which the document decides (`export::markdown`); the steps in matrix form are written there
//! too.

use crate::export::markdown::in_window;
use crate::export::markdown::kind::Diagram;
use crate::lesson::Layer;
use crate::notation::scripts::{subscript, superscript};
use crate::tr;

use super::Outputs;

/// Draws recurrent layer `l` (from 1), `words` its kind and size (`rnn, 2 units, tanh`), into
/// the diagram: a node per step shown, chained by W_hh; then its output, every state or the
/// last. `cell`: an LSTM, whose cell state is carried too.
pub(crate) fn recurrent(
    d: &mut Diagram,
    layer: &Layer,
    l: usize,
    words: &str,
    outputs: Outputs,
    cell: bool,
) {
    let steps = layer.input.positions();
    let mut ids = unrolled(d, layer, l, ("h", words));
    let shown = shown(steps);
    let ascii = d.ascii();
    for n in 1..ids.len() {
        let gap = match (shown[n - 1] + 1 == shown[n], ascii) {
            (true, _) => "",
            (false, true) => " ...",
            (false, false) => " …",
        };
        d.edge(&ids[n - 1], &ids[n], Some(&format!("W_hh{gap}")));
    }
    let (h0, c0) = match ascii {
        true => ("h(0)", "c(0)"),
        false => ("h₀", "c₀"),
    };
    let lang = d.lang();
    let carries = match cell {
        false => tr!(lang, "md-rnn-carries", h0 = h0),
        true => tr!(lang, "md-lstm-carries", h0 = h0, c0 = c0),
    };
    d.notes.push(tr!(
        lang,
        "md-unrolled",
        l = l.to_string(),
        words = words,
        steps = steps.to_string(),
        carries = carries
    ));
    d.notes.extend(left_out(d, steps));
    d.set_outputs(match outputs {
        Outputs::All => ids,
        Outputs::Last => ids.split_off(ids.len() - 1),
    });
}

/// Draws layer `l`, a dense layer acting at every position of a sequence (`words`: `dense, 1
/// neuron, identity`), as a node per position shown.
pub(crate) fn positionwise(d: &mut Diagram, layer: &Layer, l: usize, words: &str) {
    let steps = layer.input.positions();
    let ids = unrolled(d, layer, l, ("a", words));
    d.notes.push(tr!(
        d.lang(),
        "md-positionwise",
        l = l.to_string(),
        words = words,
        steps = steps.to_string()
    ));
    d.notes.extend(left_out(d, steps));
    d.set_outputs(ids);
}

/// The steps (from 0) a diagram draws of a sequence of `steps`.
fn shown(steps: usize) -> Vec<usize> {
    (0..steps).filter(|&t| in_window(steps, t)).collect()
}

/// A node `{letter}⁽ˡ⁾ t = 1` for each step shown, with `words` under it, each fed by the node
/// of its step below (when the layer below has one per step) or by every node below with the
/// step's input as the label. Returns the nodes.
fn unrolled(
    d: &mut Diagram,
    layer: &Layer,
    l: usize,
    (letter, words): (&str, &str),
) -> Vec<String> {
    let steps = layer.input.positions();
    let shown = shown(steps);
    let below = d.outputs();
    let ascii = d.ascii();
    let (tag, t_is) = match ascii {
        true => (format!("({l})"), "t="),
        false => (superscript(&format!("({l})")), "t = "),
    };
    let ids: Vec<String> = shown
        .iter()
        .map(|t| d.node(&format!("{letter}{tag} {t_is}{}<br/>{words}", t + 1), false))
        .collect();
    let each = below.len() == shown.len() && below.len() > 1;
    for (n, &t) in shown.iter().enumerate() {
        if each {
            d.edge(&below[n], &ids[n], None);
            continue;
        }
        let x = match ascii {
            true => format!("x[{}]", t + 1),
            false => format!("x{}", subscript(&(t + 1).to_string())),
        };
        for from in &below {
            d.edge(from, &ids[n], Some(&x));
        }
    }
    ids
}

/// The sentence saying that the middle steps are left out, when they are.
fn left_out(d: &Diagram, steps: usize) -> Option<String> {
    let dots = if d.ascii() { "..." } else { "…" };
    (shown(steps).len() < steps).then(|| tr!(d.lang(), "md-middle-steps", dots = dots))
}
