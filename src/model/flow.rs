//! Flows between elements: material (push, pull, FIFO, shipment), information,
//! and rework loops.

use serde::{Deserialize, Serialize};

use super::element::ElementKind;
use super::units::Duration;

/// An arrow from one element to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: String,
    pub from: String,
    pub to: String,
    pub kind: FlowKind,
}

/// The kind of an arrow, with the data that belongs to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// Material pushed to the next element (striped arrow).
    Push,
    /// Material pulled from a supermarket.
    Pull(Pull),
    /// A first-in-first-out lane with an optional limit.
    Fifo(Fifo),
    /// A truck shipment.
    Shipment(Shipment),
    /// Information passed by hand (paper, phone, meeting).
    ManualInfo,
    /// Information passed electronically (zig-zag arrow).
    ElectronicInfo,
    /// Work sent back to an earlier element.
    Rework(Rework),
}

impl FlowKind {
    /// Material flows carry the unit forward; information flows and rework do not.
    pub fn is_forward_material(&self) -> bool {
        matches!(
            self,
            FlowKind::Push | FlowKind::Pull(_) | FlowKind::Fifo(_) | FlowKind::Shipment(_)
        )
    }

    /// Every kind, empty of data, in the order menus offer them.
    pub fn all() -> [FlowKind; 7] {
        [
            FlowKind::Push,
            FlowKind::Pull(Pull::default()),
            FlowKind::Fifo(Fifo::default()),
            FlowKind::Shipment(Shipment::default()),
            FlowKind::ManualInfo,
            FlowKind::ElectronicInfo,
            FlowKind::Rework(Rework::default()),
        ]
    }

    /// The kind's name in files.
    pub fn key(&self) -> &'static str {
        match self {
            FlowKind::Push => "push",
            FlowKind::Pull(_) => "pull",
            FlowKind::Fifo(_) => "fifo",
            FlowKind::Shipment(_) => "shipment",
            FlowKind::ManualInfo => "manual_info",
            FlowKind::ElectronicInfo => "electronic_info",
            FlowKind::Rework(_) => "rework",
        }
    }

    /// An empty kind from its name in files.
    pub fn from_key(key: &str) -> Option<FlowKind> {
        FlowKind::all().into_iter().find(|k| k.key() == key)
    }

    pub fn label(&self) -> &'static str {
        match self {
            FlowKind::Push => "push",
            FlowKind::Pull(_) => "pull",
            FlowKind::Fifo(_) => "FIFO lane",
            FlowKind::Shipment(_) => "shipment",
            FlowKind::ManualInfo => "manual information",
            FlowKind::ElectronicInfo => "electronic information",
            FlowKind::Rework(_) => "rework",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pull {
    /// Units held in the supermarket; waiting time by Little's law.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supermarket_quantity: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fifo {
    /// Most units the lane may hold: caps the wait before the next step at limit / daily demand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Shipment {
    /// Time in transit; counts as waiting time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transit: Option<Duration>,
    /// Shipments per working day (informational, shown on the truck).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_day: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rework {
    /// Chance a unit is sent back (0 <= p < 1). When unset: 1 - %C&A of the sending step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}

impl Rework {
    /// The chance a unit is sent back by `sender`: the flow's own probability, or
    /// 1 - %C&A of a sending process step (0 from any other element).
    pub fn probability_from(&self, sender: Option<&ElementKind>) -> f64 {
        self.probability.unwrap_or_else(|| match sender {
            Some(ElementKind::Process(step)) => 1.0 - step.pct_ca_fraction(),
            _ => 0.0,
        })
    }
}
