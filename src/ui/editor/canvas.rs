//! The map drawn as SVG, and everything a pointer does on it: select (click,
//! Shift+click, Shift+drag a box), move (drag; one step of history per drag),
//! connect (drag from a port), pan (drag on empty space, Space+drag, scroll) and
//! zoom (Ctrl+wheel, pinch, buttons). Elements and flows are keyed, so a drag
//! re-renders only what moves.

use std::collections::{HashMap, HashSet};

use leptos::ev;
use leptos::prelude::*;

use crate::analysis::format::fixed;
use wasm_bindgen::JsCast;

use crate::app::gesture::{At, Gestures, Input, Output, Press};

use super::geometry::{Bounds, Framing, frame, map_bounds, process_row_bounds, symbol_bounds};
use super::symbols::{data_line_count, element_symbol, flow_symbol};
use crate::model::ops::GRID;
use crate::model::{Edit, Element, ElementKind};
use crate::ui::state::{Store, View};

/// The printed map area (see the print stylesheet), in CSS pixels at 96 per inch.
const PRINT_WIDTH: f64 = 800.0;
const PRINT_HEIGHT: f64 = 320.0;

/// Below this zoom, the canvas hides its text (12 px type would be under 4 px).
const FAR_ZOOM: f64 = 0.35;

