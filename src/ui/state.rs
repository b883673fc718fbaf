//! The one store the whole app reads: the document, which map is shown, and the
//! analysis derived from it. Views read; nothing here computes a metric itself.

use std::sync::LazyLock;

use leptos::prelude::*;

use crate::analysis::report::{MapReport, map_report};
use crate::analysis::{Analysis, analyze};
use crate::model::{Document, Map, MapState};

#[derive(Clone, Copy)]
pub struct Store {
    pub document: RwSignal<Document>,
    /// Index into `document.maps` of the map on screen.
    pub map_index: RwSignal<usize>,
    /// The metrics of the map on screen, recomputed when it changes.
    pub analysis: Memo<Analysis>,
    /// The same metrics as text in the map's units.
    pub report: Memo<MapReport>,
}

/// The map at `index`, falling back to the first (a loaded document always has one).
fn shown(document: &Document, index: usize) -> &Map {
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
            let index = map_index.get();
            document.with(|d| analyze(shown(d, index)))
        });
        let report = Memo::new(move |_| {
            let index = map_index.get();
            analysis.with(|a| document.with(|d| map_report(shown(d, index), a)))
        });
        Store {
            document,
            map_index,
            analysis,
            report,
        }
    }

    /// Runs `f` on the map on screen (reactively).
    pub fn with_map<T>(&self, f: impl FnOnce(&Map) -> T) -> T {
        let index = self.map_index.get();
        self.document.with(|d| f(shown(d, index)))
    }

    /// Shows another document, from its first map.
    pub fn replace(&self, document: Document) {
        self.map_index.set(0);
        self.document.set(document);
    }
}
