//! Page layout on A4: a [`Page`] collects printpdf drawing ops from coordinates in millimetres
//! measured from the *top-left* corner, as a designer reads a page, and turns them into PDF points
//! from the bottom-left corner. Text is placed with an absolute text matrix (`Tm`), never with the
//! relative `Td` cursor, whose moves add up inside one text section (TOOLCHAIN.md). Colour and line
//! state are only written when they change, and text is written last, grouped by style, to keep
//! each page's content stream small: compressing it is most of the time a batch takes.
//!
//! Words used here: a *baseline* is the `y` of a line of text; a *box* is a stroked rectangle.

use printpdf::{
    Color, CurTransMat, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage,
    Point, Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use crate::fonts::{Face, FontIds, Fonts};

/// A4 portrait, in millimetres.
pub(crate) const PAGE_WIDTH: f32 = 210.0;
pub(crate) const PAGE_HEIGHT: f32 = 297.0;
/// Left and right margin.
pub(crate) const MARGIN: f32 = 15.0;
/// Width between the margins.
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// The lowest baseline of the flowing text before a page break.
pub(crate) const BOTTOM: f32 = 280.0;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// A colour, red-green-blue from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Colour(pub f32, pub f32, pub f32);

/// The CCAS blue of the letterhead and titles.
pub(crate) const BLUE: Colour = Colour(0.05, 0.27, 0.55);
/// Body text.
pub(crate) const INK: Colour = Colour(0.1, 0.1, 0.12);
/// Secondary text (labels, notes).
pub(crate) const GREY: Colour = Colour(0.38, 0.38, 0.42);
/// Rules and boxes.
pub(crate) const RULE: Colour = Colour(0.55, 0.55, 0.6);
/// Tinted backgrounds.
pub(crate) const TINT: Colour = Colour(0.92, 0.95, 0.99);
/// The DUPLICATA stamp.
pub(crate) const RED: Colour = Colour(0.75, 0.1, 0.1);
/// White, for shapes drawn over a colour.
pub(crate) const WHITE: Colour = Colour(1.0, 1.0, 1.0);

/// Horizontal alignment of a text on its anchor `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Right,
}

/// A text style: face, size in points and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub colour: Colour,
}

impl Style {
    pub(crate) const fn new(face: Face, size: f32, colour: Colour) -> Self {
        Style { face, size, colour }
    }
}

/// Millimetres to points, rounded to a hundredth of a point: shorter numbers in the content
/// stream, far below what a printer shows.
fn pt(mm: f32) -> Pt {
    Pt((mm * PT_PER_MM * 100.0).round() / 100.0)
}

/// A `y` from the top, in millimetres, as points from the bottom.
fn pt_y(mm_from_top: f32) -> Pt {
    pt(PAGE_HEIGHT - mm_from_top)
}

fn colour(c: Colour) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: pt(x),
            y: pt_y(y),
        },
        bezier: false,
    }
}

/// Shapes drawn on a [`Page::grid`], in grid units.
#[derive(Debug)]
pub(crate) enum GridShape<'s> {
    /// Filled rectangles `(x, y, width, height)`, `(x, y)` their top-left corner.
    Rects(&'s [(f32, f32, f32, f32)], Colour),
    /// A filled shape made of closed rings of points.
    Rings(&'s [Vec<(f32, f32)>], Colour),
}

/// A line of printable text at its position in points.
type Line = (Pt, Pt, String);

/// One page being drawn.
///
/// Graphics are kept in the order drawn; text goes on top of them, in one text section at the end
/// of the page, grouped by style so that font and colour are set once per style. A page's text
/// never needs to be under a shape, and this keeps the content stream (and its compression, the
/// largest share of the time spent on a batch) small.
#[derive(Debug)]
pub(crate) struct Page<'d> {
    fonts: &'static Fonts,
    ids: &'d FontIds,
    graphics: Vec<Op>,
    /// Lines of text grouped by style.
    runs: Vec<(Style, Vec<Line>)>,
    fill: Option<Colour>,
    stroke: Option<Colour>,
    thickness: Option<f32>,
    dashed: bool,
}

impl<'d> Page<'d> {
    pub(crate) fn new(fonts: &'static Fonts, ids: &'d FontIds) -> Self {
        Page {
            fonts,
            ids,
            graphics: Vec::with_capacity(128),
            runs: Vec::with_capacity(12),
            fill: None,
            stroke: None,
            thickness: None,
            dashed: false,
        }
    }

