//! The kaizen bursts of the map on screen, as a list: what, who, by when, and
//! on which element. Clicking one selects the element it improves.

use leptos::prelude::*;

use crate::model::ElementKind;
use crate::ui::state::{Screen, Store};

/// One burst as the list shows it.
#[derive(Clone, Debug, PartialEq)]
struct Burst {
    id: String,
    name: String,
    owner: String,
    target: String,
    /// The element it improves: (id, name).
    on: Option<(String, String)>,
}

#[component]
pub fn KaizenList() -> impl IntoView {
    let store = expect_context::<Store>();
    let bursts = Memo::new(move |_| {
        store.with_map(|m| {
            m.elements
                .iter()
                .filter_map(|e| match &e.kind {
                    ElementKind::Kaizen(k) => Some(Burst {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        owner: k.owner.clone(),
                        target: k.target.clone(),
                        on: k
                            .attached_to
                            .as_deref()
                            .and_then(|id| m.element(id))
                            .map(|t| (t.id.clone(), t.name.clone())),
                    }),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        let list = bursts.get();
        (!list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|b| {
                    let select = b.on.as_ref().map_or(b.id.clone(), |(id, _)| id.clone());
                    let on =
                        b.on.as_ref()
                            .map(|(_, name)| format!(" on {name}"))
                            .unwrap_or_default();
                    let who = if b.owner.is_empty() {
                        String::new()
                    } else {
                        format!(" \u{b7} {}", b.owner)
                    };
                    view! {
                        <li data-id=b.id.clone()>
                            <button type="button" class="link" on:click=move |_| {
                                store.select_only(vec![select.clone()]);
                                store.screen.set(Screen::Canvas);
                            }>
                                <strong>{b.name.clone()}</strong>{on}
                            </button>
                            <span class="hint">{format!("{}{who}", b.target)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="kaizen-list" aria-label="Kaizen bursts">
                    <h3>"Kaizen bursts"</h3>
                    <ul>{items}</ul>
                </section>
            }
        })
    }
}
