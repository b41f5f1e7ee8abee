//! Request summaries: carte Améthyste and médaille de l'enfance et des familles.

use guichet_core::Scheme;
use guichet_print::{
    AttachedDocument, Error, Fact, Letterhead, RequestSummaryPrint, request_summary_pdf,
};

use crate::support::{Pdf, d, squeeze};

fn document(label: &str, attached: bool) -> AttachedDocument {
    AttachedDocument {
        label: label.to_owned(),
        attached,
    }
}

fn fact(label: &str, value: &str) -> Fact {
    Fact {
        label: label.to_owned(),
        value: value.to_owned(),
    }
}

pub fn amethyste() -> RequestSummaryPrint {
    RequestSummaryPrint {
        scheme: Scheme::Amethyste,
        year: 2025,
        applicant_name: "Jeanne Lefèvre".to_owned(),
        applicant_birth_date: d("1952-04-18"),
        household: "F-07-000321".to_owned(),
        address: vec![
            "3 allée des Glycines".to_owned(),
            "92500 Rueil-Malmaison".to_owned(),
        ],
        facts: vec![
            fact("Motif", "65 ans ou plus (73 ans le 15/03/2025)"),
            fact("Résidence", "dans les Hauts-de-Seine depuis le 01/09/1998"),
            fact(
                "Impôt sur le revenu",
                "412,00 € (plafond 650,00 € pour une personne seule)",
            ),
        ],
        documents: vec![
            document("Pièce d'identité de Jeanne Lefèvre", true),
            document("Justificatif de domicile de moins de 3 mois", true),
            document("Avis d'imposition 2024 (revenus 2023)", false),
        ],
        site: "CCAS — accueil".to_owned(),
        prepared_on: d("2025-03-15"),
        agent: "Claire Martin".to_owned(),
    }
}

#[test]
fn amethyste_summary_lists_the_grounds_and_the_attached_documents() {
    let pdf = Pdf::write(&request_summary_pdf(&amethyste(), &Letterhead::default()).unwrap());
    pdf.assert_valid();
    pdf.assert_a4();
    assert_eq!(pdf.pages(), 1);
    let text = pdf.text();
    let flat = squeeze(&text);
    for expected in [
        "Demande de carte Améthyste",
        "Jeanne Lefèvre",
        "18/04/1952",
        "F-07-000321",
        "65 ans ou plus (73 ans le 15/03/2025)",
        "Pièce d'identité de Jeanne Lefèvre",
        "Avis d'imposition 2024 (revenus 2023)",
        "à fournir",
        "2 sur 3 jointes",
        "Département des Hauts-de-Seine",
        "Dossier préparé le 15/03/2025 par Claire Martin (site : CCAS — accueil)",
    ] {
        assert!(
            flat.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert_eq!(text.matches("à fournir").count(), 1);
}

#[test]
fn medal_summary_names_the_cerfa_and_the_prefet() {
    let request = RequestSummaryPrint {
        scheme: Scheme::FamilyMedal,
        applicant_name: "Maria d'Almeida".to_owned(),
        facts: vec![fact("Enfants élevés", "5 (l'aîné a 24 ans)")],
        documents: vec![
            document("Pièce d'identité de Maria d'Almeida", true),
            document("Livret de famille", true),
        ],
        ..amethyste()
    };
    let pdf = Pdf::write(&request_summary_pdf(&request, &Letterhead::default()).unwrap());
    pdf.assert_valid();
    let flat = squeeze(&pdf.text());
    assert!(
        flat.contains("Médaille de l'enfance et des familles"),
        "{flat}"
    );
    assert!(flat.contains("CERFA 15319"));
    assert!(flat.contains("préfet"));
    assert!(flat.contains("2 sur 2 jointes"));
    assert!(!flat.contains("à fournir"));
}

#[test]
fn only_amethyste_and_the_medal_have_a_request_summary() {
    let request = RequestSummaryPrint {
        scheme: Scheme::PassLoisirs,
        ..amethyste()
    };
    assert_eq!(
        request_summary_pdf(&request, &Letterhead::default()),
        Err(Error::NotARequest(Scheme::PassLoisirs))
    );
}
