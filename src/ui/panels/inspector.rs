//! The inspector: every field of what is selected (an element, a flow, or the
//! map's settings when nothing is), each edit going through the store's history.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::metrics::effective_cycle_time;
use crate::analysis::format;
use crate::analysis::format::Time;
use crate::model::fields::{self, StepField};
use crate::model::{Duration, Edit, Element, ElementKind, Period};
use crate::ui::actions;
use crate::ui::state::Store;
use crate::ui::widgets::fields::{
    NumberInput, RANGE_HELP, SpreadInput, TextInput, TextProp, TimeInput, element_text_input,
    step_field_editor,
};
use crate::ui::widgets::flow_fields::{flow_kind_select, flow_parameters};

/// What the inspector shows; a memo of it re-renders only when this changes.
#[derive(Clone, Debug, PartialEq)]
enum Inspected {
    Map,
    Element(String),
    Flow(String),
    Many(usize),
}

#[component]
pub fn Inspector() -> impl IntoView {
    let store = expect_context::<Store>();
    let inspected = Memo::new(move |_| {
        let selection = store.selection.get();
        match selection.as_slice() {
            [] => Inspected::Map,
            [id] => store.with_map(|m| {
                if m.element(id).is_some() {
                    Inspected::Element(id.clone())
                } else if m.flows.iter().any(|f| &f.id == id) {
                    Inspected::Flow(id.clone())
                } else {
                    Inspected::Map
                }
            }),
            many => Inspected::Many(many.len()),
        }
    });
    let body = move || match inspected.get() {
        Inspected::Map => view! { <MapSettings /> }.into_any(),
        Inspected::Element(id) => view! { <ElementInspector id=id /> }.into_any(),
        Inspected::Flow(id) => view! { <FlowInspector id=id /> }.into_any(),
        Inspected::Many(count) => view! { <ManySelected count=count /> }.into_any(),
    };
    view! {
        <section class="inspector" aria-label="Inspector">{body}</section>
    }
}

/// One element's current state, tracked by id.
fn element_memo(store: Store, id: String) -> Memo<Option<Element>> {
    Memo::new(move |_| store.element(&id))
}

/// A labelled field of one element's text.
fn text_field(
    store: Store,
    id: &str,
    prop: TextProp,
    node_ref: NodeRef<leptos::html::Input>,
) -> impl IntoView + use<> {
    view! {
        <label class="field">
            <span class="field-label">{prop.label()}</span>
            {element_text_input(store, id.to_string(), prop, prop.label().to_string(), node_ref)}
        </label>
    }
}

#[component]
fn ElementInspector(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let element = element_memo(store, id.clone());
    let Some(initial) = element.get_untracked() else {
        return ().into_any();
    };

    // After a quick add, the name takes the focus with its text selected, ready to be typed over.
    let name_ref = NodeRef::<leptos::html::Input>::new();
    {
        let id = id.clone();
        let initial_name = initial.name.clone();
        Effect::new(move |_| {
            if store.focus_name.get().as_deref() == Some(id.as_str())
                && let Some(input) = name_ref.get()
            {
                store.focus_name.set(None);
                // At once, not at the next frame: keys typed straight after Ctrl+Enter
                // must land in the new name, not on the page (where they are shortcuts).
                // The name may not be in the field yet: put it there to be selected.
                input.set_value(&initial_name);
                let _ = input.focus();
                input.select();
            }
        });
    }

    let specific = match &initial.kind {
        ElementKind::Process(_) => process_fields(store, id.clone()).into_any(),
        ElementKind::Inventory(_) => inventory_fields(store, id.clone(), element).into_any(),
        ElementKind::Kaizen(_) => kaizen_fields(store, id.clone(), element).into_any(),
        ElementKind::Supplier | ElementKind::Customer => ().into_any(),
    };
    view! {
        <h2>{initial.kind.label()}</h2>
        <form class="inspector-form" on:submit=|ev| ev.prevent_default()>
            {text_field(store, &id, TextProp::Name, name_ref)}
            {specific}
            {text_field(store, &id, TextProp::Notes, NodeRef::new())}
        </form>
        <p class="hint">"Tab moves through the fields; Esc goes back to the map; Ctrl+Enter adds the next step."</p>
    }
    .into_any()
}

