//! Kit slips (bordereaux de remise).

use guichet_core::Scheme;
use guichet_print::{Error, KitSlipPrint, Letterhead, kit_slips_pdf};

use crate::support::{Pdf, kit_items, kit_slip, number, squeeze};

#[test]
fn kit_slip_lists_the_nineteen_items_of_the_reference_with_boxes_and_signatures() {
    let items = kit_items();
    assert_eq!(items.len(), 19);
    let slip = kit_slip(12, "Moussa Traoré");
    let pdf = Pdf::write(&kit_slips_pdf(&[slip], &items, &Letterhead::default()).unwrap());
    pdf.assert_valid();
    pdf.assert_a4();
    assert_eq!(pdf.pages(), 1);
    let text = pdf.text();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for item in &items {
        assert!(
            lines.iter().any(|l| l.contains(item.as_str())),
            "{item:?} missing from:\n{text}"
        );
    }
    let number = number(Scheme::SchoolKit, 2025, 3, 12).to_string();
    for expected in [
        number.as_str(),
        "Moussa Traoré",
        "10/09/2014",
        "F-03-000456",
        "Aïcha Traoré",
        "25/08/2025",
        "Karim Haddad",
        "Kit de rentrée scolaire 2025",
        "2 cahiers 24×32 96 p.",
        "Signature du parent ou représentant légal",
        "Signature de l'agent",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(squeeze(&text).contains("Bordereau de remise"));
    assert_eq!(pdf.qr_codes(1), vec![number]);
}

#[test]
fn a_reprinted_slip_is_marked_duplicata() {
    let slip = KitSlipPrint {
        duplicate: true,
        ..kit_slip(3, "Inès Benali")
    };
    let pdf = Pdf::write(&kit_slips_pdf(&[slip], &kit_items(), &Letterhead::default()).unwrap());
    assert!(pdf.text().contains("DUPLICATA"));
}

#[test]
fn a_slip_needs_a_kit_number_and_the_list_of_supplies() {
    let letterhead = Letterhead::default();
    let pl = number(Scheme::PassLoisirs, 2025, 3, 1);
    let wrong = KitSlipPrint {
        number: pl,
        ..kit_slip(1, "Léo")
    };
    assert_eq!(
        kit_slips_pdf(&[wrong], &kit_items(), &letterhead),
        Err(Error::NotAKit(pl))
    );
    assert_eq!(
        kit_slips_pdf(&[kit_slip(1, "Léo")], &[], &letterhead),
        Err(Error::NoKitItems)
    );
}
