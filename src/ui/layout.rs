//! Auto-layout's positions: the arrangement of `analysis::layout` spaced so
//! that nothing drawn between symbols lands on one. Each gap between columns
//! is as wide as the widest marker or label of the flows crossing it; each row
//! keeps room above it for the rework arcs and information flows that climb
//! over it, and its kaizen bursts sit above those.

use std::collections::{BTreeMap, HashMap};

use super::flow_shape::{INFO_RISE, Marker, flow_label, label_bounds, rework_rise};
use super::geometry::{KAIZEN_HEIGHT, KAIZEN_WIDTH, full_bounds, symbol_bounds};
use crate::analysis::layout::{Cell, arrange};
use crate::model::ops::snap;
use crate::model::{Element, ElementKind, FlowKind, Map};

const LEFT: f64 = 60.0;
const TOP: f64 = 140.0;
/// The least space between two columns, and between a row and the room above the next.
const COLUMN_GAP: f64 = 40.0;
const ROW_GAP: f64 = 40.0;
/// Space kept on either side of a marker or label.
const CLEARANCE: f64 = 14.0;

/// New positions `(id, x, y)` for the elements of `map`; `data_lines` says
/// how many data-box rows an element draws (its height below the symbol).
pub fn lay_out(map: &Map, data_lines: impl Fn(&Element) -> usize) -> Vec<(String, f64, f64)> {
    let cells = arrange(map);
    let ids: HashMap<&str, usize> = map
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let index_of = |id: &str| ids.get(id).copied();
    let xs = column_positions(map, &cells, &index_of);
    let x_of = |index: usize| {
        cells[index].map(|cell| {
            let width = symbol_bounds(&map.elements[index]).width;
            snap(xs[&cell.column].0 + (xs[&cell.column].1 - width) / 2.0)
        })
    };
    // Where each element's centre will be, for the arcs' rise.
    let centre_x =
        |index: usize| x_of(index).map(|x| x + symbol_bounds(&map.elements[index]).width / 2.0);
    let mut bursts_on: BTreeMap<usize, usize> = BTreeMap::new();
    let mut loose_bursts = 0;
    for element in &map.elements {
        if let ElementKind::Kaizen(kaizen) = &element.kind {
            match kaizen.attached_to.as_deref().and_then(&index_of) {
                Some(target) if cells[target].is_some() => {
                    *bursts_on.entry(target).or_default() += 1
                }
                _ => loose_bursts += 1,
            }
        }
    }
    let rows = row_tops(
        map,
        &cells,
        &index_of,
        &centre_x,
        &bursts_on,
        loose_bursts,
        &data_lines,
    );

    let mut positions = Vec::with_capacity(map.elements.len());
    for (index, element) in map.elements.iter().enumerate() {
        if let (Some(cell), Some(x)) = (cells[index], x_of(index)) {
            positions.push((element.id.clone(), x, snap(rows[&cell.row].top)));
        }
    }
    // Kaizen bursts: stacked above the room of what they are about, or in a
    // line above the whole map.
    let first_row = rows.values().next().map_or(TOP, |r| r.top - r.room);
    let mut stacked: BTreeMap<usize, usize> = BTreeMap::new();
    let mut loose = 0;
    for element in &map.elements {
        let ElementKind::Kaizen(kaizen) = &element.kind else {
            continue;
        };
        let target = kaizen.attached_to.as_deref().and_then(&index_of);
        let placed = target.and_then(|t| Some((t, cells[t]?, x_of(t)?)));
        let (x, y) = match placed {
            Some((target, cell, x)) => {
                let level = stacked.entry(target).or_default();
                *level += 1;
                let row = &rows[&cell.row];
                let width = symbol_bounds(&map.elements[target]).width;
                (
                    x + (width - KAIZEN_WIDTH) / 2.0,
                    row.top - row.flow_room - *level as f64 * (KAIZEN_HEIGHT + 10.0),
                )
            }
            None => {
                loose += 1;
                (LEFT + (loose - 1) as f64 * (KAIZEN_WIDTH + 20.0), first_row)
            }
        };
        positions.push((element.id.clone(), snap(x), snap(y)));
    }
    positions
}

