//! The standard VSM symbols as SVG: process box with its data box, inventory
//! triangle, supplier and customer factories, kaizen burst, and the flows.

use leptos::prelude::*;

use super::flow_shape::{Marker, flow_shape};
use super::geometry::{
    self, Bounds, DATA_LINE, FACTORY_HEIGHT, FACTORY_WIDTH, INVENTORY_HEIGHT, INVENTORY_WIDTH,
    PROCESS_HEIGHT, PROCESS_WIDTH,
};
use crate::analysis::format::{self, time_text};
use crate::model::fields::StepField;
use crate::model::{Element, ElementKind, Flow, FlowKind, Inventory, ProcessStep};

/// One row of a step's data box: "P/T  10 min (5\u{2013}300)".
pub struct DataLine {
    pub label: &'static str,
    pub value: String,
    /// The time's range, when it has a spread (what the forecast draws from).
    pub range: Option<String>,
}

/// The rows of a step's data box: only the fields that are set.
pub fn data_lines(step: &ProcessStep) -> Vec<DataLine> {
    StepField::ALL
        .into_iter()
        .filter_map(|field| {
            let (value, range) = if field.is_time() {
                field.time(step).map(time_text)?
            } else {
                let percent = matches!(field, StepField::UptimePct | StepField::PctCa);
                let value = field.number(step)?;
                let unit = if percent { "%" } else { "" };
                (format!("{}{unit}", format::number(value)), None)
            };
            Some(DataLine {
                label: field.short(),
                value,
                range,
            })
        })
        .collect()
}

/// The longest value and range a data-box row holds side by side; a longer
/// pair shows "\u{b1}" for the range (the inspector and the tooltip give it whole).
const ROW_CHARS: usize = 18;

/// Whether any time of `element` has a spread: such steps are marked on the map.
pub fn varies(element: &Element) -> bool {
    match &element.kind {
        ElementKind::Process(step) => StepField::ALL
            .into_iter()
            .filter(|f| f.is_time())
            .any(|f| f.time(step).is_some_and(|d| d.spread.is_some())),
        ElementKind::Inventory(inventory) => {
            inventory.wait.as_ref().is_some_and(|w| w.spread.is_some())
        }
        _ => false,
    }
}

/// How many data-box rows an element draws (0 for anything but a step).
pub fn data_line_count(element: &Element) -> usize {
    match &element.kind {
        ElementKind::Process(step) => data_lines(step).len(),
        _ => 0,
    }
}

/// What a screen reader says for an element: its kind, name and key figures.
pub fn announcement(element: &Element) -> String {
    let figures: Vec<String> = match &element.kind {
        ElementKind::Process(step) => data_lines(step)
            .into_iter()
            .map(|line| match line.range {
                Some(range) => format!("{} {} (range {range})", line.label, line.value),
                None => format!("{} {}", line.label, line.value),
            })
            .collect(),
        ElementKind::Inventory(inventory) => inventory_lines(inventory),
        ElementKind::Kaizen(kaizen) => vec![kaizen.target.clone()],
        ElementKind::Supplier | ElementKind::Customer => Vec::new(),
    };
    let mut text = format!("{}: {}", element.kind.label(), element.name);
    if !figures.is_empty() {
        text.push_str(", ");
        text.push_str(&figures.join(", "));
    }
    text
}

/// The figures under an inventory triangle.
fn inventory_lines(inventory: &Inventory) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(q) = inventory.quantity {
        lines.push(format!("{} units", format::number(q)));
    }
    if let Some(wait) = &inventory.wait {
        lines.push(match time_text(wait) {
            (value, Some(range)) => format!("{value} ({range})"),
            (value, None) => value,
        });
    }
    lines
}

/// One element, drawn at its position. `critical` and `bottleneck` only change its class.
pub fn element_symbol(
    element: &Element,
    critical: bool,
    bottleneck: bool,
    selected: bool,
) -> impl IntoView + use<> {
    let kind_class = match element.kind {
        ElementKind::Process(_) => "process",
        ElementKind::Inventory(_) => "inventory",
        ElementKind::Supplier => "supplier",
        ElementKind::Customer => "customer",
        ElementKind::Kaizen(_) => "kaizen",
    };
    let class = format!(
        "element {kind_class}{}{}{}",
        if critical { " critical" } else { "" },
        if bottleneck { " bottleneck" } else { "" },
        if selected { " selected" } else { "" }
    );
    let outline = geometry::symbol_bounds(element);
    // The port a connection is dragged from, on the right edge (not on kaizen bursts).
    let port = element.kind.is_material().then(|| {
        view! { <circle class="port" data-port=element.id.clone() cx=outline.width + 2.0 cy=outline.height / 2.0 r="7" /> }
    });
    let transform = format!("translate({} {})", element.x, element.y);
    let name = element.name.clone();
    let body = match &element.kind {
        ElementKind::Process(step) => process_box(&name, step, bottleneck).into_any(),
        ElementKind::Inventory(inventory) => {
            inventory_triangle(&name, inventory_lines(inventory)).into_any()
        }
        ElementKind::Supplier | ElementKind::Customer => factory(&name).into_any(),
        ElementKind::Kaizen(kaizen) => kaizen_burst(&name, &kaizen.target).into_any(),
    };
    view! {
        <g class=class transform=transform data-id=element.id.clone() role="listitem" tabindex="0"
            data-spread=varies(element).then_some("true")
            aria-label=announcement(element) + if selected { ", selected" } else { "" }>
            <title>{format!("{} \u{2014} {}", element.name, element.kind.label())}</title>
            {body}
            {port}
        </g>
    }
}

