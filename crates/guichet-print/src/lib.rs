//! Guichet's printed documents, as PDF bytes: the Pass'Loisirs and CAP Loisirs vouchers and the
//! Lire à Rueil chèque with their detachable stub, the school-kit slip, the QF attestation, and the
//! request summaries of the carte Améthyste and the médaille de l'enfance et des familles.
//!
//! Every document function is pure: plain data in (`…Print` structs that the store or the CLI fills), PDF
//! bytes out. This crate knows nothing of SQL; its one file operation is [`save_pdf`], which writes
//! a finished document atomically. A campaign is one call with many items and
//! gives one PDF, with the fonts parsed once per process and embedded once per document.
//!
//! Words used here: a *letterhead* is who prints (the CCAS, its town); a *batch* is many documents
//! in one PDF; a *stub* (talon) is the part of a voucher the provider returns with its invoice.
//! Code is in English; what is printed is French.

mod attestation;
mod document;
mod flow;
mod fonts;
mod kit_slip;
mod layout;
mod letterhead;
mod qr;
mod request_summary;
mod save;
mod voucher;

use guichet_core::Scheme;
use guichet_core::vouchers::VoucherNumber;

pub use attestation::{QfAttestationPrint, qf_attestation_pdf};
pub use kit_slip::{KitSlipPrint, kit_slips_pdf};
pub use letterhead::Letterhead;
pub use request_summary::{AttachedDocument, Fact, RequestSummaryPrint, request_summary_pdf};
pub use save::save_pdf;
pub use voucher::{VoucherPrint, vouchers_pdf};

/// Why a document could not be printed. Messages are whole French sentences: the agent may read
/// them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("Rien à imprimer : la liste des documents est vide.")]
    Empty,
    #[error(
        "Le numéro {0} n'est pas celui d'un bon ou d'un chèque (PL, CL ou LR) : un kit s'imprime sur un bordereau de remise."
    )]
    NotAVoucher(VoucherNumber),
    #[error("Le numéro {0} n'est pas celui d'un kit de rentrée (KS).")]
    NotAKit(VoucherNumber),
    #[error("Le bon {0} n'a pas de montant : il ne peut pas être imprimé.")]
    MissingAmount(VoucherNumber),
    #[error(
        "La liste des fournitures du kit est vide : vérifiez les données de référence de l'année."
    )]
    NoKitItems,
    #[error(
        "Le dispositif {0} n'a pas de récapitulatif de demande (seuls la carte Améthyste et la médaille en ont un)."
    )]
    NotARequest(Scheme),
    #[error("Le QR code du numéro {0} n'a pas pu être tracé.")]
    Qr(String),
    #[error("La police embarquée est illisible ({0}) : l'application doit être réinstallée.")]
    Font(String),
    #[error("Le PDF n'a pas pu être écrit ({0}).")]
    Pdf(String),
}

/// One document of a mixed batch (at the kit distribution desk, a household's kit slips and
/// Lire à Rueil chèques print together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printable {
    Voucher(VoucherPrint),
    KitSlip(KitSlipPrint),
}

/// Vouchers and kit slips in one PDF, in the order given; `kit_items` are the supplies of the kit
/// (`reference.schemes.school_kit.items`), needed when a kit slip is among them.
pub fn documents_pdf(
    documents: &[Printable],
    kit_items: &[String],
    letterhead: &Letterhead,
) -> Result<Vec<u8>, Error> {
    let mut doc = document::Document::new("Documents du CCAS", documents.len())?;
    doc.pages(documents, |doc, item| match item {
        Printable::Voucher(v) => voucher::voucher_page(doc, v, letterhead),
        Printable::KitSlip(k) => kit_slip::kit_slip_page(doc, k, kit_items, letterhead),
    })?;
    doc.finish()
}
