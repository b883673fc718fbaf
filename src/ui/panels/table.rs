//! The table of a map: every step with its data-box fields, every inventory,
//! every flow. It is the keyboard equivalent of the canvas, and its edits are
//! the very same edits (the same field editors, the same operations).

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::metrics::effective_cycle_time;
use super::row_window::{RowWindow, next_microtask, spacer};
use crate::model::fields::{self, StepField};
use crate::model::ops;
use crate::model::{ElementKind, FlowKind, ProcessStep};
use crate::ui::actions;
use crate::ui::state::Store;
use crate::ui::widgets::fields::{
    NumberInput, TextProp, TimeInput, element_text_input, step_field_editor,
};
use crate::ui::widgets::flow_fields::{flow_kind_select, flow_parameters};

/// Ids of the map's elements of one sort, left to right as on the canvas.
fn ids_where(store: Store, keep: fn(&ElementKind) -> bool) -> Memo<Vec<String>> {
    Memo::new(move |_| {
        store.with_map(|m| {
            let found: Vec<&crate::model::Element> =
                m.elements.iter().filter(|e| keep(&e.kind)).collect();
            let keys: Vec<(f64, f64)> = found.iter().map(|e| (e.x, e.y)).collect();
            crate::model::order::sorted_indices(&keys)
                .into_iter()
                .map(|i| found[i].id.clone())
                .collect()
        })
    })
}

/// Enter and the up and down arrows move to the same field of the next or
/// previous row; a row not drawn yet (a long table draws those in view) is
/// drawn first, and focused before the next key is read.
fn move_between_rows(ev: &leptos::ev::KeyboardEvent, windows: [RowWindow; 3]) {
    let down = match ev.key().as_str() {
        "Enter" | "ArrowDown" => true,
        "ArrowUp" => false,
        _ => return,
    };
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if input.tag_name() != "INPUT" {
        return;
    }
    let (Some(field), Some(row)) = (
        input.get_attribute("data-field"),
        input.closest("tr").ok().flatten(),
    ) else {
        return;
    };
    let (Some(body), Some(index)) = (
        row.parent_element(),
        row.get_attribute("aria-rowindex")
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| i.checked_sub(2)),
    ) else {
        return;
    };
    let Some(wanted) = (if down {
        index.checked_add(1)
    } else {
        index.checked_sub(1)
    }) else {
        return;
    };
    let selector = format!(
        "tr[aria-rowindex=\"{}\"] input[data-field=\"{field}\"]",
        wanted + 2
    );
    if let Some(target) = field_in(&body, &selector) {
        ev.prevent_default();
        focus_field(&target);
        return;
    }
    // Not drawn (a long table draws the rows in view): draw it, then focus it
    // once it is in the page.
    let Some(window) = windows.into_iter().find(|w| {
        w.body
            .get_untracked()
            .is_some_and(|b| AsRef::<web_sys::Element>::as_ref(&b) == &body)
    }) else {
        return;
    };
    ev.prevent_default();
    window.reveal(wanted);
    leptos::task::spawn_local(async move {
        // The table redraws in a microtask of its own; a few turns are plenty.
        for _ in 0..8 {
            if let Some(target) = field_in(&body, &selector) {
                focus_field(&target);
                return;
            }
            next_microtask().await;
        }
    });
}

fn field_in(within: &web_sys::Element, selector: &str) -> Option<web_sys::HtmlInputElement> {
    within
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
}

fn focus_field(input: &web_sys::HtmlInputElement) {
    let _ = input.focus();
    input.select();
}

