//! Mounts the Takt app in the browser.

fn main() {
    takt::ui::report_panics();
    leptos::mount::mount_to_body(takt::ui::App);
}
