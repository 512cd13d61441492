//! The dense layer in the Markdown export: its neurons in the diagram, each with its bias,
//! every weight an edge — labelled with its value only where labels stay readable (two
//! neurons on each side at most), else tabled under the diagram —, or, past eight neurons,
//! one block with its counts inside; on a sequence, a node per position; its steps in matrix
//! form.

use crate::engine::LayerParams;
use crate::export::markdown::kind::{Diagram, LayerDoc};
use crate::lesson::Layer;
use crate::notation::number::{SHOWN, count, text};
use crate::tr;

use super::Dense;

/// A layer of more neurons than this is drawn as one block.
const MAX_NEURONS: usize = 8;

/// Edges between layers of at most this many neurons each carry their weight as a label.
const LABELLED: usize = 2;

impl LayerDoc for Dense {
    fn diagram(&self, d: &mut Diagram, layer: &Layer, l: usize, initial: &LayerParams) {
        if layer.input.is_sequence() {
            let words = tr!(
                d.lang(),
                "md-dense-words",
                n = Dense::neurons(layer),
                activation = self.activation.name()
            );
            return crate::layers::recurrent::doc::positionwise(d, layer, l, &words);
        }
        let (n, m) = (Dense::neurons(layer), Dense::fan_in(layer));
        let notation = d.notation();
        let num = |v: f64| text(v, SHOWN, notation);
        let below = d.outputs();
        let times = if d.ascii() { " x " } else { " × " };
        if n > MAX_NEURONS {
            let size = format!(
                "W{} {}{times}{}",
                layer_mark(d, l),
                count(n as u64),
                count(m as u64)
            );
            let label = tr!(
                d.lang(),
                "md-dense-block",
                l = l.to_string(),
                n = count(n as u64),
                activation = self.activation.name(),
                weights = size
            );
            let id = d.node(&label, false);
            d.blocks = true;
            let weights = tr!(d.lang(), "md-dense-weights", n = count((n * m) as u64));
            let one = below.len() == 1;
            for from in &below {
                d.edge(from, &id, one.then_some(weights.as_str()));
            }
            return d.set_outputs(vec![id]);
        }
        let (w, b) = (initial.w(), initial.b());
        let mut ids = Vec::with_capacity(n);
        for j in 0..n {
            let label = format!("{}<br/>b = {}", d.neuron(l, j), num(b[j]));
            ids.push(d.node(&label, false));
        }
        let each = below.len() == m;
        let labelled = each && n <= LABELLED && m <= LABELLED;
        d.values |= labelled;
        for (j, to) in ids.iter().enumerate() {
            for (k, from) in below.iter().enumerate() {
                let value = (labelled).then(|| num(w[[j, k]]));
                d.edge(from, to, value.as_deref());
            }
        }
        if each && !labelled {
            // Labels would overlap: the edges are named by their ends, their values tabled.
            let mut head = format!("| w{} | ", layer_mark(d, l));
            let from: Vec<String> = (0..m)
                .map(|k| tr!(d.lang(), "md-edge-from", neuron = d.neuron(l - 1, k)))
                .collect();
            head.push_str(&from.join(" | "));
            head.push_str(" |");
            d.below.push(head);
            d.below.push(format!("| --- |{}", " ---: |".repeat(m)));
            for j in 0..n {
                let cells: Vec<String> = (0..m).map(|k| num(w[[j, k]])).collect();
                let to = tr!(d.lang(), "md-edge-to", neuron = d.neuron(l, j));
                let row = format!("| {to} | {} |", cells.join(" | "));
                d.below.push(row);
            }
            d.below.push(String::new());
        }
        d.set_outputs(ids);
    }

    fn matrix_form(&self) -> bool {
        true
    }
}

/// `⁽ˡ⁾`, or `(l)` in ASCII.
fn layer_mark(d: &Diagram, l: usize) -> String {
    match d.ascii() {
        true => format!("({l})"),
        false => crate::notation::scripts::superscript(&format!("({l})")),
    }
}
