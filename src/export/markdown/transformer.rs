//! What a document says of a transformer (embedding, layer norm, attention) that the dense
//! network's pictures cannot: the network as a chain of blocks (mermaid), each layer's
//! parameter tensors by name, and after each sample's forward and backward pass every
//! attention matrix as a table — the weights of each query over the keys, masked cells
//! marked, and backward ∂L/∂S.

use std::io;

use crate::engine::LayerParams;
use crate::layers::{Kind, diagram};
use crate::lesson::Activation;
use crate::tr;
use crate::trace::{Inner, Phase, Quantity, StepId, Tensor};

use super::Doc;
use super::text::{self, MAX_SHOWN};

impl Doc<'_> {
    /// Does this document describe a transformer?
    pub(super) fn is_transformer(&self) -> bool {
        diagram::applies(self.lesson)
    }

    /// The network as a chain of blocks, residual connections as dotted edges.
    pub(super) fn block_diagram(&mut self) -> io::Result<()> {
        writeln!(
            self.out,
            "### <a id=\"network\"></a>{}\n",
            self.lang.t("md-network")
        )?;
        let lesson = self.lesson;
        let mut lines = vec!["flowchart LR".to_string()];
        for l in 0..=lesson.depth() {
            let shape = self.shape_text(l);
            let label = format!("{l} {}<br/>{shape}", self.block_label(l)).replace('"', "'");
            let label = self.spell(&label);
            lines.push(format!("  L{l}[\"{label}\"]"));
            if l > 0 {
                lines.push(format!("  L{} --> L{l}", l - 1));
            }
        }
        for (i, layer) in lesson.layers.iter().enumerate() {
            if let Some(n) = layer.residual {
                let plus = self.t("⊕", "+");
                lines.push(format!("  L{n} -. \"{plus}\" .-> L{}", i + 1));
            }
        }
        writeln!(self.out, "```mermaid\n{}\n```\n", lines.join("\n"))
    }

    /// The layers as a table: each block, its output's shape (positions × features), and
    /// which of its tensors train.
    pub(super) fn transformer_layer_table(&mut self) -> io::Result<()> {
        let lesson = self.lesson;
        let none = self.t("—", "-");
        let head = self.columns(&["layer", "block", "output", "trains"]);
        writeln!(self.out, "| {head} |")?;
        writeln!(self.out, "| ---: | --- | --- | --- |")?;
        for l in 0..=lesson.depth() {
            let cells = format!("{} | {}", self.block_label(l), self.shape_text(l));
            let trains = match l {
                0 => none.to_string(),
                l => {
                    let specs = lesson.layers[l - 1].specs();
                    let names = |trains: bool| -> Vec<String> {
                        specs
                            .iter()
                            .filter(|s| s.trains == trains)
                            .map(|s| tensor_symbol(s.tensor, self.ascii))
                            .collect()
                    };
                    let (trained, frozen) = (names(true), names(false));
                    match (trained.is_empty(), frozen.is_empty()) {
                        (true, true) => none.to_string(),
                        (true, false) => self.lang.t("md-trains-none"),
                        (false, true) => text::list(self.lang, &trained),
                        (false, false) => tr!(
                            self.lang,
                            "md-trains-some",
                            trained = text::list(self.lang, &trained),
                            frozen = text::list(self.lang, &frozen)
                        ),
                    }
                }
            };
            let row = format!("| {l} | {cells} | {trains} |");
            writeln!(self.out, "{}", self.spell(&row))?;
        }
        writeln!(self.out)
    }

    /// A layer's tensors, each by its name, as matrices (large ones windowed).
    pub(super) fn tensor_blocks(&mut self, l: usize, layer: &LayerParams) -> io::Result<()> {
        for (t, a) in &layer.tensors {
            let (rows, cols) = match a.shape() {
                [n] => (1, *n),
                [r, c] => (*r, *c),
                s => (s[0], s[1..].iter().product()),
            };
            let flat: Vec<f64> = a.iter().copied().collect();
            let entry = |r: usize, c: usize| flat[r * cols + c];
            let name = tensor_name(*t, l, self.ascii);
            let lines = if self.ascii {
                text::hang(&format!("{name} = "), &text::text_matrix(rows, cols, entry))
            } else {
                vec![format!("{name} = {}", text::bmatrix(rows, cols, entry))]
            };
            self.block(&lines)?;
        }
        Ok(())
    }

    /// After a phase of a sample: each attention layer's matrix of weights (forward) or of
    /// ∂L/∂S (backward), head by head, as tables.
    pub(super) fn attention_tables(
        &mut self,
        epoch: usize,
        sample: usize,
        batch: usize,
        phase: Phase,
    ) -> io::Result<()> {
        let inner = match phase {
            Phase::Forward => Inner::Attn,
            Phase::Backward => Inner::DScore,
            _ => return Ok(()),
        };
        let record = self.trace.batch(epoch, batch);
        let Some(values) = record.sample(sample) else {
            return Ok(());
        };
        for (i, layer) in self.lesson.layers.iter().enumerate() {
            let Kind::Attention(a) = layer.kind else {
                continue;
            };
            let l = i + 1;
            let positions = layer.input.positions();
            let what = match inner {
                Inner::Attn => self.lang.t("md-attention-weights"),
                _ => self.lang.t("md-attention-dscore"),
            };
            let what = self.spell(&what);
            for h in 0..a.heads {
                let heading = match a.heads {
                    1 => tr!(
                        self.lang,
                        "md-attention-of",
                        l = l.to_string(),
                        what = &what
                    ),
                    _ => tr!(
                        self.lang,
                        "md-attention-of-head",
                        l = l.to_string(),
                        head = (h + 1).to_string(),
                        what = &what
                    ),
                };
                writeln!(self.out, "{heading}\n")?;
                let shown = text::shown(positions);
                let cols: Vec<String> = shown
                    .iter()
                    .map(|s| {
                        s.map_or(self.t("…", "...").to_string(), |s| {
                            format!("s = {}", s + 1)
                        })
                    })
                    .collect();
                writeln!(self.out, "| | {} |", cols.join(" | "))?;
                writeln!(self.out, "| ---: |{}", " ---: |".repeat(cols.len()))?;
                for t in &shown {
                    let Some(t) = *t else {
                        writeln!(
                            self.out,
                            "| {} |{}",
                            self.t("…", "..."),
                            " |".repeat(cols.len())
                        )?;
                        continue;
                    };
                    let cells: Vec<String> = shown
                        .iter()
                        .map(|s| match s {
                            None => self.t("…", "...").to_string(),
                            Some(s) if !a.allowed(t, *s) => self.lang.t("md-masked"),
                            Some(s) => {
                                let id = StepId {
                                    quantity: Quantity::Block(inner),
                                    layer: l,
                                    ix: a.score_ix(h, t, *s),
                                };
                                self.num(values.value(&id))
                            }
                        })
                        .collect();
                    writeln!(self.out, "| t = {} | {} |", t + 1, cells.join(" | "))?;
                }
                writeln!(self.out)?;
                if positions > MAX_SHOWN {
                    writeln!(self.out, "{}\n", self.lang.t("md-attention-middle"))?;
                }
            }
        }
        Ok(())
    }
}

