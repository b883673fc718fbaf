//! What every dialog does: it takes the focus when it opens, so the keyboard
//! (Tab, Esc) works inside it at once.

use leptos::prelude::*;

/// Focuses `dialog` each time it is put in the page.
pub fn focus_when_shown(dialog: NodeRef<leptos::html::Div>) {
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            let _ = dialog.focus();
        }
    });
}
