//! Share links and the maps inside exported pictures, packed and unpacked by
//! the browser's own DEFLATE streams (pack.js): the wasm carries no DEFLATE
//! code. The caps and the loader are the engine's (`io::link`).

use wasm_bindgen::prelude::*;

use crate::io::embed::{self, FileContent};
use crate::io::link::{self, LinkError};
use crate::io::validate::MAX_FILE_BYTES;
use crate::io::{LoadErrors, load_bytes};
use crate::model::Document;

#[wasm_bindgen(module = "/src/browser/pack.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn inflate(bytes: &[u8], limit: f64) -> Result<JsValue, JsValue>;
}

/// `json` packed as a share link's payload.
pub async fn pack(json: &str) -> Result<String, String> {
    let deflated = deflate(json)
        .await
        .map_err(|_| "the browser could not pack the map".to_string())?;
    Ok(link::pack(&js_sys::Uint8Array::new(&deflated).to_vec()))
}

/// The document of a link payload: capped, inflated to at most the largest
/// file Takt reads, then loaded as a file is.
pub async fn unpack(payload: &str) -> Result<Document, LinkError> {
    let packed = link::unpack(payload)?;
    let inflated = inflate(&packed, MAX_FILE_BYTES as f64).await.map_err(|e| {
        if e.is_instance_of::<js_sys::RangeError>() {
            LinkError::TooLarge
        } else {
            LinkError::NotDeflate
        }
    })?;
    link::from_inflated(&js_sys::Uint8Array::new(&inflated).to_vec())
}

/// A document from a file's bytes, as `io::embed::load_file` reads it natively:
/// a Takt JSON file, or a picture Takt exported, its map unpacked here.
pub async fn load_file(bytes: &[u8]) -> Result<Document, LoadErrors> {
    match embed::read_file(bytes)? {
        FileContent::Json(json) => load_bytes(json),
        FileContent::Packed { payload, what } => unpack(payload)
            .await
            .map_err(|error| embed::picture_error(error, what)),
    }
}
