//! Discrete distributions of durations, for the expected lead time where rework
//! runs inside one branch of a parallel section: there the expected maximum of
//! the branches is not the maximum of their expectations, so each branch's
//! duration is carried as a distribution.
//!
//! A step's time is its point value, so every duration is a sum of fixed times
//! and the distributions are discrete: atoms of (value, probability). Two
//! limits keep them small, and both keep the mean exact: atoms beyond
//! `Precision::atoms` are merged with their neighbours at their weighted
//! mean, and the tail of a geometric number of repeats below `TAIL` is one
//! atom at its conditional mean.

use crate::model::order::sorted_indices;

/// Probability of further repeats of a loop left to a single atom.
pub const TAIL: f64 = 1e-9;
/// Repeats of one loop spelled out before the rest become the tail atom.
const MAX_REPEATS: usize = 4096;

/// How finely distributions are kept, and how much work they may take: the
/// analysis runs on every edit, so a map whose distributions would grow past
/// the budget is evaluated again at a coarser precision (means stay exact).
pub struct Precision {
    /// Atoms a distribution keeps; more are merged with their neighbours.
    pub atoms: usize,
    /// Joint atoms a group of dependent finishes keeps.
    pub joint: usize,
    /// Atom operations allowed (`None`: no limit).
    limit: Option<u64>,
    spent: std::cell::Cell<u64>,
}

impl Precision {
    pub fn new(atoms: usize, joint: usize, limit: Option<u64>) -> Precision {
        Precision {
            atoms,
            joint,
            limit,
            spent: std::cell::Cell::new(0),
        }
    }

    /// Counts `work` atom operations.
    pub fn spend(&self, work: usize) {
        self.spent.set(self.spent.get().saturating_add(work as u64));
    }

    /// Whether the budget is spent (the result will be thrown away).
    pub fn exhausted(&self) -> bool {
        self.limit.is_some_and(|limit| self.spent.get() > limit)
    }
}

/// A distribution over seconds: atoms sorted by value, distinct, with positive
/// probabilities summing to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Dist {
    atoms: Vec<(f64, f64)>,
}

/// Values closer than this (relative to their size) are one atom: sums of the
/// same times taken in another order differ only by rounding.
pub fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

impl Dist {
    pub fn point(value: f64) -> Dist {
        Dist {
            atoms: vec![(value, 1.0)],
        }
    }

    /// A distribution from any atoms: sorted, equal values merged, at most
    /// `precision.atoms` kept, probabilities scaled to sum to 1.
    pub fn from_atoms(mut atoms: Vec<(f64, f64)>, precision: &Precision) -> Dist {
        // A sort: n log n.
        precision.spend(atoms.len() * (1 + atoms.len().max(1).ilog2() as usize));
        atoms.retain(|&(v, p)| v.is_finite() && p > 0.0);
        if atoms.is_empty() {
            return Dist::point(0.0);
        }
        let keys: Vec<(f64, f64)> = atoms.iter().map(|&(v, _)| (v, 0.0)).collect();
        let mut merged: Vec<(f64, f64)> = Vec::with_capacity(atoms.len());
        for (v, p) in sorted_indices(&keys).into_iter().map(|i| atoms[i]) {
            match merged.last_mut() {
                Some(last) if same(last.0, v) => *last = merge(*last, (v, p)),
                _ => merged.push((v, p)),
            }
        }
        if merged.len() > precision.atoms {
            merged = coarsened(&merged, precision.atoms.max(1));
        }
        let total: f64 = merged.iter().map(|a| a.1).sum();
        for atom in &mut merged {
            atom.1 /= total;
        }
        Dist { atoms: merged }
    }

    pub fn atoms(&self) -> &[(f64, f64)] {
        &self.atoms
    }

    pub fn mean(&self) -> f64 {
        self.atoms.iter().map(|(v, p)| v * p).sum()
    }

    pub fn shifted(&self, by: f64) -> Dist {
        Dist {
            atoms: self.atoms.iter().map(|&(v, p)| (v + by, p)).collect(),
        }
    }

    /// The sum of two independent durations.
    pub fn plus(&self, other: &Dist, precision: &Precision) -> Dist {
        precision.spend(self.atoms.len() * other.atoms.len());
        if precision.exhausted() {
            // The result is thrown away: keep the mean, skip the work.
            return Dist::point(self.mean() + other.mean());
        }
        match (self.atoms.as_slice(), other.atoms.as_slice()) {
            ([(v, _)], _) => other.shifted(*v),
            (_, [(v, _)]) => self.shifted(*v),
            (a, b) => Dist::from_atoms(
                a.iter()
                    .flat_map(|&(x, p)| b.iter().map(move |&(y, q)| (x + y, p * q)))
                    .collect(),
                precision,
            ),
        }
    }

