//! Activation checklists on the server: templates reach every device (a technician's device
//! shows the checklist of its orders); attempts and answers are the office's.

use super::Decision;

/// A template version reaches every device.
pub(super) fn template() -> Decision {
    Decision::Apply { audience: None }
}

/// An attempt, an answer or a closing: the office's.
pub(super) fn checklist() -> Decision {
    Decision::Apply {
        audience: Some("office".to_owned()),
    }
}