/// The process time's range, for the forecast.
fn process_time_range(store: Store, id: String) -> impl IntoView {
    let key = id.clone();
    let time = Signal::derive(move || match store.element(&key).map(|e| e.kind) {
        Some(ElementKind::Process(step)) => step.process_time,
        _ => None,
    });
    let commit = move |value: Option<Duration>| {
        store.update_element(&id, "process_time_spread", |e| {
            if let ElementKind::Process(s) = &mut e.kind {
                s.process_time = value;
            }
        })
    };
    view! {
        <label class="field" title=RANGE_HELP>
            <span class="field-label">"Range"</span>
            <SpreadInput time=time on_commit=commit label="Process time range (min/likely/max)" field="process_time_spread" />
        </label>
    }
}

fn process_fields(store: Store, id: String) -> impl IntoView {
    let id_for_pacemaker = id.clone();
    let rows = StepField::ALL
        .into_iter()
        .map(|field| {
            view! {
                <label class="field" title=field.help()>
                    <span class="field-label">{field.label()}</span>
                    {step_field_editor(store, id.clone(), field)}
                </label>
                {(field == StepField::ProcessTime).then(|| process_time_range(store, id.clone()))}
            }
        })
        .collect_view();
    let element = element_memo(store, id.clone());
    let is_pacemaker = move || matches!(element.get().map(|e| e.kind), Some(ElementKind::Process(step)) if step.pacemaker);
    let set_pacemaker = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        store.update_element(&id_for_pacemaker, "pacemaker", |e| {
            if let ElementKind::Process(step) = &mut e.kind {
                step.pacemaker = on;
            }
        });
    };
    view! {
        {text_field(store, &id, TextProp::Owner, NodeRef::new())}
        <fieldset class="data-box-fields">
            <legend>"Data box"</legend>
            {rows}
        </fieldset>
        <label class="field check" title="The one step scheduled to the customer's pace: upstream steps follow it by pull, downstream ones flow FIFO.">
            <span class="field-label">"Pacemaker"</span>
            <input type="checkbox" data-field="pacemaker" prop:checked=is_pacemaker on:change=set_pacemaker />
        </label>
        {step_figures(store, id)}
    }
}

/// What the engine derives for a step, each figure with how it is computed.
fn step_figures(store: Store, id: String) -> impl IntoView {
    let rows = move || {
        store.report.with(|report| {
            let step = report.steps.iter().find(|s| s.id == id)?;
            let visits = if step.visits > 1.0 + 1e-9 {
                format!("{} (rework repeats it)", format::number(step.visits))
            } else {
                "1 (no rework repeats it)".to_string()
            };
            let shown = |time: Option<&Time>| time.map_or_else(|| "\u{2014}".to_string(), |t| t.text.clone());
            let figures = [
                ("visits", "Visits per unit", visits,
                    "expected passes per unit, from the rework loops through this step"),
                ("effective-cycle-time", "Effective cycle time", shown(step.effective_cycle_time.as_ref()),
                    effective_cycle_time!()),
                ("utilisation", "Utilisation", step.utilisation.as_ref().map_or_else(|| "\u{2014}".to_string(), |u| u.text.clone()),
                    "demand rate \u{d7} effective cycle time \u{f7} the step's share of the shifts; 100% or more cannot keep pace with takt"),
                ("share-of-lead-time", "Share of lead time", step.share_of_lead_time.as_ref().map_or_else(|| "off the critical path".to_string(), |r| r.text.clone()),
                    "the step's time and the rework it sends back, on the path that carries the expected lead time, \u{f7} the expected lead time"),
                ("criticality", "On the critical path",
                    super::forecast::criticality(store, &id).map_or_else(|| "\u{2014} (forecast running)".to_string(), |(_, text)| format!("in {text} of simulated units")),
                    "the share of the forecast's simulated units for which this step was on the longest path, spreads and rework included"),
                ("epei", "EPEI", shown(step.epei.as_ref()),
                    "changeover \u{f7} the time a day left after running demand"),
            ];
            Some(figures.into_iter().map(|(key, label, value, how)| view! {
                <div class="figure" data-derived=key>
                    <dt>{label}</dt>
                    <dd><span class="figure-value">{value}</span><span class="figure-how">{how}</span></dd>
                </div>
            }).collect_view())
        })
    };
    view! {
        <section class="derived-figures" aria-label="Derived figures">
            <h3>"Figures"</h3>
            <dl>{rows}</dl>
        </section>
    }
}