#[component]
pub fn MapCanvas() -> impl IntoView {
    let store = expect_context::<Store>();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // What the pointers are doing (app::gesture decides; this view carries it out).
    let gestures = StoredValue::new(Gestures::default());
    // What a gesture started from: the view (pan, pinch), the dragged elements'
    // places and the latest offset, the selection a band adds to.
    let start_view = StoredValue::new(store.view.get_untracked());
    let drag = StoredValue::new(DragState::default());
    let band_adding = StoredValue::new(Vec::<String>::new());
    // Rubber band (box select) and the line of a connection being drawn, for the overlay.
    let overlay = RwSignal::new(None::<Overlay>);
    let space_down = RwSignal::new(false);

    // The canvas's place and size on screen, measured when they may have changed
    // (a fit, a window resize, the start of a gesture) rather than on every wheel
    // step or in the middle of an update, where reading them would force the
    // browser to lay the whole page out.
    let size = RwSignal::new((1280.0, 720.0));
    let corner = StoredValue::new((0.0, 0.0));
    let measure = move || {
        let rect = svg_ref
            .try_get_untracked()
            .flatten()?
            .get_bounding_client_rect();
        corner.try_set_value((rect.left(), rect.top()));
        let measured = (rect.width().max(100.0), rect.height().max(100.0));
        if size.try_get_untracked() != Some(measured) {
            size.try_set(measured);
        }
        Some(measured)
    };
    // Screen point of a pointer event, relative to the canvas.
    let local = move |x: f64, y: f64| -> (f64, f64) {
        let (left, top) = corner.try_get_value().unwrap_or_default();
        (x - left, y - top)
    };
    let to_map = move |x: f64, y: f64| {
        let (lx, ly) = local(x, y);
        store.view.get_untracked().to_map(lx, ly)
    };
    let resizing = window_event_listener(ev::resize, move |_| {
        measure();
    });
    on_cleanup(move || resizing.remove());
    let fit = move |framing: Framing| {
        let Some((width, height)) = measure() else {
            return;
        };
        let (bounds, row) = store.with_map_untracked(|_, m| {
            (
                map_bounds(m, data_line_count),
                process_row_bounds(m, data_line_count),
            )
        });
        let (dx, dy, zoom) = frame(&bounds, &row, width, height, framing, View::MIN_ZOOM);
        store.view.set(View { dx, dy, zoom });
    };
    // The map is drawn once the first fit has chosen the zoom: a large map fitted far out
    // hides its text (below), and text that is never shown is never laid out.
    let fitted = RwSignal::new(false);
    // The last framing applied, and how many have been: shown on the canvas as
    // data-framing and data-fits, for whoever must wait for a fit (the tests).
    let framed = RwSignal::new((None::<Framing>, 0u32));
    Effect::new(move |_| {
        let framing = store.fit_request.get();
        // A map just opened is not drawn at the last map's view, even for a frame:
        // what is drawn (near the view) would be the wrong part, then replaced.
        if framing == Framing::Readable {
            fitted.set(false);
        }
        // After the DOM has its size.
        request_animation_frame(move || {
            fit(framing);
            fitted.try_set(true);
            framed.try_update(|(last, count)| {
                *last = Some(framing);
                *count += 1;
            });
        });
    });
    let drawn = drawn(store, size);
    // Level of detail: text smaller than a few pixels cannot be read, only costs time.
    let far = Memo::new(move |_| store.view.get().zoom < FAR_ZOOM);

    let pointers = Pointers {
        store,
        gestures,
        start_view,
        drag,
        band_adding,
        overlay,
        corner,
    };
    let feed = move |input: Input| pointers.feed(input);
    let at = move |ev: &ev::PointerEvent| {
        let screen = (ev.client_x() as f64, ev.client_y() as f64);
        At {
            screen,
            map: to_map(screen.0, screen.1),
        }
    };

    let on_pointerdown = move |ev: ev::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        measure();
        if let Some(svg) = svg_ref.try_get_untracked().flatten() {
            let _ = svg.set_pointer_capture(ev.pointer_id());
        }
        let at = at(&ev);
        // Only a first pointer selects and chooses a gesture; a second one pinches.
        let press = if gestures.with_value(|g| g.pointers_down() > 0) {
            Press::Nothing
        } else {
            start_view.set_value(store.view.get_untracked());
            press_for(&ev, store, space_down.get_untracked(), band_adding)
        };
        feed(Input::Down {
            pointer: ev.pointer_id(),
            at,
            press,
        });
    };
    let on_pointermove = move |ev: ev::PointerEvent| {
        feed(Input::Move {
            pointer: ev.pointer_id(),
            at: at(&ev),
        })
    };
    let on_pointerup = move |ev: ev::PointerEvent| {
        feed(Input::Up {
            pointer: ev.pointer_id(),
            at: at(&ev),
        })
    };
    // A cancelled pointer (the system took it, a touch became a scroll) or a lost
    // capture undoes the gesture rather than completing it.
    let on_pointercancel = move |ev: ev::PointerEvent| {
        feed(Input::Cancel {
            pointer: ev.pointer_id(),
        })
    };
    let on_lostcapture = move |ev: ev::PointerEvent| {
        feed(Input::Cancel {
            pointer: ev.pointer_id(),
        })
    };
    // The window losing the focus (Alt+Tab, a dialog) ends every gesture.
    let blurred = window_event_listener(ev::blur, move |_| feed(Input::Blur));

    let on_wheel = move |ev: ev::WheelEvent| {
        ev.prevent_default();
        let (x, y) = local(ev.client_x() as f64, ev.client_y() as f64);
        if ev.ctrl_key() || ev.meta_key() {
            // Ctrl+wheel, and a touchpad pinch, which Chromium reports the same way.
            // About e^(-dy/100) (powi rather than exp: no float library in the wasm).
            let factor = 1.01f64.powi((-ev.delta_y()).round() as i32);
            store.view.update(|v| *v = v.zoomed_at(factor, x, y));
        } else {
            store.view.update(|v| {
                v.dx -= ev.delta_x();
                v.dy -= ev.delta_y();
            });
        }
    };

    let space_pressed = window_event_listener(ev::keydown, move |ev| {
        if ev.key() == " " && !crate::ui::typing_in_field(&ev) {
            space_down.set(true);
        }
    });
    let space_released = window_event_listener(ev::keyup, move |ev| {
        if ev.key() == " " {
            space_down.set(false);
        }
    });

    on_cleanup(move || {
        // Leaving the canvas mid-drag (to the table, say) puts the elements back.
        feed(Input::Blur);
        blurred.remove();
        space_pressed.remove();
        space_released.remove();
    });

    let transform = move || {
        let v = store.view.get();
        format!("translate({} {}) scale({})", v.dx, v.dy, v.zoom)
    };
    // The snap grid's dots, thinned out when zoomed far out (a dense dot grid is costly to paint).
    let grid_size = move || {
        let mut spacing = 2.0 * GRID * store.view.get().zoom;
        while spacing < 10.0 {
            spacing *= 5.0;
        }
        format!("{spacing}px {spacing}px")
    };
    // The print layout has no room to pan: the scene is fitted to the printed map
    // area (about 215 x 86 mm, in CSS pixels) through these, used only by print CSS.
    let print_fit = Memo::new(move |_| {
        let bounds = store.with_map(|m| map_bounds(m, data_line_count));
        let (width, height) = (PRINT_WIDTH, PRINT_HEIGHT);
        let zoom = (width / bounds.width).min(height / bounds.height).min(1.5);
        let dx = (width - bounds.width * zoom) / 2.0 - bounds.x * zoom;
        let dy = (height - bounds.height * zoom) / 2.0 - bounds.y * zoom;
        format!(
            "translate({}px, {}px) scale({})",
            fixed(dx, 1),
            fixed(dy, 1),
            fixed(zoom, 4)
        )
    });
    let grid_offset = move || {
        let v = store.view.get();
        format!("{}px {}px", v.dx, v.dy)
    };
    // An empty map says what to do first.
    let empty = Memo::new(move |_| store.with_map(|m| m.elements.is_empty()));
    let empty_hint = move || {
        empty.get().then(|| view! {
            <div class="empty-hint" role="note">
                <p><strong>"This map is empty."</strong>" Start with a step: click \u{201c}process step\u{201d} in the palette, or drag it here."</p>
                <p>"Then add the queues, the supplier and the customer, and connect them by dragging from an element\u{2019}s dot."</p>
            </div>
        })
    };

    view! {
        <svg class="canvas" node_ref=svg_ref role="application" aria-label="Value stream map canvas"
            data-framing=move || match framed.get().0 { Some(Framing::Whole) => "whole", Some(Framing::Readable) => "readable", None => "" }
            data-fits=move || framed.get().1
            class:panning=move || space_down.get() class:far=far
            style:background-size=grid_size style:background-position=grid_offset
            on:pointerdown=on_pointerdown on:pointermove=on_pointermove on:pointerup=on_pointerup
            on:pointercancel=on_pointercancel on:lostpointercapture=on_lostcapture on:wheel=on_wheel>
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            <g class="scene" transform=transform style=("--print-transform", move || print_fit.get())>
                <Show when=move || fitted.get()>
                    <Attachments />
                    <Flows drawn=drawn />
                    <Elements drawn=drawn />
                </Show>
                <OverlayView overlay=overlay />
            </g>
        </svg>
        {empty_hint}
    }
}

