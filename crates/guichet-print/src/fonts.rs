//! The two faces every document is set in, Noto Sans Regular and Bold (SIL OFL 1.1, Latin, Greek and
//! Cyrillic subset shipped in `assets/fonts/`), embedded in the binary. They are parsed once per process and added
//! once per document: parsing them per page made a 1,500-page batch eight times slower, and adding
//! them twice embeds them twice (TOOLCHAIN.md).
//!
//! Words used here: a *face* is one of the two weights; a text is *printable* when every character
//! has a glyph in the faces, which [`Fonts::printable`] ensures before anything is drawn.

use std::borrow::Cow;
use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::Error;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// Codepoints below this are looked up in a flat table; the subset stops at U+2212.
pub(crate) const TABLE_LIMIT: usize = 0x2300;

/// One of the two weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// A parsed face with flat lookup tables for measuring text quickly.
struct Metrics {
    parsed: ParsedFont,
    /// Glyph id by codepoint (0: no glyph).
    glyphs: Vec<u16>,
    /// Advance width by glyph id, in font units.
    advances: Vec<u16>,
    units_per_em: f32,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("glyphs", &self.glyphs.iter().filter(|g| **g != 0).count())
            .field("units_per_em", &self.units_per_em)
            .finish()
    }
}

impl Metrics {
    fn parse(bytes: &[u8], name: &str) -> Result<Self, Error> {
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| Error::Font(format!("{name} could not be parsed: {warnings:?}")))?;
        // The name PDF readers show (`pdffonts`), instead of printpdf's random resource id.
        parsed.font_name = Some(name.trim_end_matches(".ttf").to_owned());
        let mut glyphs = vec![0u16; TABLE_LIMIT];
        for (codepoint, gid) in &parsed.codepoint_to_glyph {
            if let Some(slot) = usize::try_from(*codepoint)
                .ok()
                .and_then(|c| glyphs.get_mut(c))
            {
                *slot = *gid;
            }
        }
        let glyph_count = parsed
            .glyph_widths
            .keys()
            .max()
            .map_or(0, |g| usize::from(*g) + 1);
        let mut advances = vec![0u16; glyph_count];
        for (gid, width) in &parsed.glyph_widths {
            advances[usize::from(*gid)] = *width;
        }
        let units_per_em = f32::from(parsed.units_per_em.max(1));
        Ok(Metrics {
            parsed,
            glyphs,
            advances,
            units_per_em,
        })
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.glyphs.get(c as usize).copied().filter(|gid| *gid != 0)
    }

    /// Width of a printable text at `size` points, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                self.glyph(c)
                    .and_then(|g| self.advances.get(usize::from(g)))
                    .map_or(0, |w| u32::from(*w))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// The parsed faces, shared by every document of the process.
#[derive(Debug)]
pub(crate) struct Fonts {
    regular: Metrics,
    bold: Metrics,
}

static FONTS: OnceLock<Result<Fonts, Error>> = OnceLock::new();

impl Fonts {
    /// The faces, parsed on first use.
    pub(crate) fn get() -> Result<&'static Fonts, Error> {
        FONTS
            .get_or_init(|| {
                Ok(Fonts {
                    regular: Metrics::parse(REGULAR_TTF, "NotoSans-Regular.ttf")?,
                    bold: Metrics::parse(BOLD_TTF, "NotoSans-Bold.ttf")?,
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    fn metrics(&self, face: Face) -> &Metrics {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// Adds both faces to a document, once, and returns their ids there.
    pub(crate) fn add_to(&self, doc: &mut PdfDocument) -> FontIds {
        FontIds {
            regular: doc.add_font(&self.regular.parsed),
            bold: doc.add_font(&self.bold.parsed),
        }
    }

    /// Width of a printable text in points.
    pub(crate) fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        self.metrics(face).width(text, size)
    }

    fn covers(&self, c: char) -> bool {
        self.regular.glyph(c).is_some() && self.bold.glyph(c).is_some()
    }

    /// The text as it can be printed: composed (NFC, so a name typed with combining accents
    /// prints as one glyph per letter), control characters dropped, and any character without a
    /// glyph replaced by its base letter (a letter outside the Latin, Greek and Cyrillic
    /// scripts without a decomposition becomes `?`). Borrowed when nothing changes, as for most texts.
    pub(crate) fn printable<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let clean = |c: char| c == ' ' || (!c.is_control() && self.covers(c));
        if text.chars().all(clean) && (text.is_ascii() || unicode_normalization::is_nfc(text)) {
            return Cow::Borrowed(text);
        }
        let composed: String = text.nfc().collect();
        if composed.chars().all(clean) {
            return if composed == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(composed)
            };
        }
        let mut out = String::with_capacity(composed.len());
        for c in composed.chars() {
            if c.is_control() {
                // Tabs and line breaks inside a field print as a space.
                if c.is_whitespace() && !out.ends_with(' ') {
                    out.push(' ');
                }
            } else if self.covers(c) {
                out.push(c);
            } else if is_combining_mark(c) {
                // A mark the faces lack is left out: the letter it sits on prints.
            } else {
                let base: String = std::iter::once(c)
                    .nfd()
                    .filter(|d| !is_combining_mark(*d) && self.covers(*d))
                    .collect();
                if base.is_empty() {
                    out.push('?');
                } else {
                    out.push_str(&base);
                }
            }
        }
        Cow::Owned(out)
    }
}

/// The ids of the two faces inside one document.
#[derive(Debug, Clone)]
pub(crate) struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

impl FontIds {
    pub(crate) fn get(&self, face: Face) -> &FontId {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_text_prints_as_typed() {
        let fonts = Fonts::get().unwrap();
        for text in [
            "Éléonore N'Diaye-Lefèvre",
            "Œuvre, cœur, Ÿ, « guillemets » — 80,00 €",
            "2 cahiers 24×32 96 p.",
            "Ça, où, î, ï, ô, û, ü, ÿ, æ, ç",
        ] {
            assert_eq!(fonts.printable(text), text);
        }
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let fonts = Fonts::get().unwrap();
        assert_eq!(fonts.printable("Le\u{301}a"), "Léa");
    }

    #[test]
    fn characters_without_a_glyph_fall_back_to_their_base_letter() {
        let fonts = Fonts::get().unwrap();
        // Cyrillic is covered; a Chinese character is not, and has no base letter: `?`.
        assert_eq!(fonts.printable("Олена Шевченко"), "Олена Шевченко");
        assert_eq!(fonts.printable("王"), "?");
        assert_eq!(fonts.printable("a\tb\nc"), "a b c");
        // A letter with a mark outside the subset keeps its base letter.
        assert_eq!(fonts.printable("x\u{20DD}"), "x");
    }

    #[test]
    fn widths_grow_with_the_text() {
        let fonts = Fonts::get().unwrap();
        let short = fonts.width(Face::Regular, "Léa", 10.0);
        let long = fonts.width(Face::Regular, "Léa Martin", 10.0);
        assert!(short > 10.0 && long > short, "{short} {long}");
        assert!(fonts.width(Face::Bold, "W", 10.0) > fonts.width(Face::Regular, "i", 10.0));
    }
}
