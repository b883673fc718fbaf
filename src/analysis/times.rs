//! First-pass times of each node and each flow: process times on steps, waits on
//! inventories, and waits on flows (supermarket, FIFO lane, shipment in transit).
//!
//! A pull or FIFO flow next to an inventory *is* that inventory's queue, so its
//! wait is counted once, on the inventory: the inventory's own figure counts
//! (measured wait, else quantity by Little's law), else the flow's (supermarket
//! quantity, or a full FIFO lane), and a FIFO limit caps it. Between two steps
//! the flow's own wait counts. A shipment's transit always counts.

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::graph::{Role, StreamGraph};
use super::takt::littles_law_wait;
use crate::model::{ElementKind, FlowKind, Inventory, Map};

/// Where an inventory's wait comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitBasis {
    /// The measured wait entered on the inventory.
    Measured,
    /// The quantity, by Little's law (quantity / daily demand).
    Quantity,
    /// The supermarket quantity of the pull flow beside it, by Little's law.
    Supermarket,
    /// A full FIFO lane beside it: limit / daily demand.
    FifoLane,
    /// Nothing to go by: counted as 0.
    Missing,
}

/// How an inventory's wait was found, to say it where it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct InventoryWait {
    pub basis: WaitBasis,
    /// The wait before any FIFO cap, in seconds.
    pub uncapped: f64,
    /// The FIFO limit's wait when it shortened the inventory's wait.
    pub capped_by_fifo: Option<f64>,
    /// A quantity entered but not used for the wait (a measured wait was given).
    pub quantity_not_used: bool,
}

pub struct Times {
    /// Seconds each node adds to a path, once.
    pub node: Vec<f64>,
    /// Seconds each forward edge adds to a path, once (indexed by edge).
    pub edge: Vec<f64>,
    /// How each inventory's wait was found (`None` for other nodes).
    pub inventory: Vec<Option<InventoryWait>>,
    /// Nodes whose time is unknown (counted as 0).
    pub missing: Vec<NodeIndex>,
}

pub fn first_pass_times(stream: &StreamGraph) -> Times {
    let map = stream.map;
    let graph = &stream.graph;
    let mut missing = Vec::new();
    let mut node = Vec::with_capacity(graph.node_count());
    let mut inventory_waits = Vec::with_capacity(graph.node_count());
    for v in graph.node_indices() {
        let element = &map.elements[stream.element_index(v)];
        let (time, how) = match &element.kind {
            ElementKind::Process(step) => (step.touch_seconds(&map.calendar), None),
            ElementKind::Inventory(inventory) => {
                let how = inventory_wait(stream, v, inventory);
                let time = how.capped_by_fifo.unwrap_or(how.uncapped);
                ((how.basis != WaitBasis::Missing).then_some(time), Some(how))
            }
            _ => (Some(0.0), None),
        };
        node.push(time.unwrap_or_else(|| {
            missing.push(v);
            0.0
        }));
        inventory_waits.push(how);
    }
    let is_inventory = |v: NodeIndex| {
        matches!(
            map.elements[stream.element_index(v)].kind,
            ElementKind::Inventory(_)
        )
    };
    let edge = graph
        .edge_indices()
        .map(|e| {
            let link = stream.link(e);
            if link.role != Role::Forward {
                return 0.0;
            }
            let (from, to) = stream.endpoints(e);
            let beside_inventory = is_inventory(from) || is_inventory(to);
            match &map.flows[link.flow].kind {
                FlowKind::Pull(pull) if !beside_inventory => pull
                    .supermarket_quantity
                    .and_then(|q| littles_law_wait(map, q))
                    .unwrap_or(0.0),
                // A full lane is the worst case.
                FlowKind::Fifo(fifo) if !beside_inventory => fifo
                    .limit
                    .and_then(|limit| littles_law_wait(map, limit))
                    .unwrap_or(0.0),
                FlowKind::Shipment(shipment) => shipment
                    .transit
                    .as_ref()
                    .map(|t| t.seconds(&map.calendar))
                    .unwrap_or(0.0),
                _ => 0.0,
            }
        })
        .collect();
    Times {
        node,
        edge,
        inventory: inventory_waits,
        missing,
    }
}

/// An inventory's wait: its own figure first, else the pull or FIFO flow beside
/// it; capped by the shortest FIFO lane beside it.
fn inventory_wait(stream: &StreamGraph, v: NodeIndex, inventory: &Inventory) -> InventoryWait {
    let map = stream.map;
    let mut supermarket: Option<f64> = None;
    let mut lane: Option<f64> = None;
    for direction in [Direction::Incoming, Direction::Outgoing] {
        for e in stream.graph.edges_directed(v, direction) {
            if e.weight().role != Role::Forward {
                continue;
            }
            match &map.flows[e.weight().flow].kind {
                FlowKind::Pull(pull) => {
                    if let Some(wait) = pull
                        .supermarket_quantity
                        .and_then(|q| littles_law_wait(map, q))
                    {
                        supermarket = Some(supermarket.map_or(wait, |s| s.max(wait)));
                    }
                }
                FlowKind::Fifo(fifo) => {
                    if let Some(wait) = fifo.limit.and_then(|l| littles_law_wait(map, l)) {
                        lane = Some(lane.map_or(wait, |s| s.min(wait)));
                    }
                }
                _ => {}
            }
        }
    }
    let own_quantity = inventory.quantity.and_then(|q| littles_law_wait(map, q));
    let (basis, uncapped) = if let Some(wait) = &inventory.wait {
        (WaitBasis::Measured, wait.seconds(&map.calendar))
    } else if let Some(wait) = own_quantity {
        (WaitBasis::Quantity, wait)
    } else if let Some(wait) = supermarket {
        (WaitBasis::Supermarket, wait)
    } else if let Some(wait) = lane {
        (WaitBasis::FifoLane, wait)
    } else {
        (WaitBasis::Missing, 0.0)
    };
    InventoryWait {
        basis,
        uncapped,
        capped_by_fifo: lane.filter(|&cap| cap < uncapped),
        quantity_not_used: inventory.wait.is_some() && inventory.quantity.is_some(),
    }
}

impl InventoryWait {
    /// How the wait was found, in words, for the inspector and the report.
    pub fn explain(&self, map: &Map, quantity: Option<f64>) -> String {
        use super::format::{duration, number};
        let mut text = match self.basis {
            WaitBasis::Measured => "the measured wait counts".to_string(),
            WaitBasis::Quantity => format!(
                "quantity {} \u{f7} daily demand {} (Little\u{2019}s law)",
                number(quantity.unwrap_or_default()),
                number(map.demand.per_day(&map.calendar))
            ),
            WaitBasis::Supermarket => {
                "the supermarket quantity of the pull flow beside it, by Little\u{2019}s law"
                    .to_string()
            }
            WaitBasis::FifoLane => {
                "a full FIFO lane beside it: limit \u{f7} daily demand".to_string()
            }
            WaitBasis::Missing => {
                "no wait, and no quantity with customer demand to convert: counted as 0".to_string()
            }
        };
        if self.quantity_not_used {
            text.push_str(&format!(
                "; the quantity of {} gives the inventory days only",
                number(quantity.unwrap_or_default())
            ));
        }
        if let Some(cap) = self.capped_by_fifo {
            text.push_str(&format!(
                "; capped by the FIFO lane\u{2019}s limit at {}",
                duration(cap, &map.calendar)
            ));
        }
        text
    }
}
