//! What a value stream map is: the document, its maps, elements, flows and units.
//! No browser types live here.

pub mod capture;
mod document;
mod edit;
mod element;
pub mod fields;
mod flow;
pub mod generate;
pub mod ops;
pub mod order;
mod units;

pub use document::{Document, FORMAT_NAME, FORMAT_VERSION, Map, MapState, Meta};
pub use edit::{Edit, EditError, History};
pub use element::{Element, ElementKind, Inventory, Kaizen, ProcessStep};
pub use flow::{Fifo, Flow, FlowKind, Pull, Rework, Shipment};
pub use units::{
    Calendar, Demand, Duration, Period, QUANTILES, Shape, Spread, ThreePoint, TimeUnit,
};
