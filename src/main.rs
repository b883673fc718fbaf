//! Mounts the Takt app in the browser.

fn main() {
    leptos::mount::mount_to_body(takt::ui::App);
}
