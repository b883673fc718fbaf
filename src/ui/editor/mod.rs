//! The map editor: the canvas and its gestures' views, the symbols and flow
//! shapes it draws, the palette, the automatic layout and the geometry they share.

pub(crate) mod canvas;
pub(crate) mod delegate;
pub mod flow_shape;
pub mod geometry;
pub mod layout;
pub(crate) mod palette;
pub(crate) mod rework_chooser;
pub mod symbols;
