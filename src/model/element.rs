//! The elements of a value stream map: process steps, inventories, the supplier
//! and the customer, and kaizen bursts.

use serde::{Deserialize, Serialize};

use super::units::{Calendar, Duration};

/// One symbol on the map, with a stable string id and a position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    /// Stable id, unique within its map (letters, digits, `-`, `_`, `.`).
    pub id: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// In a future-state map: the id of the current-state element this one was copied from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    pub kind: ElementKind,
}

/// What an element is, with the data that belongs to that kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    Process(ProcessStep),
    Inventory(Inventory),
    Supplier,
    Customer,
    Kaizen(Kaizen),
}

impl ElementKind {
    /// Whether material moves through this element (kaizen bursts are annotations).
    pub fn is_material(&self) -> bool {
        !matches!(self, ElementKind::Kaizen(_))
    }

    /// A short, human name of the kind.
    pub fn label(&self) -> &'static str {
        match self {
            ElementKind::Process(_) => "process step",
            ElementKind::Inventory(_) => "inventory",
            ElementKind::Supplier => "supplier",
            ElementKind::Customer => "customer",
            ElementKind::Kaizen(_) => "kaizen burst",
        }
    }
}

/// A process box and its data box.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProcessStep {
    /// The role or team doing the work.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Value-adding touch time per unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process_time: Option<Duration>,
    /// Time between two units leaving the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cycle_time: Option<Duration>,
    /// Time to switch from one product or batch to the next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changeover_time: Option<Duration>,
    /// Percentage of available time the step can work (0 < uptime <= 100); 100 when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uptime_pct: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shifts: Option<f64>,
    /// Every part every: how often the step runs each product. Without a batch
    /// size, the batch is daily demand x EPE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub epe: Option<Duration>,
    /// Units per batch; a changeover is shared by the batch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<f64>,
    /// Percent complete and accurate (0-100): the share of output the next step can use as is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pct_ca: Option<f64>,
    /// Parallel servers (people or machines doing this step side by side). 1 when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<f64>,
    /// The pacemaker: the one step scheduled to the customer's pace (a future-state choice).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pacemaker: bool,
}

impl ProcessStep {
    /// Process time in seconds; falls back to cycle time when only that is known.
    pub fn touch_seconds(&self, calendar: &Calendar) -> Option<f64> {
        self.process_time
            .as_ref()
            .or(self.cycle_time.as_ref())
            .map(|d| d.seconds(calendar))
    }

    /// Cycle time in seconds; falls back to process time when only that is known.
    pub fn cycle_seconds(&self, calendar: &Calendar) -> Option<f64> {
        self.cycle_time
            .as_ref()
            .or(self.process_time.as_ref())
            .map(|d| d.seconds(calendar))
    }

    pub fn uptime_fraction(&self) -> f64 {
        self.uptime_pct.unwrap_or(100.0) / 100.0
    }

    pub fn pct_ca_fraction(&self) -> f64 {
        self.pct_ca.unwrap_or(100.0) / 100.0
    }

    pub fn servers(&self) -> f64 {
        self.capacity.unwrap_or(1.0)
    }
}

/// An inventory triangle or queue: a quantity waiting and/or a wait time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Inventory {
    /// Units waiting. Converted to a wait by Little's law: wait = quantity / demand per day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// A measured wait; used instead of the quantity when both are given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<Duration>,
}

/// A kaizen burst: an improvement idea attached to an element.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Kaizen {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// What success looks like, for example "approval wait from 3 d to 4 h".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// The element the burst is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<String>,
}
