//! The closing section on anchors, with examples taken from the document itself: only
//! anchors that it has.

use std::io;

use crate::trace::Step;

use super::Doc;
use super::text::code;

/// Anchors the document has written, one of each kind, for the examples.
#[derive(Debug, Default)]
pub(super) struct Cited {
    /// The first worked-out step of a sample: (anchor, words).
    pub(super) worked: Option<(String, String)>,
    /// The first worked-out update step.
    pub(super) update_step: Option<(String, String)>,
    /// The first worked-out loss.
    pub(super) loss: Option<(String, String)>,
    /// The first step in a table: (anchor, name).
    pub(super) row: Option<(String, String)>,
    pub(super) epoch: Option<String>,
    pub(super) sample: Option<String>,
    pub(super) phase: Option<String>,
    pub(super) update: Option<String>,
}

impl Cited {
    /// Notes a worked-out step, if it is the first of its sort.
    pub(super) fn cite_worked(&mut self, step: &Step, anchor: &str) {
        let place = match step.sample() {
            Some(s) => format!("sample {s}"),
            None => format!("the update of batch {}", step.batch),
        };
        let words = format!("{} of epoch {}, {place}", code(&step.name()), step.epoch);
        let slot = match (step.sample(), step.id.quantity) {
            (None, _) => &mut self.update_step,
            (_, crate::trace::Quantity::Loss) => &mut self.loss,
            _ => &mut self.worked,
        };
        if slot.is_none() {
            *slot = Some((anchor.to_string(), words));
        }
    }
}

impl Doc<'_> {
    pub(super) fn anchors_section(&mut self) -> io::Result<()> {
        writeln!(
            self.out,
            "## <a id=\"anchors\"></a>{}\n",
            self.lang.t("md-anchors")
        )?;
        writeln!(
            self.out,
            "Every step has an anchor (an HTML `id`) made from where it is and its name, with \
             the name's parentheses, brackets and commas turned into hyphens: `e` and the \
             epoch, then `s` and the sample (or `b` and the batch, for an update), then the \
             name. A step worked out has it on its heading, any other on its row of a table. \
             In this document:\n"
        )?;
        let link = |a: &str| format!("[{}](#{a})", code(&format!("#{a}")));
        let cited = &self.cited;
        let mut lines = Vec::new();
        for (anchor, words) in [&cited.worked, &cited.loss, &cited.update_step]
            .into_iter()
            .flatten()
        {
            lines.push(format!("- {} is {words};", link(anchor)));
        }
        if let Some((anchor, name)) = &cited.row {
            lines.push(format!(
                "- {} is {} in its table;",
                link(anchor),
                code(name)
            ));
        }
        let sections: Vec<String> = [
            (&cited.epoch, "an epoch"),
            (&cited.sample, "a sample"),
            (&cited.phase, "a phase of it"),
            (&cited.update, "an update"),
        ]
        .into_iter()
        .filter_map(|(a, what)| a.as_ref().map(|a| format!("{} ({what})", link(a))))
        .collect();
        if !sections.is_empty() {
            lines.push(format!("- sections: {}.", sections.join(", ")));
        }
        for line in &lines {
            writeln!(self.out, "{line}")?;
        }
        let left_out = match self.left_out {
            true => {
                " Steps this document leaves out (of wide layers, or of epochs and samples \
                 it does not show) have no anchor here: export them with `--epoch` and \
                 `--sample`."
            }
            false => "",
        };
        writeln!(
            self.out,
            "\nAnd `#lesson`, `#network`, `#initial`, `#losses`, `#final`, `#anchors` for the \
             parts of the document.{left_out}\n"
        )
    }
}
