//! The panels beside and below the map: the inspector, the table view, the
//! timeline ladder, the balance chart, the metrics, the forecast, the comparison
//! and the kaizen list, with the windowing that draws only the rows in view.

pub(crate) mod balance;
pub(crate) mod compare;
pub(crate) mod forecast;
pub(crate) mod inspector;
pub(crate) mod kaizen;
pub(crate) mod metrics;
pub(crate) mod row_window;
pub(crate) mod scroll_window;
pub(crate) mod table;
pub(crate) mod timeline;
