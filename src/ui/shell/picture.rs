//! The map as a picture: a standalone SVG of the map as drawn (symbols, flows,
//! critical path and bottleneck marks) with the timeline ladder beneath it, and
//! the same as a PNG. Text is copied by the DOM serializer, which escapes it, so
//! a map's strings can never become markup in the file.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::files::{download_blob, file_name, report};
use super::share::packed_document;
use crate::io;
use crate::ui::editor::geometry::{Bounds, map_bounds};
use crate::ui::editor::symbols::data_line_count;
use crate::ui::panels::timeline;
use crate::ui::state::Store;

/// Room around the map in the picture.
const MARGIN: f64 = 30.0;
/// The PNG is drawn at twice the SVG's size, but never wider or taller than this.
const PNG_MAX_SIDE: f64 = 8000.0;
const PNG_SCALE: f64 = 2.0;

/// A picture: its SVG text and its size in pixels.
pub struct Picture {
    pub svg: String,
    pub width: f64,
    pub height: f64,
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())
}

/// Every style rule of the page, so the picture looks as the map does on screen.
fn page_css(document: &web_sys::Document) -> String {
    let sheets = document.style_sheets();
    let mut css = String::new();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    // On its own, the picture has a plain white background and no selection marks.
    css.push_str(
        ".canvas.export { position: static; background: #fff; border: 0; }\n\
         .canvas.export .port, .canvas.export .hit { display: none; }\n",
    );
    css
}

fn serialize(node: &web_sys::Node) -> Result<String, String> {
    let serializer = web_sys::XmlSerializer::new().map_err(|_| "no serializer")?;
    serializer
        .serialize_to_string(node)
        .map_err(|_| "the map could not be serialized".to_string())
}

/// Builds the picture of the map on screen (the canvas must be showing).
pub fn map_picture(store: Store) -> Result<Picture, String> {
    let document = document()?;
    let scene = document
        .query_selector(".canvas .scene")
        .ok()
        .flatten()
        .ok_or("the map is not on screen")?;
    let bounds = store.with_map_untracked(|_, m| map_bounds(m, data_line_count));
    let scene = scene
        .clone_node_with_deep(true)
        .map_err(|_| "the map could not be copied")?
        .dyn_into::<web_sys::Element>()
        .map_err(|_| "the map could not be copied")?;
    let _ = scene.remove_attribute("transform");
    // The print layout's fit has no place in a picture (and a style attribute none in a safe SVG).
    let _ = scene.remove_attribute("style");
    // Selection and gestures are not part of the map.
    let selected = scene.get_elements_by_class_name("selected");
    // A live list: it shrinks as the class is removed.
    while let Some(e) = selected.item(0) {
        let _ = e.class_list().remove_1("selected");
    }
    let defs = document
        .query_selector(".canvas defs")
        .ok()
        .flatten()
        .map(|d| serialize(&d))
        .transpose()?
        .unwrap_or_default();
    let map_width = bounds.width + 2.0 * MARGIN;
    let map_height = bounds.height + 2.0 * MARGIN;
    // The timeline (its rungs, then its totals) and the forecast keep their
    // drawing size, scaled down to the map's width when wider.
    let (timeline_svg, timeline_height) = under_map_copy(&document, &bounds, map_width)?;
    let width = map_width.max(600.0);
    let height = map_height + timeline_height;
    let title = store.document.with_untracked(|d| d.title.clone());
    let title = escape(&title);
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"canvas export\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"{} {} {width} {height}\"><title>{title}</title><style>{}</style>\
         <rect x=\"{}\" y=\"{}\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>{defs}{}{timeline_svg}</svg>",
        bounds.x - MARGIN,
        bounds.y - MARGIN,
        escape(&page_css(&document)),
        bounds.x - MARGIN,
        bounds.y - MARGIN,
        serialize(&scene)?,
    );
    Ok(Picture { svg, width, height })
}

/// What goes under the map in a picture, side by side: the ladder's rungs, its
/// totals and the forecast's histogram.
const UNDER_MAP: [&str; 3] = [
    ".timeline",
    ".timeline-totals",
    ".forecast-panel .forecast-histogram",
];

