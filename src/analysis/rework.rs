//! Expected visits of each element under rework: an absorbing Markov chain.
//!
//! A unit enters at every source once. Leaving node `u`, it is sent back along
//! each rework edge `u -> t` with probability `p(u,t)`, and goes forward with
//! probability `1 - r(u)`, where `r(u)` is the sum of `u`'s rework probabilities.
//! Forward edges fork (parallel branches all happen) and join (a join of `k`
//! branches is one unit: each branch contributes `1/k`). The expected visits `x`
//! solve `x = b + Mᵀx`, that is `(I - Mᵀ) x = b`.
//!
//! Solved exactly in O(V + E) plus, for each loop (strongly connected component),
//! `O(k (V_s + E_s) + k³)` where `k` is the number of rework targets inside it:
//! the forward part of a loop is acyclic, so its visits are linear in the rework
//! inflows at its `k` targets, which a small dense system fixes.

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use super::graph::{Role, StreamGraph};

/// Expected visits above this mean a loop that practically never exits.
const MAX_VISITS: f64 = 1e6;

pub struct Visits {
    /// Expected visits per node (1 without rework).
    pub per_node: Vec<f64>,
    /// Nodes of loops that never exit (their visits are reported as 1).
    pub endless: Vec<NodeIndex>,
}

/// `probability[e]` is the rework probability of each edge (ignored for other roles);
/// `sent_back[u]` is the total rework probability out of node `u`, at most 1.
pub fn expected_visits(stream: &StreamGraph, probability: &[f64], sent_back: &[f64]) -> Visits {
    let graph = &stream.graph;
    let n = graph.node_count();
    let forward_in_degree: Vec<f64> = graph
        .node_indices()
        .map(|v| stream.forward_in(v).count() as f64)
        .collect();
    // Weight of the edge u -> v in M: the share of a visit of u that becomes a visit of v.
    let weight = |edge: petgraph::graph::EdgeIndex| -> f64 {
        let (from, to) = stream.endpoints(edge);
        match stream.link(edge).role {
            Role::Forward => (1.0 - sent_back[from.index()]) / forward_in_degree[to.index()],
            Role::Rework => probability[edge.index()],
            Role::Cyclic | Role::Stray => 0.0,
        }
    };
    let entry = |v: NodeIndex| -> f64 {
        if forward_in_degree[v.index()] == 0.0 {
            1.0
        } else {
            0.0
        }
    };

    let component_of = &stream.component_of;

    let mut visits = vec![0.0; n];
    let mut inflow = vec![0.0; n]; // visits arriving from already solved components
    let mut endless = Vec::new();
    let mut local = vec![usize::MAX; n];

    for (c, members) in stream.components.iter().enumerate() {
        let solved = if members.len() == 1 && !has_self_loop(stream, members[0]) {
            let v = members[0];
            visits[v.index()] = entry(v) + inflow[v.index()];
            true
        } else {
            solve_loop(stream, members, component_of, c, &mut local, &weight, |v| {
                entry(v) + inflow[v.index()]
            })
            .map(|values| {
                for (v, x) in members.iter().zip(values) {
                    visits[v.index()] = x;
                }
            })
            .is_some()
        };
        if !solved {
            endless.extend(members.iter().copied());
            for v in members {
                visits[v.index()] = 1.0;
            }
        }
        for &u in members {
            for edge in graph.edges_directed(u, Direction::Outgoing) {
                use petgraph::visit::EdgeRef;
                let to = edge.target();
                if component_of[to.index()] != c {
                    inflow[to.index()] += weight(edge.id()) * visits[u.index()];
                }
            }
        }
    }
    Visits {
        per_node: visits,
        endless,
    }
}

fn has_self_loop(stream: &StreamGraph, v: NodeIndex) -> bool {
    stream.graph.edges_connecting(v, v).next().is_some()
}

