//! The palette: one button per element kind. Click (or Enter) adds one in the
//! middle of the view; drag one onto the canvas to place it.

use leptos::ev;
use leptos::prelude::*;

use crate::model::ElementKind;
use crate::model::ops::palette;
use crate::ui::actions::{add_element_at, add_in_free_spot, canvas_rect};
use crate::ui::state::Store;

/// How far the pointer must move before a press on a palette item becomes a drag.
const DRAG_THRESHOLD: f64 = 4.0;

/// A palette item being dragged.
#[derive(Clone, Debug, PartialEq)]
struct Carried {
    kind: ElementKind,
    start: (f64, f64),
    at: (f64, f64),
    moved: bool,
}

#[component]
pub fn Palette() -> impl IntoView {
    let store = expect_context::<Store>();
    let carried = RwSignal::new(None::<Carried>);
    // A drag that ended must not also count as a click.
    let swallow_click = StoredValue::new(false);

    let moving = window_event_listener(ev::pointermove, move |ev| {
        if carried.try_with_untracked(|c| c.is_none()).unwrap_or(true) {
            return;
        }
        let at = (ev.client_x() as f64, ev.client_y() as f64);
        carried.update(|c| {
            if let Some(c) = c {
                c.at = at;
                let (dx, dy) = (at.0 - c.start.0, at.1 - c.start.1);
                c.moved |= (dx * dx + dy * dy).sqrt() > DRAG_THRESHOLD;
            }
        });
    });
    let dropping = window_event_listener(ev::pointerup, move |ev| {
        let Some(done) = carried.try_get_untracked().flatten() else {
            return;
        };
        carried.set(None);
        if !done.moved {
            return;
        }
        swallow_click.set_value(true);
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        let Some(rect) = canvas_rect() else {
            return;
        };
        let inside = x >= rect.left() && x <= rect.right() && y >= rect.top() && y <= rect.bottom();
        if inside {
            let (mx, my) = store
                .view
                .get_untracked()
                .to_map(x - rect.left(), y - rect.top());
            add_element_at(&store, done.kind, mx, my);
        }
    });

    // The window outlives this palette (it is rebuilt with the workspace).
    on_cleanup(move || {
        moving.remove();
        dropping.remove();
    });

    let items = palette()
        .into_iter()
        .map(|kind| {
            let label = kind.label();
            let class = format!("palette-item {}", crate::model::ops::id_prefix(&kind));
            let on_click = {
                let kind = kind.clone();
                move |_| {
                    if swallow_click.get_value() {
                        swallow_click.set_value(false);
                        return;
                    }
                    add_in_free_spot(&store, kind.clone());
                }
            };
            let on_down = move |ev: ev::PointerEvent| {
                if ev.button() != 0 {
                    return;
                }
                ev.prevent_default();
                let at = (ev.client_x() as f64, ev.client_y() as f64);
                carried.set(Some(Carried {
                    kind: kind.clone(),
                    start: at,
                    at,
                    moved: false,
                }));
            };
            view! {
                <button type="button" class=class on:click=on_click on:pointerdown=on_down
                    title=format!("Add a {}: click, or drag onto the map", label.to_ascii_lowercase())>
                    <span class="palette-icon" aria-hidden="true"></span>
                    <span>{label}</span>
                </button>
            }
        })
        .collect_view();
    let ghost = move || {
        carried.get().filter(|c| c.moved).map(|c| {
            view! {
                <div class="palette-ghost" style:left=format!("{}px", c.at.0) style:top=format!("{}px", c.at.1) aria-hidden="true">
                    {c.kind.label()}
                </div>
            }
        })
    };
    view! {
        <nav class="palette" aria-label="Add elements">
            <h2>"Add"</h2>
            {items}
            {ghost}
        </nav>
    }
}
