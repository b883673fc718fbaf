//! Pictures that carry their map: an exported SVG or PNG imports back as the
//! document it shows; pictures without one, or damaged, are refused with a
//! message that says so, and never panic the reader.

use proptest::prelude::*;
use takt::io::{self, embed, examples::EXAMPLES, link};

/// The smallest valid PNG: one transparent pixel.
const ONE_PIXEL: [u8; 67] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

fn example() -> takt::model::Document {
    io::load(EXAMPLES[1].json).unwrap()
}

fn message(result: Result<takt::model::Document, io::LoadErrors>) -> String {
    result.unwrap_err().to_string()
}

#[test]
fn an_exported_svg_imports_back_as_its_document() {
    let document = example();
    let svg = embed::svg_with_payload(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>a &amp; b</title></svg>",
        &link::encode(&document),
    );
    assert!(svg.ends_with("</metadata></svg>"));
    assert_eq!(embed::load_file(svg.as_bytes()), Ok(document));
}

#[test]
fn an_exported_png_imports_back_as_its_document_and_stays_a_png() {
    let document = example();
    let png = embed::png_with_payload(&ONE_PIXEL, &link::encode(&document)).unwrap();
    assert!(
        png.starts_with(&ONE_PIXEL[..33]),
        "the image header is untouched"
    );
    assert!(png.ends_with(&ONE_PIXEL[55..]), "IEND stays last");
    assert_eq!(embed::load_file(&png), Ok(document));
}

#[test]
fn a_json_file_still_loads_through_the_same_door() {
    let text = EXAMPLES[0].json;
    assert_eq!(embed::load_file(text.as_bytes()), io::load(text));
}

#[test]
fn pictures_without_a_map_or_damaged_are_refused_with_what_is_wrong() {
    assert!(message(embed::load_file(&ONE_PIXEL)).contains("this PNG has no Takt map"));
    let plain = b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
    assert!(message(embed::load_file(plain)).contains("this SVG has no Takt map"));
    let png = embed::png_with_payload(&ONE_PIXEL, &link::encode(&example())).unwrap();
    let cut = &png[..png.len() - 200];
    assert!(message(embed::load_file(cut)).contains("this PNG is damaged"));
    let svg = embed::svg_with_payload("<svg></svg>", &link::encode(&example()));
    let tampered = svg.replacen(
        "id=\"takt-document\" data-format=\"takt-vsm+deflate+base64url\">",
        "id=\"takt-document\">!!",
        1,
    );
    assert!(
        message(embed::load_file(tampered.as_bytes())).contains("the map in this SVG is damaged")
    );
}

proptest! {
    #[test]
    fn any_bytes_after_a_png_signature_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = ONE_PIXEL[..8].to_vec();
        bytes.extend(tail);
        let _ = embed::load_file(&bytes);
    }

    #[test]
    fn any_mutation_of_an_exported_png_is_refused_or_valid(at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut png = embed::png_with_payload(&ONE_PIXEL, &link::encode(&example())).unwrap();
        let i = at.index(png.len());
        png[i] = byte;
        if let Ok(document) = embed::load_file(&png) {
            prop_assert!(io::validate::validate(&document).is_empty());
        }
    }
}
