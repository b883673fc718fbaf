//! The frame around the map: the toolbar and its menus, banners and dialogs,
//! help, the title, files in and out, share links, pictures and the Library screen.

pub(crate) mod banners;
pub(crate) mod dialog;
pub(crate) mod files;
pub(crate) mod help;
pub(crate) mod library;
pub(crate) mod picture;
pub(crate) mod share;
pub(crate) mod title;
pub(crate) mod toolbar;
