//! Takt: value stream maps with live lean metrics.
//!
//! `model` says what a map is, `analysis` what it means, `io` how it is stored,
//! `app` how the editor's state changes, `browser` keeps it in the browser's
//! storage, and `ui` shows it. Only `browser` and `ui` know about the browser.

pub mod analysis;
pub mod app;
pub mod browser;
pub mod io;
pub mod model;
pub mod ui;
