//! What a document says of a transformer (embedding, layer norm, attention) that the dense
//! network's pictures cannot: the network as a chain of blocks (mermaid), each layer's
//! parameter tensors by name, and after each sample's forward and backward pass every
//! attention matrix as a table — the weights of each query over the keys, masked cells
//! marked, and backward ∂L/∂S.

use std::io;

use crate::engine::LayerParams;
use crate::layers::{Kind, diagram};
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
        writeln!(self.out, "### <a id=\"network\"></a>The network\n")?;
        let lesson = self.lesson;
        let mut lines = vec!["flowchart LR".to_string()];
        for l in 0..=lesson.depth() {
            let shape = lesson.shape(l);
            let label = format!("{l} {}<br/>{shape}", diagram::label(lesson, l)).replace('"', "'");
            let label = self
                .t(&label, &crate::notation::prose::ascii(&label))
                .to_string();
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
        writeln!(self.out, "| layer | block | output | trains |")?;
        writeln!(self.out, "| ---: | --- | --- | --- |")?;
        for l in 0..=lesson.depth() {
            let cells = format!("{} | {}", diagram::label(lesson, l), lesson.shape(l));
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
                        (true, false) => "no (frozen)".to_string(),
                        (false, true) => trained.join(", "),
                        (false, false) => {
                            format!("{} ({} frozen)", trained.join(", "), frozen.join(", "))
                        }
                    }
                }
            };
            let row = format!("| {l} | {cells} | {trains} |");
            writeln!(
                self.out,
                "{}",
                self.t(&row, &crate::notation::prose::ascii(&row))
            )?;
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
                Inner::Attn => "weights, softmax of each query's scores over the keys",
                _ => "∂L/∂S, through the softmax",
            };
            for h in 0..a.heads {
                let head = if a.heads > 1 {
                    format!(", head {}", h + 1)
                } else {
                    String::new()
                };
                writeln!(
                    self.out,
                    "**Attention of layer {l}{head}** ({}): one row per query t, one column per key s.\n",
                    self.t(what, &crate::notation::prose::ascii(what))
                )?;
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
                            Some(s) if !a.allowed(t, *s) => "masked".to_string(),
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
                    writeln!(
                        self.out,
                        "(The middle rows and columns are left out; the JSON export has every weight.)\n"
                    )?;
                }
            }
        }
        Ok(())
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
