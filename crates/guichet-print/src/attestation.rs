//! The QF attestation (*attestation de quotient familial*): the household, the year, the saved QF
//! and its tranche, the validity (1 January to 31 December of the year), where, when and by whom it
//! was computed, and the working line by line as the core wrote it, so the family and any service
//! of the town can check it.

use chrono::NaiveDate;
use guichet_core::Cents;
use guichet_core::dates::french;

use crate::Error;
use crate::document::Document;
use crate::flow::Flow;
use crate::fonts::Face;
use crate::layout::{Align, BLUE, CONTENT_WIDTH, GREY, INK, MARGIN, PAGE_WIDTH, RULE, Style, TINT};
use crate::letterhead::Letterhead;

/// A saved QF to attest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QfAttestationPrint {
    /// The household file number, `F-07-000123`.
    pub household: String,
    /// The household's people as printed (`Éléonore N'Diaye-Lefèvre`), adults first.
    pub members: Vec<String>,
    /// The postal address, one line each.
    pub address: Vec<String>,
    /// The QF year: the attestation is valid from 1 January to 31 December of it.
    pub year: i32,
    /// The monthly QF (`1 218,68 €`).
    pub qf: Cents,
    pub tranche: u8,
    /// The tranche's bounds in words, `QF de 1 100,01 € à 1 450,00 €` (`qf::tranche_range`).
    pub tranche_range: String,
    /// Where the QF was computed (`CCAS — accueil`, `Mairie de village de Buzenval`).
    pub site: String,
    /// The agent who computed it, as printed.
    pub agent: String,
    /// The day the QF was saved.
    pub issued_on: NaiveDate,
    /// The working, line by line, in French (`QfComputation::lines`).
    pub explanation: Vec<String>,
}

