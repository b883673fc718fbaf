//! The document: a title, metadata and its maps (one current state, any number
//! of future states).

use serde::{Deserialize, Serialize};

use super::element::Element;
use super::flow::Flow;
use super::units::{Calendar, Demand};

/// The format name every Takt file carries.
pub const FORMAT_NAME: &str = "takt-vsm";
/// The schema version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 4;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub meta: Meta,
    pub maps: Vec<Map>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Meta {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// ISO 8601 timestamps, as text: the engine never reads the clock.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub modified: String,
}

/// Whether a map shows how things are or how they should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MapState {
    Current,
    Future,
}

impl MapState {
    pub fn label(self) -> &'static str {
        match self {
            MapState::Current => "current state",
            MapState::Future => "future state",
        }
    }
}

/// One value stream map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    pub id: String,
    pub name: String,
    pub state: MapState,
    /// For a future state: the id of the map it was derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    #[serde(default)]
    pub calendar: Calendar,
    #[serde(default)]
    pub demand: Demand,
    pub elements: Vec<Element>,
    #[serde(default)]
    pub flows: Vec<Flow>,
}

impl Document {
    /// A document with one empty current-state map.
    pub fn new(title: &str) -> Self {
        Document {
            format: FORMAT_NAME.to_string(),
            version: FORMAT_VERSION,
            title: title.to_string(),
            meta: Meta::default(),
            maps: vec![Map::empty("current", "Current state", MapState::Current)],
        }
    }

    pub fn current(&self) -> Option<&Map> {
        self.maps.iter().find(|m| m.state == MapState::Current)
    }

    pub fn futures(&self) -> impl Iterator<Item = &Map> {
        self.maps.iter().filter(|m| m.state == MapState::Future)
    }

    pub fn map(&self, id: &str) -> Option<&Map> {
        self.maps.iter().find(|m| m.id == id)
    }
}

impl Map {
    pub fn empty(id: &str, name: &str, state: MapState) -> Self {
        Map {
            id: id.to_string(),
            name: name.to_string(),
            state,
            derived_from: None,
            calendar: Calendar::default(),
            demand: Demand::default(),
            elements: Vec::new(),
            flows: Vec::new(),
        }
    }

    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }
}
