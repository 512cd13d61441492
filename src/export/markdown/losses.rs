//! The loss per epoch: every epoch of a short run; of a long one the epochs a student looks
//! for — the first, the second, every k-th, the lowest, where the loss first falls below a
//! power of ten or half its start, where it stops being finite, the last — and at the end
//! the loss of the trained network on every sample.

use std::io;

use crate::i18n::Lang;
use crate::notation::Notation;
use crate::notation::number::Column;
use crate::tr;

use super::Doc;
use super::text::{DIGITS, count, list};

/// Runs of up to this many epochs list every epoch.
const ALL_UP_TO: usize = 40;

impl Doc<'_> {
    pub(super) fn losses(&mut self) -> io::Result<()> {
        writeln!(
            self.out,
            "## <a id=\"losses\"></a>{}\n",
            self.lang.t("md-losses")
        )?;
        let lang = self.lang;
        writeln!(self.out, "{}\n", lang.t("md-losses-words"))?;
        self.trace.run_all();
        let losses = self.trace.epoch_losses_so_far();
        let rows = interesting(
            &losses,
            self.lesson.batches_per_epoch(),
            self.text_notation(),
            lang,
        );
        let final_loss = self.trace.final_loss();
        let values = rows.iter().map(|(e, _)| losses[e - 1]).chain([final_loss]);
        let column = Column::new(values.collect::<Vec<_>>(), DIGITS, self.text_notation());
        writeln!(self.out, "| {} | |", self.columns(&["epoch", "mean-loss"]))?;
        writeln!(self.out, "| ---: | ---: | --- |")?;
        for (e, why) in &rows {
            let label = match self.selection.epochs.contains(e) {
                true => format!("[{}](#e{e})", count(*e)),
                false => count(*e),
            };
            writeln!(
                self.out,
                "| {label} | {} | {} |",
                column.format(losses[e - 1]),
                list(lang, why)
            )?;
        }
        let n = self.lesson.data.len();
        writeln!(
            self.out,
            "| {} | **{}** | {} |\n",
            lang.t("md-after-training"),
            column.format(final_loss),
            tr!(lang, "md-trained-network", n = n, count = count(n))
        )?;
        if rows.len() < losses.len() {
            let words = tr!(
                lang,
                "md-losses-stride",
                epochs = count(losses.len()),
                stride = loss_stride(losses.len())
            );
            writeln!(self.out, "{words}\n")?;
        }
        Ok(())
    }
}

/// The rows of the loss table, each with why it is there (in `lang`).
fn interesting(
    losses: &[f64],
    batches: usize,
    notation: Notation,
    lang: Lang,
) -> Vec<(usize, Vec<String>)> {
    let n = losses.len();
    let mut why: Vec<Vec<String>> = vec![Vec::new(); n + 1];
    let mut mark = |e: usize, reason: String| why[e].push(reason);
    if n == 0 {
        return Vec::new();
    }
    mark(1, lang.t("md-why-first"));
    if n > 1 {
        mark(2, tr!(lang, "md-why-after", n = batches));
    }
    let first = losses[0];
    let lowest = (1..=n)
        .filter(|&e| losses[e - 1].is_finite())
        .min_by(|&a, &b| losses[a - 1].total_cmp(&losses[b - 1]));
    if let Some(e) = lowest.filter(|&e| e != 1) {
        mark(e, lang.t("md-why-lowest"));
    }
    if let Some(e) = (1..=n).find(|&e| !losses[e - 1].is_finite()) {
        mark(e, lang.t("md-why-not-finite"));
    }
    if first.is_finite() && first > 0.0 {
        if let Some(e) = (1..=n).find(|&e| losses[e - 1] < first / 2.0) {
            mark(e, lang.t("md-why-half"));
        }
        let mut decade = 10f64.powf(first.log10().floor());
        if decade >= first {
            decade /= 10.0;
        }
        let mut from = 1;
        while decade > 1e-300 {
            match (from..=n).find(|&e| losses[e - 1] < decade) {
                Some(e) => {
                    let value = super::text::num(decade, notation);
                    mark(e, tr!(lang, "md-why-below", value = value));
                    from = e;
                }
                None => break,
            }
            decade /= 10.0;
        }
    }
    mark(n, lang.t("md-why-last"));
    let every = loss_stride(n);
    why.into_iter()
        .enumerate()
        .skip(1)
        .filter(|(e, reasons)| n <= ALL_UP_TO || e % every == 0 || !reasons.is_empty())
        .collect()
}

/// Rows of the loss table: 1 shows every epoch; otherwise a round stride giving about 20 rows.
fn loss_stride(epochs: usize) -> usize {
    if epochs <= ALL_UP_TO {
        return 1;
    }
    let rough = epochs.div_ceil(20);
    let mut p = 1;
    loop {
        for m in [1, 2, 5] {
            if m * p >= rough {
                return m * p;
            }
        }
        p *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_show_about_twenty_loss_rows() {
        assert_eq!(loss_stride(40), 1);
        assert_eq!(loss_stride(41), 5);
        assert_eq!(loss_stride(100), 5);
        assert_eq!(loss_stride(1_000), 50);
        assert_eq!(loss_stride(10_000), 500);
    }

    #[test]
    fn milestones_are_marked() {
        let losses: Vec<f64> = (0..100).map(|e| 0.3 * 0.9f64.powi(e)).collect();
        let rows = interesting(&losses, 1, Notation::Unicode, Lang::En);
        let at = |e: usize| {
            rows.iter()
                .find(|(r, _)| *r == e)
                .map(|(_, w)| w.join(", "))
        };
        assert_eq!(at(1).unwrap(), "the first epoch");
        assert_eq!(at(2).unwrap(), "after 1 update");
        // 0.3·0.9^11 = 0.0941 is the first below 0.1; 0.3·0.9^7 = 0.143 below half of 0.3.
        assert_eq!(at(12).unwrap(), "first below 0.1");
        assert_eq!(at(8).unwrap(), "first below half the first epoch's");
        assert_eq!(at(100).unwrap(), "the lowest, the last");
        assert!(at(3).is_none() && at(5).is_some());
    }
}
