//! Auto-layout: the main flow left to right, parallel branches stacked.
//!
//! Columns are the longest-path depth along forward flows; the critical path
//! takes the middle row, and every other element the free row nearest its
//! predecessors' rows. Kaizen bursts sit above the element they are about.
//! O(V + E) apart from the search for a free row.

use std::collections::HashSet;

use super::graph::StreamGraph;
use crate::model::ops::COLUMN;
use crate::model::{ElementKind, Map};

const ROW: f64 = 220.0;
const LEFT: f64 = 60.0;
const TOP: f64 = 140.0;

/// New positions `(id, x, y)` for every element of `map`.
pub fn auto_layout(map: &Map) -> Vec<(String, f64, f64)> {
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
    let top = row.iter().copied().min().unwrap_or(0);
    let mut positions: Vec<(String, f64, f64)> = Vec::with_capacity(map.elements.len());
    for (index, element) in map.elements.iter().enumerate() {
        if let Some(v) = stream.node_of_element[index] {
            let x = LEFT + column[v.index()] as f64 * COLUMN;
            let y = TOP + (row[v.index()] - top) as f64 * ROW;
            positions.push((element.id.clone(), x, y));
        }
    }
    for element in &map.elements {
        if let ElementKind::Kaizen(kaizen) = &element.kind {
            let anchor = kaizen
                .attached_to
                .as_deref()
                .and_then(|id| positions.iter().find(|(p, _, _)| p == id))
                .map(|(_, x, y)| (*x - 10.0, *y - 95.0));
            let (x, y) = anchor.unwrap_or((LEFT, TOP - 110.0));
            positions.push((element.id.clone(), x, y));
        }
    }
    positions
}
