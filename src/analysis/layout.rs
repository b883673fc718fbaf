//! Auto-layout, as an arrangement: the main flow left to right, parallel
//! branches stacked. Where each column and row then sits (with room for the
//! symbols and labels drawn between them) is the drawing's business:
//! `ui::layout` turns the arrangement into positions.
//!
//! Columns are the longest-path depth along forward flows; the critical path
//! takes row 0, and every other element the free row nearest its
//! predecessors' rows. Elements joined to nothing get a row of their own below.
//! O(V + E) apart from the search for a free row.

use std::collections::HashSet;

use super::graph::StreamGraph;
use crate::model::Map;

/// A place in the arrangement: the column (left to right) and the row (0 is
/// the critical path; branches above are negative, below positive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub column: i64,
    pub row: i64,
}

/// The cell of each element of `map`, by element index; `None` for elements
/// that are not on the stream (kaizen bursts, which sit by what they are about).
pub fn arrange(map: &Map) -> Vec<Option<Cell>> {
    let stream = StreamGraph::build(map);
    let n = stream.graph.node_count();
    let mut column = vec![0i64; n];
    for &v in &stream.order {
        for edge in stream.forward_out(v) {
            let (_, to) = stream.endpoints(edge);
            column[to.index()] = column[to.index()].max(column[v.index()] + 1);
        }
    }
    let on_path: HashSet<usize> = super::analyze(map).critical_path.into_iter().collect();
    let mut row = vec![0i64; n];
    let mut taken: HashSet<(i64, i64)> = HashSet::new();
    let mut isolated = Vec::new();
    // The critical path first, on row 0; then the rest in topological order.
    let (main, rest): (Vec<petgraph::graph::NodeIndex>, Vec<_>) = stream
        .order
        .iter()
        .partition(|v| on_path.contains(&stream.element_index(**v)));
    for v in main {
        taken.insert((column[v.index()], 0));
    }
    for v in rest {
        let predecessors: Vec<i64> = stream
            .forward_in(v)
            .map(|e| row[stream.endpoints(e).0.index()])
            .collect();
        let successors = stream.forward_out(v).count();
        if predecessors.is_empty() && successors == 0 {
            isolated.push(v);
            continue;
        }
        let wanted = if predecessors.is_empty() {
            0
        } else {
            (predecessors.iter().sum::<i64>() as f64 / predecessors.len() as f64).round() as i64
        };
        // Try the wanted row, then alternately below and above it.
        let free = (0..)
            .flat_map(|d: i64| [wanted + d, wanted - d])
            .find(|r| !taken.contains(&(column[v.index()], *r)))
            .unwrap_or(wanted);
        row[v.index()] = free;
        taken.insert((column[v.index()], free));
    }
    let bottom = taken.iter().map(|(_, r)| *r).max().unwrap_or(0) + 1;
    for (i, v) in isolated.iter().enumerate() {
        column[v.index()] = i as i64;
        row[v.index()] = bottom;
    }
    (0..map.elements.len())
        .map(|index| {
            stream.node_of_element[index].map(|v| Cell {
                column: column[v.index()],
                row: row[v.index()],
            })
        })
        .collect()
}