/// What is drawn over the map during a gesture.
#[derive(Clone, Debug, PartialEq)]
enum Overlay {
    Box { from: (f64, f64), to: (f64, f64) },
    Line { from: String, to: (f64, f64) },
}

#[component]
fn OverlayView(overlay: RwSignal<Option<Overlay>>) -> impl IntoView {
    let store = expect_context::<Store>();
    move || {
        overlay.get().map(|o| match o {
            Overlay::Box { from, to } => view! {
                <rect class="rubber-band" x=from.0.min(to.0) y=from.1.min(to.1) width=(to.0 - from.0).abs() height=(to.1 - from.1).abs() />
            }
            .into_any(),
            Overlay::Line { from, to } => {
                let start = store.with_map_untracked(|_, m| m.element(&from).map(|e| symbol_bounds(e).center())).unwrap_or(to);
                view! { <line class="connecting" x1=start.0 y1=start.1 x2=to.0 y2=to.1 /> }.into_any()
            }
        })
    }
}

/// Moves `originals` (their positions before the drag) by `by` in `map`.
/// Puts the dragged elements at their start plus `by`; says whether any moved.
fn move_elements(map: &mut crate::model::Map, originals: &[Element], by: (f64, f64)) -> bool {
    let start: HashMap<&str, (f64, f64)> = originals
        .iter()
        .map(|e| (e.id.as_str(), (e.x, e.y)))
        .collect();
    let mut moved = false;
    for element in &mut map.elements {
        if let Some((x, y)) = start.get(element.id.as_str()) {
            let to = (x + by.0, y + by.1);
            if (element.x, element.y) != to {
                (element.x, element.y) = to;
                moved = true;
            }
        }
    }
    moved
}

