//! Auto-layout's positions: the arrangement of `analysis::layout` spaced so
//! that nothing drawn between symbols lands on one. Each gap between columns
//! is as wide as the widest marker or label of the flows crossing it; each row
//! keeps room above it for the rework arcs and information flows that climb
//! over it, and its kaizen bursts sit above those.

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::flow_shape::{INFO_RISE, Marker, flow_label, label_bounds, rework_rise};
use super::geometry::{KAIZEN_HEIGHT, KAIZEN_WIDTH, full_bounds, symbol_bounds};
use crate::analysis::layout::arrange;
use crate::model::ops::snap;
use crate::model::{Element, ElementKind, FlowKind, Map};

const LEFT: f64 = 60.0;
const TOP: f64 = 140.0;
/// The least space between two columns, and between a row and the room above the next.
const COLUMN_GAP: f64 = 40.0;
const ROW_GAP: f64 = 40.0;
/// Space kept on either side of a marker or label.
const CLEARANCE: f64 = 14.0;
/// The height a stacked kaizen burst takes, with its gap.
const BURST: f64 = KAIZEN_HEIGHT + 10.0;

/// The arrangement, counted from 0: each element's (column, row) and, for a
/// kaizen burst, the placed element it is about.
struct Grid {
    cell: Vec<Option<(usize, usize)>>,
    about: Vec<Option<usize>>,
    columns: usize,
    rows: usize,
}

impl Grid {
    fn new(map: &Map, index_of: &impl Fn(&str) -> Option<usize>) -> Grid {
        let cells = arrange(map);
        let top = cells.iter().flatten().map(|c| c.row).min().unwrap_or(0);
        let cell: Vec<Option<(usize, usize)>> = cells
            .iter()
            .map(|c| c.map(|c| (c.column.max(0) as usize, (c.row - top) as usize)))
            .collect();
        let about = map
            .elements
            .iter()
            .map(|e| match &e.kind {
                ElementKind::Kaizen(k) => k
                    .attached_to
                    .as_deref()
                    .and_then(index_of)
                    .filter(|&t| cell[t].is_some()),
                _ => None,
            })
            .collect();
        let extent = |f: fn(&(usize, usize)) -> usize| {
            cell.iter().flatten().map(f).max().map_or(0, |m| m + 1)
        };
        Grid {
            columns: extent(|c| c.0),
            rows: extent(|c| c.1),
            cell,
            about,
        }
    }

    /// The cells of a flow's two ends, when both are placed.
    fn ends(
        &self,
        from: Option<usize>,
        to: Option<usize>,
    ) -> Option<((usize, usize), (usize, usize))> {
        Some((self.cell[from?]?, self.cell[to?]?))
    }
}

/// New positions `(id, x, y)` for the elements of `map`; `data_lines` says
/// how many data-box rows an element draws (its height below the symbol).
pub fn lay_out(map: &Map, data_lines: impl Fn(&Element) -> usize) -> Vec<(String, f64, f64)> {
    // (Element indices kept as graph node indices: the stream graph's own map
    // type, so the wasm carries one such map rather than two.)
    let ids: HashMap<&str, NodeIndex> = map
        .elements
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), NodeIndex::new(i)))
        .collect();
    let index_of = |id: &str| ids.get(id).map(|i| i.index());
    let grid = Grid::new(map, &index_of);
    let columns = column_spans(map, &grid, &index_of);
    let x_of = |index: usize| {
        grid.cell[index].map(|(column, _)| {
            let (left, width) = columns[column];
            snap(left + (width - symbol_bounds(&map.elements[index]).width) / 2.0)
        })
    };
    let rows = row_spans(map, &grid, &index_of, &x_of, &data_lines);

    let mut positions = Vec::with_capacity(map.elements.len());
    let mut stacked = vec![0usize; map.elements.len()];
    let mut loose = 0;
    for (index, element) in map.elements.iter().enumerate() {
        let at = match (grid.cell[index], grid.about[index]) {
            (Some((_, row)), _) => x_of(index).map(|x| (x, rows[row].top)),
            // A burst: stacked above the room of what it is about...
            (None, Some(target)) => grid.cell[target].zip(x_of(target)).map(|((_, row), x)| {
                stacked[target] += 1;
                let width = symbol_bounds(&map.elements[target]).width;
                let row = &rows[row];
                (
                    x + (width - KAIZEN_WIDTH) / 2.0,
                    row.top - row.flow_room - stacked[target] as f64 * BURST,
                )
            }),
            // ...or in a line above the whole map.
            (None, None) if matches!(element.kind, ElementKind::Kaizen(_)) => {
                loose += 1;
                let first = rows.first().map_or(TOP, |r| r.top - r.room);
                Some((LEFT + (loose - 1) as f64 * (KAIZEN_WIDTH + 20.0), first))
            }
            (None, None) => None,
        };
        if let Some((x, y)) = at {
            positions.push((element.id.clone(), snap(x), snap(y)));
        }
    }
    positions
}

