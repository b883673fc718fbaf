//! How a flow is drawn between two symbols, as pure arithmetic: its path, the
//! marker on it (supermarket, FIFO lane, truck) and its label, each with the box
//! it covers. The canvas draws from it and the auto-layout makes room for it,
//! so what is measured is what is drawn.

use super::geometry::{Bounds, flow_ends};
use crate::analysis::format;
use crate::model::{Flow, FlowKind};

/// Flow labels are 11 px text (style/main.css `.flow-label`); this is a
/// generous average advance per character, so estimates err wide.
const LABEL_CHAR_WIDTH: f64 = 6.2;
/// The label's extent above and below its baseline.
const LABEL_ASCENT: f64 = 10.0;
const LABEL_DESCENT: f64 = 3.0;

#[derive(Clone, Debug, PartialEq)]
pub struct FlowShape {
    /// The SVG path of the line.
    pub path: String,
    /// The midpoint of a straight flow, where its marker sits.
    pub middle: (f64, f64),
    /// The label's text and its anchor (centre of the baseline).
    pub label: Option<(String, (f64, f64))>,
}

/// The marker a flow kind draws on its midpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Supermarket,
    Fifo,
    Truck,
}

impl Marker {
    pub fn of(kind: &FlowKind) -> Option<Marker> {
        match kind {
            FlowKind::Pull(_) => Some(Marker::Supermarket),
            FlowKind::Fifo(_) => Some(Marker::Fifo),
            FlowKind::Shipment(_) => Some(Marker::Truck),
            _ => None,
        }
    }

    /// The marker's box around the midpoint `(x, y)` (the truck rides above the line).
    pub fn bounds(self, (x, y): (f64, f64)) -> Bounds {
        let (left, top, width, height) = match self {
            Marker::Supermarket => (x - 12.0, y - 16.0, 24.0, 32.0),
            Marker::Fifo => (x - 22.0, y - 9.0, 44.0, 18.0),
            Marker::Truck => (x - 14.0, y - 34.0, 28.0, 17.0),
        };
        Bounds {
            x: left,
            y: top,
            width,
            height,
        }
    }
}

/// The text a flow shows beside its line, if any.
pub fn flow_label(kind: &FlowKind) -> Option<String> {
    match kind {
        FlowKind::Fifo(fifo) => fifo
            .limit
            .map(|limit| format!("max {}", format::number(limit))),
        FlowKind::Pull(pull) => pull
            .supermarket_quantity
            .map(|q| format!("{} in supermarket", format::number(q))),
        FlowKind::Shipment(shipment) => shipment.transit.as_ref().map(|transit| {
            match crate::analysis::format::time_text(transit) {
                (time, Some(range)) => format!("{time} ({range}) in transit"),
                (time, None) => format!("{time} in transit"),
            }
        }),
        FlowKind::Rework(rework) => Some(match rework.probability {
            Some(p) => format!("rework {}", format::percent(p)),
            None => "rework (1 \u{2212} %C&A)".to_string(),
        }),
        _ => None,
    }
}

/// The box a label covers, centred on the baseline anchor `(x, y)`.
pub fn label_bounds(text: &str, (x, y): (f64, f64)) -> Bounds {
    let width = text.chars().count() as f64 * LABEL_CHAR_WIDTH;
    Bounds {
        x: x - width / 2.0,
        y: y - LABEL_ASCENT,
        width,
        height: LABEL_ASCENT + LABEL_DESCENT,
    }
}

/// How far above the higher of its ends a rework arc's label reaches: the arc
/// climbs with the distance it spans, so long loops clear more.
/// `from_x` and `to_x` are the centres of its ends.
pub fn rework_rise(from_x: f64, to_x: f64) -> f64 {
    60.0 + (from_x - to_x).abs() * 0.08
}

/// Information flows run this far above the higher of their ends.
pub const INFO_RISE: f64 = 45.0;

/// The shape of `flow` drawn from the symbol `from` to the symbol `to`.
pub fn flow_shape(flow: &Flow, from: &Bounds, to: &Bounds) -> FlowShape {
    let ((x1, y1), (x2, y2)) = flow_ends(from, to);
    let middle = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let text = flow_label(&flow.kind);
    let (fx, _) = from.center();
    let (tx, _) = to.center();
    let (path, label_at) = match flow.kind {
        FlowKind::Rework(_) => {
            // A curved back-arrow over the elements it loops around.
            let top = from.y.min(to.y) - rework_rise(fx, tx);
            (
                format!("M {fx} {} C {fx} {top}, {tx} {top}, {tx} {}", from.y, to.y),
                ((fx + tx) / 2.0, top + 14.0),
            )
        }
        FlowKind::ManualInfo | FlowKind::ElectronicInfo => {
            // Information travels over the top of the map, as on a paper VSM.
            let top = from.y.min(to.y) - INFO_RISE;
            let across = if matches!(flow.kind, FlowKind::ElectronicInfo) {
                // The zig-zag of an electronic signal, in the middle of the top run.
                let mid = (fx + tx) / 2.0;
                let step = if tx >= fx { 8.0 } else { -8.0 };
                format!(
                    "L {} {top} L {} {} L {} {} L {} {top} ",
                    mid - step,
                    mid,
                    top - 9.0,
                    mid,
                    top + 9.0,
                    mid + step
                )
            } else {
                String::new()
            };
            (
                format!(
                    "M {fx} {} L {fx} {top} {across}L {tx} {top} L {tx} {}",
                    from.y, to.y
                ),
                ((fx + tx) / 2.0, top - 12.0),
            )
        }
        // A supermarket or FIFO lane sits on the midpoint: the label goes under it.
        FlowKind::Pull(_) | FlowKind::Fifo(_) => (
            format!("M {x1} {y1} L {x2} {y2}"),
            (middle.0, middle.1 + 30.0),
        ),
        _ => (
            format!("M {x1} {y1} L {x2} {y2}"),
            (middle.0, middle.1 - 8.0),
        ),
    };
    FlowShape {
        path,
        middle,
        label: text.map(|t| (t, label_at)),
    }
}

/// The boxes a flow draws beside its line: its marker and its label.
pub fn flow_clutter(flow: &Flow, from: &Bounds, to: &Bounds) -> Vec<Bounds> {
    let shape = flow_shape(flow, from, to);
    Marker::of(&flow.kind)
        .map(|m| m.bounds(shape.middle))
        .into_iter()
        .chain(shape.label.map(|(text, at)| label_bounds(&text, at)))
        .collect()
}
