//! A class's summary for the JSON report: how many worksheets, how many all right, the mean
//! mark, the misconceptions by frequency, and an item analysis — for every step any sheet
//! answers, in trace order, how many got it right, wrong, carried or imprecise, the mean share
//! of its marks earned, and the mistake most often made in it. It is gathered as the
//! worksheets are graded ([`Analysis`]: counters per step, never the reports), so its memory
//! grows with the steps the sheets list, not with the class.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::misconception;
use super::super::report::Mark;
use super::{Item, Tally};

/// `"summary"` of a class's JSON report.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Worksheets named (readable or not).
    pub worksheets: usize,
    /// Worksheets graded.
    pub graded: usize,
    /// Worksheets with every answer right.
    pub all_right: usize,
    /// The mean of the graded worksheets' percentages (null without any).
    pub mean_percent: Option<f64>,
    /// The misconceptions, the most frequent first.
    pub misconceptions: Vec<Frequent>,
    /// One per step any worksheet answers, in trace order.
    pub items: Vec<ItemAnalysis>,
}

/// `{"id": "exp_sign", "worksheets": 2, "answers": 3}`.
#[derive(Debug, Serialize)]
pub struct Frequent {
    /// The misconception's id.
    pub id: &'static str,
    /// On how many worksheets.
    pub worksheets: usize,
    /// In how many answers.
    pub answers: usize,
}

/// One step of the class: how the worksheets that list it did.
#[derive(Debug, Clone, Serialize)]
pub struct ItemAnalysis {
    /// The step's name.
    pub name: String,
    /// Its epoch.
    pub epoch: usize,
    /// Its sample, or batch for an update step.
    pub sample: usize,
    /// Its phase.
    pub phase: &'static str,
    /// Worksheets that answered it.
    pub answered: usize,
    /// … right.
    pub right: usize,
    /// … wrong.
    pub wrong: usize,
    /// … carried forward.
    pub carried: usize,
    /// … imprecise.
    pub imprecise: usize,
    /// Worksheets that list it without a value.
    pub unanswered: usize,
    /// right / answered (null when none answered): the step's facility.
    pub facility: Option<f64>,
    /// The mean share of its marks earned, over the worksheets that list it.
    pub mean_marks: Option<f64>,
    /// The misconception named most often in it (the catalogue's order breaking ties), or
    /// null.
    pub most_common_misconception: Option<ItemMistake>,
}

/// `{"id": "exp_sign", "answers": 2}`: a misconception of one step, and in how many of the
/// worksheets' answers to it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemMistake {
    /// The misconception's id.
    pub id: &'static str,
    /// How many answers to the step it was named in.
    pub answers: usize,
}

/// One step's counters while the class is graded.
#[derive(Debug, Clone)]
struct Step {
    /// The analysis so far (its facility, mean and most common mistake come at the end).
    item: ItemAnalysis,
    /// The misconceptions named in it, with their counts (at most the catalogue's size).
    mistakes: Vec<(&'static str, usize)>,
    /// The shares of its marks earned, summed, over how many sheets.
    share: f64,
    listed: usize,
}

/// The item analysis gathered worksheet by worksheet: counters per step, by its place in the
/// trace (epoch, position in the epoch), so they come out in trace order.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    steps: BTreeMap<(usize, usize), Step>,
}

impl Analysis {
    /// Counts in the answers of one graded worksheet.
    pub fn add(&mut self, answers: &[Item]) {
        for a in answers {
            let step = self
                .steps
                .entry((a.epoch, a.index))
                .or_insert_with(|| Step {
                    item: ItemAnalysis {
                        name: a.name.clone(),
                        epoch: a.epoch,
                        sample: a.sample,
                        phase: a.phase,
                        answered: 0,
                        right: 0,
                        wrong: 0,
                        carried: 0,
                        imprecise: 0,
                        unanswered: 0,
                        facility: None,
                        mean_marks: None,
                        most_common_misconception: None,
                    },
                    mistakes: Vec::new(),
                    share: 0.0,
                    listed: 0,
                });
            let item = &mut step.item;
            match a.mark {
                Mark::Right => item.right += 1,
                Mark::Wrong => item.wrong += 1,
                Mark::Carried(_) => item.carried += 1,
                Mark::Imprecise => item.imprecise += 1,
                Mark::Unanswered => item.unanswered += 1,
            }
            if a.mark != Mark::Unanswered {
                item.answered += 1;
            }
            if a.worth > 0.0 {
                step.share += a.earned / a.worth;
                step.listed += 1;
            }
            if let Some(m) = a.misconception {
                match step.mistakes.iter_mut().find(|(id, _)| *id == m.id) {
                    Some((_, n)) => *n += 1,
                    None => step.mistakes.push((m.id, 1)),
                }
            }
        }
    }

    /// The summary of the class `tally` counted, with this item analysis.
    pub fn summary(self, tally: &Tally) -> Summary {
        let rank = |id: &str| misconception::every().position(|m| m.id == id);
        let items = self
            .steps
            .into_values()
            .map(|step| {
                let mut item = step.item;
                item.facility =
                    (item.answered > 0).then(|| item.right as f64 / item.answered as f64);
                item.mean_marks = (step.listed > 0).then(|| step.share / step.listed as f64);
                item.most_common_misconception = step
                    .mistakes
                    .into_iter()
                    .min_by(|a, b| b.1.cmp(&a.1).then(rank(a.0).cmp(&rank(b.0))))
                    .map(|(id, answers)| ItemMistake { id, answers });
                item
            })
            .collect();
        Summary {
            worksheets: tally.sheets,
            graded: tally.graded(),
            all_right: tally.all_right,
            mean_percent: tally.mean_percent(),
            misconceptions: tally
                .frequencies()
                .into_iter()
                .map(|f| Frequent {
                    id: f.mistake.id,
                    worksheets: f.sheets,
                    answers: f.answers,
                })
                .collect(),
            items,
        }
    }
}
