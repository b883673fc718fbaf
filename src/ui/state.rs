//! The one store the whole app reads: the document and its history, which map
//! is shown, the selection and the view, and the analysis derived from the
//! document. Every change to the document goes through `edit` (or, during a
//! drag, `preview` followed by one `record`), so undo sees all of it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;

use super::editor::geometry::Framing;
use crate::analysis::forecast::ForecastReport;
use crate::analysis::report::{MapReport, map_report};
use crate::analysis::{Analysis, analyze};
use crate::model::ops::Clip;
use crate::model::{Document, Edit, Element, Flow, FlowKind, History, Map, MapState};

/// How many times the analysis ran: the browser benchmark checks it stays at
/// most once per frame during a drag.
static ANALYSIS_RUNS: AtomicU32 = AtomicU32::new(0);

#[wasm_bindgen]
pub fn analysis_runs() -> u32 {
    ANALYSIS_RUNS.load(Ordering::Relaxed)
}

thread_local! {
    /// The app's store, for the few functions the page's scripts and tests call.
    static STORE: std::cell::OnceCell<Store> = const { std::cell::OnceCell::new() };
}

/// The document being edited, in the file format: what the tests hand to `takt analyze`.
#[wasm_bindgen]
pub fn document_json() -> String {
    STORE.with(|s| {
        s.get()
            .map(|store| store.document.with_untracked(crate::io::save))
            .unwrap_or_default()
    })
}

/// Pan and zoom: a map point (x, y) is drawn at (x * zoom + dx, y * zoom + dy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub dx: f64,
    pub dy: f64,
    pub zoom: f64,
}

impl View {
    pub const MIN_ZOOM: f64 = 0.1;
    pub const MAX_ZOOM: f64 = 4.0;

    pub fn to_map(self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.dx) / self.zoom, (y - self.dy) / self.zoom)
    }

    /// Zooms by `factor` keeping the screen point (x, y) still.
    pub fn zoomed_at(self, factor: f64, x: f64, y: f64) -> View {
        let zoom = (self.zoom * factor).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let (mx, my) = self.to_map(x, y);
        View {
            dx: x - mx * zoom,
            dy: y - my * zoom,
            zoom,
        }
    }
}

/// The two ways to see a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Canvas,
    Table,
    Library,
    Compare,
}

/// A message for the user; errors stay until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub document: RwSignal<Document>,
    pub history: RwSignal<History>,
    /// Index into `document.maps` of the map on screen.
    pub map_index: RwSignal<usize>,
    /// Selected element and flow ids, in the order they were selected.
    pub selection: RwSignal<Vec<String>>,
    pub view: RwSignal<View>,
    pub screen: RwSignal<Screen>,
    /// The kind new connections get.
    pub flow_kind: RwSignal<FlowKind>,
    pub clipboard: StoredValue<Clip>,
    pub notice: RwSignal<Option<Notice>>,
    pub help_open: RwSignal<bool>,
    /// The step rework is being drawn from, while the user chooses where it goes back to.
    pub rework_from: RwSignal<Option<String>>,
    /// A shared map opened from a link: shown, not editable until saved to the library.
    pub read_only: RwSignal<bool>,
    /// An element whose name field should take the focus (after a quick add).
    pub focus_name: RwSignal<Option<String>>,
    /// Asks the canvas to frame the map (set anew for every request).
    pub fit_request: RwSignal<Framing>,
    /// A drag of elements is under way: shown live, recorded as one step at its end.
    pub dragging: StoredValue<bool>,
    /// A reactive cell per element and flow on screen, kept in step with the document.
    cells: StoredValue<Cells>,
    /// The metrics of the map on screen, recomputed when it changes.
    pub analysis: Memo<Analysis>,
    /// The same metrics as text in the map's units.
    pub report: Memo<MapReport>,
    /// The lead-time forecast of the map on screen, as far as it has run
    /// (written by `forecast::keep_forecast` alone).
    pub forecast: RwSignal<Option<ForecastReport>>,
    /// How many runs `forecast` has: fewer than `forecast::RUNS` while it runs.
    pub forecast_runs: RwSignal<usize>,
}

/// One reactive cell per element and per flow of the map on screen. Views of one
/// element subscribe to its cell alone: with every view subscribed to the whole
/// document, each change would wake them all, and a frame of a drag on a large
/// map would cost time in proportion to the square of its size.
#[derive(Default)]
pub struct Cells {
    elements: HashMap<String, ArcRwSignal<Option<Element>>>,
    flows: HashMap<String, ArcRwSignal<Option<Flow>>>,
}

/// The cell of `id`, made from its current value the first time it is asked for.
fn cell<T: Send + Sync + 'static>(
    cells: &mut HashMap<String, ArcRwSignal<Option<T>>>,
    id: &str,
    current: impl FnOnce() -> Option<T>,
) -> ArcRwSignal<Option<T>> {
    cells
        .entry(id.to_string())
        .or_insert_with(|| ArcRwSignal::new(current()))
        .clone()
}