    /// The later of `floor` and this duration.
    pub fn at_least(&self, floor: f64) -> Dist {
        let below: f64 = self
            .atoms
            .iter()
            .filter(|a| a.0 <= floor)
            .map(|a| a.1)
            .sum();
        let mut atoms = vec![(floor, below)];
        atoms.extend(self.atoms.iter().filter(|a| a.0 > floor));
        atoms.retain(|a| a.1 > 0.0);
        Dist { atoms }
    }

    /// The latest of independent durations (the product of their distribution
    /// functions); a point at 0 when there are none.
    pub fn latest(parts: &[Dist], precision: &Precision) -> Dist {
        match parts {
            [] => Dist::point(0.0),
            [one] => one.clone(),
            _ => {
                let keys: Vec<(f64, f64)> = parts
                    .iter()
                    .flat_map(|d| d.atoms.iter().map(|a| (a.0, 0.0)))
                    .collect();
                let mut values: Vec<f64> = sorted_indices(&keys)
                    .into_iter()
                    .map(|i| keys[i].0)
                    .collect();
                values.dedup();
                let mut next = vec![0; parts.len()];
                let mut cumulative = vec![0.0; parts.len()];
                let mut atoms = Vec::with_capacity(values.len());
                let mut before = 0.0;
                for v in values {
                    for (i, part) in parts.iter().enumerate() {
                        while let Some(&(_, p)) = part.atoms.get(next[i]).filter(|a| a.0 <= v) {
                            cumulative[i] += p;
                            next[i] += 1;
                        }
                    }
                    let now: f64 = cumulative.iter().product();
                    atoms.push((v, now - before));
                    before = now;
                }
                precision.spend(atoms.len() * parts.len());
                Dist::from_atoms(atoms, precision)
            }
        }
    }

    /// A mixture: each part with its weight (the weights sum to 1).
    pub fn mixture(parts: &[(f64, Dist)], precision: &Precision) -> Dist {
        Dist::from_atoms(
            parts
                .iter()
                .flat_map(|(w, d)| d.atoms.iter().map(move |&(v, p)| (v, w * p)))
                .collect(),
            precision,
        )
    }

    /// The sum of a geometric number of independent copies of `repeat`: after
    /// each, another follows with probability `p` (< 1). Its mean is
    /// p / (1 - p) x the repeat's mean, kept exact by the tail atom.
    pub fn repeated(repeat: &Dist, p: f64, precision: &Precision) -> Dist {
        if p <= 0.0 || !p.is_finite() || p >= 1.0 {
            return Dist::point(0.0);
        }
        let mean = repeat.mean();
        let mut atoms = vec![(0.0, 1.0 - p)];
        // `power` is the sum of k copies; `more` the chance of at least k repeats.
        let mut power = repeat.clone();
        let mut more = p;
        let mut k = 1;
        while more >= TAIL && k <= MAX_REPEATS && !precision.exhausted() {
            let exactly_k = more * (1.0 - p);
            atoms.extend(power.atoms.iter().map(|&(v, q)| (v, q * exactly_k)));
            more *= p;
            k += 1;
            power = power.plus(repeat, precision);
        }
        // At least k more repeats: k + p / (1 - p) of them on average.
        atoms.push(((k as f64 + p / (1.0 - p)) * mean, more));
        Dist::from_atoms(atoms, precision)
    }
}

/// Two atoms as one, at their weighted mean.
fn merge((v, p): (f64, f64), (w, q): (f64, f64)) -> (f64, f64) {
    let total = p + q;
    ((v * p + w * q) / total, total)
}

/// Sorted atoms merged into at most `limit` buckets, each at its weighted mean
/// (so the mean is unchanged).
fn coarsened(atoms: &[(f64, f64)], limit: usize) -> Vec<(f64, f64)> {
    let starts = bucket_starts(atoms, limit);
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(starts.len());
    let mut next = 0;
    for &(v, p) in atoms {
        match out.last_mut() {
            Some(last) if next == starts.len() || v < starts[next] => *last = merge(*last, (v, p)),
            _ => {
                out.push((v, p));
                next += 1;
            }
        }
    }
    out
}

