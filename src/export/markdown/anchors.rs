//! The closing section on anchors, with examples taken from the document itself: only
//! anchors that it has.

use std::io;

use crate::i18n::Lang;
use crate::tr;
use crate::trace::Step;

use super::Doc;
use super::text::{code, list, sentences};

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
    /// Notes a worked-out step, if it is the first of its sort (its words in `lang`).
    pub(super) fn cite_worked(&mut self, step: &Step, anchor: &str, lang: Lang) {
        let (name, epoch) = (code(&step.name()), step.epoch.to_string());
        let words = match step.sample() {
            Some(s) => tr!(
                lang,
                "md-cite-sample",
                name = name,
                epoch = epoch,
                sample = s.to_string()
            ),
            None => tr!(
                lang,
                "md-cite-update",
                name = name,
                epoch = epoch,
                batch = step.batch.to_string()
            ),
        };
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
        let lang = self.lang;
        writeln!(self.out, "{}\n", lang.t("md-anchors-words"))?;
        let link = |a: &str| format!("[{}](#{a})", code(&format!("#{a}")));
        let cited = &self.cited;
        let mut lines = Vec::new();
        for (anchor, words) in [&cited.worked, &cited.loss, &cited.update_step]
            .into_iter()
            .flatten()
        {
            let line = tr!(lang, "md-anchor-is", link = link(anchor), words = words);
            lines.push(line);
        }
        if let Some((anchor, name)) = &cited.row {
            let line = tr!(
                lang,
                "md-anchor-row",
                link = link(anchor),
                name = code(name)
            );
            lines.push(line);
        }
        let sections: Vec<String> = [
            (&cited.epoch, "md-section-epoch"),
            (&cited.sample, "md-section-sample"),
            (&cited.phase, "md-section-phase"),
            (&cited.update, "md-section-update"),
        ]
        .into_iter()
        .filter_map(|(a, what)| {
            a.as_ref()
                .map(|a| tr!(lang, "md-section-item", link = link(a), what = lang.t(what)))
        })
        .collect();
        if !sections.is_empty() {
            lines.push(tr!(lang, "md-sections", list = list(lang, &sections)));
        }
        for line in &lines {
            writeln!(self.out, "- {line}")?;
        }
        let mut parts = vec![lang.t("md-anchors-parts")];
        if self.left_out {
            parts.push(lang.t("md-anchors-left-out"));
        }
        writeln!(self.out, "\n{}\n", sentences(lang, &parts))
    }
}