fn process_box(name: &str, step: &ProcessStep, bottleneck: bool) -> impl IntoView + use<> {
    let lines = data_lines(step);
    let data_height = lines.len() as f64 * DATA_LINE + 8.0;
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let y = PROCESS_HEIGHT + 16.0 + i as f64 * DATA_LINE;
            let range = line.range.map(|range| {
                let fits = line.value.chars().count() + range.chars().count() <= ROW_CHARS;
                let shown = if fits { format!(" ({range})") } else { " \u{b1}".to_string() };
                view! { <tspan class="data-range" data-range=range>{shown}</tspan> }
            });
            view! {
                <text class="data-label" x="8" y=y>{line.label}</text>
                <text class="data-value" x=PROCESS_WIDTH - 8.0 y=y text-anchor="end">{line.value}{range}</text>
            }
        })
        .collect_view();
    let owner = step.owner.clone();
    view! {
        <rect class="box" width=PROCESS_WIDTH height=PROCESS_HEIGHT rx="3" />
        <line class="box-rule" x1="0" y1="34" x2=PROCESS_WIDTH y2="34" />
        <text class="name" x=PROCESS_WIDTH / 2.0 y="22" text-anchor="middle">{format::clip(name, 20)}</text>
        <text class="owner" x=PROCESS_WIDTH / 2.0 y="50" text-anchor="middle">{format::clip(&owner, 24)}</text>
        <rect class="data-box" y=PROCESS_HEIGHT width=PROCESS_WIDTH height=data_height />
        {rows}
        {bottleneck.then(|| view! { <text class="bottleneck-tag" x=PROCESS_WIDTH / 2.0 y="-8" text-anchor="middle">"bottleneck"</text> })}
        {step.pacemaker.then(|| view! {
            <text class="pacemaker-tag" x=PROCESS_WIDTH / 2.0 y=if bottleneck { -22.0 } else { -8.0 } text-anchor="middle">"pacemaker"</text>
        })}
    }
}

fn inventory_triangle(name: &str, lines: Vec<String>) -> impl IntoView + use<> {
    let w = INVENTORY_WIDTH;
    let h = INVENTORY_HEIGHT;
    let points = format!("{},0 {w},{h} 0,{h}", w / 2.0);
    let labels = std::iter::once(format::clip(name, geometry::INVENTORY_NAME_CHARS))
        .chain(lines)
        .enumerate()
        .map(|(i, text)| {
            let class = if i == 0 { "name" } else { "data-value" };
            view! { <text class=class x=w / 2.0 y=h + 15.0 + i as f64 * 14.0 text-anchor="middle">{text}</text> }
        })
        .collect_view();
    view! {
        <polygon class="triangle" points=points />
        <text class="mark" x=w / 2.0 y=h - 10.0 text-anchor="middle">"I"</text>
        {labels}
    }
}

fn factory(name: &str) -> impl IntoView + use<> {
    let (w, h) = (FACTORY_WIDTH, FACTORY_HEIGHT);
    let points = format!("0,{h} 0,26 30,8 30,26 60,8 60,26 90,8 90,26 {w},26 {w},{h}");
    view! {
        <polygon class="factory" points=points />
        <rect class="door" x=w / 2.0 - 10.0 y=h - 22.0 width="20" height="22" />
        <text class="name" x=w / 2.0 y=h + 16.0 text-anchor="middle">{format::clip(name, geometry::FACTORY_NAME_CHARS)}</text>
    }
}

