//! One PDF being written: the faces added once, the pages in order, and the save with compressed
//! streams. Every document function of this crate builds its pages here, so a campaign of any size
//! is one [`Document`] and one font embedding.
//!
//! printpdf holds a whole document's drawing ops in memory before it writes anything (about 40 KB
//! per form page), then compresses every stream at zlib's slowest level, one after the other. For a
//! campaign that is 60 MB and a third of the time. So pages are written in *chunks*: each chunk of
//! pages goes through printpdf (`to_lopdf_doc`) on its own, on every core, and only its pages'
//! compressed content streams are kept (about 2.5 KB a page); the ops are dropped at once. The
//! final PDF is then assembled from a document holding the fonts, whose widths and Unicode map are
//! made from every character the pages use (a page showing them all, removed once the fonts are
//! written), and the kept streams, one page object each, all sharing one resource dictionary and
//! the page size set once on the page tree. Memory then grows with the pages only by the PDF being
//! written.

use std::io::Write;

use chrono::{NaiveDate, NaiveTime};
use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, Stream};
use printpdf::{Op, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, TextItem};

use crate::Error;
use crate::fonts::{Face, FontIds, Fonts};
use crate::layout::{Align, INK, Page, Style};

/// Pages per chunk: large enough that printpdf's fixed cost per document is small, small enough
/// that a chunk's ops (about 5 MB) are nothing next to the PDF.
const CHUNK: usize = 96;

/// zlib's level for the streams: on 1,500 kit slips, 4 took 0.81 s of CPU for the whole batch
/// where the default (6) took 0.98 s, for a file 3 % larger; 9 (printpdf's) is slower still.
const LEVEL: u32 = 4;

/// Room for the fonts (two faces of about 55 KB compressed) and the document's other objects.
const FONTS_AND_TREE: usize = 160_000;

/// One page's content stream, compressed or, when that saves nothing, plain.
#[derive(Debug)]
struct Content {
    bytes: Vec<u8>,
    compressed: bool,
}

/// A chunk of pages as written: their content streams and the characters they show.
type Chunk = (Vec<Content>, CharSet);

/// The characters a document shows, per face: codepoints below `fonts::TABLE_LIMIT`.
#[derive(Debug, Clone)]
struct CharSet {
    regular: Vec<u64>,
    bold: Vec<u64>,
}

impl CharSet {
    fn new() -> Self {
        let words = crate::fonts::TABLE_LIMIT.div_ceil(64);
        CharSet {
            regular: vec![0; words],
            bold: vec![0; words],
        }
    }

    fn insert(&mut self, face: Face, c: char) {
        let set = match face {
            Face::Regular => &mut self.regular,
            Face::Bold => &mut self.bold,
        };
        let n = c as usize;
        if let Some(word) = set.get_mut(n / 64) {
            *word |= 1 << (n % 64);
        }
    }

    fn union(&mut self, other: &CharSet) {
        for (a, b) in self.regular.iter_mut().zip(&other.regular) {
            *a |= b;
        }
        for (a, b) in self.bold.iter_mut().zip(&other.bold) {
            *a |= b;
        }
    }

    fn text(&self, face: Face) -> String {
        let set = match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        };
        (0..set.len() * 64)
            .filter(|n| set[n / 64] & (1 << (n % 64)) != 0)
            .filter_map(|n| char::from_u32(n as u32))
            .collect()
    }
}

/// A PDF being built.
#[derive(Debug)]
pub(crate) struct Document {
    /// The fonts and metadata, without pages: each chunk is a copy of it.
    template: PdfDocument,
    fonts: &'static Fonts,
    ids: FontIds,
    /// Pages drawn but not yet written.
    pending: Vec<PdfPage>,
    /// Pages written, in order.
    contents: Vec<Content>,
    used: CharSet,
}

/// How many threads to draw and write on.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: true,
        // Without printpdf's `text_layout` feature fonts are embedded whole; ours are already a
        // subset (assets/fonts/subset.sh).
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// printpdf's document as a lopdf one; its errors (not its notes) refuse the document.
fn to_lopdf(doc: &PdfDocument) -> Result<lopdf::Document, Error> {
    let mut warnings = Vec::new();
    let pdf = printpdf::to_lopdf_doc(doc, &save_options(), &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| format!("page {}: {}", w.page, w.msg))
        .collect();
    if errors.is_empty() {
        Ok(pdf)
    } else {
        Err(Error::Pdf(errors.join("; ")))
    }
}