/// Ends a drag: on `commit`, the move becomes one step of history (if it moved
/// anything); otherwise (a cancelled pointer, the canvas closing) the elements go
/// back where they were and nothing is recorded.
fn end_drag(store: Store, originals: Vec<Element>, by: (f64, f64), commit: bool) {
    let by = if commit { by } else { (0.0, 0.0) };
    store.preview(|m| move_elements(m, &originals, by));
    store.dragging.set_value(false);
    if commit && by != (0.0, 0.0) {
        let index = store.map_index.get_untracked();
        let inverse = originals
            .into_iter()
            .map(|element| Edit::ReplaceElement {
                map: index,
                element,
            })
            .collect();
        store.record(Edit::Batch(inverse));
    }
}

/// The handles a gesture's outputs act on. One copy of the code that carries
/// them out, whichever event fed the gesture machine (a closure per event
/// handler would put a copy of it in the wasm for each).
#[derive(Clone, Copy)]
struct Pointers {
    store: Store,
    gestures: StoredValue<Gestures>,
    /// The view when the gesture began (pan, pinch).
    start_view: StoredValue<View>,
    /// The dragged elements' places before the drag, and the latest offset.
    drag: StoredValue<DragState>,
    /// The selection a rubber band adds to.
    band_adding: StoredValue<Vec<String>>,
    overlay: RwSignal<Option<Overlay>>,
    /// The canvas's top left corner on screen.
    corner: StoredValue<(f64, f64)>,
}

impl Pointers {
    #[inline(never)]
    fn feed(self, input: Input) {
        if let Some(outputs) = self.gestures.try_update_value(|g| g.handle(input)) {
            self.perform(outputs);
        }
    }

