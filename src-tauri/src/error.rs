//! The desk app's error: a store error or a problem at launch. Logs get the English `Display`; the
//! window gets [`DeskError::user_message`], a whole French sentence (that is how it is serialized).

use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] guichet_store::StoreError),

    /// Sync with the central office failed (unreachable, refused, not enrolled).
    #[error(transparent)]
    Sync(#[from] guichet_sync::SyncError),

    /// The case file could not be opened at launch; the French message was made then.
    #[error("case file not opened: {0}")]
    NotOpened(String),

    #[error("no data folder found for the default case file")]
    NoDataFolder,

    #[error("the case file has no agent")]
    NoAgent,

    #[error("no agent chosen yet")]
    NoAgentChosen,

    #[error("the default case file is not created yet")]
    NotCreated,

    /// A file the agent chose could not be read or written; the French message says which and why.
    #[error("file: {0}")]
    File(String),

    /// A request the window should not make (an unknown option); the French message says what.
    #[error("refused: {0}")]
    Refused(String),

    #[error("the case file lock is poisoned")]
    Poisoned,

    /// The PDF of the last campaign was asked before any campaign ran in this window.
    #[error("no campaign was run in this window")]
    NoCampaign,

    /// A PDF could not be written where the agent chose.
    #[error("could not write the PDF {path}: {source}")]
    PdfNotSaved {
        path: std::path::PathBuf,
        source: std::io::Error,
    },

    /// A background job (import, campaign) ended without an answer.
    #[error("background work failed: {0}")]
    Worker(String),
}

impl DeskError {
    /// What the agent reads: a whole French sentence that says what to do next.
    pub fn user_message(&self) -> String {
        match self {
            DeskError::Store(error) => error.user_message(),
            DeskError::Sync(error) => error.user_message(),
            DeskError::NotOpened(message) => message.clone(),
            DeskError::NoDataFolder => {
                "Aucun dossier de données n'a été trouvé pour cet utilisateur : \
                 indiquez le fichier du dossier avec --case-file ou GUICHET_CASE_FILE."
                    .to_owned()
            }
            DeskError::NoAgent => {
                "Ce dossier n'a aucun agent enregistré : ajoutez-en un avec « guichet agent add »."
                    .to_owned()
            }
            DeskError::NoAgentChosen => {
                "Choisissez d'abord l'agent qui travaille à ce guichet.".to_owned()
            }
            DeskError::NotCreated => {
                "Le dossier de ce poste n'est pas encore créé : créez-le d'abord.".to_owned()
            }
            DeskError::File(message) | DeskError::Refused(message) => message.clone(),
            DeskError::NoCampaign => {
                "Aucune campagne n'a encore été faite dans cette fenêtre : lancez-en une, puis \
                 enregistrez son PDF."
                    .to_owned()
            }
            DeskError::PdfNotSaved { path, source } => format!(
                "Le PDF n'a pas pu être enregistré dans {} ({source}) : les bons sont bien émis ; \
                 choisissez un autre dossier et enregistrez-le à nouveau.",
                path.display()
            ),
            DeskError::Worker(_) => {
                "Le travail en cours s'est interrompu sans réponse : rien n'a été enregistré à \
                 moitié ; réessayez, et si cela recommence, fermez et rouvrez Guichet."
                    .to_owned()
            }
            DeskError::Poisoned => {
                "Une opération précédente a échoué en cours de route : fermez et rouvrez Guichet."
                    .to_owned()
            }
        }
    }
}

impl Serialize for DeskError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.user_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_reaches_the_window_as_its_french_message() {
        let error = DeskError::from(guichet_store::StoreError::UnknownHousehold(
            "F-01-000042".to_owned(),
        ));
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(json, serde_json::to_string(&error.user_message()).unwrap());
        assert!(json.contains("F-01-000042"), "{json}");
    }

    #[test]
    fn every_launch_error_is_a_french_sentence() {
        for error in [
            DeskError::NoDataFolder,
            DeskError::NoAgent,
            DeskError::NoAgentChosen,
            DeskError::NotCreated,
            DeskError::Poisoned,
            DeskError::Worker("joined".to_owned()),
            DeskError::NoCampaign,
            DeskError::PdfNotSaved {
                path: "/lecture-seule/campagne.pdf".into(),
                source: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            },
            DeskError::NotOpened("Le fichier n'existe pas.".to_owned()),
        ] {
            let message = error.user_message();
            assert!(message.ends_with('.'), "{message}");
            assert!(
                message.chars().next().is_some_and(char::is_uppercase),
                "{message}"
            );
        }
    }
}