/// Each column's left edge and width, by column number. Every element is
/// centred in its column; kaizen bursts widen the column of what they are about.
fn column_positions(
    map: &Map,
    cells: &[Option<Cell>],
    index_of: &impl Fn(&str) -> Option<usize>,
) -> BTreeMap<i64, (f64, f64)> {
    let mut widths: BTreeMap<i64, f64> = BTreeMap::new();
    let mut widen = |column: i64, width: f64| {
        let w = widths.entry(column).or_default();
        *w = w.max(width);
    };
    for (index, element) in map.elements.iter().enumerate() {
        // Names wider than their symbol (under an inventory) widen the column too.
        let width = full_bounds(element, 0).width;
        match (&element.kind, cells[index]) {
            (_, Some(cell)) => widen(cell.column, width),
            (ElementKind::Kaizen(kaizen), None) => {
                let target = kaizen.attached_to.as_deref().and_then(index_of);
                if let Some(cell) = target.and_then(|t| cells[t]) {
                    widen(cell.column, width);
                }
            }
            _ => {}
        }
    }
    // The gap after each column: room for the marker or label of each flow
    // crossing it, centred between the two symbols, clear of both ends' names.
    let mut gaps: BTreeMap<i64, f64> = BTreeMap::new();
    for flow in &map.flows {
        if matches!(
            flow.kind,
            FlowKind::Rework(_) | FlowKind::ManualInfo | FlowKind::ElectronicInfo
        ) {
            continue; // drawn over the top of the map
        }
        let ends = index_of(&flow.from).zip(index_of(&flow.to));
        let Some(((a, Some(cell_a)), (b, Some(cell_b)))) =
            ends.map(|(a, b)| ((a, cells[a]), (b, cells[b])))
        else {
            continue;
        };
        if (cell_a.column - cell_b.column).abs() != 1 {
            continue;
        }
        let marker = Marker::of(&flow.kind).map_or(0.0, |m| m.bounds((0.0, 0.0)).width);
        let label = flow_label(&flow.kind).map_or(0.0, |t| label_bounds(&t, (0.0, 0.0)).width);
        if marker == 0.0 && label == 0.0 {
            continue;
        }
        // How far each end's name reaches past its symbol, and how far its
        // drawing stays inside its column.
        let (left, right) = if cell_a.column < cell_b.column {
            (a, b)
        } else {
            (b, a)
        };
        let spans = |index: usize, column: i64| {
            let element = &map.elements[index];
            let full = full_bounds(element, 0).width;
            let overhang = (full - symbol_bounds(element).width) / 2.0;
            let inset = (widths.get(&column).copied().unwrap_or(full) - full) / 2.0;
            (overhang, inset)
        };
        let (left_over, left_in) = spans(left, cell_a.column.min(cell_b.column));
        let (right_over, right_in) = spans(right, cell_a.column.max(cell_b.column));
        let need = marker.max(label) + 2.0 * CLEARANCE + (left_over - right_over).abs()
            - left_in
            - right_in;
        let gap = gaps.entry(cell_a.column.min(cell_b.column)).or_default();
        *gap = gap.max(need);
    }
    let (Some(&first), Some(&last)) = (widths.keys().next(), widths.keys().next_back()) else {
        return BTreeMap::new();
    };
    let mut positions = BTreeMap::new();
    let mut x = LEFT;
    for column in first..=last {
        let width = widths.get(&column).copied().unwrap_or(0.0);
        positions.insert(column, (x, width));
        x += width + gaps.get(&column).copied().unwrap_or(0.0).max(COLUMN_GAP);
    }
    positions
}

/// A row's top edge, and the room kept above it (for arcs and flows over it,
/// `flow_room`, then its kaizen bursts).
struct Row {
    top: f64,
    flow_room: f64,
    room: f64,
}

fn row_tops(
    map: &Map,
    cells: &[Option<Cell>],
    index_of: &impl Fn(&str) -> Option<usize>,
    centre_x: &impl Fn(usize) -> Option<f64>,
    bursts_on: &BTreeMap<usize, usize>,
    loose_bursts: usize,
    data_lines: &impl Fn(&Element) -> usize,
) -> BTreeMap<i64, Row> {
    let mut heights: BTreeMap<i64, f64> = BTreeMap::new();
    for (index, cell) in cells.iter().enumerate() {
        if let Some(cell) = cell {
            let element = &map.elements[index];
            let height = full_bounds(element, data_lines(element)).height;
            let h = heights.entry(cell.row).or_default();
            *h = h.max(height);
        }
    }
    let mut flow_room: BTreeMap<i64, f64> = BTreeMap::new();
    for flow in &map.flows {
        let ends = index_of(&flow.from).zip(index_of(&flow.to));
        let Some((from, to)) = ends else { continue };
        let (Some(from_cell), Some(to_cell)) = (cells[from], cells[to]) else {
            continue;
        };
        let rise = match &flow.kind {
            FlowKind::Rework(_) => {
                let (Some(fx), Some(tx)) = (centre_x(from), centre_x(to)) else {
                    continue;
                };
                // The arc's label reaches `rise - 4` above the higher end (see flow_shape).
                rework_rise(fx, tx) - 4.0 + CLEARANCE
            }
            FlowKind::ManualInfo | FlowKind::ElectronicInfo => INFO_RISE + 9.0 + CLEARANCE,
            _ => continue,
        };
        let room = flow_room.entry(from_cell.row.min(to_cell.row)).or_default();
        *room = room.max(rise);
    }
    let mut bursts: BTreeMap<i64, usize> = BTreeMap::new();
    for (&target, &count) in bursts_on {
        if let Some(cell) = cells[target] {
            let b = bursts.entry(cell.row).or_default();
            *b = (*b).max(count);
        }
    }
    let mut rows = BTreeMap::new();
    let mut bottom = None::<f64>;
    for (&row, &height) in &heights {
        let flows = flow_room.get(&row).copied().unwrap_or(0.0);
        let mut stacked = bursts.get(&row).copied().unwrap_or(0);
        if bottom.is_none() && loose_bursts > 0 {
            stacked += 1; // the line of bursts about nothing in particular
        }
        let room = flows + stacked as f64 * (KAIZEN_HEIGHT + 10.0);
        let top = match bottom {
            None => TOP.max(room + ROW_GAP),
            Some(previous) => previous + ROW_GAP + room,
        };
        bottom = Some(top + height);
        rows.insert(
            row,
            Row {
                top,
                flow_room: flows,
                room,
            },
        );
    }
    rows
}
