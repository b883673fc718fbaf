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

/// Everything the element draws, labels and data box included.
pub fn full_bounds(element: &Element, data_lines: usize) -> Bounds {
    let symbol = symbol_bounds(element);
    let below = match element.kind {
        ElementKind::Process(_) => data_lines as f64 * DATA_LINE + 10.0,
        ElementKind::Inventory(_) => 36.0,
        ElementKind::Supplier | ElementKind::Customer => 22.0,
        ElementKind::Kaizen(_) => 0.0,
    };
    Bounds {
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