fn inventory_fields(store: Store, id: String, element: Memo<Option<Element>>) -> impl IntoView {
    let inventory = move || match element.get().map(|e| e.kind) {
        Some(ElementKind::Inventory(inventory)) => Some(inventory),
        _ => None,
    };
    let quantity = Signal::derive(move || inventory().and_then(|i| i.quantity));
    let wait = Signal::derive(move || inventory().and_then(|i| i.wait));
    let id_report = id.clone();
    // What the engine counts for this inventory, and why (measured wait, quantity, FIFO cap).
    let counted = move || {
        store.report.with(|r| {
            r.inventories
                .iter()
                .find(|i| i.id == id_report)
                .map(|i| format!("Counted wait: {} \u{2014} {}.", i.wait.text, i.wait_from))
        })
    };
    let id_q = id.clone();
    let set_quantity = move |value: Option<f64>| {
        store.update_element(&id_q, "quantity", |e| {
            if let ElementKind::Inventory(i) = &mut e.kind {
                i.quantity = value;
            }
        })
    };
    let set_wait = Callback::new(move |value: Option<Duration>| {
        store.update_element(&id, "wait", |e| {
            if let ElementKind::Inventory(i) = &mut e.kind {
                i.wait = value;
            }
        })
    });
    view! {
        <label class="field" title="Units waiting here. With demand set, the wait is quantity \u{f7} daily demand (Little's law), unless a wait is given.">
            <span class="field-label">"Quantity (units)"</span>
            <NumberInput value=quantity range=fields::AMOUNT on_commit=set_quantity label="Quantity" field="quantity" />
        </label>
        <label class="field" title="How long a unit waits here. Takes precedence over the quantity.">
            <span class="field-label">"Wait"</span>
            <TimeInput value=wait range=fields::AMOUNT on_commit=set_wait label="Wait" field="wait" />
        </label>
        <label class="field" title=RANGE_HELP>
            <span class="field-label">"Range"</span>
            <SpreadInput time=wait on_commit=set_wait label="Wait range (min/likely/max)" field="wait_spread" />
        </label>
        <p class="hint derived" data-derived="inventory-wait">{counted}</p>
    }
}

fn kaizen_fields(store: Store, id: String, element: Memo<Option<Element>>) -> impl IntoView {
    let attached = move || match element.get().map(|e| e.kind) {
        Some(ElementKind::Kaizen(k)) => k.attached_to.unwrap_or_default(),
        _ => String::new(),
    };
    let attach = {
        let id = id.clone();
        move |ev: leptos::ev::Event| {
            let to = event_target_value(&ev);
            store.update_element(&id, "attached_to", |e| {
                if let ElementKind::Kaizen(k) = &mut e.kind {
                    k.attached_to = (!to.is_empty()).then_some(to);
                }
            })
        }
    };
    let owner = text_field(store, &id, TextProp::KaizenOwner, NodeRef::new());
    let target = text_field(store, &id, TextProp::KaizenTarget, NodeRef::new());
    let choices = move || {
        store.with_map(|m| {
            m.elements
                .iter()
                .filter(|e| e.id != id && e.kind.is_material())
                .map(|e| {
                    let value = e.id.clone();
                    let chosen = attached() == value;
                    view! { <option value=value selected=chosen>{e.name.clone()}</option> }
                })
                .collect_view()
        })
    };
    view! {
        {owner}
        {target}
        <label class="field">
            <span class="field-label">"Improves"</span>
            <select on:change=attach data-field="attached_to">
                <option value="" selected=move || attached().is_empty()>"(nothing)"</option>
                {choices}
            </select>
        </label>
    }
}

#[component]
fn FlowInspector(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = id.clone();
    let flow = Memo::new(move |_| store.flow(&key));
    let ends = move || {
        flow.get().map(|f| {
            store.with_map(|m| {
                let name = |id: &str| m.element(id).map_or(id.to_string(), |e| e.name.clone());
                format!("{} \u{2192} {}", name(&f.from), name(&f.to))
            })
        })
    };
    view! {
        <h2>"Flow"</h2>
        <p class="flow-ends">{ends}</p>
        <form class="inspector-form" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span class="field-label">"Kind"</span>
                {flow_kind_select(store, id.clone(), "Flow kind".into())}
            </label>
            {flow_parameters(store, id)}
        </form>
    }
}

#[component]
fn ManySelected(count: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let button = move |id: &'static str, text: &'static str| {
        view! { <button type="button" on:click=move |_| actions::run(id, &store)>{text}</button> }
    };
    view! {
        <h2>{format!("{count} selected")}</h2>
        <p class="hint">"Drag any of them to move them together."</p>
        <div class="button-row">
            {button("align", "Align left to right")}
            {button("connect", "Connect first \u{2192} second")}
            {button("duplicate", "Duplicate")}
            {button("delete", "Delete")}
        </div>
    }
}

/// A map's name, customer demand and working calendar, as `Edit::Settings` sets them.
type Settings = (String, crate::model::Demand, crate::model::Calendar);

