//! Takt: value stream maps with live lean metrics.
//!
//! `model` says what a map is, `analysis` what it means, `io` how it is stored,
//! `app` how the editor's state changes, and `ui` shows it in the browser. Only `ui` knows about the browser.

pub mod analysis;
pub mod app;
pub mod io;
pub mod model;
pub mod ui;
