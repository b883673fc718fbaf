//! What part of a long sideways-scrolling chart to draw: the items its
//! scroller shows, with a margin, in whole chunks so that scrolling redraws
//! only now and then. A chart of up to `DRAW_ALL` items draws them all.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Charts with this many items or fewer draw every one.
pub const DRAW_ALL: usize = 60;
/// Items are drawn in chunks of this many, one chunk of margin on each side.
const CHUNK: usize = 8;

/// The range of item indices in view (`first..last`), and the scroll handler
/// that keeps it up to date; `start` is the room before the first item and
/// `pitch` the width of one.
pub fn scroll_window(
    start: f64,
    pitch: f64,
) -> (RwSignal<(usize, usize)>, impl Fn(leptos::ev::Event) + Copy) {
    // Before the first scroll: the start of the chart, about a wide screen's worth.
    let window = RwSignal::new(range(0.0, 1600.0, start, pitch));
    let on_scroll = move |ev: leptos::ev::Event| {
        let Some(div) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let wanted = range(
            f64::from(div.scroll_left()),
            f64::from(div.client_width()),
            start,
            pitch,
        );
        if window.get_untracked() != wanted {
            window.set(wanted);
        }
    };
    (window, on_scroll)
}

/// The chunk-aligned indices covering `width` pixels from `left`, with a chunk
/// of margin on each side.
pub fn range(left: f64, width: f64, start: f64, pitch: f64) -> (usize, usize) {
    let first_seen = ((left - start) / pitch).floor().max(0.0) as usize;
    let last_seen = ((left + width - start) / pitch).ceil().max(0.0) as usize;
    let first = (first_seen / CHUNK).saturating_sub(1) * CHUNK;
    let last = (last_seen / CHUNK + 2) * CHUNK;
    (first, last)
}

/// Whether item `index` of `count` is drawn in `window`.
pub fn drawn(index: usize, count: usize, (first, last): (usize, usize)) -> bool {
    count <= DRAW_ALL || (first..last).contains(&index)
}

#[cfg(test)]
mod tests {
    use super::range;

    #[test]
    fn the_range_covers_what_is_seen_in_whole_chunks_with_a_margin() {
        // 118 px per item after 10 px: pixels 0..1000 show items 0..=8.
        assert_eq!(range(0.0, 1000.0, 10.0, 118.0), (0, 24));
        // Scrolled to item 40 (x = 4730): items 40..=48 seen, chunks 32..64 drawn.
        assert_eq!(range(4730.0, 1000.0, 10.0, 118.0), (32, 64));
        // Scrolling a little within a chunk draws the same range.
        assert_eq!(range(4800.0, 1000.0, 10.0, 118.0), (32, 64));
    }
}
