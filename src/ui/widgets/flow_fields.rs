//! A flow's editable fields, shared by the inspector and the table: its kind,
//! and the parameters that kind has (FIFO limit, supermarket quantity, transit
//! and shipments per day, rework probability). One set of editors, one edit
//! path: each change is one undoable `ReplaceFlow`, typing merged into one step.

use leptos::prelude::*;

use super::fields::{NumberInput, RANGE_HELP, SpreadInput, TimeInput};
use crate::model::fields;
use crate::model::{Duration, Edit, Flow, FlowKind};
use crate::ui::state::Store;

/// A change to a flow, made by one field.
type FlowChange = Box<dyn FnOnce(&mut Flow)>;

/// Applies `change` to the flow `id` as one edit (merged with the previous
/// change of the same `key`, so typing a value is one step of history).
fn updater(store: Store, id: String) -> impl Fn(&'static str, FlowChange) + Clone + 'static {
    move |key: &'static str, change: FlowChange| {
        let Some((index, mut flow)) = store.with_map_untracked(|i, m| {
            m.flows.iter().find(|f| f.id == id).cloned().map(|f| (i, f))
        }) else {
            return;
        };
        change(&mut flow);
        let merge = format!("{}/{key}", flow.id);
        store.edit_merged(Edit::ReplaceFlow { map: index, flow }, &merge);
    }
}

/// The flow's kind, as a choice of every kind (`label` names it for assistive technology).
pub fn flow_kind_select(store: Store, id: String, label: String) -> impl IntoView {
    let key = id.clone();
    let flow = Memo::new(move |_| store.flow(&key));
    let update = updater(store, id);
    let change_kind = {
        let update = update.clone();
        move |ev: leptos::ev::Event| {
            if let Some(kind) = FlowKind::from_key(&event_target_value(&ev)) {
                update("kind", Box::new(move |f| f.kind = kind));
            }
        }
    };
    let kind_options = move || {
        let current = flow.get().map(|f| f.kind.key()).unwrap_or_default();
        FlowKind::all()
            .into_iter()
            .map(|k| view! { <option value=k.key() selected=k.key() == current>{k.label()}</option> })
            .collect_view()
    };
    view! { <select on:change=change_kind data-field="flow-kind" aria-label=label>{kind_options}</select> }
}

/// The fields of the flow's kind, each labelled (none for a push or an information flow).
pub fn flow_parameters(store: Store, id: String) -> impl IntoView {
    let key = id.clone();
    let flow = Memo::new(move |_| store.flow(&key));
    let update = updater(store, id);
    let number = move |get: fn(&FlowKind) -> Option<f64>| {
        Signal::derive(move || flow.get().and_then(|f| get(&f.kind)))
    };
    let setter = {
        let update = update.clone();
        move |key: &'static str, put: fn(&mut FlowKind, Option<f64>)| {
            let update = update.clone();
            move |value: Option<f64>| update(key, Box::new(move |f| put(&mut f.kind, value)))
        }
    };
    let transit = Signal::derive(move || match flow.get().map(|f| f.kind) {
        Some(FlowKind::Shipment(s)) => s.transit,
        _ => None,
    });
    // The transit and its range are one field of the document, edited apart
    // (each its own undo step).
    let set_transit = {
        let update = update.clone();
        move |key: &'static str| {
            let update = update.clone();
            move |value: Option<Duration>| {
                update(
                    key,
                    Box::new(move |f| {
                        if let FlowKind::Shipment(s) = &mut f.kind {
                            s.transit = value;
                        }
                    }),
                )
            }
        }
    };
    let kind_key = Memo::new(move |_| flow.get().map(|f| f.kind.key()));
    move || {
        match kind_key.get() {
        Some("fifo") => view! {
            <label class="field" title="The most units the lane holds: the wait before the next step is at most limit \u{f7} demand.">
                <span class="field-label">"FIFO limit (units)"</span>
                <NumberInput value=number(|k| match k { FlowKind::Fifo(f) => f.limit, _ => None }) range=fields::AMOUNT
                    on_commit=setter("limit", |k, v| if let FlowKind::Fifo(f) = k { f.limit = v }) label="FIFO limit" field="limit" />
            </label>
        }
        .into_any(),
        Some("pull") => view! {
            <label class="field" title="Units kept in the supermarket: the wait is quantity \u{f7} demand.">
                <span class="field-label">"Supermarket quantity"</span>
                <NumberInput value=number(|k| match k { FlowKind::Pull(p) => p.supermarket_quantity, _ => None }) range=fields::AMOUNT
                    on_commit=setter("supermarket_quantity", |k, v| if let FlowKind::Pull(p) = k { p.supermarket_quantity = v }) label="Supermarket quantity" field="supermarket_quantity" />
            </label>
        }
        .into_any(),
        Some("shipment") => view! {
            <label class="field" title="Time in transit, added to the lead time.">
                <span class="field-label">"Transit"</span>
                <TimeInput value=transit range=fields::AMOUNT on_commit=set_transit("transit") label="Transit" field="transit" />
            </label>
            <label class="field" title=RANGE_HELP>
                <span class="field-label">"Transit range"</span>
                <SpreadInput time=transit on_commit=set_transit("transit_spread") label="Transit range (min/likely/max)" field="transit_spread" />
            </label>
            <label class="field">
                <span class="field-label">"Shipments per day"</span>
                <NumberInput value=number(|k| match k { FlowKind::Shipment(s) => s.per_day, _ => None }) range=fields::AMOUNT
                    on_commit=setter("per_day", |k, v| if let FlowKind::Shipment(s) = k { s.per_day = v }) label="Shipments per day" field="per_day" />
            </label>
        }
        .into_any(),
        Some("rework") => view! {
            <label class="field" title="The share of units sent back, in percent. Empty: 100% \u{2212} %C&A of the step it leaves.">
                <span class="field-label">"Rework (%)"</span>
                <NumberInput value=number(|k| match k { FlowKind::Rework(r) => r.probability.map(fields::as_percent), _ => None }) range=fields::PROBABILITY_PERCENT
                    on_commit=setter("probability", |k, v| if let FlowKind::Rework(r) = k { r.probability = v.map(|v| v / 100.0) }) label="Rework probability (%)" field="probability" />
            </label>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
