//! The network as a mermaid flowchart (GitHub draws ```` ```mermaid ```` blocks): the input,
//! then each layer as its kind draws itself ([`LayerDoc::diagram`](super::kind::LayerDoc)):
//! a dense layer's neurons with their biases and its weights as edges, labelled only where
//! labels stay readable and tabled under the diagram otherwise; a wide layer as one block with
//! its counts inside.

use std::io;

use crate::layers::Shape;

use crate::tr;

use super::Doc;
use super::kind::Diagram;
use super::text::{count, sentences};

/// Inputs of a vector of at most this many values are drawn one by one.
const MAX_INPUTS: usize = 8;

impl Doc<'_> {
    pub(super) fn diagram(&mut self) -> io::Result<()> {
        if self.plain {
            // A terminal draws no diagram: the layer table and the parameters say it all.
            return Ok(());
        }
        if self.is_transformer() {
            return self.block_diagram();
        }
        writeln!(
            self.out,
            "### <a id=\"network\"></a>{}\n",
            self.lang.t("md-network")
        )?;
        let params = self.trace.initial_params();
        let mut d = Diagram::new(self.ascii, self.lang);
        let lang = self.lang;
        let times = self.t(" × ", " x ");
        let inputs = match self.lesson.input {
            Shape::Vector(n) if n <= MAX_INPUTS => (0..n).map(|k| d.neuron(0, k)).collect(),
            Shape::Vector(n) => vec![tr!(lang, "md-input-values", n = count(n))],
            ref shape => {
                let dims: Vec<String> = shape.dims().iter().map(|n| count(*n)).collect();
                vec![tr!(lang, "md-input-shape", dims = dims.join(times))]
            }
        };
        let ids = inputs.iter().map(|label| d.node(label, true)).collect();
        d.set_outputs(ids);
        for (i, layer) in self.lesson.layers.iter().enumerate() {
            layer
                .kind
                .contract()
                .diagram(&mut d, layer, i + 1, &params.layers[i]);
        }
        writeln!(self.out, "```mermaid")?;
        for line in d.lines() {
            writeln!(self.out, "{line}")?;
        }
        writeln!(self.out, "```\n")?;
        let tabled = !d.below.is_empty();
        let w = self.t("w⁽ˡ⁾ⱼ,ₖ", "w(l)[j,k]");
        let edges = match (d.values, tabled) {
            (true, false) => Some("md-edges-labelled"),
            (true, true) => Some("md-edges-some-tabled"),
            (false, true) => Some("md-edges-tabled"),
            (false, false) => None,
        };
        let mut words = Vec::new();
        if let Some(id) = edges {
            words.push(tr!(lang, id, w = w));
            words.push(lang.t("md-neuron-bias"));
        }
        if d.blocks {
            words.push(lang.t("md-wide-blocks"));
        }
        words.extend(d.notes.iter().cloned());
        writeln!(self.out, "{}\n", sentences(lang, &words))?;
        for line in &d.below {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}
