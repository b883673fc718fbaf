//! First-pass times of each node and each flow: process times on steps, waits on
//! inventories (measured, or by Little's law), and waits on flows (supermarket,
//! FIFO lane, shipment in transit).

use petgraph::graph::NodeIndex;

use super::graph::{Role, StreamGraph};
use super::takt::littles_law_wait;
use crate::model::{ElementKind, FlowKind};

pub struct Times {
    /// Seconds each node adds to a path, once.
    pub node: Vec<f64>,
    /// Seconds each forward edge adds to a path, once (indexed by edge).
    pub edge: Vec<f64>,
    /// Nodes whose time is unknown (counted as 0).
    pub missing: Vec<NodeIndex>,
}

pub fn first_pass_times(stream: &StreamGraph) -> Times {
    let map = stream.map;
    let graph = &stream.graph;
    let mut missing = Vec::new();
    let node = graph
        .node_indices()
        .map(|v| {
            let element = &map.elements[stream.element_index(v)];
            let time = match &element.kind {
                ElementKind::Process(step) => step.touch_seconds(&map.calendar),
                ElementKind::Inventory(inventory) => {
                    let wait = inventory
                        .wait
                        .map(|w| w.seconds(&map.calendar))
                        .or_else(|| inventory.quantity.and_then(|q| littles_law_wait(map, q)));
                    wait.map(|w| fifo_cap(stream, v).map_or(w, |cap| w.min(cap)))
                }
                _ => Some(0.0),
            };
            time.unwrap_or_else(|| {
                missing.push(v);
                0.0
            })
        })
        .collect();
    let edge = graph
        .edge_indices()
        .map(|e| {
            let link = stream.link(e);
            if link.role != Role::Forward {
                return 0.0;
            }
            let (from, _) = stream.endpoints(e);
            let from_inventory = matches!(
                map.elements[stream.element_index(from)].kind,
                ElementKind::Inventory(_)
            );
            match &map.flows[link.flow].kind {
                FlowKind::Pull(pull) => pull
                    .supermarket_quantity
                    .and_then(|q| littles_law_wait(map, q))
                    .unwrap_or(0.0),
                // A full lane is the worst case; an inventory before the lane already counts its wait.
                FlowKind::Fifo(fifo) if !from_inventory => fifo
                    .limit
                    .and_then(|limit| littles_law_wait(map, limit))
                    .unwrap_or(0.0),
                FlowKind::Shipment(shipment) => shipment
                    .transit
                    .map(|t| t.seconds(&map.calendar))
                    .unwrap_or(0.0),
                _ => 0.0,
            }
        })
        .collect();
    Times {
        node,
        edge,
        missing,
    }
}

/// The most an inventory can wait when it feeds a FIFO lane with a limit: limit / daily demand.
fn fifo_cap(stream: &StreamGraph, inventory: NodeIndex) -> Option<f64> {
    let map = stream.map;
    stream
        .forward_out(inventory)
        .filter_map(|e| match &map.flows[stream.link(e).flow].kind {
            FlowKind::Fifo(fifo) => fifo.limit.and_then(|limit| littles_law_wait(map, limit)),
            _ => None,
        })
        .reduce(f64::min)
}
