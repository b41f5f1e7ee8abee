//! The crate's one error type. `Display` is English, for logs (lowercase, no final period);
//! [`StoreError::user_message`] is the whole French sentence an agent reads, saying what to do next.

use std::path::PathBuf;

use guichet_core::reference::ReferenceError;
use guichet_core::request::RequestError;
use guichet_core::schemes::Scheme;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0} is already an initialised case file")]
    AlreadyInitialised(PathBuf),

    #[error("{0} is not an initialised case file")]
    NotInitialised(PathBuf),

    #[error("request refused: {0}")]
    Request(#[from] RequestError),

    #[error("reference {reference} already imported as {household}")]
    DuplicateReference {
        reference: String,
        household: String,
    },

    #[error("unknown agent {0:?}")]
    UnknownAgent(String),

    #[error("agent {0:?} already exists")]
    AgentExists(String),

    #[error("invalid agent name {0:?}")]
    InvalidAgentName(String),

    #[error("unknown household {0}")]
    UnknownHousehold(String),

    #[error("unknown person {0}")]
    UnknownPerson(String),

    #[error("unknown document {0}")]
    UnknownDocument(i64),

    #[error("no reference data for year {0}")]
    MissingReference(i32),

    #[error("reference file given for year {given} holds year {found}")]
    ReferenceYearMismatch { given: i32, found: i32 },

    #[error("invalid reference data: {0}")]
    Reference(#[from] ReferenceError),

    #[error("checklist of QF {year} incomplete for {household}: {}", items.join("; "))]
    IncompleteChecklist {
        household: String,
        year: i32,
        items: Vec<String>,
    },

    #[error("a derogation needs a supervisor; {agent} is an agent")]
    DerogationNeedsSupervisor { agent: String },

    #[error("a derogation needs a reason")]
    EmptyDerogation,

    /// An edit the rules refuse; the text is the French sentence shown to the agent.
    #[error("refused: {0}")]
    Refused(String),

    #[error("invalid GUICHET_TODAY {0:?} (expected YYYY-MM-DD)")]
    InvalidToday(String),

    #[error("case file data is corrupt: {0}")]
    Corrupt(String),

    #[error("json: {0}")]
    Json(#[from] serde_json::Error),

    #[error("invalid voucher number {number:?}: {reason}")]
    InvalidVoucherNumber { number: String, reason: String },

    #[error("unknown voucher {0}")]
    UnknownVoucher(String),

    #[error("voucher {number} is already voided")]
    AlreadyVoided {
        number: String,
        reason: String,
        replaced_by: Option<String>,
    },

    #[error("{beneficiary} already has voucher {number} for {scheme} {year}")]
    AlreadyIssued {
        scheme: Scheme,
        year: i32,
        beneficiary: String,
        number: String,
    },

    #[error("{household} is not entitled: {}", reasons.join("; "))]
    NotEntitled {
        household: String,
        reasons: Vec<String>,
    },

    #[error("{scheme} {year} over budget: {asked} asked, {left} left of {budget}")]
    OverBudget {
        scheme: Scheme,
        year: i32,
        budget: String,
        left: String,
        asked: String,
    },

    #[error("only a supervisor may {act}; {agent} is an agent")]
    SupervisorOnly { act: &'static str, agent: String },

    /// A document could not be drawn; guichet-print's message is already French.
    #[error("print: {0}")]
    Print(#[from] guichet_print::Error),
}

impl StoreError {
    /// The French sentence to show an agent.
    pub fn user_message(&self) -> String {
        match self {
            StoreError::Sqlite(e) => {
                if let rusqlite::Error::SqliteFailure(code, _) = e
                    && matches!(
                        code.code,
                        rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                    )
                {
                    return "Le dossier est occupé par une autre opération ; réessayez dans un instant."
                        .to_owned();
                }
                format!("Erreur de la base du dossier ({e}). Prévenez le support.")
            }
            StoreError::Migration(e) => {
                format!("Le dossier n'a pas pu être mis à jour ({e}). Prévenez le support.")
            }
            StoreError::Io { path, source } => {
                format!("Impossible de lire {} : {source}.", path.display())
            }
            StoreError::AlreadyInitialised(path) => format!(
                "Le fichier {} est déjà un dossier Guichet : ouvrez-le au lieu de le créer.",
                path.display()
            ),
            StoreError::NotInitialised(path) => format!(
                "Le fichier {} n'est pas un dossier Guichet : créez-le d'abord (init).",
                path.display()
            ),
            StoreError::Request(e) => format!("Demande refusée : {e}"),
            StoreError::DuplicateReference {
                reference,
                household,
            } => format!("Le dossier {household} a déjà été importé (référence {reference})."),
            StoreError::UnknownAgent(name) => format!(
                "L'agent « {name} » n'est pas enregistré dans ce dossier : ajoutez-le d'abord."
            ),
            StoreError::AgentExists(name) => {
                format!("L'agent « {name} » est déjà enregistré dans ce dossier.")
            }
            StoreError::InvalidAgentName(name) => {
                format!(
                    "« {name} » n'est pas un nom d'agent valable : un nom non vide est attendu."
                )
            }
            StoreError::UnknownHousehold(number) => {
                format!("Aucun dossier {number} dans ce fichier.")
            }
            StoreError::UnknownPerson(number) => {
                format!("Aucune personne {number} dans ce dossier.")
            }
            StoreError::UnknownDocument(id) => format!("Aucune pièce n° {id} dans ce dossier."),
            StoreError::MissingReference(year) => format!(
                "Les données de référence {year} (barème, dispositifs) ne sont pas dans ce dossier : \
                 ajoutez-les avant de continuer."
            ),
            StoreError::ReferenceYearMismatch { given, found } => format!(
                "Le fichier de référence annoncé pour {given} est celui de l'année {found}."
            ),
            StoreError::Reference(e) => {
                format!("Les données de référence sont illisibles ({e}).")
            }
            StoreError::IncompleteChecklist {
                household,
                year,
                items,
            } => format!(
                "Le QF {year} du dossier {household} ne peut pas être enregistré : pièces \
                 incomplètes. {} Complétez le dossier, ou faites enregistrer une dérogation motivée \
                 par un responsable.",
                items.join(" ")
            ),
            StoreError::DerogationNeedsSupervisor { agent } => format!(
                "Seul un responsable peut enregistrer une dérogation ; {agent} n'est pas responsable."
            ),
            StoreError::EmptyDerogation => {
                "Une dérogation doit être motivée : indiquez-en la raison.".to_owned()
            }
            StoreError::Refused(message) => message.clone(),
            StoreError::InvalidToday(value) => {
                format!("GUICHET_TODAY vaut « {value} » : une date AAAA-MM-JJ est attendue.")
            }
            StoreError::Corrupt(detail) => {
                format!("Le dossier contient une donnée illisible ({detail}). Prévenez le support.")
            }
            StoreError::Json(e) => {
                format!("Une donnée du dossier est illisible ({e}). Prévenez le support.")
            }
            StoreError::InvalidVoucherNumber { number, reason } => {
                format!("« {number} » n'est pas un numéro de bon valable : {reason}.")
            }
            StoreError::UnknownVoucher(number) => format!(
                "Aucun bon n° {number} dans ce dossier : vérifiez le numéro (il a peut-être été \
                 émis par un autre guichet)."
            ),
            StoreError::AlreadyVoided {
                number,
                reason,
                replaced_by,
            } => {
                let mut text = format!("Le bon n° {number} est déjà annulé (motif : {reason}).");
                if let Some(new) = replaced_by {
                    text.push_str(&format!(" Il a été remplacé par le n° {new}."));
                }
                text.push_str(" Rien n'a été modifié.");
                text
            }
            StoreError::AlreadyIssued {
                scheme,
                year,
                beneficiary,
                number,
            } => format!(
                "{beneficiary} a déjà reçu le bon {} {year} n° {number} : un seul bon par \
                 bénéficiaire et par an. Pour le remplacer, un responsable doit l'annuler ou le \
                 réémettre.",
                scheme.label()
            ),
            StoreError::NotEntitled { household, reasons } => {
                if reasons.is_empty() {
                    format!("Aucun bon à émettre pour le foyer {household} à cette date.")
                } else {
                    format!(
                        "Aucun bon émis pour le foyer {household} : {}",
                        reasons.join(" ")
                    )
                }
            }
            StoreError::OverBudget {
                scheme,
                year,
                budget,
                left,
                asked,
            } => format!(
                "Le budget {} {year} ({budget}) ne suffit pas : il reste {left}, il faudrait \
                 {asked}. Un responsable peut autoriser le dépassement en indiquant un motif \
                 (--override).",
                scheme.label()
            ),
            StoreError::SupervisorOnly { act, agent } => format!(
                "Seul un responsable peut {act} ; {agent} n'est pas responsable. Demandez à un \
                 responsable de le faire."
            ),
            StoreError::Print(e) => e.to_string(),
        }
    }
}
