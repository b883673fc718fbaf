//! Joint atoms: the values of several dependent finishes, atom by atom, held
//! in one flat vector, and their compaction to a budget of atoms.
//!
//! The expectation across a join carries, per atom of the joint
//! distribution, every finish still live and the latest inflow among them.
//! There can be millions of such atoms on a large map, so an atom is a row
//! of a flat vector, not a vector of its own, and cells are keys into one
//! buffer of integers, not a vector each.

use rustc_hash::FxHashMap;

use super::distribution::{Precision, bucket_starts, same};
use crate::model::order::sorted_indices;

/// Per column of joint atoms, its distribution, sorted by value; per atom
/// and column, the index of its value there.
struct Marginals {
    columns: Vec<Vec<(f64, f64)>>,
    rank: Vec<u64>,
}

/// Joint atoms: per atom, `width` values, the latest inflow among them
/// (its start; -inf while none has arrived) and its probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Joint {
    width: usize,
    values: Vec<f64>,
    start: Vec<f64>,
    prob: Vec<f64>,
}

impl Joint {
    /// One certain atom of no values, starting at `start`.
    pub fn certain(start: f64) -> Joint {
        Joint {
            width: 0,
            values: Vec::new(),
            start: vec![start],
            prob: vec![1.0],
        }
    }

    /// No atoms yet, room for `atoms` of `width` values.
    pub fn with_capacity(width: usize, atoms: usize) -> Joint {
        Joint {
            width,
            values: Vec::with_capacity(width * atoms),
            start: Vec::with_capacity(atoms),
            prob: Vec::with_capacity(atoms),
        }
    }

    pub fn len(&self) -> usize {
        self.prob.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prob.is_empty()
    }

    /// Atom `a`: its values, its start and its probability.
    pub fn atom(&self, a: usize) -> (&[f64], f64, f64) {
        (
            &self.values[a * self.width..(a + 1) * self.width],
            self.start[a],
            self.prob[a],
        )
    }

