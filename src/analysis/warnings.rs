//! Warnings about a map, each naming the element it is about.

use serde::Serialize;

use crate::model::Element;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// An element with no material flow in or out.
    Unconnected,
    /// A step without process or cycle time, or an inventory without a wait.
    MissingTime,
    /// Forward flows that form a loop without being marked as rework.
    UnmarkedCycle,
    /// %C&A outside 0-100.
    PctCaOutOfRange,
    /// No customer demand: takt and inventory waits cannot be computed.
    ZeroDemand,
    /// No customer element: the lead time ends at the last element.
    NoCustomer,
    /// A customer no material flow leads to: the lead time ends at the last element.
    CustomerUnreached,
    /// A changeover time with neither batch size nor EPE: not charged.
    ChangeoverNotCharged,
    /// A rework flow whose target never leads back to its sender.
    ReworkNotALoop,
    /// Rework out of one element that adds up to 1 or more: the unit never leaves.
    EndlessRework,
    /// A kaizen burst not attached to an element.
    KaizenUnattached,
    /// A step that cannot keep pace with takt.
    OverTakt,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    /// The id of the element the warning is about, if any.
    pub element: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn about(code: WarningCode, element: &Element, detail: &str) -> Self {
        Warning {
            code,
            element: Some(element.id.clone()),
            message: format!(
                "{} \u{201c}{}\u{201d}: {detail}",
                element.kind.label(),
                element.name
            ),
        }
    }

    pub fn map(code: WarningCode, message: &str) -> Self {
        Warning {
            code,
            element: None,
            message: message.to_string(),
        }
    }
}
