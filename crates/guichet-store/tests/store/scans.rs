//! Scans of documents: attached in the case file with a journal event, shown with their document,
//! refused past the size limit or when they are not a PDF, PNG or JPEG, gone with their document.

use guichet_store::{MAX_SCAN_BYTES, StoreError};

use crate::support::{AGENT, Fixture, date};

/// A PNG's signature followed by filler: enough for the type check.
fn png(size: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.resize(size, 7);
    bytes
}

fn scan_count(fixture: &Fixture) -> i64 {
    fixture.count("scans")
}

#[test]
fn a_scan_is_kept_with_its_document_and_journaled() {
    let mut fixture = Fixture::new();
    let household = fixture.import("traore-summer-kit-2025.json");
    let on = date("2025-08-27");
    let document = fixture
        .case_file
        .household_view(&household, on)
        .unwrap()
        .documents[0]
        .id;
    let content = png(2048);
    let info = fixture
        .case_file
        .attach_scan(document, "/home/agent/Scans/avis 2024.png", &content, AGENT)
        .unwrap();
    assert_eq!(info.file_name, "avis 2024.png");
    assert_eq!(info.media_type, "image/png");
    assert_eq!(info.size, 2048);

    let scan = fixture.case_file.scan(info.id).unwrap();
    assert_eq!(scan.content, content);
    let view = fixture.case_file.household_view(&household, on).unwrap();
    assert_eq!(view.documents[0].scans, vec![info.clone()]);
    let last = view.history.last().unwrap();
    assert_eq!(last.event, "scan_attached");
    assert!(last.what.contains("avis 2024.png"), "{}", last.what);

    fixture.case_file.remove_document(document, AGENT).unwrap();
    assert_eq!(scan_count(&fixture), 0);
}

#[test]
fn a_scan_too_large_or_of_another_type_is_refused_and_nothing_is_written() {
    let mut fixture = Fixture::new();
    let household = fixture.import("traore-summer-kit-2025.json");
    let document = fixture
        .case_file
        .household_view(&household, date("2025-08-27"))
        .unwrap()
        .documents[0]
        .id;
    let before = fixture.snapshot();

    let err = fixture
        .case_file
        .attach_scan(document, "edf.png", &png(MAX_SCAN_BYTES + 1), AGENT)
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert!(
        err.user_message().contains("ne peut pas dépasser 10 Mo"),
        "{}",
        err.user_message()
    );

    let err = fixture
        .case_file
        .attach_scan(document, "note.txt", b"bonjour", AGENT)
        .unwrap_err();
    assert!(
        err.user_message().contains("ni un PDF"),
        "{}",
        err.user_message()
    );

    let err = fixture
        .case_file
        .attach_scan(999_999, "edf.png", &png(100), AGENT)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::UnknownDocument(999_999)),
        "{err:?}"
    );

    assert_eq!(fixture.snapshot(), before);
    assert_eq!(scan_count(&fixture), 0);
    // The largest scan allowed goes in.
    fixture
        .case_file
        .attach_scan(document, "edf.png", &png(MAX_SCAN_BYTES), AGENT)
        .unwrap();
    assert_eq!(scan_count(&fixture), 1);
}
