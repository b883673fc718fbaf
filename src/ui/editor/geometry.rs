//! Where each symbol sits and how big it is: pure arithmetic, shared by the
//! canvas, the flows between symbols and the fit-to-view box.

use crate::model::{Element, ElementKind, Map};

pub const PROCESS_WIDTH: f64 = 150.0;
pub const PROCESS_HEIGHT: f64 = 58.0;
pub const DATA_LINE: f64 = 15.0;
pub const INVENTORY_WIDTH: f64 = 56.0;
pub const INVENTORY_HEIGHT: f64 = 48.0;
pub const FACTORY_WIDTH: f64 = 120.0;
pub const FACTORY_HEIGHT: f64 = 70.0;
pub const KAIZEN_WIDTH: f64 = 130.0;
pub const KAIZEN_HEIGHT: f64 = 54.0;

/// An axis-aligned box: the symbol's outline, from its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Bounds {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn intersects(&self, other: &Bounds) -> bool {
        self.x <= other.x + other.width
            && other.x <= self.x + self.width
            && self.y <= other.y + other.height
            && other.y <= self.y + self.height
    }

    pub fn union(&self, other: &Bounds) -> Bounds {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Bounds {
            x,
            y,
            width: self.right().max(other.right()) - x,
            height: self.bottom().max(other.bottom()) - y,
        }
    }
}

/// The symbol's main shape (for a process step: the process box, without its data box).
pub fn symbol_bounds(element: &Element) -> Bounds {
    let (width, height) = match element.kind {
        ElementKind::Process(_) => (PROCESS_WIDTH, PROCESS_HEIGHT),
        ElementKind::Inventory(_) => (INVENTORY_WIDTH, INVENTORY_HEIGHT),
        ElementKind::Supplier | ElementKind::Customer => (FACTORY_WIDTH, FACTORY_HEIGHT),
        ElementKind::Kaizen(_) => (KAIZEN_WIDTH, KAIZEN_HEIGHT),
    };
    Bounds {
        x: element.x,
        y: element.y,
        width,
        height,
    }
}

/// The most characters of a name drawn under an inventory, under a factory,
/// and in a kaizen burst (longer names are clipped with an ellipsis).
pub const INVENTORY_NAME_CHARS: usize = 22;
pub const FACTORY_NAME_CHARS: usize = 28;
pub const KAIZEN_NAME_CHARS: usize = 22;
/// A generous average advance of the 12 px semi-bold names, so estimates err wide.
const NAME_CHAR_WIDTH: f64 = 7.0;

/// How wide the element's name is drawn, centred on its symbol (a process
/// step's name is inside its box).
fn caption_width(element: &Element) -> f64 {
    let chars = match element.kind {
        ElementKind::Process(_) => return 0.0,
        ElementKind::Inventory(_) => INVENTORY_NAME_CHARS,
        ElementKind::Supplier | ElementKind::Customer => FACTORY_NAME_CHARS,
        ElementKind::Kaizen(_) => KAIZEN_NAME_CHARS,
    };
    element.name.chars().count().min(chars) as f64 * NAME_CHAR_WIDTH
}

/// Everything the element draws, labels and data box included.
pub fn full_bounds(element: &Element, data_lines: usize) -> Bounds {
    let symbol = symbol_bounds(element);
    let below = match element.kind {
        ElementKind::Process(_) => data_lines as f64 * DATA_LINE + 10.0,
        ElementKind::Inventory(_) => 36.0,
        ElementKind::Supplier | ElementKind::Customer => 22.0,
        ElementKind::Kaizen(_) => 0.0,
    };
    let width = symbol.width.max(caption_width(element));
    Bounds {
        x: symbol.x - (width - symbol.width) / 2.0,
        width,
        height: symbol.height + below,
        ..symbol
    }
}

