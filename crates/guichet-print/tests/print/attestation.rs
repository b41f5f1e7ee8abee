//! The QF attestation.

use guichet_core::Cents;
use guichet_print::{Letterhead, QfAttestationPrint, qf_attestation_pdf};

use crate::support::{Pdf, d, squeeze};

pub fn attestation() -> QfAttestationPrint {
    QfAttestationPrint {
        household: "F-07-000123".to_owned(),
        members: vec![
            "Éléonore N'Diaye-Lefèvre".to_owned(),
            "Moussa N'Diaye".to_owned(),
            "Inès N'Diaye-Lefèvre".to_owned(),
        ],
        address: vec![
            "12 rue de l'Église".to_owned(),
            "92500 Rueil-Malmaison".to_owned(),
        ],
        year: 2026,
        qf: Cents(121_868),
        tranche: 5,
        tranche_range: "QF de 1 100,01 € à 1 450,00 €".to_owned(),
        site: "CCAS — accueil".to_owned(),
        agent: "Claire Martin".to_owned(),
        issued_on: d("2025-11-25"),
        explanation: vec![
            "Revenu fiscal de référence 2024 : 48 000,00 € (avis d'Éléonore N'Diaye-Lefèvre et de Moussa N'Diaye)".to_owned(),
            "Revenu fiscal de référence mensuel : 48 000,00 € / 12 = 4 000,00 €".to_owned(),
            "Prestations familiales mensuelles (attestation CAF/MSA du 02/11/2025) : 265,38 €".to_owned(),
            "Ressources mensuelles : 4 000,00 € + 265,38 € = 4 265,38 €".to_owned(),
            "Nombre de parts : 2 (parents) + 0,5 (Inès, 1er enfant à charge, handicap +0,5, résidence alternée : moitié de 1) + 1 (Léo, 2e enfant à charge) = 3,5".to_owned(),
            "Quotient familial : 4 265,38 € / 3,5 = 1 218,68 €".to_owned(),
            "Tranche 5 (QF de 1 100,01 € à 1 450,00 €)".to_owned(),
        ],
    }
}

#[test]
fn attestation_shows_the_household_the_qf_its_tranche_validity_and_working() {
    let pdf = Pdf::write(&qf_attestation_pdf(&attestation(), &Letterhead::default()).unwrap());
    pdf.assert_valid();
    pdf.assert_a4();
    assert_eq!(pdf.pages(), 1);
    let text = pdf.text();
    let flat = squeeze(&text);
    for expected in [
        "Attestation de quotient familial 2026",
        "F-07-000123",
        "Éléonore N'Diaye-Lefèvre",
        "12 rue de l'Église",
        "1 218,68 €",
        "QF de 1 100,01 € à 1 450,00 €",
        "Valable du 01/01/2026 au 31/12/2026",
        "Fait le 25/11/2025",
        "Site : CCAS — accueil",
        "Agent instructeur : Claire Martin",
        "Détail du calcul",
        "Ressources mensuelles : 4 000,00 € + 265,38 € = 4 265,38 €",
    ] {
        assert!(
            flat.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Every line of the working is there, even those that wrap.
    for line in &attestation().explanation {
        assert!(
            flat.contains(line.as_str()),
            "{line:?} missing from:\n{text}"
        );
    }
}

#[test]
fn a_long_working_continues_on_a_second_page() {
    let mut long = attestation();
    long.explanation = (1..=40)
        .map(|i| format!("Ligne de calcul n° {i} : 1 000,00 € + 2 000,00 € = 3 000,00 €"))
        .collect();
    let pdf = Pdf::write(&qf_attestation_pdf(&long, &Letterhead::default()).unwrap());
    pdf.assert_valid();
    assert_eq!(pdf.pages(), 2);
    let text = pdf.text();
    assert!(text.contains("Ligne de calcul n° 40 :"));
    assert!(text.contains("page 2 / 2"));
}
