//! The crate's one error type: a refusal to send back to the desk (with its code and French reason),
//! or a failure of the central office itself. `Display` is English, for logs.

use guichet_sync::wire::{Refusal, RefusalCode};

pub type Result<T, E = CentralError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum CentralError {
    #[error("refused ({:?}): {}", .0.error, .0.reason)]
    Refused(Refusal),

    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("json: {0}")]
    Json(#[from] serde_json::Error),

    #[error("io: {0}")]
    Io(#[from] std::io::Error),

    /// The service's certificate or key cannot be used (`serve --tls-cert/--tls-key`).
    #[error("tls: {0}")]
    Tls(String),

    #[error("random source: {0}")]
    Random(String),

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

impl CentralError {
    /// A refusal with its code and French reason.
    pub fn refused(error: RefusalCode, reason: impl Into<String>) -> CentralError {
        CentralError::Refused(Refusal {
            error,
            reason: reason.into(),
            highest_seq: None,
        })
    }

    /// What the desk receives: the refusal, or an internal error without details.
    pub fn refusal(&self) -> Refusal {
        match self {
            CentralError::Refused(r) => r.clone(),
            _ => Refusal {
                error: RefusalCode::Internal,
                reason: "erreur interne du service central, réessayez plus tard.".to_owned(),
                highest_seq: None,
            },
        }
    }
}
