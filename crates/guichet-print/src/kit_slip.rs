//! The kit slip (*bordereau de remise*) of the summer school-kit distribution: one page per child,
//! with the kit's number (large and as a QR code), the child, the supplies of the kit as the year's
//! reference data lists them (19 in 2025) with a box to tick for each, the date, and the signatures
//! of the parent and the agent. The CCAS keeps the signed slip.
//!
//! A campaign prints all its slips in one PDF; the list of supplies is passed once for the whole
//! batch, since every kit of a campaign is the same.

use chrono::NaiveDate;
use guichet_core::Scheme;
use guichet_core::dates::french;
use guichet_core::vouchers::VoucherNumber;

use crate::document::Document;
use crate::fonts::Face;
use crate::layout::{Align, BLUE, CONTENT_WIDTH, GREY, INK, MARGIN, PAGE_WIDTH, RULE, Style, TINT};
use crate::letterhead::{Letterhead, footer, header};
use crate::{Error, qr};

/// One kit slip to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitSlipPrint {
    /// The kit's number (`KS-2025-03-000001-..`).
    pub number: VoucherNumber,
    pub child_name: String,
    pub child_birth_date: NaiveDate,
    /// The household file number, `F-07-000123`.
    pub household: String,
    /// The parent or legal guardian who collects the kit, when known.
    pub guardian: Option<String>,
    /// The day the kit is handed over.
    pub handed_on: NaiveDate,
    /// The agent at the distribution desk, as printed.
    pub issued_by: String,
    /// A reprint: marked DUPLICATA.
    pub duplicate: bool,
    /// The voided kit number this one replaces.
    pub replaces: Option<VoucherNumber>,
}

/// The kit slips in one PDF, one page each; `items` are the supplies of the kit
/// (`reference.schemes.school_kit.items`).
pub fn kit_slips_pdf(
    slips: &[KitSlipPrint],
    items: &[String],
    letterhead: &Letterhead,
) -> Result<Vec<u8>, Error> {
    let mut doc = Document::new("Bordereaux de remise des kits de rentrée", slips.len())?;
    if let Some(date) = slips.first().map(|s| s.handed_on) {
        doc = doc.dated(date);
    }
    doc.pages(slips, |doc, slip| {
        kit_slip_page(doc, slip, items, letterhead)
    })?;
    doc.finish()
}

