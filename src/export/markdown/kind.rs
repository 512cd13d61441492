//! What the Markdown export asks of a layer kind ([`LayerDoc`]): its part of the network
//! diagram, which of its steps are worked out in full (the rest are tabled), and whether its
//! phases have a matrix form. Every method has a default that serves any kind — a block in
//! the diagram with its shape inside, the first step of each quantity worked out, no matrix
//! form — so a new kind exports from the start and draws itself as what it is by overriding
//! them (a convolution its feature maps, a recurrent layer its time steps, attention its heads).

use crate::engine::LayerParams;
use crate::i18n::Lang;
use crate::lesson::Layer;
use crate::notation::Notation;
use crate::notation::scripts::{subscript, superscript};
use crate::tr;
use crate::trace::StepId;

use super::text::count;

/// A layer kind's part of the Markdown export.
pub trait LayerDoc {
    /// Draws layer `l` (from 1), with its initial parameters, into the diagram: its nodes,
    /// and edges to them from the nodes of layer l − 1 ([`Diagram::outputs`]); then it says
    /// which of its nodes the next layer connects from ([`Diagram::set_outputs`]). By
    /// default, one block with the layer's kind and output shape inside.
    fn diagram(&self, d: &mut Diagram, layer: &Layer, l: usize, _initial: &LayerParams) {
        d.block_layer(layer, l);
    }

    /// Is this step of the layer worked out in full (formula, numbers, result), rather than a
    /// row of a table? `first_of_kind` says whether it is the first of its quantity in this
    /// layer in the document; by default exactly those are worked out.
    fn works_out(&self, _step: &StepId, first_of_kind: bool) -> bool {
        first_of_kind
    }

    /// Are this layer's steps shown in matrix form after a sample's phase (z = Wa + b, …)?
    fn matrix_form(&self) -> bool {
        false
    }
}

/// A mermaid flowchart being drawn, layer by layer, and the tables written under it.
#[derive(Debug, Clone)]
pub struct Diagram {
    ascii: bool,
    lang: Lang,
    lines: Vec<String>,
    edges: Vec<String>,
    /// Markdown written under the diagram (tables of values its edges do not show).
    pub below: Vec<String>,
    /// Sentences saying what a kind's drawing shows (a layer unrolled in time), written under
    /// the diagram before [`below`](Diagram::below).
    pub notes: Vec<String>,
    /// Does an edge carry a weight's value as its label?
    pub values: bool,
    /// Is a layer drawn as one block?
    pub blocks: bool,
    outputs: Vec<String>,
    next: usize,
}

impl Diagram {
    /// An empty flowchart, its labels in ASCII with `ascii`, its words in `lang`.
    pub fn new(ascii: bool, lang: Lang) -> Self {
        Diagram {
            ascii,
            lang,
            lines: vec!["flowchart LR".into()],
            edges: Vec::new(),
            below: Vec::new(),
            notes: Vec::new(),
            values: false,
            blocks: false,
            outputs: Vec::new(),
            next: 0,
        }
    }

    /// Is the diagram written in ASCII?
    pub fn ascii(&self) -> bool {
        self.ascii
    }

    /// The language of its labels and notes.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The nodes the current layer connects from (the layer below's).
    pub fn outputs(&self) -> Vec<String> {
        self.outputs.clone()
    }

    /// The nodes the next layer connects from.
    pub fn set_outputs(&mut self, nodes: Vec<String>) {
        self.outputs = nodes;
    }

    /// A node with `label` (quotes are taken out); `round` for an input. Returns its id.
    pub fn node(&mut self, label: &str, round: bool) -> String {
        let id = format!("n{}", self.next);
        self.next += 1;
        let label = label.replace('"', "'");
        self.lines.push(match round {
            true => format!("  {id}((\"{label}\"))"),
            false => format!("  {id}[\"{label}\"]"),
        });
        id
    }

    /// An edge, with a label where it stays readable.
    pub fn edge(&mut self, from: &str, to: &str, label: Option<&str>) {
        self.edges.push(match label {
            Some(l) => format!("  {from} -->|\"{}\"| {to}", l.replace('"', "'")),
            None => format!("  {from} --> {to}"),
        });
    }

    /// Layer `l` as one block with its kind and output shape inside, fed by every node below.
    pub fn block_layer(&mut self, layer: &Layer, l: usize) {
        let dims: Vec<String> = layer.output.dims().iter().map(|d| count(*d)).collect();
        let times = if self.ascii { " x " } else { " × " };
        let label = tr!(
            self.lang,
            "md-block-layer",
            l = l.to_string(),
            kind = layer.kind.name(),
            dims = dims.join(times),
            activation = layer.activation().name()
        );
        let id = self.node(&label, false);
        self.blocks = true;
        for from in self.outputs() {
            self.edge(&from, &id, None);
        }
        self.set_outputs(vec![id]);
    }

    /// `a⁽ˡ⁾ⱼ` (ASCII `a(l)[j]`, `x[j]` for the input), j from 1.
    pub fn neuron(&self, l: usize, j: usize) -> String {
        let j = (j + 1).to_string();
        match (self.ascii, l) {
            (true, 0) => format!("x[{j}]"),
            (true, l) => format!("a({l})[{j}]"),
            (false, 0) => format!("x{}", subscript(&j)),
            (false, l) => format!("a{}{}", superscript(&format!("({l})")), subscript(&j)),
        }
    }

    /// The notation of its labels.
    pub fn notation(&self) -> Notation {
        Notation::for_text(self.ascii)
    }

    /// The flowchart's lines: nodes, then edges.
    pub fn lines(&self) -> Vec<String> {
        let mut all = self.lines.clone();
        all.extend(self.edges.iter().cloned());
        all
    }
}
