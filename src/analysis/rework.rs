//! Expected visits of each element under rework.
//!
//! The flow model: a unit of work enters at the start and leaves at the customer
//! exactly once. A fork sends it down every branch; a join waits for all of them
//! and runs again when one branch re-delivers after rework. A rework flow
//! `s -> t`, taken with probability `p` each time `s` finishes, sends the unit
//! back to `t`, and everything on a forward path from `t` to `s` (the flow's
//! *loop*) runs again: branches that do not lead to `s` are not redone.
//!
//! So each node runs once on the first pass, plus once more each time any loop
//! containing it is taken. With `n_e` the expected number of times rework flow
//! `e` is taken and `x_v` the expected visits of node `v`:
//!
//! ```text
//! x_v = 1 + sum of n_e over the loops e that contain v
//! n_e = p_e * x_(sender of e)
//! ```
//!
//! One linear system, and it conserves flow: a forward flow is travelled once
//! plus once per loop taken through it, so what leaves a node equals what
//! arrives, and the customer (in no loop) is reached exactly once. A node lies
//! in another sender's loop only if it comes before that sender, so the system
//! is triangular in reverse topological order of the senders and solves by
//! back-substitution in O(V + E + the loops' sizes): for each sender `s`, with
//! `P` its total rework probability and `O` the visits added by later loops,
//! `x_s = (1 + O) / (1 - P)`. A sender with `P >= 1` never lets the unit go;
//! its loops are reported and left out.

use petgraph::graph::NodeIndex;

use super::graph::StreamGraph;

/// Expected visits above this are a loop that practically never exits.
const MAX_VISITS: f64 = 1e9;

pub struct Visits {
    /// Expected visits per node (1 without rework).
    pub per_node: Vec<f64>,
    /// Senders whose loops never let the unit go (left out of the figures).
    pub endless: Vec<NodeIndex>,
}

/// `probability[e]` is the rework probability of each edge (ignored for other roles).
pub fn expected_visits(stream: &StreamGraph, probability: &[f64]) -> Visits {
    let n = stream.graph.node_count();
    let mut added_node = vec![0.0; n];
    let mut endless = Vec::new();
    // Loops grouped by sender, senders from last to first in topological order.
    let keys: Vec<(f64, f64)> = stream
        .loops
        .iter()
        .map(|l| (-(stream.position[l.source.index()] as f64), 0.0))
        .collect();
    let by_sender = crate::model::order::sorted_indices(&keys);
    let mut start = 0;
    while start < by_sender.len() {
        let source = stream.loops[by_sender[start]].source;
        let end = start
            + by_sender[start..]
                .iter()
                .take_while(|&&l| stream.loops[l].source == source)
                .count();
        let group = &by_sender[start..end];
        start = end;
        let edge_p = |l: usize| probability[stream.loops[l].edge.index()];
        let total: f64 = group.iter().map(|&l| edge_p(l)).sum();
        let visits = (1.0 + added_node[source.index()]) / (1.0 - total);
        if total >= 1.0 || !visits.is_finite() || visits > MAX_VISITS {
            endless.push(source);
            continue;
        }
        for &l in group {
            let taken = edge_p(l) * visits;
            let repeated = &stream.loops[l];
            for v in stream.members(repeated) {
                added_node[v.index()] += taken;
            }
        }
    }
    Visits {
        per_node: added_node.into_iter().map(|a| 1.0 + a).collect(),
        endless,
    }
}

impl Visits {
    pub fn of_node(&self, v: NodeIndex) -> f64 {
        self.per_node[v.index()]
    }
}