impl Document {
    /// An empty document titled `title` (shown by PDF viewers); `pages` is a capacity hint.
    pub(crate) fn new(title: &str, pages: usize) -> Result<Self, Error> {
        let fonts = Fonts::get()?;
        let mut template = PdfDocument::new(title);
        template.metadata.info.creator = "Guichet".to_owned();
        template.metadata.info.producer = "Guichet (printpdf)".to_owned();
        let ids = fonts.add_to(&mut template);
        Ok(Document {
            template,
            fonts,
            ids,
            pending: Vec::new(),
            contents: Vec::with_capacity(pages),
            used: CharSet::new(),
        })
    }

    /// Dates the document (creation and modification) on `date`, the day it is issued: the
    /// functions stay pure and the same data gives the same dates.
    pub(crate) fn dated(mut self, date: NaiveDate) -> Self {
        let seconds = date.and_time(NaiveTime::MIN).and_utc().timestamp();
        if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(seconds) {
            self.template.metadata.info.creation_date = at;
            self.template.metadata.info.modification_date = at;
        }
        self
    }

    /// A blank page to draw on; add it with [`Document::push`].
    pub(crate) fn page(&self) -> Page<'_> {
        Page::new(self.fonts, &self.ids)
    }

    /// Adds a page after the others.
    pub(crate) fn push(&mut self, page: PdfPage) -> Result<(), Error> {
        self.pending.push(page);
        if self.pending.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the pages drawn so far.
    fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pages = std::mem::take(&mut self.pending);
        let (contents, used) = self.write_chunk(pages)?;
        self.contents.extend(contents);
        self.used.union(&used);
        Ok(())
    }

    /// Draws one page per item and writes them, in order, on every core for a large batch.
    pub(crate) fn pages<T: Sync>(
        &mut self,
        items: &[T],
        draw: impl Fn(&Document, &T) -> Result<PdfPage, Error> + Sync,
    ) -> Result<(), Error> {
        self.flush()?;
        let chunks: Vec<&[T]> = items.chunks(CHUNK).collect();
        let threads = threads().min(chunks.len());
        if threads < 2 {
            for item in items {
                let page = draw(self, item)?;
                self.push(page)?;
            }
            return Ok(());
        }
        let this = &*self;
        let draw = &draw;
        let chunks = &chunks;
        // Worker `w` takes chunks w, w + threads, w + 2 × threads…
        let written: Vec<Vec<(usize, Result<Chunk, Error>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|worker| {
                    scope.spawn(move || {
                        (worker..chunks.len())
                            .step_by(threads)
                            .map(|index| {
                                let pages: Result<Vec<PdfPage>, Error> =
                                    chunks[index].iter().map(|item| draw(this, item)).collect();
                                (index, pages.and_then(|p| this.write_chunk(p)))
                            })
                            .collect()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![(0, Err(Error::Pdf("a writing thread panicked".into())))]
                    })
                })
                .collect()
        });
        let mut ordered: Vec<(usize, Result<Chunk, Error>)> =
            written.into_iter().flatten().collect();
        ordered.sort_by_key(|(index, _)| *index);
        for (_, chunk) in ordered {
            let (contents, used) = chunk?;
            self.contents.extend(contents);
            self.used.union(&used);
        }
        Ok(())
    }

    /// Runs a chunk of pages through printpdf and keeps their compressed content streams, and
    /// the characters they show.
    fn write_chunk(&self, pages: Vec<PdfPage>) -> Result<Chunk, Error> {
        let mut used = CharSet::new();
        for page in &pages {
            self.mark_used(page, &mut used);
        }
        let mut doc = self.template.clone();
        doc.with_pages(pages);
        let mut pdf = to_lopdf(&doc)?;
        drop(doc);
        let mut contents = Vec::new();
        for (_, page_id) in pdf.get_pages() {
            let contents_id = pdf
                .get_dictionary(page_id)
                .and_then(|page| page.get(b"Contents"))
                .and_then(Object::as_reference)
                .map_err(|e| Error::Pdf(format!("page without contents: {e}")))?;
            let stream = pdf
                .objects
                .get_mut(&contents_id)
                .and_then(|o| o.as_stream_mut().ok())
                .ok_or_else(|| Error::Pdf("page contents are not a stream".into()))?;
            contents.push(deflate(std::mem::take(&mut stream.content))?);
        }
        Ok((contents, used))
    }

    /// Records the characters a page shows, per face.
    fn mark_used(&self, page: &PdfPage, used: &mut CharSet) {
        let mut face = Face::Regular;
        for op in &page.ops {
            match op {
                Op::SetFont {
                    font: printpdf::PdfFontHandle::External(id),
                    ..
                } => {
                    face = if *id == self.ids.bold {
                        Face::Bold
                    } else {
                        Face::Regular
                    };
                }
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(text) = item {
                            for c in text.chars() {
                                used.insert(face, c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The PDF's bytes.
    pub(crate) fn finish(mut self) -> Result<Vec<u8>, Error> {
        self.flush()?;
        if self.contents.is_empty() {
            return Err(Error::Empty);
        }
        // The fonts, from a page that shows every character of the document.
        let mut glyphs = self.page();
        for (i, face) in [Face::Regular, Face::Bold].into_iter().enumerate() {
            let text = self.used.text(face);
            if !text.is_empty() {
                let style = Style::new(face, 10.0, INK);
                glyphs.text(20.0, 20.0 + 10.0 * i as f32, style, Align::Left, &text);
            }
        }
        let mut doc = self.template.clone();
        doc.with_pages(vec![glyphs.finish()]);
        let mut pdf = to_lopdf(&doc)?;
        drop(doc);

        // Swap that page for the real ones.
        let (_, glyph_page) = pdf
            .get_pages()
            .into_iter()
            .next()
            .ok_or_else(|| Error::Pdf("the font page is missing".into()))?;
        let page = pdf
            .get_dictionary(glyph_page)
            .map_err(|e| Error::Pdf(e.to_string()))?
            .clone();
        let reference = |key: &[u8]| {
            page.get(key)
                .and_then(Object::as_reference)
                .map_err(|e| Error::Pdf(format!("font page: {e}")))
        };
        let (parent, resources, glyph_contents) = (
            reference(b"Parent")?,
            reference(b"Resources")?,
            reference(b"Contents")?,
        );
        let media_box = page
            .get(b"MediaBox")
            .cloned()
            .map_err(|e| Error::Pdf(format!("font page: {e}")))?;
        pdf.objects.remove(&glyph_page);
        pdf.objects.remove(&glyph_contents);

        // The finished file: the streams, about 150 bytes of objects a page, the fonts. Sized
        // up front, so that it is not doubled (and copied) while it is written.
        let estimate = self
            .contents
            .iter()
            .map(|c| c.bytes.len() + 160)
            .sum::<usize>()
            + FONTS_AND_TREE;
        let mut kids = Vec::with_capacity(self.contents.len());
        for content in std::mem::take(&mut self.contents) {
            let mut dict = Dictionary::new();
            if content.compressed {
                dict.set("Filter", "FlateDecode");
            }
            let mut stream = Stream::new(dict, content.bytes);
            stream.allows_compression = false;
            let contents_id = pdf.add_object(stream);
            let page = Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(parent)),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(contents_id)),
            ]);
            kids.push(Object::Reference(pdf.add_object(page)));
        }
        let count = kids.len() as i64;
        let tree = pdf
            .get_dictionary_mut(parent)
            .map_err(|e| Error::Pdf(format!("page tree: {e}")))?;
        tree.set("Kids", Object::Array(kids));
        tree.set("Count", count);
        // Every page is A4: the size is inherited from the tree.
        tree.set("MediaBox", media_box);

        // The fonts and the rest, compressed.
        for object in pdf.objects.values_mut() {
            if let Object::Stream(stream) = object
                && stream.allows_compression
                && stream.dict.get(b"Filter").is_err()
            {
                let content = deflate(std::mem::take(&mut stream.content))?;
                if content.compressed {
                    stream.dict.set("Filter", "FlateDecode");
                }
                stream.set_content(content.bytes);
            }
        }
        let mut bytes = Vec::with_capacity(estimate);
        pdf.save_to(&mut bytes)
            .map_err(|e| Error::Pdf(e.to_string()))?;
        Ok(bytes)
    }
}

/// Compresses a stream (FlateDecode at [`LEVEL`]), unless that saves nothing.
fn deflate(content: Vec<u8>) -> Result<Content, Error> {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(content.len() / 3),
        Compression::new(LEVEL),
    );
    encoder
        .write_all(&content)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    let compressed = encoder.finish().map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(if compressed.len() + 19 < content.len() {
        Content {
            bytes: compressed,
            compressed: true,
        }
    } else {
        Content {
            bytes: content,
            compressed: false,
        }
    })
}
