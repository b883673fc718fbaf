//! The value stream as a petgraph graph: material elements as nodes, forward
//! material flows and rework flows as edges. Information flows and kaizen bursts
//! are not part of the stream.
//!
//! Nothing the engine reports depends on the order of elements or flows in a
//! file: wherever a choice is left (which flow of an unmarked loop goes back,
//! which of two equally long paths is critical), ids decide. No walk recurses:
//! a 50,000-step chain needs no more stack than a 5-step one.

use std::collections::VecDeque;
use std::ops::Range;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap;

use crate::model::{ElementKind, FlowKind, Map};

/// What an edge does in the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Carries the unit downstream.
    Forward,
    /// Sends the unit back with a probability.
    Rework,
    /// A forward flow that closes a loop without being marked as rework: ignored.
    Cyclic,
    /// A rework flow to an element that does not lead back to its sender: ignored.
    Stray,
    /// A rework flow out of the customer, where the unit has already left: ignored.
    FromCustomer,
}

#[derive(Clone, Copy, Debug)]
pub struct Link {
    /// Index of the flow in `map.flows`.
    pub flow: usize,
    pub role: Role,
}

/// One rework flow and the part of the stream it repeats.
pub struct Loop {
    pub edge: EdgeIndex,
    /// The sender of the rework.
    pub source: NodeIndex,
    /// Where its members are in `StreamGraph::loop_members`: every node on a
    /// forward path from the rework's target to its sender, both included,
    /// the sender first: what runs again each time the unit is sent back.
    pub members: Range<usize>,
}

/// The graph of one map, with a topological order of its forward flows.
pub struct StreamGraph<'m> {
    pub map: &'m Map,
    /// Node weight: index of the element in `map.elements`.
    pub graph: DiGraph<usize, Link>,
    /// Node of each element, indexed like `map.elements` (`None` for kaizen bursts).
    pub node_of_element: Vec<Option<NodeIndex>>,
    /// Topological order of the nodes over forward edges.
    pub order: Vec<NodeIndex>,
    /// Position of each node in `order`.
    pub position: Vec<usize>,
    /// The rework loops, in canonical order.
    pub loops: Vec<Loop>,
    /// The members of every loop, one loop after another (one vector, not one each).
    pub loop_members: Vec<NodeIndex>,
    /// Whether a node belongs to the value stream: it has a material or rework
    /// flow, or no flow at all (a step not yet connected). Elements linked only
    /// by information flows (production control) are not part of it.
    pub on_stream: Vec<bool>,
}

impl<'m> StreamGraph<'m> {
    /// Builds the graph in O(V + E) plus the size of the rework loops. Flows that name unknown elements are skipped
    /// (validation refuses them in files; the editor never makes them).
    pub fn build(map: &'m Map) -> Self {
        let mut graph = DiGraph::with_capacity(map.elements.len(), map.flows.len());
        let mut node_of_element = vec![None; map.elements.len()];
        // Fx, not SipHash: ids are the map's own, and 30,000 flows look up two each.
        let mut by_id: FxHashMap<&str, NodeIndex> =
            FxHashMap::with_capacity_and_hasher(map.elements.len(), Default::default());
        for (index, element) in map.elements.iter().enumerate() {
            if element.kind.is_material() {
                let node = graph.add_node(index);
                by_id.insert(element.id.as_str(), node);
                node_of_element[index] = Some(node);
            }
        }
        let mut informed = vec![false; graph.node_count()];
        for (index, flow) in map.flows.iter().enumerate() {
            let (Some(&from), Some(&to)) =
                (by_id.get(flow.from.as_str()), by_id.get(flow.to.as_str()))
            else {
                continue;
            };
            let role = match flow.kind {
                FlowKind::Rework(_)
                    if matches!(map.elements[graph[from]].kind, ElementKind::Customer) =>
                {
                    Role::FromCustomer
                }
                FlowKind::Rework(_) => Role::Rework,
                ref kind if kind.is_forward_material() => Role::Forward,
                _ => {
                    informed[from.index()] = true;
                    informed[to.index()] = true;
                    continue;
                }
            };
            graph.add_edge(from, to, Link { flow: index, role });
        }
        let mut order = topological_order(&graph);
        if order.len() < graph.node_count() {
            // Some forward flows close loops: mark them, then order what remains.
            mark_unmarked_cycles(&mut graph, map);
            order = topological_order(&graph);
        }
        let mut position = vec![0; graph.node_count()];
        for (rank, node) in order.iter().enumerate() {
            position[node.index()] = rank;
        }
        let (loops, loop_members) = rework_loops(&mut graph, &position);
        let on_stream = graph
            .node_indices()
            .map(|v| {
                graph
                    .edges_directed(v, Direction::Outgoing)
                    .next()
                    .is_some()
                    || graph
                        .edges_directed(v, Direction::Incoming)
                        .next()
                        .is_some()
                    || !informed[v.index()]
            })
            .collect();
        StreamGraph {
            map,
            graph,
            node_of_element,
            order,
            position,
            loops,
            loop_members,
            on_stream,
        }
    }

