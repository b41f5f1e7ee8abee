//! The crate's one error type. `Display` is English, for logs; [`SyncError::user_message`] is the
//! French sentence an agent reads, saying what to do next.

use crate::wire::{Refusal, RefusalCode};

pub type Result<T, E = SyncError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The case file refused or failed.
    #[error(transparent)]
    Store(#[from] guichet_store::StoreError),

    /// The central office could not be reached or did not answer in time, after the retries.
    #[error("central office unreachable at {url}: {detail}")]
    Unreachable { url: String, detail: String },

    /// The central office refused the request, with its reason.
    #[error("refused by the central office ({:?}): {}", refusal.error, refusal.reason)]
    Refused { refusal: Refusal },

    /// The central office answered something this desk cannot read.
    #[error("unreadable answer from the central office: {0}")]
    Protocol(String),

    /// The desk is not enrolled.
    #[error("the desk is not enrolled")]
    NotEnrolled,

    /// The central office holds more of this desk's events than the case file has.
    #[error("the central office holds seq {held} of desk {desk}, the case file ends at {local}")]
    AheadOfCaseFile { desk: String, held: i64, local: i64 },
}

impl SyncError {
    /// Whether trying again later may succeed (the network, the central office's own failure).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable { .. } => true,
            SyncError::Refused { refusal } => refusal.error == RefusalCode::Internal,
            _ => false,
        }
    }

    /// The refusal code, when the central office refused.
    pub fn refusal(&self) -> Option<RefusalCode> {
        match self {
            SyncError::Refused { refusal } => Some(refusal.error),
            _ => None,
        }
    }

    /// The French sentence to show an agent.
    pub fn user_message(&self) -> String {
        match self {
            SyncError::Store(e) => e.user_message(),
            SyncError::Unreachable { url, .. } => format!(
                "Le service central ({url}) ne répond pas : le guichet reste hors ligne. Le travail \
                 est gardé dans le dossier et sera envoyé à la prochaine synchronisation."
            ),
            SyncError::Refused { refusal } => {
                format!("Le service central a refusé : {}", refusal.reason)
            }
            SyncError::Protocol(detail) => format!(
                "Le service central a répondu de façon illisible ({detail}) : vérifiez que le \
                 guichet et le service central sont à jour."
            ),
            SyncError::NotEnrolled => "Ce guichet n'est pas inscrit auprès du service central : \
                 inscrivez-le d'abord avec le code donné par le service central (guichet enrol)."
                .to_owned(),
            SyncError::AheadOfCaseFile { desk, held, local } => format!(
                "Le service central a déjà {held} événements du guichet {desk}, ce dossier n'en a \
                 que {local} : ce dossier a sans doute été restauré d'une sauvegarde. Prévenez le \
                 service central avant de continuer."
            ),
        }
    }
}