/// The box around the whole map, with a margin, for the view box.
pub fn map_bounds(map: &Map, data_lines: impl Fn(&Element) -> usize) -> Bounds {
    let margin = 40.0;
    let all = map
        .elements
        .iter()
        .map(|e| full_bounds(e, data_lines(e)))
        .reduce(|a, b| a.union(&b))
        .unwrap_or(Bounds {
            x: 0.0,
            y: 0.0,
            width: 600.0,
            height: 300.0,
        });
    Bounds {
        x: all.x - margin,
        y: all.y - margin - 30.0,
        width: all.width + 2.0 * margin,
        height: all.height + 2.0 * margin + 30.0,
    }
}

/// The box around the process steps and their data boxes (the row the lead time
/// runs along), or the whole map without steps.
pub fn process_row_bounds(map: &Map, data_lines: impl Fn(&Element) -> usize) -> Bounds {
    map.elements
        .iter()
        .filter(|e| matches!(e.kind, ElementKind::Process(_)))
        .map(|e| full_bounds(e, data_lines(e)))
        .reduce(|a, b| a.union(&b))
        .unwrap_or_else(|| map_bounds(map, data_lines))
}

/// Room kept between a new element and its neighbours.
const GAP: f64 = 40.0;

/// Where a new element goes, as its top-left corner: in the first free spot
/// beside `anchor` (right of it, then below, above, then farther right), or,
/// without one, around `centre`. `new` is the element as it will be drawn
/// (for its size); free means its box, with a gap, overlaps no element's.
pub fn free_spot(
    map: &Map,
    new: &Element,
    anchor: Option<&Element>,
    centre: (f64, f64),
    data_lines: impl Fn(&Element) -> usize,
) -> (f64, f64) {
    let size = full_bounds(new, data_lines(new));
    let boxes: Vec<Bounds> = map
        .elements
        .iter()
        .map(|e| full_bounds(e, data_lines(e)))
        .collect();
    let free = |x: f64, y: f64| {
        let wanted = Bounds {
            x: x - GAP / 2.0,
            y: y - GAP / 2.0,
            width: size.width + GAP,
            height: size.height + GAP,
        };
        !boxes.iter().any(|b| b.intersects(&wanted))
    };
    let snap = crate::model::ops::snap;
    let mut candidates = Vec::new();
    match anchor {
        Some(anchor) => {
            let near = full_bounds(anchor, data_lines(anchor));
            let right = near.right() + GAP;
            candidates.push((right, near.y));
            candidates.push((near.x, near.bottom() + GAP));
            candidates.push((near.x, near.y - size.height - GAP));
            candidates.extend((1..60).map(|k| (right + f64::from(k) * (size.width + GAP), near.y)));
        }
        None => {
            let (x, y) = (centre.0 - size.width / 2.0, centre.1 - size.height / 2.0);
            // Rings of spots around the centre, nearest first.
            for ring in 0..12i32 {
                for dx in -ring..=ring {
                    for dy in -ring..=ring {
                        if dx.abs().max(dy.abs()) == ring {
                            let step = (size.width + GAP, size.height + GAP);
                            candidates
                                .push((x + f64::from(dx) * step.0, y + f64::from(dy) * step.1));
                        }
                    }
                }
            }
        }
    }
    let first = candidates.first().copied().unwrap_or(centre);
    let (x, y) = candidates
        .into_iter()
        .map(|(x, y)| (snap(x), snap(y)))
        .find(|&(x, y)| free(x, y))
        .unwrap_or((snap(first.0), snap(first.1)));
    (x, y)
}

/// The pan that brings `bounds` (map units) into a `width` x `height` canvas
/// with a margin, moving as little as possible; the view unchanged when it is
/// already in sight. Returns `(dx, dy)` for the same zoom.
pub fn pan_to_show(
    (dx, dy, zoom): (f64, f64, f64),
    bounds: &Bounds,
    width: f64,
    height: f64,
) -> (f64, f64) {
    let margin = 24.0;
    let shift = |start: f64, end: f64, size: f64| {
        if end - start > size - 2.0 * margin || start < margin {
            margin - start
        } else if end > size - margin {
            size - margin - end
        } else {
            0.0
        }
    };
    let (left, top) = (bounds.x * zoom + dx, bounds.y * zoom + dy);
    (
        dx + shift(left, left + bounds.width * zoom, width),
        dy + shift(top, top + bounds.height * zoom, height),
    )
}

