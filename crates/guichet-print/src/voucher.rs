//! Vouchers with an amount: the Pass'Loisirs and CAP Loisirs *bons* (80,00 €) and the Lire à Rueil
//! *chèque* (15,00 €), one per page. The upper part goes to the family, who hands it to the provider
//! (a club, the conservatoire, a bookshop); the lower part, past the dashed cut line, is the *talon*
//! the provider returns with its invoice to be reimbursed: it repeats the number, the amount and the
//! beneficiary, with its own QR code so the CCAS scans it on receipt.
//!
//! A reprint is marked DUPLICATA on both parts; a reissued voucher says which number it replaces.
//! Voided vouchers are never printed: the caller does not pass them.

use chrono::NaiveDate;
use guichet_core::dates::french;
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{Cents, Scheme};

use crate::document::Document;
use crate::fonts::Face;
use crate::layout::{
    Align, BLUE, CONTENT_WIDTH, GREY, INK, MARGIN, PAGE_WIDTH, Page, RULE, Style, TINT,
};
use crate::letterhead::{Letterhead, header};
use crate::{Error, qr};

/// One voucher to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherPrint {
    /// Its number; the scheme is the number's (PL, CL or LR).
    pub number: VoucherNumber,
    /// `Éléonore N'Diaye-Lefèvre`.
    pub beneficiary_name: String,
    pub beneficiary_birth_date: NaiveDate,
    /// The household file number, `F-07-000123`.
    pub household: String,
    /// The amount (`80,00 €`); required for these schemes.
    pub amount: Option<Cents>,
    /// Last day of validity, inclusive (`valable jusqu'au 31/12/2025`).
    pub valid_until: NaiveDate,
    pub issued_on: NaiveDate,
    /// The agent who issued it, as printed (`Claire Martin`).
    pub issued_by: String,
    /// A reprint: marked DUPLICATA.
    pub duplicate: bool,
    /// The voided voucher this one replaces (a reissue).
    pub replaces: Option<VoucherNumber>,
}

