//! What talks to the browser's storage: the library in IndexedDB, the journal
//! in localStorage, and the browser's DEFLATE streams for links and pictures,
//! each with its JavaScript glue beside it. No views: `ui` calls these, and
//! only `ui::persist` writes.

pub mod journal;
pub mod packing;
pub mod storage;
