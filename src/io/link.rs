//! Share links with no server: the document's JSON, deflated and written in
//! base64url, travels in the URL fragment (never sent to any server).
//!
//! The browser deflates and inflates with its own `CompressionStream` and
//! `DecompressionStream` (src/browser/pack.js), around `pack`, `unpack` and
//! `from_inflated`; native builds (the command line, the tests) use `encode`
//! and `decode`. Both are raw DEFLATE, so either reads what the other wrote,
//! and the wasm carries no DEFLATE code at all.
//!
//! A link is untrusted input: its length and its inflated size are capped before
//! anything is parsed, and the text then goes through the same loader as a file.

use super::error::LoadErrors;
use super::json::load_bytes;
use super::validate::MAX_FILE_BYTES;
use crate::model::Document;

/// The fragment's prefix: `#share=…`.
pub const PREFIX: &str = "share=";
/// Above this many characters of payload, a link is long: some chat tools and
/// mail clients cut it, so the user is offered a file instead.
pub const LONG_LINK_CHARS: usize = 8 * 1024;
/// The largest payload read at all (about 4 MB of compressed data).
pub const MAX_LINK_CHARS: usize = 6 * 1024 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The payload of a share link for `document` (without the `#share=` prefix).
#[cfg(not(target_arch = "wasm32"))]
pub fn encode(document: &Document) -> String {
    let json = super::json::save(document);
    pack(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9))
}

/// A share link's address fragment (after `#`): the payload, and the map that
/// was shown when the link was made, so the link opens on it.
pub fn fragment(payload: &str, map: usize) -> String {
    match map {
        0 => format!("{PREFIX}{payload}"),
        map => format!("{PREFIX}{payload}&map={map}"),
    }
}

/// Reads a fragment `fragment` wrote: the payload and the map to show (the
/// first when none is named or the number is garbled).
pub fn read_fragment(fragment: &str) -> Option<(&str, usize)> {
    let rest = fragment.strip_prefix(PREFIX)?;
    Some(match rest.split_once("&map=") {
        Some((payload, map)) => (payload, map.parse().unwrap_or(0)),
        None => (rest, 0),
    })
}

/// The payload of a share link from the document's deflated JSON.
pub fn pack(deflated: &[u8]) -> String {
    base64url(deflated)
}

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    TooLong(usize),
    NotBase64(usize),
    NotDeflate,
    TooLarge,
    Refused(LoadErrors),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong(n) => write!(
                f,
                "the link carries {} KB; Takt opens links up to {} KB",
                n / 1024,
                MAX_LINK_CHARS / 1024
            ),
            LinkError::NotBase64(at) => write!(
                f,
                "the link is damaged: character {} is not part of a Takt link (was it cut or edited?)",
                at + 1
            ),
            LinkError::NotDeflate => {
                write!(
                    f,
                    "the link is damaged: its data cannot be unpacked (was it cut short?)"
                )
            }
            LinkError::TooLarge => write!(
                f,
                "the link unpacks to more than {} MB, more than any map Takt opens",
                MAX_FILE_BYTES / 1_048_576
            ),
            LinkError::Refused(errors) => write!(f, "the map in the link is not valid: {errors}"),
        }
    }
}

/// Reads the document of a link payload: capped, unpacked with a limit, then loaded as a file is.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(payload: &str) -> Result<Document, LinkError> {
    use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
    let packed = unpack(payload)?;
    let bytes = decompress_to_vec_with_limit(&packed, MAX_FILE_BYTES).map_err(|e| {
        if matches!(e.status, TINFLStatus::HasMoreOutput) {
            LinkError::TooLarge
        } else {
            LinkError::NotDeflate
        }
    })?;
    from_inflated(&bytes)
}

/// The deflated bytes a link payload carries, its length capped first. They
/// are to be inflated to at most `MAX_FILE_BYTES`, then read by `from_inflated`.
pub fn unpack(payload: &str) -> Result<Vec<u8>, LinkError> {
    let payload = payload.trim();
    if payload.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(payload.len()));
    }
    from_base64url(payload)
}

/// The document in a link's inflated bytes, loaded as a file is.
pub fn from_inflated(bytes: &[u8]) -> Result<Document, LinkError> {
    load_bytes(bytes).map_err(LinkError::Refused)
}

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Result<Vec<u8>, LinkError> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    // Each byte's value in the alphabet (255: not in it), so a 6 MB payload is one pass.
    let mut values = [255u8; 256];
    for (value, &c) in ALPHABET.iter().enumerate() {
        values[usize::from(c)] = value as u8;
    }
    for (at, c) in text.bytes().enumerate() {
        let value = match values[usize::from(c)] {
            255 => return Err(LinkError::NotBase64(at)),
            value => u32::from(value),
        };
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url(&bytes);
            assert!(!text.contains(['+', '/', '=']));
            assert_eq!(from_base64url(&text).unwrap(), bytes, "length {len}");
        }
    }
}