/// What the page says for each scheme.
struct Wording {
    title: &'static str,
    /// `bon` or `chèque`.
    noun: &'static str,
    /// What the provider fills in on the stub.
    provider_fields: [&'static str; 3],
    purpose: &'static str,
    conditions: [&'static str; 4],
    provider_signs: &'static str,
    stub: &'static str,
}

fn wording(scheme: Scheme) -> Option<Wording> {
    let leisure = |title, purpose| Wording {
        title,
        noun: "bon",
        provider_fields: ["Prestataire", "Activité", "Date d'inscription"],
        purpose,
        conditions: [
            "Bon nominatif, valable pour une inscription du bénéficiaire à une activité de loisirs \
             (sport, culture, centre de loisirs, stage) auprès d'un prestataire agréé par le CCAS.",
            "À présenter lors de l'inscription : le prestataire déduit son montant du prix de \
             l'activité. Il n'est ni remboursable ni échangeable contre des espèces, et aucune \
             monnaie n'est rendue.",
            "Utilisable une seule fois, jusqu'à la date de validité. Un bon perdu n'est remplacé \
             qu'après son annulation par le CCAS.",
            "Le prestataire retourne le talon ci-dessous, cacheté et signé, au CCAS avec sa \
             facture pour être remboursé.",
        ],
        provider_signs: "Cachet et signature du prestataire",
        stub: "Talon à retourner au CCAS par le prestataire, avec sa facture",
    };
    match scheme {
        Scheme::PassLoisirs => Some(leisure(
            "Bon Pass'Loisirs",
            "Aide du CCAS aux activités de loisirs des enfants",
        )),
        Scheme::CapLoisirs => Some(leisure(
            "Bon CAP Loisirs",
            "Aide du CCAS aux activités de loisirs des adultes bénéficiaires de minima sociaux",
        )),
        Scheme::LireARueil => Some(Wording {
            title: "Chèque Lire à Rueil",
            noun: "chèque",
            provider_fields: ["Librairie", "Livres achetés", "Date d'achat"],
            purpose: "Aide du CCAS à l'achat de livres pour les enfants",
            conditions: [
                "Chèque nominatif, valable pour l'achat de livres destinés au bénéficiaire dans une \
                 librairie partenaire de l'opération Lire à Rueil.",
                "Il n'est ni remboursable ni échangeable contre des espèces, et aucune monnaie \
                 n'est rendue.",
                "Utilisable en une seule fois, jusqu'à la date de validité. Un chèque perdu n'est \
                 remplacé qu'après son annulation par le CCAS.",
                "La librairie retourne le talon ci-dessous, cacheté et signé, au CCAS avec sa \
                 facture pour être remboursée.",
            ],
            provider_signs: "Cachet et signature de la librairie",
            stub: "Talon à retourner au CCAS par la librairie, avec sa facture",
        }),
        Scheme::SchoolKit | Scheme::Amethyste | Scheme::FamilyMedal => None,
    }
}

/// Checks a voucher can be printed and returns its wording and amount.
fn check(voucher: &VoucherPrint) -> Result<(Wording, Cents), Error> {
    let wording = wording(voucher.number.scheme).ok_or(Error::NotAVoucher(voucher.number))?;
    let amount = voucher.amount.ok_or(Error::MissingAmount(voucher.number))?;
    Ok((wording, amount))
}

/// The vouchers in one PDF, one per page, in the order given.
pub fn vouchers_pdf(vouchers: &[VoucherPrint], letterhead: &Letterhead) -> Result<Vec<u8>, Error> {
    let mut doc = Document::new("Bons du CCAS", vouchers.len())?;
    if let Some(date) = vouchers.first().map(|v| v.issued_on) {
        doc = doc.dated(date);
    }
    doc.pages(vouchers, |doc, voucher| {
        voucher_page(doc, voucher, letterhead)
    })?;
    doc.finish()
}

/// Draws one voucher page.
pub(crate) fn voucher_page(
    doc: &Document,
    voucher: &VoucherPrint,
    letterhead: &Letterhead,
) -> Result<printpdf::PdfPage, Error> {
    let (wording, amount) = check(voucher)?;
    let mut page = doc.page();
    let number = voucher.number.to_string();
    let year = voucher.number.year;
    let valid = format!("valable jusqu'au {}", french(voucher.valid_until));
    let right = PAGE_WIDTH - MARGIN;

    header(&mut page, letterhead, "");

    // Title and amount.
    page.text(
        MARGIN,
        45.0,
        Style::new(Face::Bold, 20.0, BLUE),
        Align::Left,
        &format!("{} {year}", wording.title),
    );
    page.text_fit(
        MARGIN,
        51.5,
        120.0,
        Style::new(Face::Regular, 9.0, GREY),
        Align::Left,
        wording.purpose,
    );
    page.fill(right - 52.0, 36.0, 52.0, 19.0, TINT);
    page.text(
        right - 26.0,
        40.5,
        Style::new(Face::Regular, 8.0, GREY),
        Align::Center,
        "Montant",
    );
    page.text(
        right - 26.0,
        51.0,
        Style::new(Face::Bold, 22.0, INK),
        Align::Center,
        &amount.to_string(),
    );

    // Number, large and as a QR code.
    let qr_size = 34.0;
    qr::draw(&mut page, &number, right - qr_size, 59.0, qr_size)?;
    page.text(
        MARGIN,
        64.0,
        Style::new(Face::Regular, 8.0, GREY),
        Align::Left,
        &format!("Numéro du {}", wording.noun),
    );
    page.text(
        MARGIN,
        74.0,
        Style::new(Face::Bold, 22.0, INK),
        Align::Left,
        &number,
    );
    if let Some(old) = voucher.replaces {
        page.text(
            MARGIN,
            81.0,
            Style::new(Face::Regular, 9.0, INK),
            Align::Left,
            &format!("remplace le {} n° {old}, annulé", wording.noun),
        );
    }
    if voucher.duplicate {
        page.duplicate_stamp(right - qr_size - 5.0, 87.0, 15.0);
    }

    // Beneficiary.
    let top = 97.0;
    page.fill(MARGIN, top, CONTENT_WIDTH, 40.0, TINT);
    let label = Style::new(Face::Regular, 9.0, GREY);
    let (lx, vx, vw) = (MARGIN + 4.0, MARGIN + 40.0, CONTENT_WIDTH - 44.0);
    let rows = [
        ("Bénéficiaire", voucher.beneficiary_name.clone(), 13.0),
        (
            "Né(e) le",
            french(voucher.beneficiary_birth_date).to_string(),
            11.0,
        ),
        ("Dossier du foyer", voucher.household.clone(), 11.0),
        ("Validité", valid.clone(), 11.0),
        (
            "Délivré le",
            format!(
                "{} par {}",
                french(voucher.issued_on),
                voucher.issued_by.trim()
            ),
            9.5,
        ),
    ];
    let mut baseline = top + 8.0;
    for (name, text, size) in rows {
        page.text(lx, baseline, label, Align::Left, name);
        let face = if size >= 11.0 {
            Face::Bold
        } else {
            Face::Regular
        };
        page.text_fit(
            vx,
            baseline,
            vw,
            Style::new(face, size, INK),
            Align::Left,
            &text,
        );
        baseline += 7.2;
    }

    // Conditions of use.
    let mut y = top + 48.0;
    page.text(
        MARGIN,
        y,
        Style::new(Face::Bold, 10.0, BLUE),
        Align::Left,
        "Conditions d'utilisation",
    );
    y += 5.5;
    let body = Style::new(Face::Regular, 8.5, INK);
    for condition in wording.conditions {
        page.text(MARGIN + 1.0, y, body, Align::Left, "•");
        y = page.paragraph(MARGIN + 5.0, y, CONTENT_WIDTH - 5.0, 3.9, body, condition) + 1.2;
    }

    // Signatures.
    let sign_top = y + 5.0;
    let half = (CONTENT_WIDTH - 10.0) / 2.0;
    page.signature_zone(
        MARGIN,
        sign_top,
        half,
        19.0,
        "Signature du bénéficiaire ou de son représentant légal",
    );
    page.signature_zone(
        MARGIN + half + 10.0,
        sign_top,
        half,
        19.0,
        wording.provider_signs,
    );

    stub(&mut page, voucher, &wording, &number, amount, &valid)?;
    Ok(page.finish())
}

/// The cut line: where the stub starts.
const CUT: f32 = 214.0;

/// The detachable stub under the cut line.
fn stub(
    page: &mut Page<'_>,
    voucher: &VoucherPrint,
    wording: &Wording,
    number: &str,
    amount: Cents,
    valid: &str,
) -> Result<(), Error> {
    let right = PAGE_WIDTH - MARGIN;
    page.text(
        PAGE_WIDTH / 2.0,
        CUT - 2.0,
        Style::new(Face::Regular, 7.5, GREY),
        Align::Center,
        "Partie à découper suivant les pointillés",
    );
    page.dashed_line((0.0 + 6.0, CUT), (PAGE_WIDTH - 6.0, CUT), RULE, 0.8);

    let top = CUT + 6.0;
    page.text(
        MARGIN,
        top + 4.0,
        Style::new(Face::Bold, 10.5, BLUE),
        Align::Left,
        wording.stub,
    );
    page.text(
        MARGIN,
        top + 9.0,
        Style::new(Face::Regular, 8.0, GREY),
        Align::Left,
        &format!("{} {}", wording.title, voucher.number.year),
    );
    let qr_size = 28.0;
    qr::draw(page, number, right - qr_size, top - 1.0, qr_size)?;
    page.text(
        MARGIN,
        top + 18.0,
        Style::new(Face::Bold, 16.0, INK),
        Align::Left,
        number,
    );
    page.text(
        right - qr_size - 4.0,
        top + 18.0,
        Style::new(Face::Bold, 16.0, INK),
        Align::Right,
        &amount.to_string(),
    );
    let label = Style::new(Face::Regular, 8.5, GREY);
    let value = Style::new(Face::Bold, 10.0, INK);
    let mut y = top + 25.5;
    for (name, text) in [
        ("Bénéficiaire", voucher.beneficiary_name.as_str()),
        ("Dossier du foyer", voucher.household.as_str()),
        ("Validité", valid),
    ] {
        page.text(MARGIN, y, label, Align::Left, name);
        page.text_fit(
            MARGIN + 30.0,
            y,
            right - qr_size - 4.0 - MARGIN - 30.0,
            value,
            Align::Left,
            text,
        );
        y += 5.2;
    }
    if voucher.duplicate {
        page.duplicate_stamp(right, top + 37.0, 11.0);
    }

    // What the provider fills in, and its stamp.
    let fill_top = y + 2.0;
    let line_end = MARGIN + 95.0;
    for (i, name) in wording.provider_fields.into_iter().enumerate() {
        let baseline = fill_top + 4.0 + i as f32 * 7.0;
        page.text(MARGIN, baseline, label, Align::Left, name);
        page.line(
            (MARGIN + 30.0, baseline + 0.8),
            (line_end, baseline + 0.8),
            RULE,
            0.5,
        );
    }
    let zone_x = line_end + 8.0;
    page.signature_zone(
        zone_x,
        fill_top + 1.5,
        right - zone_x,
        19.0,
        wording.provider_signs,
    );
    Ok(())
}