    /// A loop's members, its sender first.
    pub fn members(&self, repeated: &Loop) -> &[NodeIndex] {
        &self.loop_members[repeated.members.clone()]
    }

    pub fn element_index(&self, node: NodeIndex) -> usize {
        self.graph[node]
    }

    /// The id of a node's element: what breaks ties, as the file's order must not.
    pub fn node_id(&self, node: NodeIndex) -> &str {
        &self.map.elements[self.graph[node]].id
    }

    /// What orders edges when nothing else does: the sender's id, then the flow's.
    pub fn edge_key(&self, edge: EdgeIndex) -> (&str, &str) {
        let (from, _) = self.endpoints(edge);
        (self.node_id(from), &self.map.flows[self.link(edge).flow].id)
    }

    /// Forward edges into `node`.
    pub fn forward_in(&self, node: NodeIndex) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.edges(node, Direction::Incoming, Role::Forward)
    }

    /// Forward edges out of `node`.
    pub fn forward_out(&self, node: NodeIndex) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.edges(node, Direction::Outgoing, Role::Forward)
    }

    pub fn edges(
        &self,
        node: NodeIndex,
        direction: Direction,
        role: Role,
    ) -> impl Iterator<Item = EdgeIndex> + '_ {
        self.graph
            .edges_directed(node, direction)
            .filter(move |e| e.weight().role == role)
            .map(|e| e.id())
    }

    pub fn link(&self, edge: EdgeIndex) -> Link {
        self.graph[edge]
    }

    pub fn endpoints(&self, edge: EdgeIndex) -> (NodeIndex, NodeIndex) {
        // An edge index from this graph always has endpoints.
        self.graph.edge_endpoints(edge).unwrap_or_default()
    }
}

fn is_forward(graph: &DiGraph<usize, Link>, edge: EdgeIndex) -> bool {
    graph[edge].role == Role::Forward
}

/// Forward flows that close a loop not marked as rework are re-labelled
/// `Cyclic`. Which flow of a loop is the one "going back" must not depend on
/// the file's order: inside each strongly connected component, a flow is
/// cyclic when it leads to an element no farther from the start (fewest flows
/// from an element with no inflow; ties and unreachable loops by id). What
/// remains is acyclic, as keys rise along every flow kept.
fn mark_unmarked_cycles(graph: &mut DiGraph<usize, Link>, map: &Map) {
    let component = forward_components(graph);
    let n = graph.node_count();
    let mut depth = vec![usize::MAX; n];
    let mut queue: VecDeque<NodeIndex> = graph
        .node_indices()
        .filter(|&v| {
            !graph
                .edges_directed(v, Direction::Incoming)
                .any(|e| is_forward(graph, e.id()))
        })
        .collect();
    for v in &queue {
        depth[v.index()] = 0;
    }
    while let Some(v) = queue.pop_front() {
        for e in graph.edges_directed(v, Direction::Outgoing) {
            if is_forward(graph, e.id()) && depth[e.target().index()] == usize::MAX {
                depth[e.target().index()] = depth[v.index()] + 1;
                queue.push_back(e.target());
            }
        }
    }
    let key = |v: NodeIndex| (depth[v.index()], map.elements[graph[v]].id.as_str());
    let cyclic: Vec<EdgeIndex> = graph
        .edge_references()
        .filter(|e| {
            e.weight().role == Role::Forward
                && component[e.source().index()] == component[e.target().index()]
                && key(e.target()) <= key(e.source())
        })
        .map(|e| e.id())
        .collect();
    for edge in cyclic {
        graph[edge].role = Role::Cyclic;
    }
}

