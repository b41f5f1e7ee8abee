//! Voucher numbers: `{code}-{year}-{desk}-{sequence}-{check}`, e.g. `PL-2025-03-000042-26`. The check
//! digits are ISO 7064 MOD 97-10 over the twelve digits year‖desk‖sequence, so any single mistyped
//! digit is caught when a provider returns a voucher.

use serde::{Deserialize, Serialize};

use crate::ids::DeskNumber;
use crate::schemes::Scheme;

/// The highest sequence number a desk can give per scheme and year.
pub const MAX_SEQUENCE: u32 = 999_999;

/// A voucher number, well formed by construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct VoucherNumber {
    pub scheme: Scheme,
    pub year: i32,
    pub desk: DeskNumber,
    pub sequence: u32,
}

/// Why a text is not a valid voucher number (French, for the agent or the provider).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoucherNumberError {
    #[error(
        "le numéro doit avoir la forme PL-2025-03-000042-26 (dispositif-année-guichet-numéro-clé)"
    )]
    Shape,
    #[error("« {0} » n'est pas un dispositif à bons numérotés (PL, CL, KS ou LR)")]
    Scheme(String),
    #[error("l'année {0} n'est pas comprise entre 2000 et 2099")]
    Year(String),
    #[error("le guichet {0} n'est pas compris entre 01 et 99")]
    Desk(String),
    #[error("le numéro d'ordre {0} n'est pas compris entre 000001 et 999999")]
    Sequence(String),
    #[error(
        "clé de contrôle {given} incorrecte (attendue {expected}) : un chiffre a probablement été mal saisi"
    )]
    Check { given: String, expected: String },
}

impl VoucherNumber {
    /// A number for a numbered scheme, a year of 2000–2099 and a sequence of 1–999999.
    pub fn new(scheme: Scheme, year: i32, desk: DeskNumber, sequence: u32) -> Option<Self> {
        (scheme.is_numbered()
            && (2000..=2099).contains(&year)
            && (1..=MAX_SEQUENCE).contains(&sequence))
        .then_some(VoucherNumber {
            scheme,
            year,
            desk,
            sequence,
        })
    }

    /// The twelve digits year‖desk‖sequence as a number.
    fn digits(&self) -> u64 {
        let year = u64::try_from(self.year).unwrap_or(0);
        year * 100_000_000 + u64::from(self.desk.get()) * 1_000_000 + u64::from(self.sequence)
    }

    /// ISO 7064 MOD 97-10 check digits: `98 − (N × 100 mod 97)`.
    pub fn check_digits(&self) -> u8 {
        mod97_check(self.digits())
    }

    /// Parses and checks a number; the check digits must match.
    pub fn parse(text: &str) -> Result<Self, VoucherNumberError> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [code, year, desk, sequence, check] = parts.as_slice() else {
            return Err(VoucherNumberError::Shape);
        };
        let all_digits =
            |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        let scheme = Scheme::from_code(code)
            .filter(|s| s.is_numbered())
            .ok_or_else(|| VoucherNumberError::Scheme((*code).to_owned()))?;
        if !all_digits(year, 4) {
            return Err(VoucherNumberError::Year((*year).to_owned()));
        }
        let year_value: i32 = year.parse().map_err(|_| VoucherNumberError::Shape)?;
        if !(2000..=2099).contains(&year_value) {
            return Err(VoucherNumberError::Year((*year).to_owned()));
        }
        let desk_value = all_digits(desk, 2)
            .then(|| DeskNumber::parse(desk))
            .flatten()
            .ok_or_else(|| VoucherNumberError::Desk((*desk).to_owned()))?;
        if !all_digits(sequence, 6) {
            return Err(VoucherNumberError::Sequence((*sequence).to_owned()));
        }
        let sequence_value: u32 = sequence.parse().map_err(|_| VoucherNumberError::Shape)?;
        if sequence_value == 0 {
            return Err(VoucherNumberError::Sequence((*sequence).to_owned()));
        }
        if !all_digits(check, 2) {
            return Err(VoucherNumberError::Shape);
        }
        let number = VoucherNumber {
            scheme,
            year: year_value,
            desk: desk_value,
            sequence: sequence_value,
        };
        let expected = format!("{:02}", number.check_digits());
        if *check != expected {
            return Err(VoucherNumberError::Check {
                given: (*check).to_owned(),
                expected,
            });
        }
        Ok(number)
    }
}