fn kaizen_burst(name: &str, target: &str) -> impl IntoView + use<> {
    let (cx, cy) = (geometry::KAIZEN_WIDTH / 2.0, geometry::KAIZEN_HEIGHT / 2.0);
    // A jagged burst: alternate outer and inner radii around an ellipse, every 15
    // degrees. The unit vector is turned by a fixed rotation rather than with
    // sin and cos, which would add a trigonometry library to the wasm.
    const COS_15: f64 = 0.965_925_826_289_068_3;
    const SIN_15: f64 = 0.258_819_045_102_520_7;
    let mut direction = (1.0f64, 0.0f64);
    let points: Vec<String> = (0..24)
        .map(|i| {
            let scale = if i % 2 == 0 { 1.0 } else { 0.8 };
            let point = format!(
                "{},{}",
                format::fixed(cx + cx * scale * direction.0, 1),
                format::fixed(cy + cy * scale * direction.1, 1)
            );
            direction = (
                direction.0 * COS_15 - direction.1 * SIN_15,
                direction.0 * SIN_15 + direction.1 * COS_15,
            );
            point
        })
        .collect();
    view! {
        <polygon class="burst" points=points.join(" ") />
        <text class="name" x=cx y=cy - 2.0 text-anchor="middle">{format::clip(name, geometry::KAIZEN_NAME_CHARS)}</text>
        <text class="owner" x=cx y=cy + 12.0 text-anchor="middle">{format::clip(target, 26)}</text>
    }
}

/// A flow between the symbols `ends`, drawn by its kind and named for assistive
/// technology by the elements it joins (`names`, from and to).
pub fn flow_symbol(
    flow: &Flow,
    (from, to): (&Bounds, &Bounds),
    names: &(String, String),
    critical: bool,
    selected: bool,
) -> impl IntoView + use<> {
    let shape = flow_shape(flow, from, to);
    let (mx, my) = shape.middle;
    let kind_class = match flow.kind {
        FlowKind::Push => "push",
        FlowKind::Pull(_) => "pull",
        FlowKind::Fifo(_) => "fifo",
        FlowKind::Shipment(_) => "shipment",
        FlowKind::ManualInfo => "manual-info",
        FlowKind::ElectronicInfo => "electronic-info",
        FlowKind::Rework(_) => "rework",
    };
    let class = format!(
        "flow {kind_class}{}{}",
        if critical { " critical" } else { "" },
        if selected { " selected" } else { "" }
    );
    let path = shape.path;
    let label = shape.label;
    // (A list item cannot carry aria-selected; the selection is said in its name.)
    let announced = format!(
        "{} flow from {} to {}{}{}",
        flow.kind.label(),
        names.0,
        names.1,
        label
            .as_ref()
            .map_or(String::new(), |(text, _)| format!(", {text}")),
        if selected { ", selected" } else { "" }
    );
    view! {
        <g class=class data-flow=flow.id.clone() role="listitem" tabindex="0" aria-label=announced>
            <title>{format!("{} flow", flow.kind.label())}</title>
            <path class="hit" d=path.clone() />
            <path class="line" d=path marker-end="url(#arrow)" />
            {Marker::of(&flow.kind).map(|marker| match marker {
                Marker::Truck => truck(mx, my).into_any(),
                Marker::Supermarket => supermarket(mx, my).into_any(),
                Marker::Fifo => fifo_lane(mx, my).into_any(),
            })}
            {label.map(|(text, (x, y))| view! { <text class="flow-label" x=x y=y text-anchor="middle">{text}</text> })}
        </g>
    }
}

/// The supermarket: shelves open towards the supplying process, on the flow's midpoint.
fn supermarket(x: f64, y: f64) -> impl IntoView {
    view! {
        <g class="supermarket" transform=format!("translate({} {})", x - 12.0, y - 16.0)>
            <rect class="backdrop" width="24" height="32" />
            <path d="M 0 0 H 24 V 32 H 0 M 0 10.7 H 24 M 0 21.3 H 24" />
        </g>
    }
}

/// The FIFO lane: a box with FIFO written in it, on the flow's midpoint.
fn fifo_lane(x: f64, y: f64) -> impl IntoView {
    view! {
        <g class="fifo-lane" transform=format!("translate({} {})", x - 22.0, y - 9.0)>
            <rect width="44" height="18" />
            <text x="22" y="13" text-anchor="middle">"FIFO"</text>
        </g>
    }
}

/// The shipment truck, centred above a flow's midpoint.
fn truck(x: f64, y: f64) -> impl IntoView {
    view! {
        <g class="truck" transform=format!("translate({} {})", x - 14.0, y - 34.0)>
            <rect width="18" height="12" />
            <path d="M 18 3 L 24 3 L 28 8 L 28 12 L 18 12 Z" />
            <circle cx="6" cy="14" r="3" />
            <circle cx="22" cy="14" r="3" />
        </g>
    }
}
