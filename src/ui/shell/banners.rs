//! What the user must know about their work: when it was last saved, a save
//! that failed (with the document offered as a file), another tab's change
//! (with the choice of which to keep), saved data that could not be opened
//! (offered as a download, never deleted), and a shared map to keep.

use leptos::prelude::*;

use super::files::{download_text, export_json};
use super::library::clock;
use crate::ui::persist::{Keeper, SaveStatus};
use crate::ui::state::Store;

/// The save status beside the title.
#[component]
pub fn SaveBadge() -> impl IntoView {
    let keeper = expect_context::<Keeper>();
    move || {
        let (text, class, title) = match keeper.status.get() {
            SaveStatus::Unsaved => (
                "Not saved yet".to_string(),
                "unsaved",
                "Saved to this browser's library as soon as you edit it",
            ),
            SaveStatus::Changed => (
                "Unsaved changes".to_string(),
                "changed",
                "Saved to this browser's library as soon as you pause",
            ),
            SaveStatus::Saving => (
                "Saving\u{2026}".to_string(),
                "saving",
                "Being written to this browser's library",
            ),
            SaveStatus::Saved(at) => (
                format!("Saved {}", clock(at)),
                "saved",
                "Every edit is saved in this browser automatically",
            ),
            SaveStatus::Failed(_) => ("Not saved".into(), "failed", "See the message below"),
            SaveStatus::Conflict(_) => (
                "Changed in another tab".into(),
                "failed",
                "See the message below",
            ),
            SaveStatus::Earlier(..) => (
                "Earlier version (read-only)".into(),
                "earlier",
                "An earlier version of a saved map: restore it to edit it",
            ),
            SaveStatus::Shared => (
                "Shared map (read-only)".into(),
                "shared",
                "Opened from a link: save it to your library to edit it",
            ),
        };
        // `data-saves` counts the writes the library confirmed: tests wait on it, never on a clock.
        view! { <span class=format!("save-badge {class}") role="status" title=title data-status=class data-saves=move || keeper.saves.get()>{text}</span> }
    }
}

#[component]
pub fn Banners() -> impl IntoView {
    let keeper = expect_context::<Keeper>();
    let store = expect_context::<Store>();
    let status = move || {
        match keeper.status.get() {
        SaveStatus::Failed(reason) => Some(
            view! {
                <div class="banner error save-failed" role="alert">
                    <span>{format!("Your latest changes are not saved: {reason}. The copy saved before is intact. ")}</span>
                    <button type="button" on:click=move |_| export_json(store)>"Download this map as a file"</button>
                    <button type="button" on:click=move |_| keeper.save_now_after_failure()>"Try again"</button>
                </div>
            }
            .into_any(),
        ),
        SaveStatus::Conflict(theirs) => Some(
            view! {
                <div class="banner warning conflict" role="alert">
                    <span>{format!("This map was changed in another tab (saved {}). Which version do you want? ", clock(theirs.saved))}</span>
                    <button type="button" on:click=move |_| leptos::task::spawn_local(keeper.take_theirs())>"Load the other tab's version"</button>
                    <button type="button" on:click=move |_| keeper.keep_mine()>"Keep mine"</button>
                </div>
            }
            .into_any(),
        ),
        SaveStatus::Shared => Some(
            view! {
                <div class="banner info shared" role="status">
                    <span>"A shared map, read-only. Nothing of it is stored until you keep it. "</span>
                    <button type="button" class="primary" on:click=move |_| keeper.keep_shared()>"Save to my library"</button>
                </div>
            }
            .into_any(),
        ),
        SaveStatus::Earlier(_, saved) => {
            let restore = move |_| {
                leptos::task::spawn_local(async move {
                    match keeper.restore_earlier().await {
                        Ok(()) => store.notify("Restored: this version is now the latest (undo takes it back; the one it replaced stays in the history)", false),
                        Err(e) => store.notify(&format!("That version could not be restored: {e}"), true),
                    }
                })
            };
            let latest = move |_| {
                if let SaveStatus::Earlier(id, _) = keeper.status.get_untracked() {
                    leptos::task::spawn_local(async move {
                        keeper.open_saved(&id).await;
                    })
                }
            };
            Some(
                view! {
                    <div class="banner info earlier" role="status">
                        <span>{format!("An earlier version, saved {} at {}, read-only. ", super::library::when(saved), clock(saved))}</span>
                        <button type="button" class="primary" on:click=restore>"Restore this version"</button>
                        <button type="button" on:click=latest>"Back to the latest"</button>
                    </div>
                }
                .into_any(),
            )
        }
        SaveStatus::Unsaved | SaveStatus::Changed | SaveStatus::Saving | SaveStatus::Saved(_) => None,
    }
    };
    let unreadable = move || {
        keeper.unreadable.get().map(|u| {
            let raw = u.raw.clone();
            let name = format!("takt-saved-{}.json", u.id);
            view! {
                <div class="banner error unreadable" role="alert">
                    <span>{format!("A saved map could not be opened: {}. It is kept exactly as it was. ", u.reason)}</span>
                    <button type="button" on:click=move |_| { let _ = download_text(&raw, &name, "application/json"); }>"Download the saved data"</button>
                    <button type="button" class="link" on:click=move |_| keeper.unreadable.set(None)>"Dismiss"</button>
                </div>
            }
        })
    };
    view! { {status} {unreadable} }
}
