//! One PDF being written: the faces added once, the pages in order, and the save with compressed
//! streams. Every document function of this crate builds its pages here, so a campaign of any size
//! is one [`Document`] and one font embedding.

use printpdf::{PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions};

use crate::Error;
use crate::fonts::{FontIds, Fonts};
use crate::layout::Page;

/// A PDF being built.
#[derive(Debug)]
pub(crate) struct Document {
    doc: PdfDocument,
    fonts: &'static Fonts,
    ids: FontIds,
    pages: Vec<PdfPage>,
}

impl Document {
    /// An empty document titled `title` (shown by PDF viewers).
    pub(crate) fn new(title: &str, pages: usize) -> Result<Self, Error> {
        let fonts = Fonts::get()?;
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.creator = "Guichet".to_owned();
        doc.metadata.info.producer = "Guichet (printpdf)".to_owned();
        let ids = fonts.add_to(&mut doc);
        Ok(Document {
            doc,
            fonts,
            ids,
            pages: Vec::with_capacity(pages),
        })
    }

    /// A blank page to draw on; add it with [`Document::push`].
    pub(crate) fn page(&self) -> Page<'_> {
        Page::new(self.fonts, &self.ids)
    }

    pub(crate) fn push(&mut self, page: PdfPage) {
        self.pages.push(page);
    }

    /// The PDF's bytes: streams compressed, fonts embedded once.
    pub(crate) fn finish(self) -> Result<Vec<u8>, Error> {
        let Document { mut doc, pages, .. } = self;
        if pages.is_empty() {
            return Err(Error::Empty);
        }
        doc.with_pages(pages);
        let options = PdfSaveOptions {
            optimize: true,
            // Without printpdf's `text_layout` feature fonts are embedded whole; ours are
            // already a Latin subset (assets/fonts/subset.sh).
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let bytes = doc.save(&options, &mut warnings);
        let errors: Vec<String> = warnings
            .into_iter()
            .filter(|w| w.severity == PdfParseErrorSeverity::Error)
            .map(|w| format!("page {}: {}", w.page, w.msg))
            .collect();
        if !errors.is_empty() {
            return Err(Error::Pdf(errors.join("; ")));
        }
        Ok(bytes)
    }
}
