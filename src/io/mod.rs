//! How maps are stored: the versioned JSON format with its migrations and
//! validation, and the built-in examples. No browser types here.

pub mod backup;
pub mod csv;
pub mod embed;
mod error;
pub mod examples;
pub mod journal;
mod json;
pub mod library;
pub mod link;
mod locate;
mod migrate;
pub mod validate;

pub use error::{LoadError, LoadErrors};
pub use json::{load, load_bytes, save};
