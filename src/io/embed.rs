//! Pictures that carry their map, as draw.io's `.drawio.png` and Excalidraw's
//! embedded scenes do: an exported SVG holds the document in a `<metadata>`
//! element, an exported PNG in an `iTXt` chunk, both packed as a share link is
//! (deflate, then base64url). Importing or dropping such a picture opens the map.
//!
//! Pictures are untrusted input: the PNG reader checks every length against
//! what is left before reading, and the payload goes through the link reader's
//! caps and then the same loader as a file.

use super::error::LoadErrors;
use super::link::LinkError;

/// The PNG signature every PNG file starts with.
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// The keyword of the PNG text chunk that holds the map.
const PNG_KEYWORD: &[u8] = b"takt-vsm";
/// The id of the SVG metadata element that holds the map.
const SVG_ID: &str = "takt-document";

/// `svg` with the document in a `<metadata>` element, just before `</svg>`;
/// `payload` is the document packed as a share link is (`link::pack`).
pub fn svg_with_payload(svg: &str, payload: &str) -> String {
    let element = format!(
        "<metadata id=\"{SVG_ID}\" data-format=\"takt-vsm+deflate+base64url\">{payload}</metadata>"
    );
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{element}{}", &svg[..end], &svg[end..]),
        None => svg.to_string(),
    }
}

/// `png` with the document (packed as a share link is) in an `iTXt` chunk
/// before `IEND`; `None` when `png` is not a PNG (its end cannot be found).
pub fn png_with_payload(png: &[u8], payload: &str) -> Option<Vec<u8>> {
    let end = chunks(png).ok()?.find(|c| &c.kind == b"IEND")?.start;
    // iTXt: keyword, NUL, no compression (0, 0), empty language and translated keyword, text.
    let mut data = PNG_KEYWORD.to_vec();
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(payload.as_bytes());
    let mut out = Vec::with_capacity(png.len() + data.len() + 12);
    out.extend_from_slice(&png[..end]);
    out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
    let mut typed = b"iTXt".to_vec();
    typed.extend_from_slice(&data);
    out.extend_from_slice(&typed);
    out.extend_from_slice(&crc32(&typed).to_be_bytes());
    out.extend_from_slice(&png[end..]);
    Some(out)
}

/// What a file holds: a Takt JSON file, or a picture exported by Takt with
/// the document packed inside (`what` names the picture's kind).
#[derive(Debug, PartialEq)]
pub enum FileContent<'a> {
    Json(&'a [u8]),
    Packed {
        payload: &'a str,
        what: &'static str,
    },
}

/// Reads a document from a file's bytes: a Takt JSON file, or an SVG or PNG
/// exported by Takt. Every refusal says what the file was and what is missing.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_file(bytes: &[u8]) -> Result<crate::model::Document, LoadErrors> {
    match read_file(bytes)? {
        FileContent::Json(json) => super::json::load_bytes(json),
        FileContent::Packed { payload, what } => {
            super::link::decode(payload).map_err(|error| picture_error(error, what))
        }
    }
}

/// What a file's bytes hold, found without unpacking: the browser inflates a
/// picture's payload (`link::unpack`, `link::from_inflated`) itself.
pub fn read_file(bytes: &[u8]) -> Result<FileContent<'_>, LoadErrors> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        return png_payload(bytes).map(|payload| FileContent::Packed {
            payload,
            what: "PNG",
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') && (trimmed.contains("<svg") || trimmed.starts_with("<?xml")) {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| LoadErrors::one("$", "this SVG is not valid UTF-8 text"))?;
        return svg_payload(text).map(|payload| FileContent::Packed {
            payload,
            what: "SVG",
        });
    }
    Ok(FileContent::Json(bytes))
}

fn svg_payload(text: &str) -> Result<&str, LoadErrors> {
    let missing = || {
        LoadErrors::one(
            "$",
            "this SVG has no Takt map in it: only pictures exported by Takt carry one (an editor may have removed it)",
        )
    };
    let open = text.find(&format!("id=\"{SVG_ID}\"")).ok_or_else(missing)?;
    let start = open + text[open..].find('>').ok_or_else(missing)? + 1;
    let end = start + text[start..].find("</metadata>").ok_or_else(missing)?;
    Ok(&text[start..end])
}

fn png_payload(bytes: &[u8]) -> Result<&str, LoadErrors> {
    let damaged = |what: &str| LoadErrors::one("$", format!("this PNG is damaged: {what}"));
    for chunk in chunks(bytes).map_err(|what| damaged(&what))? {
        let data = &bytes[chunk.data.clone()];
        if &chunk.kind == b"iTXt" && data.starts_with(PNG_KEYWORD) {
            // keyword NUL, compression flag, method, language NUL, translated keyword NUL, text.
            let mut fields = data[PNG_KEYWORD.len()..].splitn(2, |&b| b == 0);
            fields.next();
            let rest = fields.next().unwrap_or_default();
            let rest = rest.get(2..).unwrap_or_default();
            let mut tail = rest.splitn(3, |&b| b == 0);
            let text = tail.nth(2).unwrap_or_default();
            return std::str::from_utf8(text).map_err(|_| damaged("its map is not text"));
        }
    }
    Err(LoadErrors::one(
        "$",
        "this PNG has no Takt map in it: only pictures exported by Takt carry one (an image editor may have removed it)",
    ))
}

/// Why the map packed in a picture (an SVG or a PNG, `what`) could not be read.
pub fn picture_error(error: LinkError, what: &str) -> LoadErrors {
    match error {
        LinkError::Refused(errors) => errors,
        other => LoadErrors::one(
            "$",
            format!(
                "the map in this {what} is damaged: {}",
                other.to_string().replace("the link", "it")
            ),
        ),
    }
}

/// One PNG chunk: its type and where its data lies.
struct Chunk {
    start: usize,
    kind: [u8; 4],
    data: std::ops::Range<usize>,
}

/// The chunks of a PNG, each length checked against what is left.
fn chunks(png: &[u8]) -> Result<impl Iterator<Item = Chunk>, String> {
    if !png.starts_with(&PNG_SIGNATURE) {
        return Err("it does not start as a PNG does".into());
    }
    let mut found = Vec::new();
    let mut at = PNG_SIGNATURE.len();
    while at < png.len() {
        let header = png
            .get(at..at + 8)
            .ok_or_else(|| format!("a chunk header at byte {at} is cut short"))?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let kind = [header[4], header[5], header[6], header[7]];
        let data = at + 8..at.saturating_add(8).saturating_add(length);
        if data.end.saturating_add(4) > png.len() {
            return Err(format!(
                "a chunk at byte {at} runs past the end of the file"
            ));
        }
        let next = data.end + 4;
        found.push(Chunk {
            start: at,
            kind,
            data,
        });
        if &kind == b"IEND" {
            break;
        }
        at = next;
    }
    Ok(found.into_iter())
}

/// CRC-32 (ISO-HDLC, as PNG uses) of `bytes`.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::crc32;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        // The CRC of an IEND chunk (type, no data), as every PNG ends with.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }
}
