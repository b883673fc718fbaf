//! The critical path: the longest path through the forward flows, from any
//! start to the customer. Parallel branches do not add up; the longest wins.
//! O(V + E) over a topological order.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::graph::StreamGraph;

pub struct LongestPath {
    /// Nodes from the start to the end.
    pub nodes: Vec<NodeIndex>,
    /// `entering[i]` is the edge into `nodes[i]` (`None` for the first node).
    pub entering: Vec<Option<EdgeIndex>>,
    /// Sum of node and edge weights along the path, in seconds.
    pub length: f64,
}

/// Longest path with `node_weight[v]` on nodes and `edge_weight(e)` on forward
/// edges, ending at one of `ends`. Equal lengths (to rounding) go to the
/// smaller id, so the file's order never picks the path.
pub fn longest_path(
    stream: &StreamGraph,
    node_weight: &[f64],
    edge_weight: impl Fn(EdgeIndex) -> f64,
    ends: &[NodeIndex],
) -> Option<LongestPath> {
    let n = stream.graph.node_count();
    let mut distance = vec![0.0; n];
    let mut best_in: Vec<Option<EdgeIndex>> = vec![None; n];
    for &v in &stream.order {
        let mut best = 0.0;
        for edge in stream.forward_in(v) {
            let (from, _) = stream.endpoints(edge);
            let reach = distance[from.index()] + edge_weight(edge);
            let wins = match best_in[v.index()] {
                None => true,
                Some(held) => beats(reach, best, || {
                    stream.edge_key(edge) < stream.edge_key(held)
                }),
            };
            if wins {
                best = reach;
                best_in[v.index()] = Some(edge);
            }
        }
        distance[v.index()] = best + node_weight[v.index()];
    }
    let end = latest_end(stream, ends.iter().copied(), &distance)?;
    let mut nodes = vec![end];
    let mut entering = vec![best_in[end.index()]];
    while let Some(edge) = entering[entering.len() - 1] {
        let (from, _) = stream.endpoints(edge);
        nodes.push(from);
        entering.push(best_in[from.index()]);
    }
    nodes.reverse();
    entering.reverse();
    Some(LongestPath {
        nodes,
        entering,
        length: distance[end.index()],
    })
}

/// The end with the greatest `value`, ties to the smaller id.
fn latest_end(
    stream: &StreamGraph,
    ends: impl Iterator<Item = NodeIndex>,
    value: &[f64],
) -> Option<NodeIndex> {
    let mut end: Option<NodeIndex> = None;
    for v in ends {
        if end.is_none_or(|e| {
            beats(value[v.index()], value[e.index()], || {
                stream.node_id(v) < stream.node_id(e)
            })
        }) {
            end = Some(v);
        }
    }
    end
}

/// The path that carries the expected lead time, given each node's expected
/// finish (`NaN` where it leads to no end): from the end expected to finish
/// last, back through the inflow expected to arrive last at each element.
/// Ties go to the smaller id.
pub fn expected_path(
    stream: &StreamGraph,
    finish: &[f64],
    edge_seconds: &[f64],
    ends: &[NodeIndex],
) -> Option<LongestPath> {
    let reached = ends
        .iter()
        .copied()
        .filter(|v| finish[v.index()].is_finite());
    let end = latest_end(stream, reached, finish)?;
    let mut nodes = vec![end];
    let mut entering = Vec::new();
    let mut at = end;
    // A walk back along a topological order: it ends, at the latest, at the first node.
    loop {
        let mut best: Option<(EdgeIndex, f64)> = None;
        for edge in stream.forward_in(at) {
            let (from, _) = stream.endpoints(edge);
            let arrives = finish[from.index()] + edge_seconds[edge.index()];
            if !arrives.is_finite() {
                continue;
            }
            if best.is_none_or(|(held, time)| {
                beats(arrives, time, || {
                    stream.edge_key(edge) < stream.edge_key(held)
                })
            }) {
                best = Some((edge, arrives));
            }
        }
        entering.push(best.map(|b| b.0));
        let Some((edge, _)) = best else {
            break;
        };
        at = stream.endpoints(edge).0;
        nodes.push(at);
    }
    nodes.reverse();
    entering.reverse();
    Some(LongestPath {
        nodes,
        entering,
        length: finish[end.index()],
    })
}

/// Whether `a` beats `b`: longer by more than rounding, or equal to rounding
/// and first by id.
pub fn beats(a: f64, b: f64, first_by_id: impl FnOnce() -> bool) -> bool {
    let tolerance = 1e-9 * a.abs().max(b.abs());
    a > b + tolerance || ((a - b).abs() <= tolerance && first_by_id())
}