impl Doc<'_> {
    /// The shape of layer `l`'s output: `4×8`, or `4 tokens` in the document's language.
    fn shape_text(&self, l: usize) -> String {
        match self.lesson.shape(l) {
            crate::layers::Shape::Tokens { t } => tr!(self.lang, "md-tokens", n = t.to_string()),
            shape => shape.to_string(),
        }
    }

    /// A block of a transformer in a few words, in the document's language: `embedding`,
    /// `layer norm`, `attention ×2 causal`, `dense gelu +LoRA`, `output softmax`, with `⊕N`
    /// for a residual (in English, what the tutor's block diagram names it).
    pub(super) fn block_label(&self, l: usize) -> String {
        let (lesson, lang) = (self.lesson, self.lang);
        if l == 0 {
            return match lesson.vocabulary.is_empty() {
                true => lang.t("md-block-input"),
                false => lang.t("md-block-tokens"),
            };
        }
        let layer = &lesson.layers[l - 1];
        let mut s = match &layer.kind {
            Kind::Embedding(_) => lang.t("md-block-embedding"),
            Kind::LayerNorm(_) => lang.t("md-block-layer-norm"),
            Kind::Attention(a) => {
                let heads = match a.heads {
                    1 => String::new(),
                    n => format!(" ×{n}"),
                };
                let id = match a.causal {
                    true => "md-block-attention-causal",
                    false => "md-block-attention",
                };
                tr!(lang, id, heads = heads)
            }
            Kind::Dense(d) => {
                let id = match l == lesson.depth() {
                    true => "md-block-output",
                    false => "md-block-dense",
                };
                let activation = match d.activation {
                    Activation::Identity => String::new(),
                    a => format!(" {}", a.name()),
                };
                let lora = if d.lora.is_some() { " +LoRA" } else { "" };
                tr!(lang, id, activation = activation, lora = lora)
            }
            other => other.name().to_string(),
        };
        if let Some(n) = layer.residual {
            s.push_str(&format!(" ⊕{n}"));
        }
        s
    }
}

/// A tensor's symbol in running text: `E`, `W_q`, `γ` (`gamma` in ASCII).
pub(super) fn tensor_symbol(t: Tensor, ascii: bool) -> String {
    match (t, ascii) {
        (Tensor::Gamma, false) => "γ".into(),
        (Tensor::Beta, false) => "β".into(),
        _ => tensor_name(t, 0, true).trim_end_matches("(0)").to_string(),
    }
}

/// A tensor's name in a document: `E⁽¹⁾`, `W_q⁽³⁾`, `γ⁽²⁾` (`W_q(3)` in ASCII).
fn tensor_name(t: Tensor, l: usize, ascii: bool) -> String {
    let (unicode, plain) = match t {
        Tensor::W => ("W", "W"),
        Tensor::B => ("b", "b"),
        Tensor::WQ => ("W_q", "W_q"),
        Tensor::WK => ("W_k", "W_k"),
        Tensor::WV => ("W_v", "W_v"),
        Tensor::WO => ("W_o", "W_o"),
        Tensor::BQ => ("b_q", "b_q"),
        Tensor::BK => ("b_k", "b_k"),
        Tensor::BV => ("b_v", "b_v"),
        Tensor::BO => ("b_o", "b_o"),
        Tensor::Gamma => ("\\gamma", "gamma"),
        Tensor::Beta => ("\\beta", "beta"),
        Tensor::Emb => ("E", "E"),
        Tensor::Pos => ("P", "P"),
        Tensor::LoraA => ("A", "A"),
        Tensor::LoraB => ("B", "B"),
        other => (other.name(), other.name()),
    };
    if ascii {
        format!("{plain}({l})")
    } else {
        format!("{unicode}^{{({l})}}")
    }
}