    /// Carries out what the gesture machine says, in order.
    #[inline(never)]
    fn perform(self, outputs: Vec<Output>) {
        let store = self.store;
        let drag = self.drag;
        for output in outputs {
            match output {
                Output::PanBy((x, y)) => {
                    let view = self.start_view.get_value();
                    store.view.set(View {
                        dx: view.dx + x,
                        dy: view.dy + y,
                        zoom: view.zoom,
                    });
                }
                Output::DragStart => {
                    let chosen = store.selected_set();
                    store.dragging.set_value(true);
                    let originals = store.with_map_untracked(|_, m| {
                        m.elements
                            .iter()
                            .filter(|e| chosen.contains(&e.id))
                            .cloned()
                            .collect::<Vec<_>>()
                    });
                    self.drag.set_value(DragState {
                        originals,
                        by: (0.0, 0.0),
                        frame_pending: false,
                    });
                }
                Output::DragPreview(by) => {
                    // Applied at most once per animation frame, so analysis runs at most once per frame.
                    let schedule = drag
                        .try_update_value(|d| {
                            d.by = by;
                            !std::mem::replace(&mut d.frame_pending, true)
                        })
                        .unwrap_or(false);
                    if schedule {
                        request_animation_frame(move || apply_drag(store, drag));
                    }
                }
                Output::DragCommit(by) => {
                    let originals = self
                        .drag
                        .try_update_value(|d| std::mem::take(&mut d.originals));
                    end_drag(store, originals.unwrap_or_default(), by, true);
                }
                Output::DragRevert => {
                    let originals = self
                        .drag
                        .try_update_value(|d| std::mem::take(&mut d.originals));
                    end_drag(store, originals.unwrap_or_default(), (0.0, 0.0), false);
                }
                Output::Band { from, to } => self.overlay.set(Some(Overlay::Box { from, to })),
                Output::BandSelect { from, to } => {
                    let area = Bounds {
                        x: from.0.min(to.0),
                        y: from.1.min(to.1),
                        width: (to.0 - from.0).abs(),
                        height: (to.1 - from.1).abs(),
                    };
                    let mut chosen = self.band_adding.get_value();
                    store.with_map_untracked(|_, m| {
                        for e in &m.elements {
                            let b = symbol_bounds(e);
                            let inside = b.x >= area.x
                                && b.y >= area.y
                                && b.right() <= area.right()
                                && b.bottom() <= area.bottom();
                            if inside && !chosen.contains(&e.id) {
                                chosen.push(e.id.clone());
                            }
                        }
                    });
                    store.select_only(chosen);
                }
                Output::ConnectLine { from, to } => {
                    self.overlay.set(Some(Overlay::Line { from, to }))
                }
                Output::ConnectEnd { from, screen } => {
                    // The captured pointer reports the canvas as its target: find what is under the pointer.
                    let to = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.element_from_point(screen.0 as f32, screen.1 as f32))
                        .and_then(|e| e.closest("[data-id]").ok().flatten())
                        .and_then(|e| e.get_attribute("data-id"));
                    if let Some(to) = to {
                        let kind = store.flow_kind.get_untracked();
                        match store.with_map_untracked(|i, m| {
                            crate::model::ops::connect(i, m, &from, &to, kind)
                        }) {
                            Some((edit, id)) => {
                                if store.edit(edit) {
                                    store.select_only(vec![id]);
                                }
                            }
                            None => store.notify("These two cannot be connected that way", false),
                        }
                    }
                }
                Output::PinchStart => self.start_view.set_value(store.view.get_untracked()),
                Output::PinchZoom { factor, center } => {
                    // The pinch's centre on the canvas.
                    let (left, top) = self.corner.get_value();
                    let (x, y) = (center.0 - left, center.1 - top);
                    store
                        .view
                        .set(self.start_view.get_value().zoomed_at(factor, x, y));
                }
                Output::ClearOverlay => self.overlay.set(None),
            }
        }
    }
}

/// A drag's elements as they were before it, and the latest offset to show.
#[derive(Default)]
struct DragState {
    originals: Vec<Element>,
    by: (f64, f64),
    frame_pending: bool,
}

/// Runs once per animation frame during a drag: applies the latest offset
/// (nothing if the drag ended meanwhile).
fn apply_drag(store: Store, drag: StoredValue<DragState>) {
    let pending = drag.try_update_value(|d| {
        d.frame_pending = false;
        (!d.originals.is_empty()).then(|| (d.originals.clone(), d.by))
    });
    if let Some(Some((originals, by))) = pending {
        store.preview(|m| move_elements(m, &originals, by));
    }
}

/// What a first pointer pressed at `ev` starts, after selecting what it pressed
/// (a click on an element or a flow selects it; on empty space, clears the selection).
fn press_for(
    ev: &ev::PointerEvent,
    store: Store,
    space_down: bool,
    band_adding: StoredValue<Vec<String>>,
) -> Press {
    let target = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let closest = |selector: &str| {
        target
            .as_ref()
            .and_then(|t| t.closest(selector).ok().flatten())
    };
    let port = closest("[data-port]").and_then(|e| e.get_attribute("data-port"));
    let element = closest("[data-id]").and_then(|e| e.get_attribute("data-id"));
    let flow = closest("[data-flow]").and_then(|e| e.get_attribute("data-flow"));
    if space_down {
        Press::Pan
    } else if let Some(from) = port {
        Press::Connect { from }
    } else if let Some(id) = element {
        if ev.shift_key() {
            store.toggle_selected(&id);
        } else if !store.selection.get_untracked().contains(&id) {
            store.select_only(vec![id]);
        }
        // A shared map can be looked at and selected, not moved.
        if store.read_only.get_untracked() {
            Press::Nothing
        } else {
            Press::Drag
        }
    } else if let Some(id) = flow {
        if ev.shift_key() {
            store.toggle_selected(&id);
        } else {
            store.select_only(vec![id]);
        }
        Press::Nothing
    } else if ev.shift_key() {
        band_adding.set_value(store.selection.get_untracked());
        Press::Band
    } else {
        store.selection.set(Vec::new());
        Press::Pan
    }
}