/// Strongly connected components over forward edges (Tarjan's algorithm with
/// an explicit stack): the component number of each node.
fn forward_components(graph: &DiGraph<usize, Link>) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.node_count();
    let successors: Vec<Vec<usize>> = graph
        .node_indices()
        .map(|v| {
            graph
                .edges_directed(v, Direction::Outgoing)
                .filter(|e| e.weight().role == Role::Forward)
                .map(|e| e.target().index())
                .collect()
        })
        .collect();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // Each frame is a node and how many of its successors have been looked at.
    let mut frames: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        frames.push((root, 0));
        while let Some(frame) = frames.last_mut() {
            let (v, child) = *frame;
            if child == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = successors[v].get(child) {
                frame.1 += 1;
                if index[w] == UNSEEN {
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Kahn's algorithm over forward edges, in node order where there is a choice.
/// Nodes on or after a loop of forward edges are left out.
fn topological_order(graph: &DiGraph<usize, Link>) -> Vec<NodeIndex> {
    let mut in_degree: Vec<usize> = graph
        .node_indices()
        .map(|v| {
            graph
                .edges_directed(v, Direction::Incoming)
                .filter(|e| e.weight().role == Role::Forward)
                .count()
        })
        .collect();
    let mut queue: VecDeque<NodeIndex> = graph
        .node_indices()
        .filter(|v| in_degree[v.index()] == 0)
        .collect();
    let mut order = Vec::with_capacity(graph.node_count());
    let mut next = Vec::new();
    while let Some(v) = queue.pop_front() {
        order.push(v);
        // petgraph lists a node's edges newest first; reversed, they follow the flows' ids.
        next.clear();
        next.extend(
            graph
                .edges_directed(v, Direction::Outgoing)
                .filter(|e| e.weight().role == Role::Forward)
                .map(|e| e.target()),
        );
        for &w in next.iter().rev() {
            in_degree[w.index()] -= 1;
            if in_degree[w.index()] == 0 {
                queue.push_back(w);
            }
        }
    }
    order
}

/// The part of the stream each rework flow repeats: the nodes on forward paths
/// from its target to its sender. A rework flow whose target does not lead back
/// to its sender repeats nothing and is re-labelled `Stray`. Each search stays
/// between the two ends' topological positions, so small loops cost little
/// however large the map.
fn rework_loops(
    graph: &mut DiGraph<usize, Link>,
    position: &[usize],
) -> (Vec<Loop>, Vec<NodeIndex>) {
    let n = graph.node_count();
    // `reached[v] == stamp` marks v as reached from the current loop's target.
    let mut reached = vec![usize::MAX; n];
    let mut member = vec![usize::MAX; n];
    let mut loops = Vec::new();
    let mut members = Vec::new();
    let mut strays = Vec::new();
    let rework: Vec<(EdgeIndex, NodeIndex, NodeIndex)> = graph
        .edge_references()
        .filter(|e| e.weight().role == Role::Rework)
        .map(|e| (e.id(), e.source(), e.target()))
        .collect();
    let mut stack = Vec::new();
    for (stamp, (edge, source, target)) in rework.into_iter().enumerate() {
        let limit = position[source.index()];
        let floor = position[target.index()];
        if floor > limit {
            strays.push(edge);
            continue;
        }
        reached[target.index()] = stamp;
        stack.push(target);
        while let Some(v) = stack.pop() {
            for e in graph.edges_directed(v, Direction::Outgoing) {
                let w = e.target();
                if e.weight().role == Role::Forward
                    && position[w.index()] <= limit
                    && reached[w.index()] != stamp
                {
                    reached[w.index()] = stamp;
                    stack.push(w);
                }
            }
        }
        if reached[source.index()] != stamp {
            strays.push(edge);
            continue;
        }
        let first = members.len();
        members.push(source);
        member[source.index()] = stamp;
        stack.push(source);
        while let Some(v) = stack.pop() {
            for e in graph.edges_directed(v, Direction::Incoming) {
                let u = e.source();
                if e.weight().role == Role::Forward
                    && reached[u.index()] == stamp
                    && member[u.index()] != stamp
                {
                    member[u.index()] = stamp;
                    members.push(u);
                    stack.push(u);
                }
            }
        }
        loops.push(Loop {
            edge,
            source,
            members: first..members.len(),
        });
    }
    for edge in strays {
        graph[edge].role = Role::Stray;
    }
    (loops, members)
}
