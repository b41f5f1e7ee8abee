//! Sample data and the external tools the tests read PDFs with.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use guichet_core::vouchers::VoucherNumber;
use guichet_core::{Cents, DeskNumber, Scheme};
use guichet_print::{KitSlipPrint, VoucherPrint};

pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn number(scheme: Scheme, year: i32, desk: u8, sequence: u32) -> VoucherNumber {
    VoucherNumber::new(scheme, year, DeskNumber::new(desk).unwrap(), sequence).unwrap()
}

/// The documented voucher: PL-2025-03-000042-26 for Éléonore N'Diaye-Lefèvre.
pub fn pass_loisirs() -> VoucherPrint {
    VoucherPrint {
        number: number(Scheme::PassLoisirs, 2025, 3, 42),
        beneficiary_name: "Éléonore N'Diaye-Lefèvre".to_owned(),
        beneficiary_birth_date: d("2015-03-12"),
        household: "F-07-000123".to_owned(),
        amount: Some(Cents(8000)),
        valid_until: d("2025-12-31"),
        issued_on: d("2025-01-15"),
        issued_by: "Claire Martin".to_owned(),
        duplicate: false,
        replaces: None,
    }
}

pub fn lire_a_rueil(sequence: u32, name: &str) -> VoucherPrint {
    VoucherPrint {
        number: number(Scheme::LireARueil, 2025, 3, sequence),
        beneficiary_name: name.to_owned(),
        beneficiary_birth_date: d("2016-09-10"),
        household: "F-03-000456".to_owned(),
        amount: Some(Cents(1500)),
        valid_until: d("2025-12-31"),
        issued_on: d("2025-08-25"),
        issued_by: "Karim Haddad".to_owned(),
        duplicate: false,
        replaces: None,
    }
}

pub fn kit_slip(sequence: u32, name: &str) -> KitSlipPrint {
    KitSlipPrint {
        number: number(Scheme::SchoolKit, 2025, 3, sequence),
        child_name: name.to_owned(),
        child_birth_date: d("2014-09-10"),
        household: "F-03-000456".to_owned(),
        guardian: Some("Aïcha Traoré".to_owned()),
        handed_on: d("2025-08-25"),
        issued_by: "Karim Haddad".to_owned(),
        duplicate: false,
        replaces: None,
    }
}

/// The kit's supplies from the shipped 2025 reference data.
pub fn kit_items() -> Vec<String> {
    let set = guichet_core::reference::shipped().unwrap();
    set.get(2025).unwrap().schemes.school_kit.items.clone()
}

/// A PDF written to a temporary folder, removed with it.
pub struct Pdf {
    _dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Pdf {
    pub fn write(bytes: &[u8]) -> Pdf {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("document.pdf");
        std::fs::write(&path, bytes).unwrap();
        if let Some(previews) = std::env::var_os("GUICHET_PRINT_PREVIEWS") {
            // Keeps a copy to look at (`pdftoppm -png`); named after the running test.
            let name = std::thread::current()
                .name()
                .unwrap_or("document")
                .replace("::", "-");
            std::fs::create_dir_all(&previews).unwrap();
            std::fs::copy(&path, Path::new(&previews).join(format!("{name}.pdf"))).unwrap();
        }
        Pdf { _dir: dir, path }
    }

    /// The text as `pdftotext` extracts it (reading order, UTF-8).
    pub fn text(&self) -> String {
        let out = run("pdftotext", "poppler-utils", &[self.arg(), "-".as_ref()]);
        String::from_utf8(out).unwrap()
    }

    /// `pdfinfo`'s `Key: value` lines.
    pub fn info(&self, key: &str) -> String {
        let out = String::from_utf8(run("pdfinfo", "poppler-utils", &[self.arg()])).unwrap();
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .unwrap_or_else(|| panic!("pdfinfo gives no {key}:\n{out}"))
            .trim()
            .to_owned()
    }

    pub fn pages(&self) -> usize {
        self.info("Pages").parse().unwrap()
    }

    /// Every page is A4: 595 x 842 pts (pdfinfo rounds 595.28 x 841.89).
    pub fn assert_a4(&self) {
        let size = self.info("Page size");
        assert!(
            size.starts_with("595.") && size.contains(" x 841."),
            "page size {size}"
        );
        let out = String::from_utf8(run(
            "pdfinfo",
            "poppler-utils",
            &[
                "-f".as_ref(),
                "1".as_ref(),
                "-l".as_ref(),
                self.pages().to_string().as_ref(),
                self.arg(),
            ],
        ))
        .unwrap();
        let sizes: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
            .collect();
        assert_eq!(sizes.len(), self.pages(), "{out}");
        for line in sizes {
            assert!(line.contains("595.") && line.contains("841."), "{line}");
        }
    }

    /// `qpdf --check` passes (exit 0, no warning).
    pub fn assert_valid(&self) {
        let output = command("qpdf", "qpdf")
            .arg("--check")
            .arg(&self.path)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && text.contains("No syntax or stream encoding errors"),
            "qpdf --check failed ({}):\n{text}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The QR codes of page `page`, decoded from a 200 dpi greyscale rendering.
    pub fn qr_codes(&self, page: usize) -> Vec<String> {
        let p = page.to_string();
        let pgm = run(
            "pdftoppm",
            "poppler-utils",
            &[
                "-gray".as_ref(),
                "-r".as_ref(),
                "200".as_ref(),
                "-f".as_ref(),
                p.as_ref(),
                "-l".as_ref(),
                p.as_ref(),
                self.arg(),
            ],
        );
        let (width, height, pixels) = parse_pgm(&pgm);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            pixels[y * width + x]
        });
        image
            .detect_grids()
            .into_iter()
            .map(|grid| grid.decode().unwrap().1)
            .collect()
    }

    fn arg(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}

/// A binary PGM (P5, 8 bits) as width, height and pixels.
fn parse_pgm(bytes: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..at]).unwrap());
    }
    assert_eq!(fields[0], "P5", "pdftoppm -gray should write a binary PGM");
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    assert_eq!(fields[3], "255");
    let pixels = &bytes[at + 1..];
    assert_eq!(pixels.len(), width * height);
    (width, height, pixels)
}

fn command(tool: &str, package: &str) -> Command {
    if Command::new(tool).arg("-v").output().is_err() {
        panic!(
            "{tool} is not installed: `apt-get install {package}` (cargo xtask test installs it)"
        );
    }
    Command::new(tool)
}

/// Runs a tool and returns its standard output; fails the test when it fails.
fn run(tool: &str, package: &str, args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let output = command(tool, package).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{tool} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The text with runs of white space made single spaces, for phrases that a line break may cut.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
