//! The rows of a long table that are drawn: those its scroller shows, with a
//! margin, and empty rows of the same height standing in for the rest, so the
//! scroll bar and the keyboard behave as if every row were there. A table of up
//! to `DRAW_ALL` rows draws them all (as the charts do).

use leptos::prelude::*;

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
            self.range.set(wanted);
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

/// An empty row `height` pixels tall standing in for rows not drawn.
pub fn spacer(height: impl Fn() -> f64 + Send + Sync + 'static) -> impl IntoView {
    view! {
        <tr class="spacer" aria-hidden="true">
            <td colspan="99" style:height=move || format!("{}px", height())></td>
        </tr>
    }
}