    pub fn atoms(&self) -> impl Iterator<Item = (&[f64], f64, f64)> + '_ {
        (0..self.len()).map(|a| self.atom(a))
    }

    /// Adds an atom; `values` must hold `width` of them.
    pub fn push(&mut self, values: &[f64], start: f64, prob: f64) {
        self.values.extend_from_slice(values);
        self.start.push(start);
        self.prob.push(prob);
        debug_assert_eq!(self.values.len(), self.width * self.prob.len());
    }

    /// Column `k` folded into column `j` (the later of the two) and removed:
    /// two factors each held a part of one arrival.
    pub fn fold_column(&mut self, k: usize, j: usize) {
        let width = self.width;
        let mut folded = Vec::with_capacity(self.values.len() - self.len());
        for row in self.values.chunks_exact(width) {
            folded.extend(
                row.iter()
                    .enumerate()
                    .filter(|&(c, _)| c != k)
                    .map(|(c, &v)| if c == j { v.max(row[k]) } else { v }),
            );
        }
        self.values = folded;
        self.width -= 1;
    }

    /// Atoms with equal values merged; beyond `precision.joint`, atoms in the
    /// same cell of a grid over each value's range are merged at their mean,
    /// the grid as fine as the limit allows.
    pub fn compact(mut self, precision: &Precision) -> Joint {
        // Products of tiny probabilities underflow to 0: such atoms carry nothing.
        if self.prob.iter().any(|&p| p > 0.0) {
            self = self.finite();
        }
        if self.len() <= 1 {
            return self;
        }
        let limit = precision.joint.max(1);
        let stride = self.width + 1;
        // Equal values (to rounding: sums of the same times in another order
        // differ by rounding) are one: atoms with every value the same are
        // one atom.
        let marginals = self.marginals();
        precision.spend(self.len() * stride * 4);
        match self.merge_by_cell(&marginals.rank, stride, limit) {
            Some(merged) => merged,
            None => self.coarsen(limit, &marginals, precision),
        }
    }

    /// The value a grid cuts: column `k` of atom `a`, or for `k == width`
    /// its start (0 while nothing has arrived).
    fn grid_value(&self, a: usize, k: usize) -> f64 {
        if k < self.width {
            self.values[a * self.width + k]
        } else if self.start[a].is_finite() {
            self.start[a]
        } else {
            0.0
        }
    }

    /// The atoms merged by cell of the finest grid that leaves at most
    /// `limit`: each value (and the start) cut in as many buckets of its own
    /// distribution, half as many as the most varied value has values, then
    /// half as many again until the atoms fill few enough cells, then a few
    /// bisections between the last grid too fine and the first that fits
    /// (the atoms lie along few directions, so a fine grid often fits).
    fn coarsen(&self, limit: usize, marginals: &Marginals, precision: &Precision) -> Joint {
        let stride = self.width + 1;
        let mut cells = Vec::with_capacity(self.len() * stride);
        // The atoms merged by a grid of `buckets` a side, unless they fill
        // more than `most` cells.
        let mut grid = |buckets: usize, most: usize| -> Option<Joint> {
            // Per column, the bucket of each of its distinct values.
            let bucket_of: Vec<Vec<u64>> = marginals
                .columns
                .iter()
                .map(|m| {
                    let starts = bucket_starts(m, buckets);
                    m.iter()
                        .map(|(v, _)| starts.partition_point(|b| b <= v).saturating_sub(1) as u64)
                        .collect()
                })
                .collect();
            cells.clear();
            cells.extend(
                marginals
                    .rank
                    .chunks_exact(stride)
                    .flat_map(|ranks| ranks.iter().zip(&bucket_of).map(|(&r, b)| b[r as usize])),
            );
            precision.spend(self.len() * stride * 2);
            self.merge_by_cell(&cells, stride, most)
        };
        let widest = marginals.columns.iter().map(Vec::len).max().unwrap_or(1);
        // A grid with a bucket per value keeps every atom: too many.
        let mut too_fine = widest.min(limit).max(1);
        let mut buckets = too_fine / 2;
        let mut best = loop {
            // One bucket a side is one cell: it always fits.
            let most = if buckets <= 1 { usize::MAX } else { limit };
            if let Some(merged) = grid(buckets.max(1), most) {
                break merged;
            }
            too_fine = buckets;
            buckets /= 2;
        };
        for _ in 0..3 {
            let middle = (buckets + too_fine) / 2;
            if middle <= buckets {
                break;
            }
            match grid(middle, limit) {
                Some(finer) => (buckets, best) = (middle, finer),
                None => too_fine = middle,
            }
        }
        best
    }

    /// Each column's distribution over the atoms (values the same to
    /// rounding are one), and each atom's place in it: few distinct values
    /// make many atoms, so a grid over them is a table lookup per value.
    fn marginals(&self) -> Marginals {
        let stride = self.width + 1;
        let count = self.len();
        let mut rank = vec![0u64; count * stride];
        let mut columns = Vec::with_capacity(stride);
        let mut bits: Vec<u64> = Vec::with_capacity(count);
        for k in 0..stride {
            bits.clear();
            bits.extend((0..count).map(|a| self.grid_value(a, k).to_bits()));
            // Keyed by one-integer slices: the hash map type of `merge_by_cell`,
            // one instance in the wasm.
            let mut ids: FxHashMap<Cell<'_>, usize> = FxHashMap::default();
            let mut distinct: Vec<(f64, f64)> = Vec::new();
            for (a, bit) in bits.chunks_exact(1).enumerate() {
                let next = distinct.len();
                let id = *ids.entry(Cell(bit)).or_insert(next);
                if id == next {
                    distinct.push((f64::from_bits(bit[0]), 0.0));
                }
                distinct[id].1 += self.prob[a];
                rank[a * stride + k] = id as u64;
            }
            let keys: Vec<(f64, f64)> = distinct.iter().map(|d| (d.0, 0.0)).collect();
            let mut merged: Vec<(f64, f64)> = Vec::with_capacity(distinct.len());
            let mut place = vec![0u64; distinct.len()];
            for i in sorted_indices(&keys) {
                let (v, p) = distinct[i];
                match merged.last_mut() {
                    Some(last) if same(last.0, v) => last.1 += p,
                    _ => merged.push((v, p)),
                }
                place[i] = (merged.len() - 1) as u64;
            }
            for a in 0..count {
                let r = &mut rank[a * stride + k];
                *r = place[*r as usize];
            }
            columns.push(merged);
        }
        Marginals { columns, rank }
    }

    /// The atoms of positive probability and finite values.
    fn finite(&self) -> Joint {
        let mut kept = Joint::with_capacity(self.width, self.len());
        for (values, start, p) in self.atoms() {
            if p > 0.0 && values.iter().all(|v| v.is_finite()) {
                kept.push(values, start, p);
            }
        }
        kept
    }

    /// Atoms with the same cell (`stride` integers of `cells` per atom)
    /// merged at their mean, in the order first seen; none if they fill
    /// more than `most` cells (counting stops there).
    fn merge_by_cell(&self, cells: &[u64], stride: usize, most: usize) -> Option<Joint> {
        let mut by_cell: FxHashMap<Cell<'_>, usize> =
            FxHashMap::with_capacity_and_hasher(self.len().min(most), Default::default());
        let mut merged = Joint::with_capacity(self.width, self.len().min(most));
        for (a, cell) in cells.chunks_exact(stride).enumerate() {
            let (values, start, p) = self.atom(a);
            let next = merged.len();
            let at = *by_cell.entry(Cell(cell)).or_insert(next);
            if at < next {
                merged.merge_into(at, values, start, p);
            } else if next < most {
                merged.push(values, start, p);
            } else {
                return None;
            }
        }
        Some(merged)
    }

    /// Atom `at` and another, merged at their mean.
    fn merge_into(&mut self, at: usize, values: &[f64], start: f64, q: f64) {
        let p = self.prob[at];
        let total = p + q;
        if total <= 0.0 {
            return;
        }
        let row = &mut self.values[at * self.width..(at + 1) * self.width];
        for (x, y) in row.iter_mut().zip(values) {
            *x = (*x * p + y * q) / total;
        }
        if self.start[at].is_finite() && start.is_finite() {
            self.start[at] = (self.start[at] * p + start * q) / total;
        }
        self.prob[at] = total;
    }
}