/// `98 − (n × 100 mod 97)`.
pub fn mod97_check(n: u64) -> u8 {
    let rem = (u128::from(n) * 100 % 97) as u8;
    98 - rem
}

impl std::fmt::Display for VoucherNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}-{:04}-{}-{:06}-{:02}",
            self.scheme.code(),
            self.year,
            self.desk,
            self.sequence,
            self.check_digits()
        )
    }
}

impl Serialize for VoucherNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for VoucherNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        VoucherNumber::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn desk(n: u8) -> DeskNumber {
        DeskNumber::new(n).unwrap()
    }

    #[test]
    fn the_documented_example_has_check_digits_26() {
        let n = VoucherNumber::new(Scheme::PassLoisirs, 2025, desk(3), 42).unwrap();
        assert_eq!(n.to_string(), "PL-2025-03-000042-26");
        assert_eq!(VoucherNumber::parse("PL-2025-03-000042-26"), Ok(n));
    }

    #[test]
    fn malformed_numbers_are_refused_with_the_reason() {
        type Expect = fn(&VoucherNumberError) -> bool;
        let cases: [(&str, Expect); 9] = [
            ("PL-2025-03-000042-27", |e| {
                matches!(e, VoucherNumberError::Check { .. })
            }),
            ("AM-2025-03-000042-26", |e| {
                matches!(e, VoucherNumberError::Scheme(_))
            }),
            ("XX-2025-03-000042-26", |e| {
                matches!(e, VoucherNumberError::Scheme(_))
            }),
            ("PL-1999-03-000042-26", |e| {
                matches!(e, VoucherNumberError::Year(_))
            }),
            ("PL-2025-00-000042-26", |e| {
                matches!(e, VoucherNumberError::Desk(_))
            }),
            ("PL-2025-3-000042-26", |e| {
                matches!(e, VoucherNumberError::Desk(_))
            }),
            ("PL-2025-03-000000-26", |e| {
                matches!(e, VoucherNumberError::Sequence(_))
            }),
            ("PL-2025-03-42-26", |e| {
                matches!(e, VoucherNumberError::Sequence(_))
            }),
            ("PL202503000042", |e| matches!(e, VoucherNumberError::Shape)),
        ];
        for (text, expected) in cases {
            let err = VoucherNumber::parse(text).expect_err(text);
            assert!(expected(&err), "{text}: {err:?}");
        }
    }

    #[test]
    fn check_digits_have_a_leading_zero() {
        // Find a number whose check is below 10 and make sure it prints with two digits.
        let n = (1..2000)
            .filter_map(|s| VoucherNumber::new(Scheme::CapLoisirs, 2026, desk(7), s))
            .find(|n| n.check_digits() < 10)
            .unwrap();
        let text = n.to_string();
        assert_eq!(text.len(), "CL-2026-07-000001-00".len());
        assert_eq!(VoucherNumber::parse(&text), Ok(n));
    }

    proptest! {
        /// Any single mistyped digit of a valid number is caught.
        #[test]
        fn any_single_digit_error_is_caught(year in 2000i32..2100, d in 1u8..100, seq in 1u32..=MAX_SEQUENCE,
                                            pos in 0usize..14, delta in 1u8..10) {
            let n = VoucherNumber::new(Scheme::SchoolKit, year, desk(d), seq).unwrap();
            let text = n.to_string();
            let digit_positions: Vec<usize> = text.char_indices()
                .filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            let at = digit_positions[pos % digit_positions.len()];
            let mut bytes = text.clone().into_bytes();
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(VoucherNumber::parse(&typo).is_err(), "{typo} accepted (from {text})");
        }

        #[test]
        fn numbers_round_trip(year in 2000i32..2100, d in 1u8..100, seq in 1u32..=MAX_SEQUENCE) {
            let n = VoucherNumber::new(Scheme::LireARueil, year, desk(d), seq).unwrap();
            prop_assert_eq!(VoucherNumber::parse(&n.to_string()), Ok(n));
        }
    }
}
