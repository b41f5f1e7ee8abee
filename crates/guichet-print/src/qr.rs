//! QR codes of voucher numbers, drawn as vector squares so they print sharp at any size. The code
//! holds the number exactly as printed (`PL-2025-03-000042-26`: capitals, digits and hyphens, which
//! QR's alphanumeric mode stores in a version-1 code, 21 × 21 modules) with error correction level M,
//! which survives a fold or a stamp across 15 % of it. The modules are drawn as rectangles in
//! module units under one scaling matrix, which keeps a code to about 600 bytes of a page.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel};

use crate::Error;
use crate::layout::{Colour, GridShape, Page, WHITE};

/// The quiet zone around the code, in modules (the standard asks for four).
const QUIET_ZONE: usize = 4;

/// The mask applied to every code (pattern 001, `y % 2 == 0`).
const MASK: MaskPattern = MaskPattern::HorizontalLines;

/// Pure black: the highest contrast for a scanner.
const BLACK: Colour = Colour(0.0, 0.0, 0.0);

/// Draws the QR code of `text` with its top-left corner (quiet zone included) at `(x, y)`,
/// `size` millimetres wide and high, quiet zone included.
pub(crate) fn draw(
    page: &mut Page<'_>,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
) -> Result<(), Error> {
    let (colours, width) = modules(text)?;
    let module = size / (width + 2 * QUIET_ZONE) as f32;
    let rects = dark_rectangles(&colours, width);
    // A white ground, so the quiet zone holds over a tinted background.
    page.fill(x, y, size, size, WHITE);
    page.grid(x, y, module, &[GridShape::Rects(&rects, BLACK)]);
    Ok(())
}

/// The modules of the code of `text`, row by row, and the number of modules across.
///
/// The mask is fixed instead of chosen among the eight by their penalty scores, as
/// `QrCode::new` does: scoring them was a third of the time of a 1,500-slip campaign, and every
/// reader decodes any mask (the tests decode every code printed, and a range of numbers).
fn modules(text: &str) -> Result<(Vec<Color>, usize), Error> {
    let failed = |e: qrcode::types::QrError| Error::Qr(format!("{text}: {e}"));
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).map_err(failed)?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (codewords, ec) =
        qrcode::ec::construct_codewords(&data, version, EcLevel::M).map_err(failed)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    canvas.apply_mask(MASK);
    let width = usize::try_from(version.width()).map_err(|_| Error::Qr(text.to_owned()))?;
    Ok((canvas.into_colors(), width))
}

/// The dark modules as rectangles in module units (quiet zone included): each run of dark
/// modules on a row is one rectangle, stretched down over the rows below that repeat it exactly.
fn dark_rectangles(colours: &[Color], width: usize) -> Vec<(f32, f32, f32, f32)> {
    let mut rects: Vec<(f32, f32, f32, f32)> = Vec::new();
    // The runs of the previous row: (start, end) → index in `rects`.
    let mut open: Vec<(usize, usize, usize)> = Vec::new();
    for (row, line) in colours.chunks(width).enumerate() {
        let mut next = Vec::new();
        let mut column = 0;
        while column < width {
            if line[column] != Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < width && line[column] == Color::Dark {
                column += 1;
            }
            match open.iter().find(|(s, e, _)| *s == start && *e == column) {
                Some(&(_, _, index)) => {
                    rects[index].3 += 1.0;
                    next.push((start, column, index));
                }
                None => {
                    next.push((start, column, rects.len()));
                    rects.push((
                        (start + QUIET_ZONE) as f32,
                        (row + QUIET_ZONE) as f32,
                        (column - start) as f32,
                        1.0,
                    ));
                }
            }
        }
        open = next;
    }
    rects
}

/// The number of modules across the code of `text`, quiet zone included.
#[cfg(test)]
fn modules_across(text: &str) -> Option<usize> {
    modules(text).ok().map(|(_, width)| width + 2 * QUIET_ZONE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_voucher_number_fits_a_version_1_code() {
        assert_eq!(modules_across("PL-2025-03-000042-26"), Some(21 + 8));
    }
}
