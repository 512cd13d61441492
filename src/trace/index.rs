//! The indices of one number of a layer: `[j]` of a neuron, `[j,k]` of a weight, `[c,i,j]` of
//! a feature map, `[t,j]` of a position's feature, `[o,c,u,v]` of a kernel weight.

use std::fmt;

/// Up to four indices, counted from 0 here and shown from 1. Cheap to copy, so step names and
/// symbols stay plain values.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Index {
    len: u8,
    v: [usize; Index::MAX],
}

impl Index {
    /// The most indices a number has (a convolution's weight: out, in, row, column).
    pub const MAX: usize = 4;

    /// No indices: the loss.
    pub const EMPTY: Index = Index {
        len: 0,
        v: [0; Index::MAX],
    };

    /// The indices `ix` (from 0), at most [`Index::MAX`] of them.
    pub fn new(ix: &[usize]) -> Index {
        assert!(ix.len() <= Index::MAX, "at most {} indices", Index::MAX);
        let mut v = [0; Index::MAX];
        v[..ix.len()].copy_from_slice(ix);
        Index {
            len: ix.len() as u8,
            v,
        }
    }

    /// One index `[j]`.
    pub fn one(j: usize) -> Index {
        Index::new(&[j])
    }

    /// Two indices `[j,k]`.
    pub fn two(j: usize, k: usize) -> Index {
        Index::new(&[j, k])
    }

    /// How many indices there are.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Are there none (the loss)?
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Index `i` (from 0), if there is one.
    pub fn get(&self, i: usize) -> Option<usize> {
        (i < self.len()).then(|| self.v[i])
    }

    /// Every index, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.v[..self.len()].iter().copied()
    }

    /// The indices as a vector.
    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }

    /// The first index: a neuron's `j` (0 when there is none).
    pub fn j(&self) -> usize {
        self.get(0).unwrap_or(0)
    }

    /// The second index: a weight's `k`.
    pub fn k(&self) -> Option<usize> {
        self.get(1)
    }

    /// The last index: the feature of a position, the column of a weight.
    pub fn last(&self) -> Option<usize> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// These indices followed by `more`.
    pub fn then(&self, more: &[usize]) -> Index {
        let mut all = self.to_vec();
        all.extend_from_slice(more);
        Index::new(&all)
    }

    /// The first `n` indices.
    pub fn prefix(&self, n: usize) -> Index {
        Index::new(&self.to_vec()[..n.min(self.len())])
    }

    /// The indices after the first `n`.
    pub fn suffix(&self, n: usize) -> Index {
        Index::new(&self.to_vec()[n.min(self.len())..])
    }

    /// Index `i` set to `value`.
    pub fn with(&self, i: usize, value: usize) -> Index {
        let mut all = self.to_vec();
        all[i] = value;
        Index::new(&all)
    }

    /// The position of these indices in a row-major array of shape `dims`, if they fit it.
    pub fn offset_in(&self, dims: &[usize]) -> Option<usize> {
        if dims.len() != self.len() {
            return None;
        }
        let mut offset = 0;
        for (i, &n) in self.iter().zip(dims) {
            if i >= n {
                return None;
            }
            offset = offset * n + i;
        }
        Some(offset)
    }

    /// The indices of position `offset` of a row-major array of shape `dims`.
    pub fn at_offset(mut offset: usize, dims: &[usize]) -> Index {
        let mut v = [0usize; Index::MAX];
        for (slot, &n) in v[..dims.len()].iter_mut().zip(dims).rev() {
            *slot = offset % n.max(1);
            offset /= n.max(1);
        }
        Index::new(&v[..dims.len()])
    }
}

/// `1,2` (from 1, as in step names).
impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, i) in self.iter().enumerate() {
            if n > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", i + 1)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_row_major() {
        let dims = [2, 3, 4];
        for offset in 0..24 {
            let ix = Index::at_offset(offset, &dims);
            assert_eq!(ix.offset_in(&dims), Some(offset));
        }
        assert_eq!(Index::new(&[1, 2, 3]).offset_in(&dims), Some(23));
        assert_eq!(Index::new(&[1, 3, 0]).offset_in(&dims), None);
        assert_eq!(Index::two(0, 1).to_string(), "1,2");
    }
}
