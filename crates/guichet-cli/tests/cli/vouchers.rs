//! `guichet voucher check`.

use crate::support::guichet;

#[test]
fn voucher_check_accepts_a_good_number_and_refuses_typos() {
    let ok = guichet(&["voucher", "check", "PL-2025-03-000042-26"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    for bad in [
        "PL-2025-03-000042-62",
        "PL-2025-03-000024-26",
        "AM-2025-03-000042-26",
        "PL-2025-00-000042-26",
        "PL-1999-03-000042-26",
        "PL-2025-03-000000-26",
        "n'importe quoi",
    ] {
        let run = guichet(&["voucher", "check", bad]);
        assert_eq!(run.code, 1, "{bad} should be refused");
        assert!(
            run.stderr.contains("numéro invalide"),
            "{bad}: {}",
            run.stderr
        );
    }
}
