//! Campaign batches: many documents in one PDF, the fonts embedded once.

use guichet_print::{Letterhead, Printable, documents_pdf, kit_slips_pdf, vouchers_pdf};

use crate::support::{Pdf, kit_items, kit_slip, lire_a_rueil};

/// The names of the faces embedded in a PDF, from its font dictionaries.
fn embedded_font_files(bytes: &[u8]) -> usize {
    // `qpdf --show-npages` cannot count fonts; the uncompressed object headers can: each
    // embedded TrueType face is one `/FontFile2` entry.
    let text = String::from_utf8_lossy(bytes);
    text.matches("/FontFile2").count()
}

#[test]
fn a_campaign_of_kit_slips_is_one_pdf_with_a_page_per_child() {
    let slips: Vec<_> = (1..=120)
        .map(|i| kit_slip(i, &format!("Enfant n° {i} Lefèvre")))
        .collect();
    let bytes = kit_slips_pdf(&slips, &kit_items(), &Letterhead::default()).unwrap();
    let pdf = Pdf::write(&bytes);
    pdf.assert_valid();
    pdf.assert_a4();
    assert_eq!(pdf.pages(), 120);
    let text = pdf.text();
    assert_eq!(text.matches("Bordereau de remise").count(), 120);
    assert!(text.contains("Enfant n° 120 Lefèvre"));
    // Two faces, embedded once for the whole batch.
    assert_eq!(
        embedded_font_files(&bytes),
        2,
        "fonts embedded more than once"
    );
    // Compressed streams: a page costs far less than its drawing ops uncompressed.
    let per_page = (bytes.len() - 2 * 56_000) / 120;
    assert!(per_page < 3_000, "{per_page} bytes per page");
}

#[test]
fn a_household_kits_and_cheques_print_together() {
    let documents = vec![
        Printable::KitSlip(kit_slip(1, "Moussa Traoré")),
        Printable::Voucher(lire_a_rueil(1, "Moussa Traoré")),
        Printable::KitSlip(kit_slip(2, "Awa Traoré")),
        Printable::Voucher(lire_a_rueil(2, "Awa Traoré")),
    ];
    let pdf = Pdf::write(&documents_pdf(&documents, &kit_items(), &Letterhead::default()).unwrap());
    pdf.assert_valid();
    assert_eq!(pdf.pages(), 4);
    let text = pdf.text();
    // Each chèque names itself on its upper part and on its stub.
    assert_eq!(
        text.matches("Chèque Lire à Rueil 2025").count(),
        4,
        "{text}"
    );
    assert_eq!(text.matches("Kit de rentrée scolaire 2025").count(), 2);
}

#[test]
fn a_batch_of_vouchers_keeps_their_order() {
    let vouchers: Vec<_> = (1..=5)
        .map(|i| lire_a_rueil(i, &format!("Enfant {i}")))
        .collect();
    let pdf = Pdf::write(&vouchers_pdf(&vouchers, &Letterhead::default()).unwrap());
    assert_eq!(pdf.pages(), 5);
    let text = pdf.text();
    let positions: Vec<usize> = (1..=5)
        .map(|i| text.find(&format!("Enfant {i}")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn a_batch_is_dated_on_its_issue_day_and_names_its_fonts() {
    let pdf = Pdf::write(
        &kit_slips_pdf(&[kit_slip(1, "Léo")], &kit_items(), &Letterhead::default()).unwrap(),
    );
    assert!(
        pdf.info("CreationDate").contains("Aug 25") && pdf.info("CreationDate").contains("2025"),
        "{}",
        pdf.info("CreationDate")
    );
    let bytes = std::fs::read(&pdf.path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/BaseFont/NotoSans-Regular"),
        "regular face not named"
    );
    assert!(
        text.contains("/BaseFont/NotoSans-Bold"),
        "bold face not named"
    );
}
