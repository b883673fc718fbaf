//! The form fields the panels are made of: numbers with units and ranges,
//! choices, and a flow's fields.

pub(crate) mod fields;
pub(crate) mod flow_fields;