#[component]
pub fn MapTable() -> impl IntoView {
    let store = expect_context::<Store>();
    let steps = ids_where(store, |k| matches!(k, ElementKind::Process(_)));
    let inventories = ids_where(store, |k| matches!(k, ElementKind::Inventory(_)));
    let add_step = move |_| {
        let (x, y) = store.with_map_untracked(|_, m| {
            m.elements
                .iter()
                .filter(|e| matches!(e.kind, ElementKind::Process(_)))
                .max_by(|a, b| a.x.total_cmp(&b.x))
                .map_or((100.0, 100.0), |e| (e.x + 200.0, e.y))
        });
        actions::add_element_at(&store, ElementKind::Process(ProcessStep::default()), x, y);
    };
    // Only the rows in view are drawn (once a table is long): the scroller tells each table.
    let step_rows = RowWindow::new();
    let inventory_rows = RowWindow::new();
    let flow_rows = RowWindow::new();
    let follow = move |ev: leptos::ev::Event| {
        if let Some(scroller) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            for rows in [step_rows, inventory_rows, flow_rows] {
                rows.follow(&scroller);
            }
        }
    };
    let headers = StepField::ALL
        .into_iter()
        .map(|f| view! { <th scope="col" title=f.help()>{f.short()}</th> })
        .collect_view();
    view! {
        <div class="map-table" on:keydown=move |ev| move_between_rows(&ev, [step_rows, inventory_rows, flow_rows]) on:scroll=follow>
            <table class="steps-table" aria-rowcount=move || steps.with(Vec::len) + 1>
                <caption>"Process steps" <span class="hint">" \u{2014} Enter or \u{2191}\u{2193} move between rows"</span></caption>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col">"Name"</th>
                        <th scope="col">"Owner"</th>
                        {headers}
                        <th scope="col" title=effective_cycle_time!()>"Eff. C/T"</th>
                        <th scope="col" title="Demand rate \u{d7} effective cycle time">"Load"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody node_ref=step_rows.body>
                    {spacer(move || step_rows.gaps(steps.with(Vec::len)).0)}
                    <For each=move || steps.with(|all| step_rows.rows(all)) key=|row| row.clone() let:row>
                        <StepRow id=row.1 row=row.0 />
                    </For>
                    {spacer(move || step_rows.gaps(steps.with(Vec::len)).1)}
                </tbody>
            </table>
            <button type="button" class="add-row" on:click=add_step>"+ Add a step"</button>
            <table class="inventory-table" aria-rowcount=move || inventories.with(Vec::len) + 1>
                <caption>"Inventories and queues"</caption>
                <thead>
                    <tr aria-rowindex="1"><th scope="col">"Name"</th><th scope="col">"Quantity"</th><th scope="col">"Wait"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr>
                </thead>
                <tbody node_ref=inventory_rows.body>
                    {spacer(move || inventory_rows.gaps(inventories.with(Vec::len)).0)}
                    <For each=move || inventories.with(|all| inventory_rows.rows(all)) key=|row| row.clone() let:row>
                        <InventoryRow id=row.1 row=row.0 />
                    </For>
                    {spacer(move || inventory_rows.gaps(inventories.with(Vec::len)).1)}
                </tbody>
            </table>
            <FlowTable rows=flow_rows />
        </div>
    }
}

/// Selects the row's element when the focus enters the row, so the canvas and inspector follow.
fn select_on_focus(store: Store, id: String) -> impl Fn(leptos::ev::FocusEvent) + 'static {
    move |_| {
        if store
            .selection
            .with_untracked(|s| s.as_slice() != [id.clone()])
        {
            store.select_only(vec![id.clone()]);
        }
    }
}

/// Deletes one element (with its flows) or one flow.
fn delete_one(store: Store, id: &str) {
    let ids = std::iter::once(id.to_string()).collect();
    if let Some(edit) = store.with_map_untracked(|i, m| ops::delete(i, m, &ids)) {
        store.edit(edit);
    }
}

fn delete_button(store: Store, id: String, name: Signal<String>) -> impl IntoView {
    let remove = move |_| delete_one(store, &id);
    view! { <button type="button" class="icon danger" aria-label=move || format!("Delete {}", name.get()) title="Delete" on:click=remove>"\u{d7}"</button> }
}

