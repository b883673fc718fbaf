//! The library: every document saved in this browser, newest first, with its
//! title, last change and a thumbnail; new, open, rename, duplicate, delete
//! (with undo). Nothing here deletes without a way back.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::files::{download_text, open_example};
use crate::browser::storage::{self, Stored};
use crate::io::examples;
use crate::io::library::{self, Entry, Thumbnail};
use crate::io::validate::MAX_NAME_CHARS;
use crate::model::{Document, Edit};
use crate::ui::persist::{Keeper, now};
use crate::ui::state::{Screen, Store};

/// "5 min ago", "yesterday", or the date.
pub fn when(modified: f64) -> String {
    let minutes = ((now() - modified) / 60_000.0).max(0.0);
    if minutes < 1.0 {
        "just now".into()
    } else if minutes < 60.0 {
        format!("{} min ago", minutes as u64)
    } else if minutes < 24.0 * 60.0 {
        format!("{} h ago", (minutes / 60.0) as u64)
    } else {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(modified));
        String::from(date.to_locale_date_string("default", &wasm_bindgen::JsValue::UNDEFINED))
    }
}

/// "14:05" for a time in milliseconds since the epoch.
pub fn clock(ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// "94.2 KB", "12.3 MB", "10.7 GB" (decimal units, as browsers report storage).
fn size(bytes: f64) -> String {
    let (value, unit) = [(1e9, "GB"), (1e6, "MB")]
        .into_iter()
        .find(|(scale, _)| bytes >= *scale)
        .unwrap_or((1e3, "KB"));
    format!("{} {unit}", crate::analysis::format::number(bytes / value))
}

/// "1 element", "29 elements".
fn counted(count: usize, what: &str) -> String {
    format!("{count} {what}{}", if count == 1 { "" } else { "s" })
}

fn thumbnail(thumb: &Thumbnail) -> impl IntoView + use<> {
    let shapes = thumb
        .0
        .iter()
        .map(|&(x, y, kind)| {
            let (x, y) = (f64::from(x) + 6.0, f64::from(y) * 0.55 + 6.0);
            match kind {
                'i' => view! { <polygon class="t-inventory" points=format!("{x},{} {},{} {},{}", y - 3.0, x + 3.5, y + 3.0, x - 3.5, y + 3.0) /> }.into_any(),
                'k' => view! { <circle class="t-kaizen" cx=x cy=y r="3" /> }.into_any(),
                'f' => view! { <rect class="t-factory" x=x - 4.0 y=y - 3.0 width="8" height="6" /> }.into_any(),
                _ => view! { <rect class="t-step" x=x - 5.0 y=y - 3.5 width="10" height="7" /> }.into_any(),
            }
        })
        .collect_view();
    view! { <svg class="thumbnail" viewBox="0 0 112 68" aria-hidden="true">{shapes}</svg> }
}

#[component]
pub fn Library() -> impl IntoView {
    let store = expect_context::<Store>();
    let keeper = expect_context::<Keeper>();
    // The last deleted document, kept so the deletion can be undone.
    let deleted = RwSignal::new(None::<(Entry, Stored)>);
    let renaming = RwSignal::new(None::<String>);
    // The map whose history is shown, and its earlier copies (newest first).
    let history = RwSignal::new(None::<(String, Vec<(f64, Option<Entry>)>)>);
    // The order the list opened with, kept while it is open: a save or another
    // tab's change never moves a card under the pointer (see library::kept_order).
    let opened_with: Vec<String> = keeper
        .library
        .with_untracked(|l| l.iter().map(|e| e.id.clone()).collect());
    let copied_from = RwSignal::new(std::collections::HashMap::<String, String>::new());
    spawn_local(async move {
        keeper.refresh_library().await;
        keeper.measure_space().await;
    });

    let problem =
        move |what: &str, reason: String| store.notify(&format!("{what}: {reason}"), true);
    let open = move |id: String| {
        spawn_local(async move {
            if keeper.open_saved(&id).await {
                store.screen.set(Screen::Canvas);
            }
        })
    };
    let new_map = move |_| {
        let mut document = Document::new("Untitled map");
        if let Some(current) = document.maps.first_mut() {
            current.name = "Current state".into();
        }
        keeper.open_as_new(document);
        store.screen.set(Screen::Canvas);
        super::title::focus_title(store);
    };
    let from_example = move |key: &'static str| open_example(keeper, store, key);
    // Every write goes through the keeper; the library only reads and asks.
    let duplicate = move |entry: Entry| {
        spawn_local(async move {
            match keeper.duplicate_saved(&entry.id).await {
                Ok(copy) => copied_from.update(|c| {
                    c.insert(copy, entry.id.clone());
                }),
                Err(e) => problem(&format!("{} could not be copied", entry.title), e),
            }
        })
    };
    let remove = move |entry: Entry| {
        spawn_local(async move {
            match keeper.delete_saved(&entry.id).await {
                Ok(stored) => deleted.set(Some((entry, stored))),
                Err(e) => problem("It could not be deleted", e),
            }
        })
    };
    let undo_delete = move |_| {
        if let Some((entry, stored)) = deleted.get_untracked() {
            spawn_local(async move {
                match keeper.undelete_saved(&entry, &stored).await {
                    Ok(()) => deleted.set(None),
                    Err(e) => problem("It could not be restored", e),
                }
            })
        }
    };
    let rename = move |entry: Entry, title: String| {
        // Enter renames and closes the field, whose blur then asks again: once is enough.
        if renaming.get_untracked().as_deref() != Some(entry.id.as_str()) {
            return;
        }
        renaming.set(None);
        let title: String = title.trim().chars().take(MAX_NAME_CHARS).collect();
        if title.is_empty() || title == entry.title {
            return;
        }
        if keeper.doc_id.get_untracked().as_deref() == Some(entry.id.as_str()) {
            // The open document: an edit like any other (undoable, saved by autosave).
            store.edit(Edit::Title(title));
        } else {
            spawn_local(async move {
                if let Err(e) = keeper.rename_saved(&entry.id, title).await {
                    problem(&format!("{} could not be renamed", entry.title), e);
                }
            })
        }
    };
    let download_raw = move |entry: Entry| {
        spawn_local(async move {
            if let Ok(Some(stored)) = storage::read(&entry.id).await {
                let _ = download_text(
                    &stored.body,
                    &format!("takt-saved-{}.json", entry.id),
                    "application/json",
                );
            }
        })
    };
    let show_history = move |entry: Entry| {
        if history.with_untracked(|h| h.as_ref().is_some_and(|(id, _)| *id == entry.id)) {
            return history.set(None);
        }
        spawn_local(async move {
            match storage::history(&entry.id).await {
                Ok(list) => history.set(Some((entry.id, list))),
                Err(e) => problem("The history could not be read", e.to_string()),
            }
        })
    };
    let open_earlier = move |id: String, saved: f64, restore: bool| {
        spawn_local(async move {
            let shown = keeper.show_earlier(&id, saved).await;
            let done = match shown {
                Ok(()) if restore => keeper.restore_earlier().await,
                other => other,
            };
            match done {
                Ok(()) => store.screen.set(Screen::Canvas),
                Err(e) => problem("That version could not be opened", e),
            }
        })
    };
    let history_panel = move |id: String| {
        move || {
            history.with(|h| {
                let (shown, list) = h.as_ref()?;
                (*shown == id).then(|| {
                    let rows = list
                        .iter()
                        .map(|(saved, entry)| {
                            let (id1, id2, saved) = (id.clone(), id.clone(), *saved);
                            let (thumb, figures, elements) = entry.as_ref().map_or((Thumbnail::default(), String::new(), 0), |e| (e.thumbnail.clone(), e.figures.clone(), e.elements));
                            view! {
                                <li class="version">
                                    {thumbnail(&thumb)}
                                    <div class="version-text"><strong>{when(saved)}</strong>" "{clock(saved)}
                                        <span class="hint">{format!("{} \u{b7} {figures}", counted(elements, "element"))}</span></div>
                                    <div class="version-actions">
                                        <button type="button" on:click=move |_| open_earlier(id1.clone(), saved, false)>"Open"</button>
                                        <button type="button" on:click=move |_| open_earlier(id2.clone(), saved, true)>"Restore"</button>
                                    </div>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="history" aria-label="Earlier versions">
                            <p class="hint">{format!(
                                "Takt keeps up to {} earlier versions of each map, one per {} minutes of editing, for {} days.{}",
                                library::HISTORY_KEEP,
                                library::HISTORY_SPACING_MS / 60_000.0,
                                library::HISTORY_MAX_AGE_MS / 86_400_000.0,
                                if list.is_empty() { " None yet for this map." } else { "" }
                            )}</p>
                            <ul>{rows}</ul>
                        </div>
                    }
                })
            })
        }
    };
    let cards = move || {
        // While a title is typed, the list holds still: drawn again after a
        // refresh (any save, here or in another tab), the cards would bring a
        // new field with the old title, and what was typed would be lost.
        let entries = if renaming.with(Option::is_some) {
            keeper.library.get_untracked()
        } else {
            keeper.library.get()
        };
        let shown: Vec<Entry> = copied_from.with(|copied| {
            library::kept_order(&opened_with, &entries, copied)
                .into_iter()
                .cloned()
                .collect()
        });
        shown
            .into_iter()
            .map(|entry| {
                let id = entry.id.clone();
                let is_open = move || keeper.doc_id.get().as_deref() == Some(id.as_str());
                let damaged = entry.maps == 0;
                let (e1, e2, e3, e4, e5, e6) = (entry.clone(), entry.clone(), entry.clone(), entry.clone(), entry.clone(), entry.clone());
                let editing = {
                    let id = entry.id.clone();
                    move || renaming.get().as_deref() == Some(id.as_str())
                };
                let title_view = {
                    let entry = entry.clone();
                    move || {
                        if editing() {
                            let e = entry.clone();
                            let e_blur = entry.clone();
                            // `autofocus` only works on page load: focus the field once it is in the page.
                            let field = NodeRef::<leptos::html::Input>::new();
                            request_animation_frame(move || {
                                if let Some(input) = field.try_get_untracked().flatten() {
                                    let _ = input.focus();
                                    input.select();
                                }
                            });
                            view! {
                                <input type="text" class="rename" aria-label="New title" maxlength=MAX_NAME_CHARS value=entry.title.clone() node_ref=field
                                    on:keydown=move |ev| {
                                        if ev.key() == "Enter" { rename(e.clone(), event_target_value(&ev)); }
                                        if ev.key() == "Escape" { renaming.set(None); }
                                    }
                                    on:blur=move |ev| rename(e_blur.clone(), event_target_value(&ev)) />
                            }
                            .into_any()
                        } else {
                            view! { <h3 class="entry-title">{entry.title.clone()}</h3> }.into_any()
                        }
                    }
                };
                let open_id = entry.id.clone();
                view! {
                    <li class="entry" class:open=is_open data-id=entry.id.clone()>
                        <button type="button" class="entry-open" disabled=damaged on:click=move |_| open(open_id.clone())
                            aria-label=format!("Open {}", entry.title)>
                            {thumbnail(&entry.thumbnail)}
                        </button>
                        <div class="entry-text">
                            {title_view}
                            <p class="hint">{format!("{} \u{b7} {} \u{b7} {}", when(entry.modified), counted(entry.maps, "map"), counted(entry.elements, "element"))}</p>
                            <p class="figures">{entry.figures.clone()}</p>
                        </div>
                        <div class="entry-actions">
                            {if damaged {
                                view! { <button type="button" on:click=move |_| download_raw(e5.clone())>"Download the saved data"</button> }.into_any()
                            } else {
                                view! {
                                    <button type="button" on:click=move |_| renaming.set(Some(e1.id.clone()))>"Rename"</button>
                                    <button type="button" on:click=move |_| duplicate(e2.clone())>"Duplicate"</button>
                                    <button type="button" on:click=move |_| show_history(e6.clone())>"History"</button>
                                }.into_any()
                            }}
                            <button type="button" class="danger" on:click=move |_| remove(e3.clone())
                                aria-label=format!("Delete {}", e4.title)>"Delete"</button>
                        </div>
                        {history_panel(entry.id.clone())}
                    </li>
                }
            })
            .collect_view()
    };
    let back_up = move |_| {
        spawn_local(async move {
            let made = keeper
                .backup_text()
                .await
                .map_err(|e| e.to_string())
                .and_then(|(text, count)| {
                    let name =
                        super::files::file_name(&format!("Takt library {count} maps"), "json");
                    download_text(&text, &name, "application/json")
                });
            if let Err(e) = made {
                store.notify(&format!("The backup could not be made: {e}"), true);
            }
        })
    };
    let space = move || {
        let kept = if keeper.persisted.get() {
            "kept by the browser even when space runs low"
        } else {
            "the browser may clear it when space runs low: back up what matters"
        };
        let used = keeper.space.get().map(|(used, available)| {
            format!("{} used of {} available; ", size(used), size(available))
        });
        format!("Storage: {}{kept}.", used.unwrap_or_default())
    };
    let examples_list = examples::EXAMPLES
        .iter()
        .map(|e| view! { <button type="button" on:click=move |_| from_example(e.key)>{e.label}</button> })
        .collect_view();
    view! {
        <section class="library" aria-label="Library">
            <div class="library-head">
                <h2>"Your maps"</h2>
                <p class="hint">"Saved in this browser only. Export a file or copy a link to move a map elsewhere."</p>
                <p class="hint storage-space">{space}</p>
                <button type="button" class="primary" on:click=new_map>"+ New map"</button>
                <button type="button" on:click=back_up>"Back up everything"</button>
                // A backup comes in through the one import door, which knows it from a map.
                <button type="button" on:click=|_| super::files::choose_file()>"Restore a backup\u{2026}"</button>
            </div>
            {move || deleted.get().map(|(entry, _)| view! {
                <p class="undo-bar" role="status">{format!("Deleted \u{201c}{}\u{201d}. ", entry.title)}
                    <button type="button" class="link" on:click=undo_delete>"Undo"</button></p>
            })}
            <ul class="entries">{cards}</ul>
            {move || keeper.library.with(|l| l.is_empty()).then(|| view! { <p class="hint">"No saved maps yet: every map you edit is saved here automatically."</p> })}
            <h3>"Start from an example"</h3>
            <div class="button-row">{examples_list}</div>
        </section>
    }
}