/// The attestation as a PDF (one page, two if the working is long).
pub fn qf_attestation_pdf(
    attestation: &QfAttestationPrint,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, Error> {
    let mut doc = Document::new(
        &format!("Attestation de quotient familial {}", attestation.year),
        1,
    )?
    .dated(attestation.issued_on);
    for page in attestation_pages(&doc, attestation, letterhead) {
        doc.push(page)?;
    }
    doc.finish()
}

fn attestation_pages(
    doc: &Document,
    a: &QfAttestationPrint,
    letterhead: &Letterhead,
) -> Vec<printpdf::PdfPage> {
    let year = a.year;
    let mut flow = Flow::new(doc, letterhead, &format!("Quotient familial {year}"));
    let right = PAGE_WIDTH - MARGIN;
    let body = Style::new(Face::Regular, 10.0, INK);
    let label = Style::new(Face::Regular, 9.0, GREY);

    let mut y = flow.y + 8.0;
    let page = flow.page();
    page.text(
        MARGIN,
        y,
        Style::new(Face::Bold, 19.0, BLUE),
        Align::Left,
        &format!("Attestation de quotient familial {year}"),
    );
    y += 9.0;
    y = page.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        4.8,
        body,
        &format!(
            "Le Centre communal d'action sociale atteste que le quotient familial du foyer ci-dessous \
             a été calculé pour l'année {year}, au vu des pièces justificatives présentées."
        ),
    );

    // The household.
    y += 3.0;
    let members = if a.members.is_empty() {
        "—".to_owned()
    } else {
        a.members.join(", ")
    };
    let value_x = MARGIN + 38.0;
    let value_width = CONTENT_WIDTH - 42.0;
    let value = Style::new(Face::Bold, 10.5, INK);
    let member_lines = page.wrap(value, value_width, &members);
    let address_lines: Vec<&str> = a.address.iter().map(String::as_str).collect();
    // First baseline 7 mm down, then one line per row, and 4 mm under the last one.
    let box_height =
        7.0 + 6.0 + (member_lines.len().max(1) + address_lines.len().max(1) - 1) as f32 * 5.0 + 4.0;
    page.fill(MARGIN, y, CONTENT_WIDTH, box_height, TINT);
    let mut b = y + 7.0;
    page.text(MARGIN + 4.0, b, label, Align::Left, "Dossier du foyer");
    page.text(value_x, b, value, Align::Left, &a.household);
    b += 6.0;
    page.text(MARGIN + 4.0, b, label, Align::Left, "Membres du foyer");
    for line in &member_lines {
        page.text(value_x, b, value, Align::Left, line);
        b += 5.0;
    }
    page.text(MARGIN + 4.0, b, label, Align::Left, "Adresse");
    if address_lines.is_empty() {
        b += 5.0;
    }
    for line in address_lines {
        page.text_fit(
            value_x,
            b,
            value_width,
            Style::new(Face::Regular, 10.0, INK),
            Align::Left,
            line,
        );
        b += 5.0;
    }
    y += box_height + 7.0;

    // The result.
    let result_height = 27.0;
    page.frame(MARGIN, y, CONTENT_WIDTH, result_height, BLUE, 1.2);
    page.text(
        MARGIN + 5.0,
        y + 7.0,
        label,
        Align::Left,
        "Quotient familial mensuel",
    );
    page.text(
        MARGIN + 5.0,
        y + 17.0,
        Style::new(Face::Bold, 22.0, INK),
        Align::Left,
        &a.qf.to_string(),
    );
    page.text(MARGIN + 95.0, y + 7.0, label, Align::Left, "Tranche");
    page.text(
        MARGIN + 95.0,
        y + 17.0,
        Style::new(Face::Bold, 22.0, INK),
        Align::Left,
        &a.tranche.to_string(),
    );
    page.text_fit(
        MARGIN + 107.0,
        y + 16.5,
        right - MARGIN - 111.0,
        Style::new(Face::Regular, 9.0, INK),
        Align::Left,
        &a.tranche_range,
    );
    page.text(
        MARGIN + 5.0,
        y + 23.5,
        Style::new(Face::Bold, 10.0, BLUE),
        Align::Left,
        &format!("Valable du 01/01/{year} au 31/12/{year}"),
    );
    flow.y = y + result_height + 9.0;

    // The working.
    flow.room(14.0);
    let y = flow.y;
    flow.page().text(
        MARGIN,
        y,
        Style::new(Face::Bold, 10.5, BLUE),
        Align::Left,
        "Détail du calcul",
    );
    flow.y += 6.0;
    let line_style = Style::new(Face::Regular, 9.0, INK);
    for line in &a.explanation {
        let wrapped = flow.page().wrap(line_style, CONTENT_WIDTH - 5.0, line);
        flow.room(wrapped.len() as f32 * 4.3 + 1.5);
        let y = flow.y;
        let page = flow.page();
        page.text(MARGIN + 1.0, y, line_style, Align::Left, "•");
        flow.y = page.paragraph(MARGIN + 5.0, y, CONTENT_WIDTH - 5.0, 4.3, line_style, line) + 1.5;
    }

    // Where, when, who; the stamp.
    flow.room(50.0);
    let y = flow.y + 6.0;
    let page = flow.page();
    page.line((MARGIN, y - 5.0), (right, y - 5.0), RULE, 0.4);
    for (i, line) in [
        format!("Fait le {}", french(a.issued_on)),
        format!("Site : {}", a.site.trim()),
        format!("Agent instructeur : {}", a.agent.trim()),
    ]
    .iter()
    .enumerate()
    {
        page.text_fit(MARGIN, y + i as f32 * 5.5, 95.0, body, Align::Left, line);
    }
    page.paragraph(
        MARGIN,
        y + 19.0,
        95.0,
        3.8,
        Style::new(Face::Regular, 8.0, GREY),
        "Cette attestation ne vaut que pour l'année indiquée. Tout changement de situation \
         (naissance, séparation, perte d'emploi) doit être signalé au CCAS, qui recalcule le \
         quotient familial.",
    );
    page.signature_zone(
        MARGIN + 105.0,
        y + 2.0,
        CONTENT_WIDTH - 105.0,
        30.0,
        "Cachet du CCAS et signature",
    );
    flow.y = y + 36.0;
    flow.finish(&format!(
        "Attestation de quotient familial {year} — dossier {}",
        a.household
    ))
}
