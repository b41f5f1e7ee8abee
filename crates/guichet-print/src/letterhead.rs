//! The CCAS letterhead at the top of every page: the logo, the town and service, the address; and
//! the small footer line. The town is a parameter of every document ([`Letterhead`]), so that
//! another CCAS prints its own name.
//!
//! The logo is drawn as vector shapes (a house sheltering an adult and a child on the CCAS blue),
//! the same drawing as `assets/logo.svg`, which the desk app shows: no image to decode or embed.

use crate::fonts::Face;
use crate::layout::{
    Align, BLUE, CONTENT_WIDTH, GREY, GridShape, MARGIN, PAGE_WIDTH, Page, RULE, Style, WHITE,
};

/// Who prints the documents: shown in the header of every page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// `Ville de Rueil-Malmaison — CCAS`.
    pub town: String,
    /// `Centre communal d'action sociale — Pôle Solidarité`.
    pub service: String,
    /// Address and contact lines, in small print under the service (may be empty).
    pub address: Vec<String>,
}

impl Default for Letterhead {
    fn default() -> Self {
        Letterhead {
            town: "Ville de Rueil-Malmaison — CCAS".to_owned(),
            service: "Centre communal d'action sociale — Pôle Solidarité".to_owned(),
            address: vec!["92500 Rueil-Malmaison".to_owned()],
        }
    }
}

/// The side of the logo, in millimetres.
const LOGO: f32 = 17.0;
/// The top of the header.
const TOP: f32 = 11.0;

/// Draws the header with the document's `title` on the right (e.g. `Pass'Loisirs 2025`) and
/// returns the `y` just below its rule.
pub(crate) fn header(page: &mut Page<'_>, letterhead: &Letterhead, title: &str) -> f32 {
    logo(page, MARGIN, TOP);
    let x = MARGIN + LOGO + 4.0;
    let title_style = Style::new(Face::Bold, 11.0, BLUE);
    let title_width = if title.is_empty() {
        0.0
    } else {
        page.width(title_style, title).min(60.0)
    };
    let width = CONTENT_WIDTH - LOGO - 4.0 - title_width - 4.0;
    page.text_fit(
        x,
        TOP + 5.0,
        width,
        Style::new(Face::Bold, 13.0, BLUE),
        Align::Left,
        &letterhead.town,
    );
    page.text_fit(
        x,
        TOP + 10.0,
        width,
        Style::new(Face::Regular, 9.0, GREY),
        Align::Left,
        &letterhead.service,
    );
    let mut y = TOP + 14.0;
    for line in letterhead.address.iter().take(2) {
        page.text_fit(
            x,
            y,
            width,
            Style::new(Face::Regular, 8.0, GREY),
            Align::Left,
            line,
        );
        y += 3.6;
    }
    if !title.is_empty() {
        page.text_fit(
            PAGE_WIDTH - MARGIN - title_width,
            TOP + 5.0,
            title_width,
            title_style,
            Align::Right,
            title,
        );
    }
    let rule = TOP + LOGO + 3.0;
    page.line((MARGIN, rule), (PAGE_WIDTH - MARGIN, rule), BLUE, 1.2);
    rule + 4.0
}

/// The small print at the bottom of a page.
pub(crate) fn footer(page: &mut Page<'_>, text: &str) {
    let y = 289.0;
    page.line((MARGIN, y - 4.0), (PAGE_WIDTH - MARGIN, y - 4.0), RULE, 0.4);
    page.text_fit(
        MARGIN,
        y,
        CONTENT_WIDTH,
        Style::new(Face::Regular, 7.0, GREY),
        Align::Left,
        text,
    );
}

/// An approximate circle as a polygon of 12 sides, in logo units.
fn disc(cx: f32, cy: f32, r: f32) -> Vec<(f32, f32)> {
    (0..12)
        .map(|i| {
            let a = i as f32 * std::f32::consts::TAU / 12.0;
            // One decimal is plenty at this size and keeps the numbers short.
            (
                ((cx + r * a.cos()) * 10.0).round() / 10.0,
                ((cy + r * a.sin()) * 10.0).round() / 10.0,
            )
        })
        .collect()
}

/// The logo, `LOGO` millimetres square, top-left corner at `(x, y)`, drawn in sixteenths of its
/// side as `assets/logo.svg` is (viewBox 0 0 16 16).
pub(crate) fn logo(page: &mut Page<'_>, x: f32, y: f32) {
    // The house: roof and walls in white on the blue square.
    let house = [vec![
        (8.0, 2.2),
        (14.0, 7.6),
        (12.6, 7.6),
        (12.6, 13.8),
        (3.4, 13.8),
        (3.4, 7.6),
        (2.0, 7.6),
    ]];
    // An adult and a child in blue inside it.
    let people = [
        disc(6.6, 8.6, 1.25),
        vec![(5.0, 10.4), (8.2, 10.4), (8.2, 13.8), (5.0, 13.8)],
        disc(10.0, 10.0, 0.95),
        vec![(8.9, 11.5), (11.1, 11.5), (11.1, 13.8), (8.9, 13.8)],
    ];
    page.grid(
        x,
        y,
        LOGO / 16.0,
        &[
            GridShape::Rects(&[(0.0, 0.0, 16.0, 16.0)], BLUE),
            GridShape::Rings(&house, WHITE),
            GridShape::Rings(&people, BLUE),
        ],
    );
}