/// The zoom at which names (12 px) and data-box figures (11 px) are drawn at
/// their own size: the least a map projected in a workshop can be read at.
pub const READABLE_ZOOM: f64 = 1.0;
/// A fit never blows a small map up beyond this.
const MAX_FIT_ZOOM: f64 = 1.5;

/// How the canvas frames a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// All of it, however small that makes it (F, after auto-layout).
    Whole,
    /// All of it if it is readable that way; else at the readable zoom, from its
    /// start (the left edge) and around its process row, to be panned (opening a map).
    Readable,
}

/// The pan and zoom `(dx, dy, zoom)` that frame `map` (the map's box) in a canvas
/// of `width` x `height` pixels; `row` is what to centre vertically when the
/// map is taller than the canvas (the process steps).
pub fn frame(
    map: &Bounds,
    row: &Bounds,
    width: f64,
    height: f64,
    framing: Framing,
    min_zoom: f64,
) -> (f64, f64, f64) {
    let fit = (width / map.width)
        .min(height / map.height)
        .clamp(min_zoom, MAX_FIT_ZOOM);
    let zoom = match framing {
        Framing::Readable => fit.max(READABLE_ZOOM),
        Framing::Whole => fit,
    };
    let centred = |size: f64, start: f64, extent: f64| (size - extent * zoom) / 2.0 - start * zoom;
    let dx = if map.width * zoom <= width {
        centred(width, map.x, map.width)
    } else {
        -map.x * zoom
    };
    let dy = if map.height * zoom <= height {
        centred(height, map.y, map.height)
    } else {
        // The row in the middle, but never past the map's top or bottom edge.
        let (_, row_centre) = row.center();
        (height / 2.0 - row_centre * zoom).clamp(height - map.bottom() * zoom, -map.y * zoom)
    };
    (dx, dy, zoom)
}