/// Brings the cells of `items` up to date with `map`: sets the changed ones, empties the gone ones.
fn sync_cells<T: Clone + PartialEq + Send + Sync + 'static>(
    cells: &mut HashMap<String, ArcRwSignal<Option<T>>>,
    items: &[T],
    id: impl Fn(&T) -> &str,
) {
    let mut present = HashSet::with_capacity(items.len());
    for item in items {
        present.insert(id(item));
        if let Some(cell) = cells.get(id(item))
            && cell.with_untracked(|v| v.as_ref() != Some(item))
        {
            cell.set(Some(item.clone()));
        }
    }
    cells.retain(|key, cell| {
        let keep = present.contains(key.as_str());
        if !keep {
            cell.set(None);
        }
        keep
    });
}

/// The map at `index`, falling back to the first (a loaded document always has one).
pub fn shown(document: &Document, index: usize) -> &Map {
    static EMPTY: LazyLock<Map> =
        LazyLock::new(|| Map::empty("empty", "Empty map", MapState::Current));
    document
        .maps
        .get(index)
        .or(document.maps.first())
        .unwrap_or(&EMPTY)
}

impl Store {
    pub fn new(document: Document) -> Self {
        let document = RwSignal::new(document);
        let map_index = RwSignal::new(0usize);
        let analysis = Memo::new(move |_| {
            ANALYSIS_RUNS.fetch_add(1, Ordering::Relaxed);
            let index = map_index.get();
            document.with(|d| analyze(shown(d, index)))
        });
        let report = Memo::new(move |_| {
            let index = map_index.get();
            analysis.with(|a| document.with(|d| map_report(shown(d, index), a)))
        });
        let cells = StoredValue::new(Cells::default());
        Effect::new(move |_| {
            let index = map_index.get();
            document.with(|d| {
                let map = shown(d, index);
                cells.update_value(|c| {
                    sync_cells(&mut c.elements, &map.elements, |e| &e.id);
                    sync_cells(&mut c.flows, &map.flows, |f| &f.id);
                });
            });
        });
        let store = Store {
            document,
            history: RwSignal::new(History::default()),
            dragging: StoredValue::new(false),
            map_index,
            selection: RwSignal::new(Vec::new()),
            view: RwSignal::new(View {
                dx: 0.0,
                dy: 0.0,
                zoom: 1.0,
            }),
            screen: RwSignal::new(Screen::Canvas),
            flow_kind: RwSignal::new(FlowKind::Push),
            clipboard: StoredValue::new(Clip::default()),
            notice: RwSignal::new(None),
            help_open: RwSignal::new(false),
            rework_from: RwSignal::new(None),
            read_only: RwSignal::new(false),
            focus_name: RwSignal::new(None),
            fit_request: RwSignal::new(Framing::Readable),
            cells,
            analysis,
            report,
            forecast: RwSignal::new(None),
            forecast_runs: RwSignal::new(0),
        };
        STORE.with(|s| {
            let _ = s.set(store);
        });
        store
    }

    /// Runs `f` on the map on screen (reactively).
    pub fn with_map<T>(&self, f: impl FnOnce(&Map) -> T) -> T {
        let index = self.map_index.get();
        self.document.with(|d| f(shown(d, index)))
    }

    /// The element with `id` on the map on screen, tracking that element alone.
    pub fn element(&self, id: &str) -> Option<Element> {
        let current = || self.with_map_untracked(|_, m| m.element(id).cloned());
        self.cells
            .try_update_value(|c| cell(&mut c.elements, id, current))?
            .get()
    }

    /// The flow with `id` on the map on screen, tracking that flow alone.
    pub fn flow(&self, id: &str) -> Option<Flow> {
        let current =
            || self.with_map_untracked(|_, m| m.flows.iter().find(|f| f.id == id).cloned());
        self.cells
            .try_update_value(|c| cell(&mut c.flows, id, current))?
            .get()
    }

    /// Runs `f` on the map on screen without subscribing (for event handlers).
    pub fn with_map_untracked<T>(&self, f: impl FnOnce(usize, &Map) -> T) -> T {
        let index = self.map_index.get_untracked();
        self.document.with_untracked(|d| f(index, shown(d, index)))
    }

    /// Shows another document, from its first map, with a fresh history.
    pub fn replace(&self, document: Document) {
        self.map_index.set(0);
        self.selection.set(Vec::new());
        self.history.set(History::default());
        self.document.set(document);
        self.fit_request.set(Framing::Readable);
    }

    pub fn show_map(&self, index: usize) {
        self.selection.set(Vec::new());
        self.map_index.set(index);
        self.fit_request.set(Framing::Readable);
    }

    /// Fits the whole map to the window (F, auto-layout).
    pub fn request_fit(&self) {
        self.fit_request.set(Framing::Whole);
    }

