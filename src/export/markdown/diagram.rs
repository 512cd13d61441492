//! The network as a mermaid flowchart (GitHub draws ```` ```mermaid ```` blocks): a node per
//! neuron with its bias, an edge per weight labelled with its initial value. A layer of more
//! than [`MAX_SHOWN`] neurons shows its first three and its last, and a node "… n more".

use std::io;

use crate::notation::scripts::{subscript, superscript};

use super::Doc;
use super::text::MAX_SHOWN;
use super::view::in_window;

impl Doc<'_> {
    pub(super) fn diagram(&mut self) -> io::Result<()> {
        if self.has_sequences() {
            return self.sequence_diagram();
        }
        writeln!(self.out, "### <a id=\"network\"></a>The network\n")?;
        let params = self.trace.initial_params();
        let depth = self.lesson.depth();
        let mut lines = vec!["flowchart LR".to_string()];
        for l in 0..=depth {
            let n = self.lesson.width(l);
            for j in (0..n).filter(|&j| in_window(n, j)) {
                let label = match l {
                    0 => self.neuron_label("x", None, j),
                    _ => format!(
                        "{}<br/>b = {}",
                        self.neuron_label("a", Some(l), j),
                        self.num(params.layers[l - 1].b()[j])
                    ),
                };
                let shape = match l {
                    0 => format!("(({label}))"),
                    _ => format!("[\"{label}\"]"),
                };
                let shape = shape.replace("((", "((\"").replace("))", "\"))");
                lines.push(format!("  n{l}_{j}{shape}"));
            }
            if n > MAX_SHOWN {
                let dots = self.t("…", "...");
                lines.push(format!("  n{l}_more[\"{dots} {} more\"]", n - 4));
            }
        }
        for l in 1..=depth {
            let (rows, cols) = (self.lesson.width(l), self.lesson.width(l - 1));
            let w = params.layers[l - 1].w();
            for j in (0..rows).filter(|&j| in_window(rows, j)) {
                for k in (0..cols).filter(|&k| in_window(cols, k)) {
                    lines.push(format!(
                        "  n{}_{k} -->|\"{}\"| n{l}_{j}",
                        l - 1,
                        self.num(w[[j, k]])
                    ));
                }
            }
            let (from_more, to_more) = (cols > MAX_SHOWN, rows > MAX_SHOWN);
            let to = if to_more {
                format!("n{l}_more")
            } else {
                format!("n{l}_0")
            };
            if from_more || to_more {
                let from = if from_more {
                    format!("n{}_more", l - 1)
                } else {
                    format!("n{}_0", l - 1)
                };
                lines.push(format!("  {from} -.-> {to}"));
            }
        }
        writeln!(self.out, "```mermaid")?;
        for line in &lines {
            writeln!(self.out, "{line}")?;
        }
        writeln!(self.out, "```\n")?;
        let wide = (0..=depth).any(|l| self.lesson.width(l) > MAX_SHOWN);
        writeln!(
            self.out,
            "Each edge is a weight w{}, labelled with its initial value; each neuron shows \
             its initial bias b.{}\n",
            self.t(
                "⁽ˡ⁾ⱼₖ from neuron k of layer l − 1 to neuron j of layer l",
                "(l)[j,k] from neuron k of layer l-1 to neuron j of layer l"
            ),
            if wide {
                " Layers of more than 8 neurons show their first three and their last; the \
                 dotted edge stands for the weights of the others (the initial parameters \
                 below, and the JSON export, have them all)."
            } else {
                ""
            }
        )
    }

    /// `x₁`, `a⁽¹⁾₂`; ASCII `x[1]`, `a(1)[2]`.
    fn neuron_label(&self, base: &str, l: Option<usize>, j: usize) -> String {
        let j = (j + 1).to_string();
        match (self.ascii, l) {
            (true, Some(l)) => format!("{base}({l})[{j}]"),
            (true, None) => format!("{base}[{j}]"),
            (false, Some(l)) => {
                format!("{base}{}{}", superscript(&format!("({l})")), subscript(&j))
            }
            (false, None) => format!("{base}{}", subscript(&j)),
        }
    }
}