    /// The page, ready to be added to a document.
    pub(crate) fn finish(self) -> PdfPage {
        let Page {
            ids,
            mut graphics,
            runs,
            ..
        } = self;
        let lines: usize = runs.iter().map(|(_, lines)| lines.len()).sum();
        let mut ops = std::mem::take(&mut graphics);
        ops.reserve(2 * lines + 2 * runs.len() + 2);
        if lines > 0 {
            ops.push(Op::StartTextSection);
            for (style, lines) in runs {
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(ids.get(style.face).clone()),
                    size: Pt(style.size),
                });
                ops.push(Op::SetFillColor {
                    col: colour(style.colour),
                });
                for (x, y, text) in lines {
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(x, y),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::Text(text)],
                    });
                }
            }
            ops.push(Op::EndTextSection);
        }
        PdfPage::new(Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT), ops)
    }

    fn set_fill(&mut self, c: Colour) {
        if self.fill != Some(c) {
            self.graphics.push(Op::SetFillColor { col: colour(c) });
            self.fill = Some(c);
        }
    }

    fn set_stroke(&mut self, c: Colour, width: f32, dashed: bool) {
        if self.stroke != Some(c) {
            self.graphics.push(Op::SetOutlineColor { col: colour(c) });
            self.stroke = Some(c);
        }
        if self.thickness != Some(width) {
            self.graphics
                .push(Op::SetOutlineThickness { pt: Pt(width) });
            self.thickness = Some(width);
        }
        if self.dashed != dashed {
            let dash = if dashed {
                LineDashPattern::new(0.0, &[4.0, 3.0])
            } else {
                LineDashPattern::solid()
            };
            self.graphics.push(Op::SetLineDashPattern { dash });
            self.dashed = dashed;
        }
    }

    /// Width of a text in millimetres (the text is made printable first).
    pub(crate) fn width(&self, style: Style, text: &str) -> f32 {
        let text = self.fonts.printable(text);
        self.fonts.width(style.face, &text, style.size) / PT_PER_MM
    }

    /// Shows a printable text with its left end at `x`.
    fn show(&mut self, x: f32, baseline: f32, style: Style, text: String) {
        if text.is_empty() {
            return;
        }
        let line = (pt(x), pt_y(baseline), text);
        match self.runs.iter_mut().find(|(s, _)| *s == style) {
            Some((_, lines)) => lines.push(line),
            None => self.runs.push((style, vec![line])),
        }
    }

    /// Writes a text on one line, aligned on `x`.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, style: Style, align: Align, text: &str) {
        let text = self.fonts.printable(text).into_owned();
        let left = match align {
            Align::Left => x,
            Align::Center => x - self.fonts.width(style.face, &text, style.size) / PT_PER_MM / 2.0,
            Align::Right => x - self.fonts.width(style.face, &text, style.size) / PT_PER_MM,
        };
        self.show(left, baseline, style, text);
    }

    /// Writes a text on one line within `width` millimetres: a text too long for it (a long name)
    /// is set smaller, never cut, down to 60 % of the size, then allowed to run on.
    pub(crate) fn text_fit(
        &mut self,
        x: f32,
        baseline: f32,
        width: f32,
        style: Style,
        align: Align,
        text: &str,
    ) {
        let text = self.fonts.printable(text).into_owned();
        let natural = self.fonts.width(style.face, &text, style.size) / PT_PER_MM;
        let size = if natural > width {
            (style.size * width / natural).max(style.size * 0.6)
        } else {
            style.size
        };
        let used = natural * size / style.size;
        let left = match align {
            Align::Left => x,
            Align::Center => x + (width - used) / 2.0,
            Align::Right => x + width - used,
        };
        self.show(left, baseline, Style { size, ..style }, text);
    }

    /// Breaks a text into lines of at most `width` millimetres, at spaces (a word longer than a
    /// line stays whole on its own line).
    pub(crate) fn wrap(&self, style: Style, width: f32, text: &str) -> Vec<String> {
        let text = self.fonts.printable(text);
        let space = self.fonts.width(style.face, " ", style.size) / PT_PER_MM;
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let w = self.fonts.width(style.face, word, style.size) / PT_PER_MM;
            if !line.is_empty() && line_width + space + w > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if !line.is_empty() {
                line.push(' ');
                line_width += space;
            }
            line.push_str(word);
            line_width += w;
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Writes a paragraph within `width` millimetres, `leading` millimetres between baselines;
    /// returns the baseline after its last line.
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        baseline: f32,
        width: f32,
        leading: f32,
        style: Style,
        text: &str,
    ) -> f32 {
        let mut y = baseline;
        for line in self.wrap(style, width, text) {
            self.show(x, y, style, line);
            y += leading;
        }
        y
    }

    /// A rectangle's outline; `(x, y)` is its top-left corner.
    pub(crate) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, c: Colour, width: f32) {
        self.set_stroke(c, width, false);
        self.graphics.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt_y(y + h),
                width: pt(w),
                height: pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// A filled rectangle; `(x, y)` is its top-left corner.
    pub(crate) fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, c: Colour) {
        self.set_fill(c);
        self.graphics.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt_y(y + h),
                width: pt(w),
                height: pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    /// A straight line, solid or dashed.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), c: Colour, width: f32) {
        self.stroke_line(from, to, c, width, false);
    }

    /// A dashed line, as a cut line.
    pub(crate) fn dashed_line(&mut self, from: (f32, f32), to: (f32, f32), c: Colour, width: f32) {
        self.stroke_line(from, to, c, width, true);
    }

    fn stroke_line(&mut self, from: (f32, f32), to: (f32, f32), c: Colour, width: f32, dash: bool) {
        self.set_stroke(c, width, dash);
        self.graphics.push(Op::DrawLine {
            line: printpdf::Line {
                points: vec![point(from.0, from.1), point(to.0, to.1)],
                is_closed: false,
            },
        });
    }

    /// Draws filled shapes on a grid of `unit` millimetres whose origin is `(x, y)`, its `y`
    /// going down like the page's: the shapes' coordinates are small numbers of units, written as
    /// such in the content stream with one scaling matrix (`cm`), which keeps a QR code's hundred
    /// squares or the logo's points short.
    pub(crate) fn grid(&mut self, x: f32, y: f32, unit: f32, shapes: &[GridShape<'_>]) {
        let saved = (self.fill, self.stroke, self.thickness, self.dashed);
        self.graphics.push(Op::SaveGraphicsState);
        let u = unit * PT_PER_MM;
        self.graphics.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([u, 0.0, 0.0, -u, pt(x).0, pt_y(y).0]),
        });
        let at = |(px, py): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(px),
                y: Pt(py),
            },
            bezier: false,
        };
        for shape in shapes {
            match shape {
                GridShape::Rects(rects, c) => {
                    self.set_fill(*c);
                    for &(rx, ry, rw, rh) in rects.iter() {
                        self.graphics.push(Op::DrawRectangle {
                            rectangle: Rect {
                                x: Pt(rx),
                                y: Pt(ry),
                                width: Pt(rw),
                                height: Pt(rh),
                                mode: Some(PaintMode::Fill),
                                winding_order: None,
                            },
                        });
                    }
                }
                GridShape::Rings(rings, c) => {
                    self.set_fill(*c);
                    self.graphics.push(Op::DrawPolygon {
                        polygon: Polygon {
                            rings: rings
                                .iter()
                                .map(|ring| PolygonRing {
                                    points: ring.iter().copied().map(at).collect(),
                                })
                                .collect(),
                            mode: PaintMode::Fill,
                            winding_order: WindingOrder::NonZero,
                        },
                    });
                }
            }
        }
        self.graphics.push(Op::RestoreGraphicsState);
        (self.fill, self.stroke, self.thickness, self.dashed) = saved;
    }

    /// An empty box to tick, `side` millimetres, its bottom on `baseline`.
    pub(crate) fn tick_box(&mut self, x: f32, baseline: f32, side: f32) {
        self.frame(x, baseline - side, side, side, INK, 0.7);
    }

    /// A ticked box: the box and a check mark drawn in it.
    pub(crate) fn ticked_box(&mut self, x: f32, baseline: f32, side: f32) {
        self.tick_box(x, baseline, side);
        let top = baseline - side;
        let mark = [
            (x + side * 0.18, top + side * 0.55),
            (x + side * 0.42, top + side * 0.8),
            (x + side * 0.85, top + side * 0.2),
        ];
        self.line(mark[0], mark[1], INK, 1.2);
        self.line(mark[1], mark[2], INK, 1.2);
    }

    /// A labelled signature zone: a box with its caption above it.
    pub(crate) fn signature_zone(&mut self, x: f32, y: f32, w: f32, h: f32, caption: &str) {
        let style = Style::new(Face::Regular, 8.0, GREY);
        self.text_fit(x, y - 1.5, w, style, Align::Left, caption);
        self.frame(x, y, w, h, RULE, 0.6);
    }

    /// A "DUPLICATA" stamp: red capitals in a red frame, right-aligned on `right`.
    pub(crate) fn duplicate_stamp(&mut self, right: f32, baseline: f32, size: f32) {
        let style = Style::new(Face::Bold, size, RED);
        let w = self.width(style, "DUPLICATA");
        let pad = size * 0.12;
        let h = size / PT_PER_MM * 1.25;
        self.frame(
            right - w - 2.0 * pad,
            baseline - h * 0.8,
            w + 2.0 * pad,
            h,
            RED,
            1.4,
        );
        self.text(right - pad, baseline, style, Align::Right, "DUPLICATA");
    }
}