/// Draws one kit slip.
pub(crate) fn kit_slip_page(
    doc: &Document,
    slip: &KitSlipPrint,
    items: &[String],
    letterhead: &Letterhead,
) -> Result<printpdf::PdfPage, Error> {
    if slip.number.scheme != Scheme::SchoolKit {
        return Err(Error::NotAKit(slip.number));
    }
    if items.is_empty() {
        return Err(Error::NoKitItems);
    }
    let mut page = doc.page();
    let number = slip.number.to_string();
    let right = PAGE_WIDTH - MARGIN;
    header(&mut page, letterhead, "");

    page.text(
        MARGIN,
        45.0,
        Style::new(Face::Bold, 20.0, BLUE),
        Align::Left,
        "Bordereau de remise",
    );
    page.text(
        MARGIN,
        52.5,
        Style::new(Face::Bold, 12.0, INK),
        Align::Left,
        &format!("Kit de rentrée scolaire {}", slip.number.year),
    );
    let qr_size = 30.0;
    qr::draw(&mut page, &number, right - qr_size, 36.0, qr_size)?;
    page.text(
        MARGIN,
        61.0,
        Style::new(Face::Regular, 8.0, GREY),
        Align::Left,
        "Numéro du kit",
    );
    page.text(
        MARGIN,
        69.0,
        Style::new(Face::Bold, 17.0, INK),
        Align::Left,
        &number,
    );
    if let Some(old) = slip.replaces {
        page.text(
            MARGIN + 100.0,
            69.0,
            Style::new(Face::Regular, 8.5, INK),
            Align::Left,
            &format!("remplace le kit n° {old}"),
        );
    }
    if slip.duplicate {
        page.duplicate_stamp(right - qr_size - 4.0, 57.0, 14.0);
    }

    // The child.
    let top = 75.0;
    let mut rows = vec![
        ("Enfant", slip.child_name.as_str(), Face::Bold, 12.0),
        (
            "Dossier du foyer",
            slip.household.as_str(),
            Face::Regular,
            10.0,
        ),
    ];
    if let Some(guardian) = &slip.guardian {
        rows.push(("Représentant légal", guardian.as_str(), Face::Regular, 10.0));
    }
    let birth = french(slip.child_birth_date).to_string();
    rows.insert(1, ("Né(e) le", birth.as_str(), Face::Regular, 10.0));
    let height = 4.0 + rows.len() as f32 * 6.5;
    page.fill(MARGIN, top, CONTENT_WIDTH, height, TINT);
    let label = Style::new(Face::Regular, 9.0, GREY);
    let mut baseline = top + 7.0;
    for (name, text, face, size) in rows {
        page.text(MARGIN + 4.0, baseline, label, Align::Left, name);
        page.text_fit(
            MARGIN + 40.0,
            baseline,
            CONTENT_WIDTH - 44.0,
            Style::new(face, size, INK),
            Align::Left,
            text,
        );
        baseline += 6.5;
    }

    // The supplies, in two columns, a box to tick before each.
    let mut y = top + height + 9.0;
    page.text(
        MARGIN,
        y,
        Style::new(Face::Bold, 10.5, BLUE),
        Align::Left,
        &format!("Fournitures remises ({} articles)", items.len()),
    );
    page.text(
        right,
        y,
        Style::new(Face::Regular, 8.0, GREY),
        Align::Right,
        "cocher chaque article remis",
    );
    y += 3.0;
    let per_column = items.len().div_ceil(2);
    let room = 198.0 - y;
    let row = (room / per_column as f32).min(7.5);
    let item_style = Style::new(Face::Regular, if row < 6.0 { 9.0 } else { 10.0 }, INK);
    let column_width = (CONTENT_WIDTH - 6.0) / 2.0;
    // Boxes, then rules, then the names: one stroke style at a time in the page's content.
    let place = |i: usize| {
        let column = (i / per_column) as f32;
        let line = (i % per_column) as f32;
        let x = MARGIN + column * (column_width + 6.0);
        let bottom = y + (line + 1.0) * row;
        (x, bottom, bottom - row * 0.3)
    };
    for i in 0..items.len() {
        let (x, _, baseline) = place(i);
        page.tick_box(x + 1.0, baseline + 0.6, 4.0);
    }
    for i in 0..items.len() {
        let (x, bottom, _) = place(i);
        page.line((x, bottom), (x + column_width, bottom), RULE, 0.3);
    }
    for (i, item) in items.iter().enumerate() {
        let (x, _, baseline) = place(i);
        page.text_fit(
            x + 8.0,
            baseline,
            column_width - 9.0,
            item_style,
            Align::Left,
            item,
        );
    }
    y += per_column as f32 * row + 9.0;

    // Date, agent, signatures.
    page.text(
        MARGIN,
        y,
        Style::new(Face::Regular, 10.0, INK),
        Align::Left,
        "Date de remise :",
    );
    page.text(
        MARGIN + 30.0,
        y,
        Style::new(Face::Bold, 10.0, INK),
        Align::Left,
        &french(slip.handed_on).to_string(),
    );
    page.text_fit(
        MARGIN + 70.0,
        y,
        CONTENT_WIDTH - 70.0,
        Style::new(Face::Regular, 10.0, INK),
        Align::Left,
        &format!("Agent : {}", slip.issued_by.trim()),
    );
    y += 6.5;
    y = page.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        4.0,
        Style::new(Face::Regular, 8.5, INK),
        "Je soussigné(e), parent ou représentant légal de l'enfant, atteste avoir reçu les \
         fournitures cochées ci-dessus.",
    );
    let sign_top = y + 5.0;
    let half = (CONTENT_WIDTH - 10.0) / 2.0;
    page.signature_zone(
        MARGIN,
        sign_top,
        half,
        24.0,
        "Signature du parent ou représentant légal",
    );
    page.signature_zone(
        MARGIN + half + 10.0,
        sign_top,
        half,
        24.0,
        "Signature de l'agent",
    );
    footer(
        &mut page,
        &format!(
            "Bordereau conservé par le CCAS — kit n° {number}. Données traitées pour la gestion des \
             aides facultatives du CCAS."
        ),
    );
    Ok(page.finish())
}
