//! The pre-filled request summaries of the two schemes the CCAS only forwards: the carte Améthyste
//! (the département decides) and the médaille de l'enfance et des familles (CERFA 15319, the préfet
//! decides). The summary states who applies and on what grounds, and lists the documents attached
//! to the file, ticked when they are there, so the receiving office sees at once what it holds.

use chrono::NaiveDate;
use guichet_core::Scheme;
use guichet_core::dates::french;

use crate::Error;
use crate::document::Document;
use crate::flow::Flow;
use crate::fonts::Face;
use crate::layout::{Align, BLUE, CONTENT_WIDTH, GREY, INK, MARGIN, RULE, Style, TINT};
use crate::letterhead::Letterhead;

/// One line of the summary: what was checked and what was found (`Motif` — `65 ans ou plus`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A document of the file: attached, or still expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedDocument {
    /// `Pièce d'identité de Jeanne Lefèvre`, `Avis d'imposition 2024 (revenus 2023)`.
    pub label: String,
    pub attached: bool,
}

/// A request file to summarise (AM or MF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummaryPrint {
    /// `Scheme::Amethyste` or `Scheme::FamilyMedal`.
    pub scheme: Scheme,
    /// The year of the request.
    pub year: i32,
    pub applicant_name: String,
    pub applicant_birth_date: NaiveDate,
    /// The household file number, `F-07-000123`.
    pub household: String,
    /// The postal address, one line each.
    pub address: Vec<String>,
    /// The grounds and figures of the request, as checked by the agent.
    pub facts: Vec<Fact>,
    pub documents: Vec<AttachedDocument>,
    /// Where and when the file was prepared, and by whom.
    pub site: String,
    pub prepared_on: NaiveDate,
    pub agent: String,
}

struct Wording {
    title: &'static str,
    short: &'static str,
    destination: &'static str,
}

fn wording(scheme: Scheme) -> Option<Wording> {
    match scheme {
        Scheme::Amethyste => Some(Wording {
            title: "Demande de carte Améthyste",
            short: "Carte Améthyste",
            destination: "Dossier transmis par le CCAS au Département des Hauts-de-Seine, qui \
                          instruit la demande et délivre la carte.",
        }),
        Scheme::FamilyMedal => Some(Wording {
            title: "Médaille de l'enfance et des familles",
            short: "Médaille de la famille",
            destination: "Dossier (formulaire CERFA 15319) transmis par le CCAS à la préfecture \
                          des Hauts-de-Seine pour la décision du préfet.",
        }),
        Scheme::PassLoisirs | Scheme::CapLoisirs | Scheme::SchoolKit | Scheme::LireARueil => None,
    }
}

