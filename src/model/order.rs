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

#[cfg(test)]
mod tests {
    use super::sorted_indices;

    #[test]
    fn orders_by_both_numbers_then_by_index() {
        let keys = [(2.0, 0.0), (1.0, 5.0), (1.0, -1.0), (2.0, 0.0), (-3.0, 9.0)];
        assert_eq!(sorted_indices(&keys), [4, 2, 1, 0, 3]);
        assert!(sorted_indices(&[]).is_empty());
    }
}
