//! A class's summary for the JSON report: how many worksheets, how many all right, the mean
//! mark, the misconceptions by frequency, and an item analysis — for every step any sheet
//! answers, in trace order, how many got it right, wrong, carried or imprecise, the mean share
//! of its marks earned, and the mistake most often made in it.

use serde::Serialize;

use super::super::report::Mark;
use super::{Outcome, Sheet, frequencies};

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
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct ItemMistake {
    /// The misconception's id.
    pub id: &'static str,
    /// How many answers to the step it was named in.
    pub answers: usize,
}

/// One step's counts while the class is read: its place in its epoch, the analysis so far,
/// the misconceptions named in it with their counts, and the shares of marks earned (summed)
/// over how many sheets.
type Tally = (usize, ItemAnalysis, Vec<(&'static str, usize)>, f64, usize);

/// The summary of `sheets`.
pub fn summary(sheets: &[Sheet]) -> Summary {
    let mut items: Vec<Tally> = Vec::new();
    let mut percents = Vec::new();
    for s in sheets {
        let Outcome::Graded {
            items: answers,
            marks,
            ..
        } = &s.outcome
        else {
            continue;
        };
        percents.push(marks.percent());
        for a in answers {
            let at = items.iter().position(|(_, i, ..)| {
                i.name == a.name && i.epoch == a.epoch && i.sample == a.sample
            });
            let at = at.unwrap_or_else(|| {
                items.push((
                    a.index,
                    ItemAnalysis {
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
                    Vec::new(),
                    0.0,
                    0,
                ));
                items.len() - 1
            });
            let (_, item, mistakes, share, listed) = &mut items[at];
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
                *share += a.earned / a.worth;
                *listed += 1;
            }
            if let Some(m) = a.misconception {
                match mistakes.iter_mut().find(|(id, _)| *id == m.id) {
                    Some((_, n)) => *n += 1,
                    None => mistakes.push((m.id, 1)),
                }
            }
        }
    }
    items.sort_by_key(|(index, item, ..)| (item.epoch, *index));
    let rank = |id: &str| crate::check::misconception::every().position(|m| m.id == id);
    let items = items
        .into_iter()
        .map(|(_, mut item, mistakes, share, listed)| {
            item.facility = (item.answered > 0).then(|| item.right as f64 / item.answered as f64);
            item.mean_marks = (listed > 0).then(|| share / listed as f64);
            item.most_common_misconception = mistakes
                .into_iter()
                .min_by(|a, b| b.1.cmp(&a.1).then(rank(a.0).cmp(&rank(b.0))))
                .map(|(id, answers)| ItemMistake { id, answers });
            item
        })
        .collect();
    Summary {
        worksheets: sheets.len(),
        graded: percents.len(),
        all_right: sheets.iter().filter(|s| s.all_right()).count(),
        mean_percent: (!percents.is_empty())
            .then(|| percents.iter().sum::<f64>() / percents.len() as f64),
        misconceptions: frequencies(sheets)
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
