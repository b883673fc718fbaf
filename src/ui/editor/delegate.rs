//! One click handler for a whole drawn list (the balance chart's bars, the
//! critical path): the item clicked names its element by `data-id`. A list
//! redrawn on every keystroke then attaches and drops no listeners.

use wasm_bindgen::JsCast;

use crate::ui::state::Store;

/// Selects the element named by the `data-id` of the clicked item (the
/// nearest ancestor of the click's target matching `item`).
pub fn select_clicked(
    store: Store,
    item: &'static str,
) -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    move |ev| {
        if let Some(id) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest(item).ok().flatten())
            .and_then(|found| found.get_attribute("data-id"))
        {
            store.select_only(vec![id]);
        }
    }
}
