//! The value stream as a petgraph graph: material elements as nodes, forward
//! material flows and rework flows as edges. Information flows and kaizen bursts
//! are not part of the stream.

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::{Control, DfsEvent, EdgeFiltered, EdgeRef, depth_first_search};

use crate::model::{FlowKind, Map};

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
}

#[derive(Clone, Copy, Debug)]
pub struct Link {
    /// Index of the flow in `map.flows`.
    pub flow: usize,
    pub role: Role,
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
    /// Strongly connected components over forward and rework edges (the loops),
    /// in topological order.
    pub components: Vec<Vec<NodeIndex>>,
    /// Component of each node, indexing `components`.
    pub component_of: Vec<usize>,
}

impl<'m> StreamGraph<'m> {
    /// Builds the graph in O(V + E). Flows that name unknown elements are skipped
    /// (validation refuses them in files; the editor never makes them).
    pub fn build(map: &'m Map) -> Self {
        let mut graph = DiGraph::with_capacity(map.elements.len(), map.flows.len());
        let mut node_of_element = Vec::with_capacity(map.elements.len());
        let mut by_id: HashMap<&str, NodeIndex> = HashMap::with_capacity(map.elements.len());
        for (index, element) in map.elements.iter().enumerate() {
            if element.kind.is_material() {
                let node = graph.add_node(index);
                by_id.insert(element.id.as_str(), node);
                node_of_element.push(Some(node));
            } else {
                node_of_element.push(None);
            }
        }
        for (index, flow) in map.flows.iter().enumerate() {
            let role = match flow.kind {
                FlowKind::Rework(_) => Role::Rework,
                ref kind if kind.is_forward_material() => Role::Forward,
                _ => continue,
            };
            if let (Some(&from), Some(&to)) =
                (by_id.get(flow.from.as_str()), by_id.get(flow.to.as_str()))
            {
                graph.add_edge(from, to, Link { flow: index, role });
            }
        }
        let order = order_and_mark_cycles(&mut graph);
        let mut position = vec![0; graph.node_count()];
        for (rank, node) in order.iter().enumerate() {
            position[node.index()] = rank;
        }
        let (components, component_of) = loops_and_mark_strays(&mut graph);
        StreamGraph {
            map,
            graph,
            node_of_element,
            order,
            position,
            components,
            component_of,
        }
    }

    pub fn element_index(&self, node: NodeIndex) -> usize {
        self.graph[node]
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

/// Depth-first search over forward edges: the reverse finishing order is a
/// topological order, and every back edge closes a loop that is not marked as
/// rework. Back edges are re-labelled `Cyclic` so later passes ignore them.
fn order_and_mark_cycles(graph: &mut DiGraph<usize, Link>) -> Vec<NodeIndex> {
    let mut finished = Vec::with_capacity(graph.node_count());
    let mut back_edges = Vec::new();
    {
        let forward = EdgeFiltered::from_fn(&*graph, |e| e.weight().role == Role::Forward);
        depth_first_search(&forward, graph.node_indices(), |event| {
            match event {
                DfsEvent::BackEdge(from, to) => back_edges.push((from, to)),
                DfsEvent::Finish(node, _) => finished.push(node),
                _ => {}
            }
            Control::<()>::Continue
        });
    }
    for (from, to) in back_edges {
        let cyclic: Vec<EdgeIndex> = graph
            .edges_connecting(from, to)
            .filter(|e| e.weight().role == Role::Forward)
            .map(|e| e.id())
            .collect();
        for edge in cyclic {
            graph[edge].role = Role::Cyclic;
        }
    }
    finished.reverse();
    finished
}

/// The loops of the stream: strongly connected components over forward and
/// rework edges, in topological order. A rework edge between two components
/// does not close a loop (its target never leads back to its sender), so it is
/// re-labelled `Stray` and ignored.
fn loops_and_mark_strays(graph: &mut DiGraph<usize, Link>) -> (Vec<Vec<NodeIndex>>, Vec<usize>) {
    let mut components = {
        let live = EdgeFiltered::from_fn(&*graph, |e| {
            matches!(e.weight().role, Role::Forward | Role::Rework)
        });
        tarjan_scc(&live)
    };
    components.reverse(); // tarjan_scc yields reverse topological order
    let mut component_of = vec![0; graph.node_count()];
    for (c, members) in components.iter().enumerate() {
        for v in members {
            component_of[v.index()] = c;
        }
    }
    let strays: Vec<EdgeIndex> = graph
        .edge_references()
        .filter(|e| {
            e.weight().role == Role::Rework
                && component_of[e.source().index()] != component_of[e.target().index()]
        })
        .map(|e| e.id())
        .collect();
    for edge in strays {
        graph[edge].role = Role::Stray;
    }
    (components, component_of)
}
