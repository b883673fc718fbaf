//! The app's state and how it changes, with no browser types: what the
//! pointers on the map are doing.

pub mod gesture;
