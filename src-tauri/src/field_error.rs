//! The error of a form: the French message and the field it belongs beside, so that the window
//! shows it next to what the agent must change and keeps everything typed.

use serde::Serialize;
use ts_rs::TS;

use crate::error::DeskError;

/// A refused form: `field` names the input the message goes beside (`None`: the whole form).
#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

impl FieldError {
    /// The desk error's French message, beside `field`.
    pub fn at(field: Option<&str>, error: &DeskError) -> Self {
        FieldError {
            field: field.map(str::to_owned),
            message: error.user_message(),
        }
    }
}