/// Maps with more elements than this draw only what is near the view, so a
/// 50,000-element map costs what its part on screen costs (a keystroke on a
/// 500-element map drawn whole took 80 ms, most of it painting the SVG). Tab
/// still reaches every element and flow: `tab_target` pans to the next one.
const DRAW_ALL_UP_TO: usize = 200;

/// Where Tab goes from the element or flow `from` on a map that draws only
/// what is near the view: the next one in the order of the page (every flow,
/// then every element, in map order), drawn or not. None on a map drawn whole
/// (the page's own order is complete) and past either end (Tab leaves the map).
pub fn tab_target(store: &Store, from: &str, backwards: bool) -> Option<String> {
    store.with_map_untracked(|_, m| {
        if m.elements.len() <= DRAW_ALL_UP_TO {
            return None;
        }
        let order: Vec<&str> = m
            .flows
            .iter()
            .map(|f| f.id.as_str())
            .chain(m.elements.iter().map(|e| e.id.as_str()))
            .collect();
        let at = order.iter().position(|id| *id == from)?;
        let next = if backwards {
            at.checked_sub(1)?
        } else {
            at + 1
        };
        order.get(next).map(|id| id.to_string())
    })
}

/// The ids of the elements and flows to draw, in map order (the keys of the lists).
#[derive(Clone, Debug, Default, PartialEq)]
struct Drawn {
    elements: Vec<String>,
    flows: Vec<String>,
}

/// What to draw: everything on a small map; on a large one, what lies within one
/// screen of the view. The area is snapped to half screens so panning changes the
/// lists only now and then, not every frame.
fn drawn(store: Store, size: RwSignal<(f64, f64)>) -> Memo<Drawn> {
    Memo::new(move |_| {
        store.with_map(|m| {
            if m.elements.len() <= DRAW_ALL_UP_TO {
                return Drawn {
                    elements: m.elements.iter().map(|e| e.id.clone()).collect(),
                    flows: m.flows.iter().map(|f| f.id.clone()).collect(),
                };
            }
            let view = store.view.get();
            let (width, height) = size.get();
            // The zoom rounded down to a power of √2: zooming changes the area
            // (and the elements drawn) only now and then, not every wheel step.
            // (By steps rather than with log2 and powf, which would add a float
            // library to the wasm.)
            let mut zoom = 1.0;
            while zoom > view.zoom && zoom > 1e-3 {
                zoom /= std::f64::consts::SQRT_2;
            }
            while zoom * std::f64::consts::SQRT_2 <= view.zoom {
                zoom *= std::f64::consts::SQRT_2;
            }
            let (step_x, step_y) = (width / 2.0 / zoom, height / 2.0 / zoom);
            let (x, y) = view.to_map(0.0, 0.0);
            let snap = |value: f64, step: f64| (value / step).floor() * step;
            let area = Bounds {
                x: snap(x, step_x) - 2.0 * step_x,
                y: snap(y, step_y) - 2.0 * step_y,
                width: 8.0 * step_x,
                height: 8.0 * step_y,
            };
            let near: HashSet<&str> = m
                .elements
                .iter()
                .filter(|e| symbol_bounds(e).intersects(&area))
                .map(|e| e.id.as_str())
                .collect();
            Drawn {
                elements: m
                    .elements
                    .iter()
                    .filter(|e| near.contains(e.id.as_str()))
                    .map(|e| e.id.clone())
                    .collect(),
                flows: m
                    .flows
                    .iter()
                    .filter(|f| near.contains(f.from.as_str()) || near.contains(f.to.as_str()))
                    .map(|f| f.id.clone())
                    .collect(),
            }
        })
    })
}

