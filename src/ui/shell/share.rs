//! "Copy link": the whole document in the URL fragment, compressed, so a map can
//! be sent with nothing to install and no server. Long links are flagged, with
//! the file offered instead.

use leptos::prelude::*;

use crate::analysis::format::fixed;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dialog::focus_when_shown;
use super::files::export_json;
use crate::io::link;
use crate::ui::state::Store;

fn select_all_text(ev: leptos::ev::FocusEvent) {
    if let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.select();
    }
}

/// The open document packed as a share link carries it (deflated by the browser).
pub async fn packed_document(store: Store) -> Result<String, String> {
    let json = store.document.with_untracked(crate::io::save);
    crate::browser::packing::pack(&json).await
}

/// The share link of the open document, and the length of its payload.
async fn share_url(store: Store) -> Result<(String, usize), String> {
    let payload = packed_document(store).await?;
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    let length = payload.len();
    let fragment = link::fragment(&payload, store.map_index.get_untracked());
    Ok((format!("{base}#{fragment}"), length))
}

#[component]
pub fn ShareDialog(open: RwSignal<bool>) -> impl IntoView {
    let store = expect_context::<Store>();
    let copied = RwSignal::new(None::<bool>);
    // The link of the map as it is when the dialog opens (packing takes a moment).
    let made = RwSignal::new(None::<Result<(String, usize), String>>);
    Effect::new(move |_| {
        if open.get() {
            made.set(None);
            leptos::task::spawn_local(async move { made.set(Some(share_url(store).await)) });
        }
    });
    let shut = move || {
        open.set(false);
        copied.set(None);
    };
    let close = move |_| shut();
    // The dialog takes the focus when it opens, and Esc closes it.
    let dialog = NodeRef::<leptos::html::Div>::new();
    focus_when_shown(dialog);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            shut();
        }
    };
    let copy = move |_| {
        let Some(Ok((text, _))) = made.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
            let done = match clipboard {
                Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
                None => false,
            };
            copied.set(Some(done));
        });
    };
    let link_view = move || {
        match made.get() {
        None => view! { <p class="hint" role="status">"Packing the map\u{2026}"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="warning-box" role="alert">{format!("The link could not be made: {e}.")}</p> }.into_any(),
        Some(Ok((url, length))) => view! {
            <input type="text" readonly class="share-link" aria-label="Share link" prop:value=url
                on:focus=select_all_text />
            <p class="hint">{format!("{} KB of map data in the link.", fixed(length as f64 / 1024.0, 1))}</p>
            {(length > link::LONG_LINK_CHARS).then(|| view! {
                <p class="warning-box" role="alert">
                    "This link is long: some mail and chat tools cut links this size. "
                    <button type="button" class="link" on:click=move |_| export_json(store)>"Export the file instead"</button>
                    " and send that."
                </p>
            })}
            <div class="button-row">
                <button type="button" class="primary" on:click=copy>"Copy link"</button>
            </div>
        }.into_any(),
    }
    };
    move || {
        open.get().then(|| {
            view! {
                <div class="overlay" on:click=close>
                    <div class="dialog share" role="dialog" aria-modal="true" aria-label="Share link" tabindex="-1" node_ref=dialog
                        on:keydown=on_key on:click=|ev| ev.stop_propagation()>
                        <button type="button" class="close" aria-label="Close" on:click=close>"\u{d7}"</button>
                        <h2>"Share this map"</h2>
                        <p>"The whole document travels inside the link, compressed. Nothing is uploaded: whoever opens it sees the map read-only and can save it to their own library."</p>
                        {link_view}
                        {move || copied.get().map(|ok| if ok {
                            view! { <p class="hint" role="status">"Copied to the clipboard."</p> }.into_any()
                        } else {
                            view! { <p class="hint" role="status">"The browser did not allow copying: select the link above and copy it."</p> }.into_any()
                        })}
                    </div>
                </div>
            }
        })
    }
}
