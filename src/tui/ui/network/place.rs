//! Which neurons of a layer the picture shows, and on which rows: all of them spread over the
//! height when they fit, else the first, the last and the one that matters, with `⋮ n more`
//! markers for the runs left out.

use std::collections::BTreeSet;

use super::super::View;
use super::{Blocks, focus};

/// The most neurons a layer that does not fit whole shows, so that its edges stay apart.
const MAX_SHOWN: usize = 12;

/// The most rows a neuron's slot takes when the panel has room to spread the neurons out.
pub const MAX_SLOT: usize = 8;

/// What a row of a layer's column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A neuron (from 0), its block starting on this row.
    Neuron(usize),
    /// `⋮ n more`: neurons left out.
    More(usize),
}

/// A layer's column as drawn: its items, each with the row (from the top of the body) it
/// starts on; `None` when not even one neuron fits.
pub type Column = Option<Vec<(Item, usize)>>;

/// Where layer `l`'s neurons go in `rows` rows. A layer that fits whole spreads its neurons
/// over `span` rows (the tallest shown layer's), so that the columns line up; a taller one
/// shows a selection with `⋮ n more` markers between its runs.
pub fn place(view: &View, l: usize, (span, rows): (usize, usize), blocks: Blocks) -> Column {
    let n = view.lesson.width(l);
    let bh = blocks.rows(l);
    if n * bh <= rows {
        // Nodes sit in the middle of equal slots, so that layers of equal size line up; the
        // slots fill the height, up to a few blank rows between neurons.
        let slot = ((span.max(n * bh) + 1) / n).clamp(bh, MAX_SLOT);
        let top = span.saturating_sub(n * slot) / 2;
        let node = (slot - 1) / 2;
        return Some(
            (0..n)
                .map(|j| (Item::Neuron(j), top + j * slot + node - blocks.anchor(l)))
                .collect(),
        );
    }
    if rows < bh {
        return None;
    }
    let Some(chosen) = choose(n, bh, rows, focus(view, l)) else {
        // No room for the markers: the neuron that matters alone.
        let j = focus(view, l).unwrap_or(0);
        return Some(vec![(Item::Neuron(j), 0)]);
    };
    let mut items = Vec::new();
    let mut row = 0;
    let mut next = 0;
    for &j in &chosen {
        if j > next {
            items.push((Item::More(j - next), row));
            row += 1;
        }
        items.push((Item::Neuron(j), row));
        row += bh;
        next = j + 1;
    }
    if next < n {
        items.push((Item::More(n - next), row));
    }
    Some(items)
}

/// Rows that showing the neurons `set` of `n` takes: each block, and a marker for each run of
/// neurons left out.
fn cost(set: &BTreeSet<usize>, n: usize, bh: usize) -> usize {
    let mut runs = 0;
    let mut next = 0;
    for &j in set {
        runs += usize::from(j > next);
        next = j + 1;
    }
    runs += usize::from(next < n);
    set.len() * bh + runs
}

/// The neurons to show of a layer of `n` when not all fit in `rows`: the focus first, then
/// the first and the last, then their neighbours, while they fit. `None` if none fits.
fn choose(n: usize, bh: usize, rows: usize, focus: Option<usize>) -> Option<BTreeSet<usize>> {
    let mut set = BTreeSet::new();
    let limit = (rows / bh + 1).min(MAX_SHOWN);
    let mut candidates = Vec::new();
    for d in 0..n {
        if let Some(f) = focus {
            candidates.extend([f.checked_sub(d), (d > 0).then_some(f + d)]);
        }
        candidates.extend([Some(d), n.checked_sub(d + 1)]);
        if candidates.len() > 6 * limit {
            break;
        }
    }
    for j in candidates.into_iter().flatten().filter(|&j| j < n) {
        if set.len() >= limit || !set.insert(j) {
            continue;
        }
        if cost(&set, n, bh) > rows {
            set.remove(&j);
        }
    }
    (!set.is_empty()).then_some(set)
}

/// The neurons a column shows, with the row of their node.
pub fn anchors(column: &Column, l: usize, blocks: Blocks) -> Vec<(usize, u16)> {
    column
        .iter()
        .flatten()
        .filter_map(|&(item, row)| match item {
            Item::Neuron(j) => Some((j, (row + blocks.anchor(l)) as u16)),
            Item::More(_) => None,
        })
        .collect()
}