/// What the analysis marks on the canvas.
#[derive(Clone, Debug, Default, PartialEq)]
struct Marks {
    /// Elements on the critical path.
    path: HashSet<String>,
    /// (from, to) of consecutive elements on the critical path.
    steps: HashSet<(String, String)>,
    bottleneck: Option<String>,
}

fn highlights(store: Store) -> Memo<Marks> {
    Memo::new(move |_| {
        store.analysis.with(|analysis| {
            store.with_map(|m| {
                let id = |i: usize| m.elements.get(i).map(|e| e.id.clone()).unwrap_or_default();
                Marks {
                    path: analysis.critical_path.iter().map(|&i| id(i)).collect(),
                    steps: analysis
                        .critical_path
                        .windows(2)
                        .map(|w| (id(w[0]), id(w[1])))
                        .collect(),
                    bottleneck: analysis
                        .bottleneck
                        .and_then(|b| analysis.steps.get(b))
                        .map(|s| id(s.element)),
                }
            })
        })
    })
}

#[component]
fn Elements(drawn: Memo<Drawn>) -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = Memo::new(move |_| drawn.with(|d| d.elements.clone()));
    let marks = highlights(store);
    view! {
        <g class="elements" role="list" aria-label="Elements">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <ElementView id=id marks=marks />
            </For>
        </g>
    }
}

#[component]
fn ElementView(id: String, marks: Memo<Marks>) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = id.clone();
    let element = Memo::new(move |_| store.element(&key));
    let key = id.clone();
    let selected = Memo::new(move |_| store.selection.with(|s| s.contains(&key)));
    let key = id.clone();
    let critical = Memo::new(move |_| marks.with(|m| m.path.contains(&key)));
    let key = id;
    let bottleneck =
        Memo::new(move |_| marks.with(|m| m.bottleneck.as_deref() == Some(key.as_str())));
    move || {
        element
            .get()
            .map(|e| element_symbol(&e, critical.get(), bottleneck.get(), selected.get()))
    }
}

#[component]
fn Flows(drawn: Memo<Drawn>) -> impl IntoView {
    let store = expect_context::<Store>();
    let ids = Memo::new(move |_| drawn.with(|d| d.flows.clone()));
    let marks = highlights(store);
    view! {
        <g class="flows" role="list" aria-label="Flows">
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <FlowView id=id marks=marks />
            </For>
        </g>
    }
}

#[component]
fn FlowView(id: String, marks: Memo<Marks>) -> impl IntoView {
    let store = expect_context::<Store>();
    let key = id.clone();
    // The flow with the outlines of its two ends: re-rendered only when one of them moves.
    let shape = Memo::new(move |_| {
        let flow = store.flow(&key)?;
        let (from, to) = (store.element(&flow.from)?, store.element(&flow.to)?);
        let bounds = (symbol_bounds(&from), symbol_bounds(&to));
        Some((flow, bounds.0, bounds.1, (from.name, to.name)))
    });
    let key = id.clone();
    let selected = Memo::new(move |_| store.selection.with(|s| s.contains(&key)));
    move || {
        shape.get().map(|(flow, from, to, names)| {
            let critical = flow.kind.is_forward_material()
                && marks.with(|m| m.steps.contains(&(flow.from.clone(), flow.to.clone())));
            flow_symbol(&flow, (&from, &to), &names, critical, selected.get())
        })
    }
}

#[component]
fn Attachments() -> impl IntoView {
    let store = expect_context::<Store>();
    let lines = Memo::new(move |_| {
        store.with_map(|m| {
            m.elements
                .iter()
                .filter_map(|e| match &e.kind {
                    ElementKind::Kaizen(k) => {
                        let target = m.element(k.attached_to.as_deref()?)?;
                        Some((symbol_bounds(e).center(), symbol_bounds(target).center()))
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    });
    move || {
        lines
            .get()
            .into_iter()
            .map(|((x1, y1), (x2, y2))| view! { <line class="attachment" x1=x1 y1=y1 x2=x2 y2=y2 /> })
            .collect_view()
    }
}