/// The summary as a PDF (one page, more if the lists are long).
pub fn request_summary_pdf(
    request: &RequestSummaryPrint,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, Error> {
    let wording = wording(request.scheme).ok_or(Error::NotARequest(request.scheme))?;
    let mut doc = Document::new(&format!("{} {}", wording.title, request.year), 1)?
        .dated(request.prepared_on);
    for page in summary_pages(&doc, request, &wording, letterhead) {
        doc.push(page)?;
    }
    doc.finish()
}

fn summary_pages(
    doc: &Document,
    r: &RequestSummaryPrint,
    wording: &Wording,
    letterhead: &Letterhead,
) -> Vec<printpdf::PdfPage> {
    let mut flow = Flow::new(doc, letterhead, &format!("{} {}", wording.short, r.year));
    let label = Style::new(Face::Regular, 9.0, GREY);
    let value = Style::new(Face::Bold, 10.5, INK);
    let plain = Style::new(Face::Regular, 10.0, INK);
    let heading = Style::new(Face::Bold, 10.5, BLUE);
    let value_x = MARGIN + 45.0;
    let value_width = CONTENT_WIDTH - 49.0;

    let mut y = flow.y + 8.0;
    let page = flow.page();
    page.text(
        MARGIN,
        y,
        Style::new(Face::Bold, 18.0, BLUE),
        Align::Left,
        wording.title,
    );
    y += 6.5;
    page.text(
        MARGIN,
        y,
        Style::new(Face::Bold, 11.0, INK),
        Align::Left,
        &format!("Récapitulatif de la demande {}", r.year),
    );
    y += 6.0;
    y = page.paragraph(
        MARGIN,
        y,
        CONTENT_WIDTH,
        4.5,
        Style::new(Face::Regular, 9.5, INK),
        wording.destination,
    );

    // The applicant.
    y += 2.0;
    let rows = 3 + r.address.len().max(1);
    let height = 4.0 + rows as f32 * 6.0;
    page.fill(MARGIN, y, CONTENT_WIDTH, height, TINT);
    let mut b = y + 7.0;
    let birth = french(r.applicant_birth_date).to_string();
    for (name, text, style) in [
        ("Demandeur", r.applicant_name.as_str(), value),
        ("Né(e) le", birth.as_str(), plain),
        ("Dossier du foyer", r.household.as_str(), plain),
    ] {
        page.text(MARGIN + 4.0, b, label, Align::Left, name);
        page.text_fit(value_x, b, value_width, style, Align::Left, text);
        b += 6.0;
    }
    page.text(MARGIN + 4.0, b, label, Align::Left, "Adresse");
    for line in &r.address {
        page.text_fit(value_x, b, value_width, plain, Align::Left, line);
        b += 6.0;
    }
    flow.y = y + height + 9.0;

    // The grounds.
    if !r.facts.is_empty() {
        flow.room(14.0);
        let y = flow.y;
        flow.page()
            .text(MARGIN, y, heading, Align::Left, "Conditions vérifiées");
        flow.y += 6.5;
        for fact in &r.facts {
            let lines = flow.page().wrap(plain, value_width, &fact.value);
            flow.room(lines.len() as f32 * 4.6 + 1.8);
            let y = flow.y;
            let page = flow.page();
            page.text_fit(MARGIN, y, 43.0, label, Align::Left, &fact.label);
            let mut ly = y;
            for line in lines {
                page.text(value_x, ly, plain, Align::Left, &line);
                ly += 4.6;
            }
            flow.y = ly + 1.8;
        }
        flow.y += 4.0;
    }

    // The documents, ticked when attached.
    flow.room(14.0);
    let y = flow.y;
    let attached = r.documents.iter().filter(|d| d.attached).count();
    let page = flow.page();
    page.text(MARGIN, y, heading, Align::Left, "Pièces jointes");
    page.text(
        MARGIN + CONTENT_WIDTH,
        y,
        Style::new(Face::Regular, 8.5, GREY),
        Align::Right,
        &format!("{attached} sur {} jointes", r.documents.len()),
    );
    flow.y += 7.0;
    for document in &r.documents {
        let lines = flow
            .page()
            .wrap(plain, CONTENT_WIDTH - 22.0, &document.label);
        flow.room(lines.len() as f32 * 4.6 + 2.4);
        let y = flow.y;
        let page = flow.page();
        if document.attached {
            page.ticked_box(MARGIN + 1.0, y + 0.6, 4.0);
        } else {
            page.tick_box(MARGIN + 1.0, y + 0.6, 4.0);
        }
        let mut ly = y;
        for line in &lines {
            page.text(MARGIN + 8.0, ly, plain, Align::Left, line);
            ly += 4.6;
        }
        if !document.attached {
            page.text(
                MARGIN + CONTENT_WIDTH,
                y,
                Style::new(Face::Bold, 8.5, INK),
                Align::Right,
                "à fournir",
            );
        }
        flow.y = ly + 2.4;
    }

    // Where, when, who; signatures.
    flow.room(45.0);
    let y = flow.y + 6.0;
    let page = flow.page();
    page.line(
        (MARGIN, y - 5.0),
        (MARGIN + CONTENT_WIDTH, y - 5.0),
        RULE,
        0.4,
    );
    page.text_fit(
        MARGIN,
        y,
        CONTENT_WIDTH,
        plain,
        Align::Left,
        &format!(
            "Dossier préparé le {} par {} (site : {})",
            french(r.prepared_on),
            r.agent.trim(),
            r.site.trim()
        ),
    );
    let half = (CONTENT_WIDTH - 10.0) / 2.0;
    page.signature_zone(MARGIN, y + 9.0, half, 26.0, "Signature du demandeur");
    page.signature_zone(
        MARGIN + half + 10.0,
        y + 9.0,
        half,
        26.0,
        "Cachet du CCAS et signature de l'agent",
    );
    flow.y = y + 36.0;
    flow.finish(&format!(
        "{} {} — {} — dossier {}",
        wording.title, r.year, r.applicant_name, r.household
    ))
}