    /// Applies `edit` as one step of history. Returns false (with a notice) if it
    /// cannot apply or would leave a document the loader refuses; an edit that
    /// changes nothing records nothing and wakes nobody (so nothing is saved).
    pub fn edit(&self, edit: Edit) -> bool {
        self.apply_with(edit, None)
    }

    /// Applies `edit`, merged with the previous step when both have `key` (typing in one field).
    pub fn edit_merged(&self, edit: Edit, key: &str) -> bool {
        self.apply_with(edit, Some(key))
    }

    fn apply_with(&self, edit: Edit, merge_key: Option<&str>) -> bool {
        if self.refuse_change() {
            return false;
        }
        let mut result = Ok(false);
        self.history.update_untracked(|history| {
            self.document.update_untracked(|document| {
                result =
                    history.apply_checked(document, edit, merge_key, &crate::io::validate::check)
            })
        });
        match result {
            Ok(true) => {
                self.document.notify();
                self.history.notify();
                true
            }
            Ok(false) => false,
            Err(error) => {
                self.notify(&format!("That change could not be made: {error}"), true);
                false
            }
        }
    }

    /// Changes the map on screen without recording history (a drag in progress).
    /// `change` says whether it changed anything; if not, nobody is woken.
    pub fn preview(&self, change: impl FnOnce(&mut Map) -> bool) {
        if self.refuse_if_read_only() {
            return;
        }
        let index = self.map_index.get_untracked();
        let mut changed = false;
        self.document.update_untracked(|d| {
            if let Some(map) = d.maps.get_mut(index) {
                changed = change(map);
            }
        });
        if changed {
            self.document.notify();
        }
    }

    /// A shared map is not changed until it is saved to the library: says so, and returns true.
    fn refuse_if_read_only(&self) -> bool {
        let read_only = self.read_only.get_untracked();
        if read_only {
            self.notify(
                "This shared map is read-only: save it to your library to edit it",
                false,
            );
        }
        read_only
    }

    /// The one check before any edit, history step or action changes the
    /// document: not on a read-only map, and not while a drag is half done (the
    /// drag is one step; it must end, or be cancelled, first).
    fn refuse_change(&self) -> bool {
        if self.refuse_if_read_only() {
            return true;
        }
        let dragging = self.dragging.get_value();
        if dragging {
            self.notify("Finish moving the elements first", false);
        }
        dragging
    }

    /// Records a change made by `preview`, given the edit that undoes it.
    pub fn record(&self, inverse: Edit) {
        if self.refuse_change() {
            return;
        }
        self.history.update(|h| h.record(inverse));
    }

    pub fn undo(&self) {
        if self.refuse_change() {
            return;
        }
        let mut done = false;
        self.history
            .update_untracked(|h| self.document.update_untracked(|d| done = h.undo(d)));
        if done {
            self.document.notify();
            self.history.notify();
        }
        self.forget_missing_selection();
        if !done {
            self.notify("Nothing to undo", false);
        }
    }

    pub fn redo(&self) {
        if self.refuse_change() {
            return;
        }
        let mut done = false;
        self.history
            .update_untracked(|h| self.document.update_untracked(|d| done = h.redo(d)));
        if done {
            self.document.notify();
            self.history.notify();
        }
        self.forget_missing_selection();
        if !done {
            self.notify("Nothing to redo", false);
        }
    }

    /// Drops selected ids that no longer exist (after undo, redo or delete).
    fn forget_missing_selection(&self) {
        let existing: HashSet<String> = self.with_map_untracked(|_, m| {
            m.elements
                .iter()
                .map(|e| e.id.clone())
                .chain(m.flows.iter().map(|f| f.id.clone()))
                .collect()
        });
        self.selection
            .update(|s| s.retain(|id| existing.contains(id)));
    }

    pub fn selected_set(&self) -> HashSet<String> {
        self.selection.get_untracked().into_iter().collect()
    }

    pub fn select_only(&self, ids: Vec<String>) {
        self.selection.set(ids);
    }

    /// Adds `id` to the selection, or takes it out if it is in.
    pub fn toggle_selected(&self, id: &str) {
        self.selection.update(|s| {
            if let Some(i) = s.iter().position(|x| x == id) {
                s.remove(i);
            } else {
                s.push(id.to_string());
            }
        });
    }

    pub fn notify(&self, text: &str, error: bool) {
        self.notice.set(Some(Notice {
            text: text.to_string(),
            error,
        }));
    }

    /// Replaces one element through `change`, as a step merged under `key`.
    pub fn update_element(&self, id: &str, key: &str, change: impl FnOnce(&mut Element)) {
        let Some((index, mut element)) =
            self.with_map_untracked(|i, m| m.element(id).cloned().map(|e| (i, e)))
        else {
            return;
        };
        change(&mut element);
        self.edit_merged(
            Edit::ReplaceElement {
                map: index,
                element,
            },
            &format!("{id}/{key}"),
        );
    }
}
