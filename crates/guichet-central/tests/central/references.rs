//! Reference data versions: the central office publishes a new version of a year, and desks
//! receive it at their next sync (beside the old one, which earlier decisions keep citing).

use guichet_store::CaseFile;

use crate::support::{Central, Desk};

#[test]
fn a_published_reference_version_reaches_the_desks_at_their_next_sync() {
    let central = Central::start();
    let desk = Desk::new("12");
    desk.enrol(&central, &central.url);
    assert_eq!(desk.sync()["pending"], 0);
    let shipped = CaseFile::open(&desk.case_file)
        .unwrap()
        .reference(2026)
        .unwrap()
        .version();

    let original = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/reference/2026.toml"),
    )
    .unwrap();
    let voted = original.replacen(
        "voted = \"",
        "voted = \"Voté par le conseil d'administration. ",
        1,
    );
    assert_ne!(voted, original);
    let file = desk.dir.path().join("2026-voted.toml");
    std::fs::write(&file, &voted).unwrap();
    let wrong = central.cli(&[
        "publish-reference",
        "--year",
        "2027",
        "--file",
        file.to_str().unwrap(),
    ]);
    assert_ne!(wrong.code, 0);
    assert!(wrong.stderr.contains("2026"), "{}", wrong.stderr);
    central.ok(&[
        "publish-reference",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
    ]);

    // The desk receives it, and journals that it added it (sent at the following sync).
    assert_eq!(desk.sync()["pending"], 1);
    let now = CaseFile::open(&desk.case_file)
        .unwrap()
        .reference(2026)
        .unwrap()
        .version();
    assert_ne!(now.digest, shipped.digest);
    let old = CaseFile::open(&desk.case_file)
        .unwrap()
        .reference_version(&shipped);
    assert!(old.is_ok(), "the shipped version stays");
    assert_eq!(desk.sync()["pending"], 0);
    // Publishing it again changes nothing, and a sync brings nothing new.
    central.ok(&[
        "publish-reference",
        "--year",
        "2026",
        "--file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(desk.sync()["pending"], 0);
}
