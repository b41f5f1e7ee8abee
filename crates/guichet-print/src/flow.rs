//! Documents whose length depends on the data (the QF attestation's working, a request's list of
//! documents): blocks go down the page and, when the next one does not fit above the bottom
//! margin, a new page starts under the letterhead. Every page gets a footer with its number
//! (`page 1 / 2`), written once the count is known.

use printpdf::PdfPage;

use crate::document::Document;
use crate::layout::{BOTTOM, Page};
use crate::letterhead::{Letterhead, footer, header};

/// Pages being filled from top to bottom.
#[derive(Debug)]
pub(crate) struct Flow<'d> {
    doc: &'d Document,
    letterhead: &'d Letterhead,
    title: String,
    done: Vec<Page<'d>>,
    page: Page<'d>,
    /// The next baseline.
    pub y: f32,
}

impl<'d> Flow<'d> {
    /// Starts the first page; `title` goes in the header of every page.
    pub(crate) fn new(doc: &'d Document, letterhead: &'d Letterhead, title: &str) -> Self {
        let mut page = doc.page();
        let y = header(&mut page, letterhead, title);
        Flow {
            doc,
            letterhead,
            title: title.to_owned(),
            done: Vec::new(),
            page,
            y,
        }
    }

    pub(crate) fn page(&mut self) -> &mut Page<'d> {
        &mut self.page
    }

    /// Makes room for a block `height` millimetres high, starting a new page if needed.
    pub(crate) fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            let mut next = self.doc.page();
            self.y = header(&mut next, self.letterhead, &self.title) + 4.0;
            self.done.push(std::mem::replace(&mut self.page, next));
        }
    }

    /// The pages, each with its footer: `note — page n / total`.
    pub(crate) fn finish(self, note: &str) -> Vec<PdfPage> {
        let mut pages = self.done;
        pages.push(self.page);
        let total = pages.len();
        pages
            .into_iter()
            .enumerate()
            .map(|(i, mut page)| {
                footer(&mut page, &format!("{note} — page {} / {total}", i + 1));
                page.finish()
            })
            .collect()
    }
}
