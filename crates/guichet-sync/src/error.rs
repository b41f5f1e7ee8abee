//! The crate's one error type. `Display` is English, for logs; [`SyncError::user_message`] is the
//! French sentence an agent reads, saying what to do next.

use crate::tls::CertificateProblem;
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

    /// The central office's certificate was refused (never retried, never worked around).
    #[error("certificate of the central office at {url} refused ({problem:?}): {detail}")]
    Certificate {
        url: String,
        problem: CertificateProblem,
        detail: String,
    },

    /// The TLS handshake with the central office failed for another reason than its certificate
    /// (it does not speak TLS, or no protocol version in common).
    #[error("tls handshake with the central office at {url} failed: {detail}")]
    Tls { url: String, detail: String },

    /// The central office's answer at an http:// address was not HTTP (an HTTPS port, most
    /// often); retried like a cut connection.
    #[error("answer of the central office at {url} is not HTTP: {detail}")]
    NotHttp { url: String, detail: String },

    /// The certificate authority given for the central office cannot be used.
    #[error("certificate authority of the central office unusable: {0}")]
    Authority(String),

    /// The central office's address is not an http:// or https:// URL.
    #[error("central office address {0:?} is not an http:// or https:// URL")]
    Address(String),

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
            SyncError::Unreachable { .. } | SyncError::NotHttp { .. } => true,
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
            SyncError::Certificate { url, problem, .. } => certificate_message(url, *problem),
            SyncError::Tls { url, .. } => format!(
                "La connexion chiffrée avec le service central ({url}) a échoué : vérifiez \
                 l'adresse (https:// seulement si le service central est en HTTPS) ou prévenez \
                 le service informatique. Rien n'a été envoyé."
            ),
            SyncError::NotHttp { url, .. } => format!(
                "Le service central ({url}) n'a pas répondu en HTTP : s'il est en HTTPS, son \
                 adresse commence par https://. Vérifiez l'adresse donnée au guichet."
            ),
            SyncError::Authority(_) => "Le certificat d'autorité donné pour le service central \
                 est inutilisable : il faut un fichier PEM contenant un certificat (« BEGIN \
                 CERTIFICATE »), tel que le service informatique le fournit."
                .to_owned(),
            SyncError::Address(address) => format!(
                "« {address} » n'est pas une adresse de service central : elle commence par \
                 https:// (ou http:// sur un réseau de confiance)."
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

/// What an agent reads when the central office's certificate was refused.
fn certificate_message(url: &str, problem: CertificateProblem) -> String {
    let what = match problem {
        CertificateProblem::NotTrusted => {
            "n'est pas reconnu : il n'est signé par aucune autorité de confiance de ce guichet. \
             Si le service central a sa propre autorité, inscrivez le guichet avec son certificat \
             (--ca-cert) ; sinon prévenez le service informatique"
        }
        CertificateProblem::NameMismatch => {
            "n'est pas établi pour ce nom : vérifiez l'adresse du service central (le nom doit \
             être celui du certificat) ou prévenez le service informatique"
        }
        CertificateProblem::Expired => {
            "a expiré : prévenez le service informatique pour qu'il le renouvelle"
        }
        CertificateProblem::NotYetValid => {
            "n'est pas encore valable : vérifiez la date et l'heure de cet ordinateur"
        }
        CertificateProblem::Invalid => {
            "est refusé (révoqué, mal signé ou illisible) : prévenez le service informatique"
        }
    };
    format!(
        "Le certificat du service central ({url}) {what}. La connexion a été refusée : rien n'a \
         été envoyé ni reçu."
    )
}