/// The parts of `UNDER_MAP` on screen as one row of SVG under the map, all at
/// the ladder's height (scaled down together to the map's width when wider),
/// and the height the row takes.
fn under_map_copy(
    document: &web_sys::Document,
    bounds: &Bounds,
    map_width: f64,
) -> Result<(String, f64), String> {
    let parts: Vec<web_sys::Element> = UNDER_MAP
        .iter()
        .filter_map(|selector| document.query_selector(selector).ok().flatten())
        .collect();
    // A part's width when drawn at the ladder's height, from its viewBox.
    let width_at_row_height = |e: &web_sys::Element| {
        let view_box = e.get_attribute("viewBox").unwrap_or_default();
        let size: Vec<f64> = view_box
            .split_whitespace()
            .skip(2)
            .filter_map(|v| v.parse().ok())
            .collect();
        match size[..] {
            [w, h] if h > 0.0 => w * timeline::HEIGHT / h,
            _ => 0.0,
        }
    };
    let natural: f64 = parts.iter().map(width_at_row_height).sum();
    if parts.is_empty() || natural <= 0.0 {
        return Ok((String::new(), 0.0));
    }
    let scale = (map_width.max(600.0) / natural).min(1.0);
    let height = timeline::HEIGHT * scale;
    let mut x = bounds.x - MARGIN;
    let mut svg = String::new();
    for part in &parts {
        let width = width_at_row_height(part) * scale;
        let copy = part
            .clone_node_with_deep(true)
            .map_err(|_| "no timeline copy")?
            .dyn_into::<web_sys::Element>()
            .map_err(|_| "no timeline copy".to_string())?;
        let _ = copy.set_attribute("x", &x.to_string());
        let _ = copy.set_attribute("y", &(bounds.y + bounds.height + MARGIN).to_string());
        let _ = copy.set_attribute("width", &width.to_string());
        let _ = copy.set_attribute("height", &height.to_string());
        svg.push_str(&serialize(&copy)?);
        x += width;
    }
    Ok((svg, height + MARGIN))
}

/// Text for XML content (the title, and the CSS inside `<style>`).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn svg_blob(svg: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_string())
}

fn picture_name(store: Store, extension: &str) -> String {
    store.document.with_untracked(|d| {
        let map = crate::ui::state::shown(d, store.map_index.get_untracked());
        file_name(&format!("{} {}", d.title, map.name), extension)
    })
}

pub fn export_svg(store: Store) {
    let picture = match map_picture(store) {
        Ok(p) => p,
        Err(e) => return report(store, Err(e)),
    };
    let name = picture_name(store, "svg");
    leptos::task::spawn_local(async move {
        // The file carries its map: importing or dropping it opens the map again.
        let result = match packed_document(store).await {
            Ok(payload) => svg_blob(&io::embed::svg_with_payload(&picture.svg, &payload))
                .and_then(|blob| download_blob(&blob, &name)),
            Err(e) => Err(e),
        };
        report(store, result);
    });
}

pub fn export_png(store: Store) {
    let picture = match map_picture(store) {
        Ok(p) => p,
        Err(e) => return report(store, Err(e)),
    };
    let name = picture_name(store, "png");
    leptos::task::spawn_local(async move {
        let payload = packed_document(store).await;
        let result = render_png(&picture).await.and_then(|url| {
            // The file carries its map, in a text chunk: importing it opens the map again.
            let png = png_bytes(&url)?;
            let png =
                io::embed::png_with_payload(&png, &payload?).ok_or("the PNG could not be made")?;
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(png.as_slice()));
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("image/png");
            let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
                .map_err(|_| "the browser could not make the file")?;
            download_blob(&blob, &name)
        });
        report(store, result);
    });
}

/// The bytes of a `data:image/png;base64,…` URL.
fn png_bytes(url: &str) -> Result<Vec<u8>, String> {
    let encoded = url
        .split_once(',')
        .map(|(_, data)| data)
        .ok_or("no PNG data")?;
    let binary = web_sys::window()
        .ok_or("no window")?
        .atob(encoded)
        .map_err(|_| "the PNG could not be read back")?;
    // atob gives one character per byte.
    Ok(binary.chars().map(|c| c as u32 as u8).collect())
}

/// Draws the SVG on a canvas and returns the PNG as a data URL.
async fn render_png(picture: &Picture) -> Result<String, String> {
    let scale = PNG_SCALE.min(PNG_MAX_SIDE / picture.width.max(picture.height).max(1.0));
    let (width, height) = (
        (picture.width * scale).round(),
        (picture.height * scale).round(),
    );
    let document = document()?;
    let url = web_sys::Url::create_object_url_with_blob(&svg_blob(&picture.svg)?)
        .map_err(|_| "no object URL")?;
    let image = web_sys::HtmlImageElement::new().map_err(|_| "no image")?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(|_| "the picture could not be drawn")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .dyn_into()
        .map_err(|_| "no canvas")?;
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("no drawing context")?;
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, width, height);
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, width, height)
        .map_err(|_| "the picture could not be drawn")?;
    canvas
        .to_data_url_with_type("image/png")
        .map_err(|_| "the PNG could not be made".to_string())
}