/// Where a flow leaves `from` and enters `to`: the facing sides of the two symbols.
pub fn flow_ends(from: &Bounds, to: &Bounds) -> ((f64, f64), (f64, f64)) {
    let (fx, fy) = from.center();
    let (tx, ty) = to.center();
    let horizontal = (tx - fx).abs() >= (ty - fy).abs() * 0.6;
    if horizontal {
        let (start_x, end_x) = if tx >= fx {
            (from.right(), to.x)
        } else {
            (from.x, to.right())
        };
        ((start_x, fy), (end_x, ty))
    } else {
        let (start_y, end_y) = if ty >= fy {
            (from.bottom(), to.y)
        } else {
            (from.y, to.bottom())
        };
        ((fx, start_y), (tx, end_y))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(x: f64, y: f64) -> Bounds {
        Bounds {
            x,
            y,
            width: 100.0,
            height: 50.0,
        }
    }

    fn area(x: f64, y: f64, width: f64, height: f64) -> Bounds {
        Bounds {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn a_map_readable_when_fitted_is_fitted_whole_and_centred() {
        let map = area(0.0, 0.0, 400.0, 200.0);
        let (dx, dy, zoom) = frame(&map, &map, 800.0, 300.0, Framing::Readable, 0.1);
        assert_eq!(zoom, 1.5);
        assert_eq!((dx, dy), (100.0, 0.0));
    }

    #[test]
    fn a_wide_map_opens_readable_from_its_left_edge_around_its_process_row() {
        // 3,000 x 900 map in a 700 x 300 canvas: fitting would be 0.23.
        let map = area(-40.0, -70.0, 3000.0, 900.0);
        let row = area(0.0, 300.0, 2900.0, 160.0);
        let (dx, dy, zoom) = frame(&map, &row, 700.0, 300.0, Framing::Readable, 0.1);
        assert_eq!(zoom, READABLE_ZOOM);
        assert_eq!(dx, 40.0, "the map's left edge at the canvas's left edge");
        assert_eq!(
            dy,
            150.0 - 380.0,
            "the row's centre (380) in the canvas's middle"
        );
        let (_, _, whole) = frame(&map, &row, 700.0, 300.0, Framing::Whole, 0.1);
        assert!((whole - 700.0 / 3000.0).abs() < 1e-12);
    }

    #[test]
    fn a_row_near_the_top_never_leaves_empty_space_above_the_map() {
        let map = area(0.0, 0.0, 3000.0, 900.0);
        let row = area(0.0, 0.0, 3000.0, 100.0);
        let (_, dy, _) = frame(&map, &row, 700.0, 300.0, Framing::Readable, 0.1);
        assert_eq!(dy, 0.0);
        let low = area(0.0, 850.0, 3000.0, 50.0);
        let (_, dy, _) = frame(&map, &low, 700.0, 300.0, Framing::Readable, 0.1);
        assert_eq!(dy, 300.0 - 900.0, "the map's bottom at the canvas's bottom");
    }

    fn placed(id: &str, x: f64, y: f64) -> Element {
        Element {
            id: id.into(),
            name: id.into(),
            x,
            y,
            notes: String::new(),
            origin: None,
            kind: ElementKind::Process(Default::default()),
        }
    }

    #[test]
    fn a_new_element_goes_right_of_the_anchor_or_below_when_that_is_taken() {
        let mut map = Map::empty("m", "M", crate::model::MapState::Current);
        map.elements.push(placed("a", 0.0, 0.0));
        let new = placed("new", 0.0, 0.0);
        let no_lines = |_: &Element| 0;
        let anchor = map.elements[0].clone();
        assert_eq!(
            free_spot(&map, &new, Some(&anchor), (0.0, 0.0), no_lines),
            (190.0, 0.0)
        );
        map.elements.push(placed("b", 190.0, 0.0));
        let spot = free_spot(&map, &new, Some(&anchor), (0.0, 0.0), no_lines);
        assert_eq!(spot, (0.0, 110.0), "below a, as right of it is b");
        // Without an anchor, repeated adds around one centre never stack.
        let mut empty = Map::empty("m", "M", crate::model::MapState::Current);
        let mut spots = Vec::new();
        for i in 0..5 {
            let spot = free_spot(&empty, &new, None, (500.0, 300.0), no_lines);
            empty
                .elements
                .push(placed(&format!("e{i}"), spot.0, spot.1));
            spots.push(spot);
        }
        for (i, a) in spots.iter().enumerate() {
            for b in &spots[i + 1..] {
                assert!(
                    (a.0 - b.0).abs() >= PROCESS_WIDTH || (a.1 - b.1).abs() >= PROCESS_HEIGHT,
                    "{a:?} and {b:?} overlap"
                );
            }
        }
        assert_eq!(spots[0], (430.0, 270.0), "the first one centred (snapped)");
    }

    #[test]
    fn the_view_pans_only_as_far_as_needed_to_show_an_element() {
        let step = area(1000.0, 100.0, 150.0, 58.0);
        // At zoom 1 in an 800 x 400 canvas, the step lies right of the view: it comes in at the right edge.
        let (dx, dy) = pan_to_show((0.0, 0.0, 1.0), &step, 800.0, 400.0);
        assert_eq!((dx, dy), (800.0 - 24.0 - 1150.0, 0.0));
        // Already in view: nothing moves.
        assert_eq!(
            pan_to_show((-500.0, 0.0, 1.0), &step, 800.0, 400.0),
            (-500.0, 0.0)
        );
    }

    #[test]
    fn a_flow_to_the_right_leaves_the_right_side_and_enters_the_left() {
        let (start, end) = flow_ends(&bounds(0.0, 0.0), &bounds(300.0, 0.0));
        assert_eq!(start, (100.0, 25.0));
        assert_eq!(end, (300.0, 25.0));
    }

    #[test]
    fn a_flow_downwards_leaves_the_bottom() {
        let (start, end) = flow_ends(&bounds(0.0, 0.0), &bounds(0.0, 300.0));
        assert_eq!(start, (50.0, 50.0));
        assert_eq!(end, (50.0, 300.0));
    }
}