/// Each column's left edge and width. Every element is centred in its column;
/// a kaizen burst widens the column of what it is about.
fn column_spans(
    map: &Map,
    grid: &Grid,
    index_of: &impl Fn(&str) -> Option<usize>,
) -> Vec<(f64, f64)> {
    let mut widths = vec![0.0f64; grid.columns];
    for (index, element) in map.elements.iter().enumerate() {
        // Names wider than their symbol (under an inventory) widen the column too.
        let column = grid.cell[index].or_else(|| grid.about[index].and_then(|t| grid.cell[t]));
        if let Some((column, _)) = column {
            widths[column] = widths[column].max(full_bounds(element, 0).width);
        }
    }
    // The gap after each column: room for the marker or label of each flow
    // crossing it, centred between the two symbols, clear of both ends' names.
    let mut gaps = vec![COLUMN_GAP; grid.columns];
    for flow in &map.flows {
        let (from, to) = (index_of(&flow.from), index_of(&flow.to));
        let Some(((a, _), (b, _))) = grid.ends(from, to) else {
            continue;
        };
        let marker = Marker::of(&flow.kind).map_or(0.0, |m| m.bounds((0.0, 0.0)).width);
        let label = match flow.kind {
            // Drawn over the top of the map, not in the gap.
            FlowKind::Rework(_) | FlowKind::ManualInfo | FlowKind::ElectronicInfo => None,
            _ => flow_label(&flow.kind),
        };
        let label = label.map_or(0.0, |t| label_bounds(&t, (0.0, 0.0)).width);
        if a.abs_diff(b) != 1 || (marker == 0.0 && label == 0.0) {
            continue;
        }
        // How far each end's name reaches past its symbol, and how far its
        // drawing stays inside its column.
        let spans = |index: Option<usize>, column: usize| {
            let element = &map.elements[index.unwrap_or_default()];
            let full = full_bounds(element, 0).width;
            let overhang = (full - symbol_bounds(element).width) / 2.0;
            (overhang, (widths[column] - full) / 2.0)
        };
        let ((left_over, left_in), (right_over, right_in)) = if a < b {
            (spans(from, a), spans(to, b))
        } else {
            (spans(to, b), spans(from, a))
        };
        let need = marker.max(label) + 2.0 * CLEARANCE + (left_over - right_over).abs()
            - left_in
            - right_in;
        let gap = &mut gaps[a.min(b)];
        *gap = gap.max(need);
    }
    let mut x = LEFT;
    widths
        .iter()
        .zip(gaps)
        .map(|(&width, gap)| {
            let span = (x, width);
            x += width + gap;
            span
        })
        .collect()
}

/// A row's top edge, and the room kept above it (for arcs and flows over it,
/// `flow_room`, then its kaizen bursts).
struct Row {
    top: f64,
    flow_room: f64,
    room: f64,
}

fn row_spans(
    map: &Map,
    grid: &Grid,
    index_of: &impl Fn(&str) -> Option<usize>,
    x_of: &impl Fn(usize) -> Option<f64>,
    data_lines: &impl Fn(&Element) -> usize,
) -> Vec<Row> {
    let mut heights = vec![0.0f64; grid.rows];
    let mut bursts = vec![0usize; map.elements.len()];
    for (index, element) in map.elements.iter().enumerate() {
        if let Some((_, row)) = grid.cell[index] {
            heights[row] = heights[row].max(full_bounds(element, data_lines(element)).height);
        }
        if let Some(target) = grid.about[index] {
            bursts[target] += 1;
        }
    }
    let mut stacked = vec![0usize; grid.rows];
    for (index, &count) in bursts.iter().enumerate() {
        if let Some((_, row)) = grid.cell[index] {
            stacked[row] = stacked[row].max(count);
        }
    }
    // The line of bursts about nothing in particular goes above the first row.
    let loose = map
        .elements
        .iter()
        .zip(&grid.about)
        .any(|(e, about)| matches!(e.kind, ElementKind::Kaizen(_)) && about.is_none());
    if loose && let Some(first) = stacked.first_mut() {
        *first += 1;
    }
    let centre =
        |index: usize| x_of(index).map(|x| x + symbol_bounds(&map.elements[index]).width / 2.0);
    let mut flow_room = vec![0.0f64; grid.rows];
    for flow in &map.flows {
        let (from, to) = (index_of(&flow.from), index_of(&flow.to));
        let Some(((_, a), (_, b))) = grid.ends(from, to) else {
            continue;
        };
        let rise = match &flow.kind {
            // The arc's label reaches `rise - 4` above the higher end (see flow_shape).
            FlowKind::Rework(_) => match (from.and_then(centre), to.and_then(centre)) {
                (Some(fx), Some(tx)) => rework_rise(fx, tx) - 4.0 + CLEARANCE,
                _ => continue,
            },
            FlowKind::ManualInfo | FlowKind::ElectronicInfo => INFO_RISE + 9.0 + CLEARANCE,
            _ => continue,
        };
        let room = &mut flow_room[a.min(b)];
        *room = room.max(rise);
    }
    let mut bottom = None::<f64>;
    heights
        .iter()
        .zip(flow_room)
        .zip(stacked)
        .map(|((&height, flow_room), stacked)| {
            let room = flow_room + stacked as f64 * BURST;
            let top = bottom.map_or(TOP.max(room + ROW_GAP), |b| b + ROW_GAP + room);
            bottom = Some(top + height);
            Row {
                top,
                flow_room,
                room,
            }
        })
        .collect()
}
