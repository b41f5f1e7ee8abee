//! `guichet voucher …`: voucher numbers.

use std::process::ExitCode;

use guichet_core::vouchers::VoucherNumber;

use crate::cli::{Failure, Outcome};

/// `voucher check NUMBER`: exit 0 when well formed with the right check digits, 1 otherwise.
pub fn check(number: &str) -> Outcome {
    match VoucherNumber::parse(number) {
        Ok(n) => {
            println!(
                "{n} : numéro valide ({} {}, guichet {}, n° {}).",
                n.scheme.label(),
                n.year,
                n.desk,
                n.sequence
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Err(Failure::new(format!("{number} : numéro invalide, {e}"))),
    }
}
