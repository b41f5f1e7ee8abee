//! Pass'Loisirs, CAP Loisirs and Lire à Rueil vouchers.

use guichet_core::{Cents, Scheme};
use guichet_print::{Error, Letterhead, VoucherPrint, vouchers_pdf};

use crate::support::{Pdf, d, lire_a_rueil, number, pass_loisirs, squeeze};

fn print(vouchers: &[VoucherPrint]) -> Pdf {
    Pdf::write(&vouchers_pdf(vouchers, &Letterhead::default()).unwrap())
}

#[test]
fn pass_loisirs_voucher_prints_number_beneficiary_amount_and_validity() {
    let pdf = print(&[pass_loisirs()]);
    pdf.assert_valid();
    pdf.assert_a4();
    assert_eq!(pdf.pages(), 1);
    let text = pdf.text();
    for expected in [
        "Éléonore N'Diaye-Lefèvre",
        "12/03/2015",
        "F-07-000123",
        "80,00 €",
        "valable jusqu'au 31/12/2025",
        "Bon Pass'Loisirs 2025",
        "Ville de Rueil-Malmaison — CCAS",
        "Claire Martin",
        "Conditions d'utilisation",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // The number and the amount are on the voucher and repeated on the stub.
    assert_eq!(text.matches("PL-2025-03-000042-26").count(), 2, "{text}");
    assert_eq!(text.matches("80,00 €").count(), 2, "{text}");
    assert!(squeeze(&text).contains("Talon à retourner au CCAS par le prestataire"));
    assert!(!text.contains("DUPLICATA"));
}

#[test]
fn both_qr_codes_scan_back_to_the_voucher_number() {
    let pdf = print(&[pass_loisirs()]);
    assert_eq!(
        pdf.qr_codes(1),
        vec!["PL-2025-03-000042-26", "PL-2025-03-000042-26"]
    );
}

#[test]
fn a_reprint_is_marked_duplicata_and_a_reissue_names_the_voided_number() {
    let voided = number(Scheme::PassLoisirs, 2025, 3, 41);
    let pdf = print(&[VoucherPrint {
        duplicate: true,
        replaces: Some(voided),
        ..pass_loisirs()
    }]);
    pdf.assert_valid();
    let text = pdf.text();
    assert_eq!(text.matches("DUPLICATA").count(), 2, "{text}");
    assert!(
        text.contains(&format!("remplace le bon n° {voided}")),
        "{text}"
    );
}

#[test]
fn cap_loisirs_voucher_is_for_an_adult() {
    let pdf = print(&[VoucherPrint {
        number: number(Scheme::CapLoisirs, 2026, 7, 1),
        beneficiary_name: "Jean-Baptiste Rousseau".to_owned(),
        beneficiary_birth_date: d("1979-06-02"),
        valid_until: d("2026-12-31"),
        ..pass_loisirs()
    }]);
    let text = pdf.text();
    assert!(text.contains("Bon CAP Loisirs 2026"), "{text}");
    assert!(text.contains("Jean-Baptiste Rousseau"));
    assert!(text.contains("valable jusqu'au 31/12/2026"));
}

#[test]
fn lire_a_rueil_cheque_is_fifteen_euros_with_the_same_elements() {
    let pdf = print(&[lire_a_rueil(7, "Maël Le Goff")]);
    pdf.assert_valid();
    let text = pdf.text();
    let number = number(Scheme::LireARueil, 2025, 3, 7).to_string();
    assert!(text.contains("Chèque Lire à Rueil 2025"), "{text}");
    assert_eq!(text.matches("15,00 €").count(), 2, "{text}");
    assert_eq!(text.matches(number.as_str()).count(), 2, "{text}");
    assert!(text.contains("Maël Le Goff"));
    assert!(squeeze(&text).contains("Talon à retourner au CCAS par la librairie"));
    assert!(text.contains("Numéro du chèque"), "{text}");
    assert!(text.contains("Livres achetés"), "{text}");
    assert_eq!(pdf.qr_codes(1), vec![number.clone(), number]);
}

#[test]
fn a_long_name_prints_whole_on_one_line() {
    let name = "Marie-Clémentine Éléonore Françoise de Saint-Aubin-Château-Lefèvre N'Diaye";
    let pdf = print(&[VoucherPrint {
        beneficiary_name: name.to_owned(),
        ..pass_loisirs()
    }]);
    let text = pdf.text();
    assert!(text.contains(name), "{text}");
}

#[test]
fn names_in_other_scripts_and_decomposed_accents_print() {
    let pdf = print(&[
        VoucherPrint {
            beneficiary_name: "Олена Шевченко".to_owned(),
            ..pass_loisirs()
        },
        VoucherPrint {
            // Typed with combining accents (NFD), printed composed.
            beneficiary_name: "Le\u{301}a Nguye\u{302}\u{303}n".to_owned(),
            ..pass_loisirs()
        },
    ]);
    let text = pdf.text();
    assert!(text.contains("Олена Шевченко"), "{text}");
    assert!(text.contains("Léa Nguyễn"), "{text}");
}

#[test]
fn the_town_is_a_parameter_of_the_letterhead() {
    let letterhead = Letterhead {
        town: "Ville de Suresnes — CCAS".to_owned(),
        ..Letterhead::default()
    };
    let pdf = Pdf::write(&vouchers_pdf(&[pass_loisirs()], &letterhead).unwrap());
    let text = pdf.text();
    assert!(text.contains("Ville de Suresnes — CCAS"), "{text}");
    assert!(!text.contains("Rueil-Malmaison — CCAS"));
}

#[test]
fn what_is_not_a_printable_voucher_is_refused() {
    let letterhead = Letterhead::default();
    let kit = number(Scheme::SchoolKit, 2025, 3, 1);
    let cases = [
        (
            VoucherPrint {
                number: kit,
                ..pass_loisirs()
            },
            Error::NotAVoucher(kit),
        ),
        (
            VoucherPrint {
                amount: None,
                ..pass_loisirs()
            },
            Error::MissingAmount(pass_loisirs().number),
        ),
    ];
    for (voucher, expected) in cases {
        assert_eq!(vouchers_pdf(&[voucher], &letterhead), Err(expected));
    }
    assert_eq!(vouchers_pdf(&[], &letterhead), Err(Error::Empty));
    assert_eq!(pass_loisirs().amount, Some(Cents(8000)));
}

#[test]
fn codes_of_many_numbers_scan_back() {
    // Every scheme, desks 01–99, sequences from 1 to 999999, three years: the codes are drawn
    // with a fixed mask, so check a spread of data decodes.
    let schemes = [Scheme::PassLoisirs, Scheme::CapLoisirs, Scheme::LireARueil];
    let vouchers: Vec<VoucherPrint> = (0..12u32)
        .map(|i| VoucherPrint {
            number: number(
                schemes[i as usize % 3],
                2025 + (i % 3) as i32,
                [1, 7, 42, 99][i as usize % 4],
                [1, 9, 42, 1_000, 123_456, 999_980][i as usize % 6] + i,
            ),
            ..pass_loisirs()
        })
        .collect();
    let pdf = print(&vouchers);
    for (page, voucher) in vouchers.iter().enumerate() {
        let number = voucher.number.to_string();
        assert_eq!(pdf.qr_codes(page + 1), vec![number.clone(), number]);
    }
}
