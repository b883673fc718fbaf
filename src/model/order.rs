//! One way to sort, for the whole program: indices ordered by a key of two
//! numbers, ties in index order. Every sort instantiated for its own type adds
//! a few kilobytes of code to the wasm; this is the one instance.

/// The indices of `keys`, ordered by key (by the first number, then the
/// second), equal keys in index order. Deterministic, whatever the input order.
pub fn sorted_indices(keys: &[(f64, f64)]) -> Vec<usize> {
    let mut order: Vec<(f64, f64, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| (a, b, i))
        .collect();
    order.sort_unstable_by(|x, y| {
        x.0.total_cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then(x.2.cmp(&y.2))
    });
    order.into_iter().map(|(_, _, i)| i).collect()
}

/// Sorts `items` in place by `key` (as `sorted_indices` orders), through
/// the one sort instance.
pub fn sort_by_key_pair<T: Copy>(items: &mut [T], key: impl Fn(&T) -> (f64, f64)) {
    let keys: Vec<(f64, f64)> = items.iter().map(key).collect();
    let sorted: Vec<T> = sorted_indices(&keys)
        .into_iter()
        .map(|i| items[i])
        .collect();
    items.copy_from_slice(&sorted);
}

#[cfg(test)]
mod tests {
    use super::{sort_by_key_pair, sorted_indices};

    #[test]
    fn sorts_a_slice_in_place_by_its_keys() {
        let mut items = [(3, 0.5), (1, 2.0), (3, 0.25), (1, 2.0)];
        sort_by_key_pair(&mut items, |&(a, b)| (a as f64, b));
        assert_eq!(items, [(1, 2.0), (1, 2.0), (3, 0.25), (3, 0.5)]);
    }

    #[test]
    fn orders_by_both_numbers_then_by_index() {
        let keys = [(2.0, 0.0), (1.0, 5.0), (1.0, -1.0), (2.0, 0.0), (-3.0, 9.0)];
        assert_eq!(sorted_indices(&keys), [4, 2, 1, 0, 3]);
        assert!(sorted_indices(&[]).is_empty());
    }
}