/// A cell of a grid, as a hash key: its integers hashed one by one (hashing
/// them as bytes brings a byte hasher into the wasm).
#[derive(PartialEq, Eq)]
struct Cell<'a>(&'a [u64]);

impl std::hash::Hash for Cell<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for &v in self.0 {
            state.write_u64(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Joint;
    use crate::analysis::distribution::Precision;

    fn joint(width: usize, atoms: &[(&[f64], f64, f64)]) -> Joint {
        let mut j = Joint::with_capacity(width, atoms.len());
        for (values, start, p) in atoms {
            j.push(values, *start, *p);
        }
        j
    }

    #[test]
    fn equal_atoms_merge_and_the_order_first_seen_is_kept() {
        let precision = Precision::new(16, 16, None);
        let j = joint(
            2,
            &[
                (&[1.0, 2.0], 0.0, 0.25),
                (&[3.0, 4.0], 0.0, 0.25),
                // The same as the first, to rounding.
                (&[1.0 + 1e-12, 2.0], 0.0, 0.5),
            ],
        );
        let c = j.compact(&precision);
        assert_eq!(c.len(), 2);
        assert_eq!(c.atom(0).2, 0.75);
        assert_eq!(c.atom(1), (&[3.0, 4.0][..], 0.0, 0.25));
    }

    #[test]
    fn beyond_the_limit_neighbours_merge_at_their_mean_and_mass_is_kept() {
        let precision = Precision::new(16, 4, None);
        let mut j = Joint::with_capacity(1, 100);
        for a in 0..100 {
            j.push(&[a as f64], 0.0, 0.01);
        }
        let c = j.compact(&precision);
        assert!(c.len() <= 4, "{} atoms", c.len());
        let mass: f64 = c.atoms().map(|a| a.2).sum();
        let mean: f64 = c.atoms().map(|a| a.0[0] * a.2).sum();
        assert!((mass - 1.0).abs() < 1e-12);
        // Merging at the mean keeps the mean: 0..99 averages 49.5.
        assert!((mean - 49.5).abs() < 1e-9, "{mean}");
    }

    #[test]
    fn the_finest_grid_that_fits_is_kept() {
        // 1,000 values evenly spread into at most 300: halving the buckets
        // asked for from 300 stops at 112 atoms; bisecting finds 200.
        let precision = Precision::new(16, 300, None);
        let mut j = Joint::with_capacity(1, 1000);
        for a in 0..1000 {
            j.push(&[a as f64], 0.0, 1.0 / 1000.0);
        }
        let c = j.compact(&precision);
        assert!((175..=300).contains(&c.len()), "{} atoms", c.len());
    }

    #[test]
    fn zero_probabilities_and_infinite_values_are_dropped() {
        let precision = Precision::new(16, 16, None);
        let j = joint(
            1,
            &[
                (&[1.0], 0.0, 0.0),
                (&[f64::INFINITY], 0.0, 0.5),
                (&[2.0], f64::NEG_INFINITY, 0.5),
            ],
        );
        let c = j.compact(&precision);
        assert_eq!(c.len(), 1);
        assert_eq!(c.atom(0), (&[2.0][..], f64::NEG_INFINITY, 0.5));
    }

    #[test]
    fn a_folded_column_keeps_the_later_value() {
        let mut j = joint(
            3,
            &[(&[1.0, 5.0, 3.0], 0.0, 0.5), (&[4.0, 2.0, 0.0], 0.0, 0.5)],
        );
        j.fold_column(2, 0);
        assert_eq!(j.width, 2);
        assert_eq!(j.atom(0).0, &[3.0, 5.0]);
        assert_eq!(j.atom(1).0, &[4.0, 2.0]);
    }
}