fn name_of(store: Store, id: String) -> Signal<String> {
    Signal::derive(move || store.element(&id).map(|e| e.name).unwrap_or_default())
}

#[component]
fn StepRow(id: String, row: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let name = name_of(store, id.clone());
    let cells = StepField::ALL
        .into_iter()
        .map(|field| view! { <td>{step_field_editor(store, id.clone(), field)}</td> })
        .collect_view();
    let key = id.clone();
    // Memoised: the row's cells change only when its own figures do.
    let figures = Memo::new(move |_| {
        store.report.with(|r| {
            r.steps.iter().find(|s| s.id == key).map(|s| {
                let text = |t: Option<&String>| t.cloned().unwrap_or_default();
                (
                    text(s.effective_cycle_time.as_ref().map(|t| &t.text)),
                    text(s.utilisation.as_ref().map(|u| &u.text)),
                    s.over_takt,
                )
            })
        })
    });
    let key = id.clone();
    let selected = Memo::new(move |_| store.selection.with(|s| s.contains(&key)));
    let focus = select_on_focus(store, id.clone());
    let delete = delete_button(store, id.clone(), name);
    view! {
        <tr data-id=id.clone() aria-rowindex=row + 2 class:selected=selected on:focusin=focus>
            <td>{element_text_input(store, id.clone(), TextProp::Name, "Step name".into(), NodeRef::new())}</td>
            <td>{element_text_input(store, id.clone(), TextProp::Owner, "Owner".into(), NodeRef::new())}</td>
            {cells}
            <td class="computed">{move || figures.get().map(|f| f.0)}</td>
            <td class="computed" class:over=move || figures.get().is_some_and(|f| f.2)>{move || figures.get().map(|f| f.1)}</td>
            <td>{delete}</td>
        </tr>
    }
}

#[component]
fn InventoryRow(id: String, row: usize) -> impl IntoView {
    let store = expect_context::<Store>();
    let name = name_of(store, id.clone());
    let key = id.clone();
    let inventory = Memo::new(move |_| match store.element(&key).map(|e| e.kind) {
        Some(ElementKind::Inventory(i)) => Some(i),
        _ => None,
    });
    let key = id.clone();
    let set_quantity = move |value: Option<f64>| {
        store.update_element(&key, "quantity", |e| {
            if let ElementKind::Inventory(i) = &mut e.kind {
                i.quantity = value;
            }
        })
    };
    let key = id.clone();
    let set_wait = move |value| {
        store.update_element(&key, "wait", |e| {
            if let ElementKind::Inventory(i) = &mut e.kind {
                i.wait = value;
            }
        })
    };
    let focus = select_on_focus(store, id.clone());
    let delete = delete_button(store, id.clone(), name);
    view! {
        <tr data-id=id.clone() aria-rowindex=row + 2 on:focusin=focus>
            <td>{element_text_input(store, id.clone(), TextProp::Name, "Inventory name".into(), NodeRef::new())}</td>
            <td><NumberInput value=Signal::derive(move || inventory.get().and_then(|i| i.quantity)) range=fields::AMOUNT on_commit=set_quantity label="Quantity" field="quantity" /></td>
            <td><TimeInput value=Signal::derive(move || inventory.get().and_then(|i| i.wait)) range=fields::AMOUNT on_commit=set_wait label="Wait" field="wait" /></td>
            <td>{delete}</td>
        </tr>
    }
}