/// The map's name, customer demand and working calendar.
#[component]
fn MapSettings() -> impl IntoView {
    let store = expect_context::<Store>();
    let settings = Memo::new(move |_| {
        store.with_map(|m| (m.name.clone(), m.demand.clone(), m.calendar.clone()))
    });
    let change = move |key: &'static str, f: Box<dyn FnOnce(&mut Settings)>| {
        let (index, mut values) = store
            .with_map_untracked(|i, m| (i, (m.name.clone(), m.demand.clone(), m.calendar.clone())));
        f(&mut values);
        let (name, demand, calendar) = values;
        store.edit_merged(
            Edit::Settings {
                map: index,
                name,
                demand,
                calendar,
            },
            &format!("settings/{key}"),
        );
    };
    let number = move |get: fn(&Settings) -> f64| Signal::derive(move || Some(settings.with(get)));
    let setter = move |key: &'static str, put: fn(&mut Settings, f64)| {
        move |value: Option<f64>| {
            if let Some(value) = value {
                change(key, Box::new(move |s| put(s, value)));
            }
        }
    };
    let set_name = move |text: String| change("name", Box::new(move |s| s.0 = text));
    let set_period = move |ev: leptos::ev::Event| {
        let per = match event_target_value(&ev).as_str() {
            "week" => Period::Week,
            "month" => Period::Month,
            _ => Period::Day,
        };
        change("per", Box::new(move |s| s.1.per = per));
    };
    let period_option = move |value: &'static str, period: Period| {
        view! { <option value=value selected=move || settings.with(|s| s.1.per == period)>{value}</option> }
    };
    view! {
        <h2>"Map settings"</h2>
        <form class="inspector-form" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span class="field-label">"Map name"</span>
                <TextInput value=Signal::derive(move || settings.with(|s| s.0.clone())) on_commit=set_name label="Map name" field="map-name" />
            </label>
            <fieldset>
                <legend>"Customer demand"</legend>
                <label class="field" title="Units the customer needs per period. Takt = available time \u{f7} demand.">
                    <span class="field-label">"Quantity"</span>
                    <NumberInput value=number(|s| s.1.quantity) range=fields::AMOUNT on_commit=setter("demand", |s, v| s.1.quantity = v) label="Demand quantity" field="demand" required=true />
                </label>
                <label class="field">
                    <span class="field-label">"Per"</span>
                    <select on:change=set_period data-field="period">
                        {period_option("day", Period::Day)}
                        {period_option("week", Period::Week)}
                        {period_option("month", Period::Month)}
                    </select>
                </label>
            </fieldset>
            <fieldset>
                <legend>"Working calendar"</legend>
                <label class="field" title="Available working hours in a day: shifts \u{d7} shift length, breaks removed. A day in every figure means one such day.">
                    <span class="field-label">"Hours per day"</span>
                    <NumberInput value=number(|s| s.2.hours_per_day) range=fields::HOURS_PER_DAY on_commit=setter("hours", |s, v| s.2.hours_per_day = v) label="Hours per day" field="hours_per_day" required=true />
                </label>
                <label class="field">
                    <span class="field-label">"Days per week"</span>
                    <NumberInput value=number(|s| s.2.days_per_week) range=fields::DAYS_PER_WEEK on_commit=setter("week", |s, v| s.2.days_per_week = v) label="Days per week" field="days_per_week" required=true />
                </label>
                <label class="field">
                    <span class="field-label">"Days per month"</span>
                    <NumberInput value=number(|s| s.2.days_per_month) range=fields::DAYS_PER_MONTH on_commit=setter("month", |s, v| s.2.days_per_month = v) label="Days per month" field="days_per_month" required=true />
                </label>
                <label class="field" title="Shifts that share the hours per day. A step working fewer shifts has that share of the day (its Shifts field).">
                    <span class="field-label">"Shifts per day"</span>
                    <NumberInput value=number(|s| s.2.shifts_per_day) range=fields::SHIFTS_PER_DAY on_commit=setter("shifts", |s, v| s.2.shifts_per_day = v) label="Shifts per day" field="shifts_per_day" required=true />
                </label>
            </fieldset>
        </form>
        <p class="hint">"Select an element to edit it; select nothing to edit the map."</p>
    }
}

/// Moves the keyboard focus back to an element on the canvas (after Esc in a field).
pub fn focus_on_canvas(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        let id = id.replace('"', "");
        d.query_selector(&format!(
            ".canvas [data-id=\"{id}\"], .canvas [data-flow=\"{id}\"]"
        ))
        .ok()
        .flatten()
    });
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok()) {
        let _ = element.focus();
    }
}