/// Solves one strongly connected component; `None` when the loop never exits.
fn solve_loop(
    stream: &StreamGraph,
    members: &[NodeIndex],
    component_of: &[usize],
    component: usize,
    local: &mut [usize],
    weight: &impl Fn(petgraph::graph::EdgeIndex) -> f64,
    external: impl Fn(NodeIndex) -> f64,
) -> Option<Vec<f64>> {
    use petgraph::visit::EdgeRef;
    let graph = &stream.graph;
    // Members in topological order of the forward edges.
    let mut ordered: Vec<NodeIndex> = members.to_vec();
    ordered.sort_by_key(|v| stream.position[v.index()]);
    for (i, v) in ordered.iter().enumerate() {
        local[v.index()] = i;
    }
    let inside = |v: NodeIndex| component_of[v.index()] == component;
    // Rework targets inside the loop, each with the rework edges that reach it.
    let mut targets: Vec<usize> = Vec::new();
    for (i, &v) in ordered.iter().enumerate() {
        let reworked = graph
            .edges_directed(v, Direction::Incoming)
            .any(|e| e.weight().role == Role::Rework && inside(e.source()));
        if reworked {
            targets.push(i);
        }
    }
    // Visits of every member from an initial vector, along forward edges only.
    let propagate = |init: &[f64]| -> Vec<f64> {
        let mut x = init.to_vec();
        for (i, &v) in ordered.iter().enumerate() {
            let arriving: f64 = graph
                .edges_directed(v, Direction::Incoming)
                .filter(|e| e.weight().role == Role::Forward && inside(e.source()))
                .map(|e| weight(e.id()) * x[local[e.source().index()]])
                .sum();
            x[i] += arriving;
        }
        x
    };
    let base_init: Vec<f64> = ordered.iter().map(|&v| external(v)).collect();
    let base = propagate(&base_init);
    let unit_responses: Vec<Vec<f64>> = targets
        .iter()
        .map(|&t| {
            let mut init = vec![0.0; ordered.len()];
            init[t] = 1.0;
            propagate(&init)
        })
        .collect();
    // Rework inflow y_t into each target: y = c + A y.
    let k = targets.len();
    let mut system = vec![vec![0.0; k + 1]; k]; // rows of [I - A | c]
    for (row, &t) in targets.iter().enumerate() {
        system[row][row] = 1.0;
        for edge in graph.edges_directed(ordered[t], Direction::Incoming) {
            if edge.weight().role != Role::Rework || !inside(edge.source()) {
                continue;
            }
            let p = weight(edge.id());
            let u = local[edge.source().index()];
            system[row][k] += p * base[u];
            for (col, response) in unit_responses.iter().enumerate() {
                system[row][col] -= p * response[u];
            }
        }
    }
    let inflows = solve_dense(system)?;
    let mut x = base;
    for (response, y) in unit_responses.iter().zip(&inflows) {
        for (xi, ri) in x.iter_mut().zip(response) {
            *xi += y * ri;
        }
    }
    if x.iter()
        .any(|v| !v.is_finite() || *v > MAX_VISITS || *v < 0.0)
    {
        return None;
    }
    // Back to the caller's order of `members`.
    Some(members.iter().map(|v| x[local[v.index()]]).collect())
}

/// Gaussian elimination with partial pivoting on an augmented `k x (k+1)` matrix.
fn solve_dense(mut m: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let k = m.len();
    for col in 0..k {
        let pivot = (col..k).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        let (upper, lower) = m.split_at_mut(col + 1);
        let pivot_row = &upper[col];
        for row in lower.iter_mut() {
            let factor = row[col] / pivot_row[col];
            if factor != 0.0 {
                for (value, above) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                    *value -= factor * above;
                }
            }
        }
    }
    let mut solution = vec![0.0; k];
    for row in (0..k).rev() {
        let tail: f64 = (row + 1..k).map(|j| m[row][j] * solution[j]).sum();
        solution[row] = (m[row][k] - tail) / m[row][row];
    }
    Some(solution)
}

#[cfg(test)]
mod tests {
    use super::solve_dense;

    #[test]
    fn dense_solver_solves_a_two_by_two_system() {
        // x + 2y = 5, 3x + 4y = 11  =>  x = 1, y = 2
        let solution = solve_dense(vec![vec![1.0, 2.0, 5.0], vec![3.0, 4.0, 11.0]]).unwrap();
        assert!((solution[0] - 1.0).abs() < 1e-12 && (solution[1] - 2.0).abs() < 1e-12);
    }

    #[test]
    fn dense_solver_refuses_a_singular_system() {
        assert!(solve_dense(vec![vec![1.0, 2.0, 1.0], vec![2.0, 4.0, 2.0]]).is_none());
    }
}
