//! The rows of a long table that are drawn: those its scroller shows, with a
//! margin, and empty rows of the same height standing in for the rest, so the
//! scroll bar and the keyboard behave as if every row were there. A table of up
//! to `DRAW_ALL` rows draws them all (as the charts do).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::scroll_window::{DRAW_ALL, range};

/// A row's height before one has been measured (an input row at the default font).
const ROW_GUESS: f64 = 34.0;

/// The drawn part of one table body: indices `first..last` of its rows.
#[derive(Clone, Copy)]
pub struct RowWindow {
    pub body: NodeRef<leptos::html::Tbody>,
    range: RwSignal<(usize, usize)>,
    pitch: StoredValue<f64>,
}

impl RowWindow {
    pub fn new() -> Self {
        Self {
            body: NodeRef::new(),
            // Before the first scroll: the top of the table, a tall screen's worth.
            range: RwSignal::new(range(0.0, 1200.0, 0.0, ROW_GUESS)),
            pitch: StoredValue::new(ROW_GUESS),
        }
    }

    /// Updates the drawn rows to what `scroller` (the element that scrolls the
    /// table) shows now.
    pub fn follow(&self, scroller: &web_sys::Element) {
        let Some(body) = self.body.get_untracked() else {
            return;
        };
        // A drawn row tells the height of all: rows hold one line of fields.
        let row = body.query_selector("tr:not(.spacer)").ok().flatten();
        if let Some(height) = row
            .map(|r| r.get_bounding_client_rect().height())
            .filter(|h| *h > 1.0)
        {
            self.pitch.set_value(height);
        }
        let top = f64::from(scroller.scroll_top());
        let body_top =
            body.get_bounding_client_rect().top() - scroller.get_bounding_client_rect().top() + top;
        let wanted = range(
            top,
            f64::from(scroller.client_height()),
            body_top,
            self.pitch.get_value(),
        );
        if self.range.get_untracked() != wanted {
            self.set_range(wanted);
        }
    }

    /// Draws rows `wanted`, keeping the keyboard focus where it was: rows
    /// drawn above others make the list move those (a focused field moved in
    /// the page loses its focus), so the field is focused again.
    fn set_range(&self, wanted: (usize, usize)) {
        let focused = self.body.get_untracked().and_then(|body| {
            let active = document().active_element()?;
            body.contains(Some(&active))
                .then(|| active.dyn_into::<web_sys::HtmlElement>().ok())
                .flatten()
        });
        self.range.set(wanted);
        if let Some(field) = focused {
            leptos::task::spawn_local(keep_focus(field));
        }
    }

    /// Draws row `index` too (with the rows between it and those drawn), so
    /// that the keyboard can move onto it before a scroll brings it into view.
    pub fn reveal(&self, index: usize) {
        let (first, last) = self.range.get_untracked();
        if !(first..last).contains(&index) {
            self.set_range((first.min(index), last.max(index + 1)));
        }
    }

    /// The rows to draw out of `all`, each with its index (a screen reader
    /// says "row 61 of 1,001" though only a screenful is drawn).
    pub fn rows<T: Clone>(&self, all: &[T]) -> Vec<(usize, T)> {
        let (first, last) = if all.len() <= DRAW_ALL {
            (0, all.len())
        } else {
            self.bounds(all.len())
        };
        (first..last)
            .zip(all[first..last].iter().cloned())
            .collect()
    }

    /// The heights in pixels of the space before and after the drawn rows of
    /// a table of `count` rows.
    pub fn gaps(&self, count: usize) -> (f64, f64) {
        if count <= DRAW_ALL {
            return (0.0, 0.0);
        }
        let (first, last) = self.bounds(count);
        let pitch = self.pitch.get_value();
        (first as f64 * pitch, (count - last) as f64 * pitch)
    }

    fn bounds(&self, count: usize) -> (usize, usize) {
        let (first, last) = self.range.get();
        (first.min(count), last.min(count))
    }
}

/// Waits for the page's pending updates (each a microtask of its own) to run.
pub async fn next_microtask() {
    let tick = js_sys::Promise::resolve(&wasm_bindgen::JsValue::UNDEFINED);
    let _ = wasm_bindgen_futures::JsFuture::from(tick).await;
}

/// Focuses `field` again if the table's redraw took its focus away, with its
/// caret where it was (a number field, whose caret cannot be read, selected whole).
async fn keep_focus(field: web_sys::HtmlElement) {
    let input = field.dyn_ref::<web_sys::HtmlInputElement>();
    let caret = input.and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
    for _ in 0..8 {
        next_microtask().await;
        let active = document().active_element();
        if active.as_ref() == Some(field.unchecked_ref::<web_sys::Element>()) {
            continue;
        }
        // Put back only where the focus fell to the page, not where the user moved it.
        if field.is_connected() && active == document().body().map(Into::into) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = field.focus_with_options(&options);
            match (input, caret) {
                (Some(input), Some((start, end))) => {
                    let _ = input.set_selection_range(start, end);
                }
                (Some(input), None) => input.select(),
                _ => {}
            }
        }
        return;
    }
}

/// An empty row `height` pixels tall standing in for rows not drawn.
pub fn spacer(height: impl Fn() -> f64 + Send + Sync + 'static) -> impl IntoView {
    view! {
        <tr class="spacer" aria-hidden="true">
            <td colspan="99" style:height=move || format!("{}px", height())></td>
        </tr>
    }
}