/// Where at most `limit` buckets over sorted, distinct atoms begin (their first
/// values). A bucket merged at its mean changes any later maximum by at most
/// its mass times its width, so a bucket ends where that product would pass a
/// threshold: the likely values stay apart and the rare tail is merged widely
/// (equal widths would let one far tail atom blur the whole body).
pub fn bucket_starts(atoms: &[(f64, f64)], limit: usize) -> Vec<f64> {
    let mass: f64 = atoms.iter().map(|a| a.1).sum();
    let range = match atoms {
        [] => return Vec::new(),
        [first, .., last] => last.0 - first.0,
        [_] => 0.0,
    };
    if limit <= 1 || range <= 0.0 || atoms.len() <= limit {
        return atoms.iter().take(limit.max(1)).map(|a| a.0).collect();
    }
    // Every bucket but the last passes the threshold with its next atom, and
    // those extended buckets share the range and at most twice the mass, so
    // fewer than sqrt(2 x mass x range / threshold) + 1 come out: `limit`.
    let mut threshold = 2.0 * mass * range / ((limit - 1) * (limit - 1)) as f64;
    let mut best = by_mass_and_width(atoms, threshold);
    // The bound is loose: refine while there is room for twice the buckets.
    for _ in 0..3 {
        if best.len() * 2 > limit {
            break;
        }
        threshold /= 4.0;
        let finer = by_mass_and_width(atoms, threshold);
        if finer.len() > limit {
            break;
        }
        best = finer;
    }
    best
}

fn by_mass_and_width(atoms: &[(f64, f64)], threshold: f64) -> Vec<f64> {
    let mut starts = Vec::new();
    let (mut low, mut mass) = (f64::NAN, 0.0);
    for &(v, p) in atoms {
        if !starts.is_empty() && (mass + p) * (v - low) <= threshold {
            mass += p;
        } else {
            starts.push(v);
            (low, mass) = (v, p);
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::{Dist, Precision};

    fn fine() -> Precision {
        Precision::new(512, 1 << 16, None)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn the_later_of_two_coin_flips() {
        // A: 1 or 3, B: 2 or 4, each half: max is 2 (1/4), 3 (1/4), 4 (1/2): mean 3.25.
        let a = Dist::from_atoms(vec![(1.0, 0.5), (3.0, 0.5)], &fine());
        let b = Dist::from_atoms(vec![(2.0, 0.5), (4.0, 0.5)], &fine());
        let later = Dist::latest(&[a.clone(), b.clone()], &fine());
        assert_eq!(later.atoms(), &[(2.0, 0.25), (3.0, 0.25), (4.0, 0.5)]);
        assert!(close(later.mean(), 3.25));
        // The sum: 3 (1/4), 5 (1/2), 7 (1/4).
        assert_eq!(
            a.plus(&b, &fine()).atoms(),
            &[(3.0, 0.25), (5.0, 0.5), (7.0, 0.25)]
        );
        // Not before 2.5: 2.5 (1/2), 3 (1/2).
        assert_eq!(a.at_least(2.5).atoms(), &[(2.5, 0.5), (3.0, 0.5)]);
    }

    #[test]
    fn repeats_keep_their_mean_exactly() {
        // Geometric repeats of 30 with p = 0.5: mean 0.5 / 0.5 x 30 = 30.
        let x = Dist::repeated(&Dist::point(30.0), 0.5, &fine());
        assert!(close(x.mean(), 30.0), "{}", x.mean());
        assert!(close(x.atoms()[0].1, 0.5));
        assert!(close(x.atoms()[1].1, 0.25));
        // p = 0.99 (mean 99 repeats) and a random repeat (10 or 20, mean 15): 1485.
        let coin = Dist::from_atoms(vec![(10.0, 0.5), (20.0, 0.5)], &fine());
        let y = Dist::repeated(&coin, 0.99, &fine());
        assert!(close(y.mean(), 99.0 * 15.0), "{}", y.mean());
        assert!(y.atoms().len() <= 512);
        let total: f64 = y.atoms().iter().map(|a| a.1).sum();
        assert!(close(total, 1.0));
    }

    #[test]
    fn merging_keeps_the_mean() {
        let many: Vec<(f64, f64)> = (0..10_000).map(|i| (f64::from(i).sqrt(), 1.0)).collect();
        let mean = many.iter().map(|a| a.0).sum::<f64>() / 10_000.0;
        let d = Dist::from_atoms(many, &fine());
        assert!(d.atoms().len() <= 512);
        assert!(close(d.mean(), mean));
    }
}