/// The flows, and a row to connect two elements: the keyboard way to draw an arrow.
#[component]
fn FlowTable(rows: RowWindow) -> impl IntoView {
    let store = expect_context::<Store>();
    let flows = Memo::new(move |_| {
        store.with_map(|m| {
            let by_id: HashMap<&str, &crate::model::Element> =
                m.elements.iter().map(|e| (e.id.as_str(), e)).collect();
            let name = |id: &str| by_id.get(id).map_or(id, |e| e.name.as_str()).to_string();
            m.flows
                .iter()
                .map(|f| (f.id.clone(), name(&f.from), name(&f.to)))
                .collect::<Vec<_>>()
        })
    });
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(FlowKind::Push.key());
    // Every element is a choice, listed only while its list is in use: typing
    // a name elsewhere then rebuilds no list of two thousand options.
    let choosing = RwSignal::new(false);
    let element_options = move |chosen: RwSignal<String>| {
        if !choosing.get() && chosen.with(String::is_empty) {
            return None;
        }
        Some(store.with_map(|m| {
            m.elements
                .iter()
                .filter(|e| e.kind.is_material() && (choosing.get() || chosen.with(|c| *c == e.id)))
                .map(|e| {
                    let id = e.id.clone();
                    let is_chosen = id == chosen.get();
                    view! { <option value=id selected=is_chosen>{e.name.clone()}</option> }
                })
                .collect_view()
        }))
    };
    let connect = move |_| {
        let Some(kind) = FlowKind::from_key(kind.get_untracked()) else {
            return;
        };
        let (a, b) = (from.get_untracked(), to.get_untracked());
        match store.with_map_untracked(|i, m| ops::connect(i, m, &a, &b, kind)) {
            Some((edit, _)) => {
                store.edit(edit);
            }
            None => store.notify(
                "Choose two different elements that are not yet connected",
                true,
            ),
        }
    };
    let kinds = FlowKind::all()
        .into_iter()
        .map(|k| view! { <option value=k.key()>{k.label()}</option> })
        .collect_view();
    view! {
        <table class="flow-table" aria-rowcount=move || flows.with(Vec::len) + 2>
            <caption>"Flows"</caption>
            <thead><tr aria-rowindex="1"><th scope="col">"From"</th><th scope="col">"To"</th><th scope="col">"Kind"</th><th scope="col">"Parameters"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
            <tbody node_ref=rows.body>
                {spacer(move || rows.gaps(flows.with(Vec::len)).0)}
                <For each=move || flows.with(|all| rows.rows(all)) key=|f| f.clone() let:row>
                    {let (index, flow) = row;
                    view! {
                    <tr data-flow=flow.0.clone() aria-rowindex=index + 2>
                        <td>{flow.1.clone()}</td>
                        <td>{flow.2.clone()}</td>
                        <td>{flow_kind_select(store, flow.0.clone(), format!("Kind of the flow {} to {}", flow.1, flow.2))}</td>
                        <td class="flow-parameters">{flow_parameters(store, flow.0.clone())}</td>
                        <td><button type="button" class="icon danger" aria-label=format!("Delete the flow {} to {}", flow.1, flow.2)
                            on:click={let id = flow.0.clone(); move |_| delete_one(store, &id)}>"\u{d7}"</button></td>
                    </tr>
                    }}
                </For>
                {spacer(move || rows.gaps(flows.with(Vec::len)).1)}
            </tbody>
            <tfoot>
                <tr class="new-flow" aria-rowindex=move || flows.with(Vec::len) + 2>
                    <td><select aria-label="Connect from" on:change=move |ev| from.set(event_target_value(&ev))
                        on:focus=move |_| choosing.set(true) on:mousedown=move |_| choosing.set(true) on:blur=move |_| choosing.set(false)>
                        <option value="">"from\u{2026}"</option>{move || element_options(from)}</select></td>
                    <td><select aria-label="Connect to" on:change=move |ev| to.set(event_target_value(&ev))
                        on:focus=move |_| choosing.set(true) on:mousedown=move |_| choosing.set(true) on:blur=move |_| choosing.set(false)>
                        <option value="">"to\u{2026}"</option>{move || element_options(to)}</select></td>
                    <td><select aria-label="Flow kind" on:change=move |ev| {
                        if let Some(k) = FlowKind::from_key(&event_target_value(&ev)) { kind.set(k.key()) }
                    }>{kinds}</select></td>
                    <td></td>
                    <td><button type="button" on:click=connect>"Connect"</button></td>
                </tr>
            </tfoot>
        </table>
    }
}
