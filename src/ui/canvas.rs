//! The map drawn as SVG: flows under elements, the critical path highlighted
//! and the bottleneck marked.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use super::geometry::{map_bounds, symbol_bounds};
use super::state::Store;
use super::symbols::{data_line_count, element_symbol, flow_symbol};
use crate::model::ElementKind;

#[component]
pub fn MapCanvas() -> impl IntoView {
    let store = expect_context::<Store>();
    let view_box = move || {
        store.with_map(|map| {
            let b = map_bounds(map, data_line_count);
            format!("{} {} {} {}", b.x, b.y, b.width, b.height)
        })
    };
    let drawing = move || {
        let analysis = store.analysis.get();
        store.with_map(|map| {
            let on_path: HashSet<&str> = analysis
                .critical_path
                .iter()
                .map(|&i| map.elements[i].id.as_str())
                .collect();
            let next_on_path: HashSet<(&str, &str)> = analysis
                .critical_path
                .windows(2)
                .map(|w| {
                    (
                        map.elements[w[0]].id.as_str(),
                        map.elements[w[1]].id.as_str(),
                    )
                })
                .collect();
            let bottleneck = analysis
                .bottleneck
                .and_then(|b| analysis.steps.get(b))
                .map(|s| map.elements[s.element].id.as_str());
            let bounds: HashMap<&str, _> = map
                .elements
                .iter()
                .map(|e| (e.id.as_str(), symbol_bounds(e)))
                .collect();
            let attachments = map
                .elements
                .iter()
                .filter_map(|e| match &e.kind {
                    ElementKind::Kaizen(k) => {
                        let target = bounds.get(k.attached_to.as_deref()?)?;
                        let (x1, y1) = symbol_bounds(e).center();
                        let (x2, y2) = target.center();
                        Some(view! { <line class="attachment" x1=x1 y1=y1 x2=x2 y2=y2 /> })
                    }
                    _ => None,
                })
                .collect_view();
            let flows = map
                .flows
                .iter()
                .filter_map(|f| {
                    let (from, to) = (bounds.get(f.from.as_str())?, bounds.get(f.to.as_str())?);
                    let critical = next_on_path.contains(&(f.from.as_str(), f.to.as_str()))
                        && f.kind.is_forward_material();
                    Some(flow_symbol(f, from, to, critical))
                })
                .collect_view();
            let elements = map
                .elements
                .iter()
                .map(|e| {
                    element_symbol(
                        e,
                        on_path.contains(e.id.as_str()),
                        bottleneck == Some(e.id.as_str()),
                    )
                })
                .collect_view();
            view! {
                <g class="attachments">{attachments}</g>
                <g class="flows">{flows}</g>
                <g class="elements" role="list">{elements}</g>
            }
        })
    };
    view! {
        <svg class="canvas" viewBox=view_box preserveAspectRatio="xMidYMin meet" role="group" aria-label="Value stream map">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            {drawing}
        </svg>
    }
}
