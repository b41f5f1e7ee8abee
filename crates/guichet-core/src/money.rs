//! Money: integer cents, never floats, and its French display (`18 456,00 €`).

use serde::{Deserialize, Serialize};

/// An amount in euro cents. Negative amounts never come from users (the request format refuses
/// them) but can appear in sums.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// French display: `18 456,00 €`.
    pub fn to_french(self) -> String {
        format_euros(self.0)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_french())
    }
}

/// Thousands separator used in French amounts. A plain space, as agents type it and as the
/// specification writes it (`18 456,00 €`); displays keep amounts on one line with CSS or layout.
pub const THOUSANDS_SEPARATOR: char = ' ';

/// Formats cents as euros the French way: `1 234,56 €`, `-5,00 €`.
pub fn format_euros(cents: i64) -> String {
    let negative = cents < 0;
    let abs = cents.unsigned_abs();
    let euros = abs / 100;
    let rest = abs % 100;
    let digits = euros.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(THOUSANDS_SEPARATOR);
        }
        grouped.push(ch);
    }
    format!(
        "{}{},{:02} €",
        if negative { "-" } else { "" },
        grouped,
        rest
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_the_french_way() {
        let cases = [
            (0, "0,00 €"),
            (8000, "80,00 €"),
            (1845600, "18 456,00 €"),
            (99, "0,99 €"),
            (100000000000, "1 000 000 000,00 €"),
            (-500, "-5,00 €"),
        ];
        for (cents, expected) in cases {
            assert_eq!(format_euros(cents), expected, "{cents}");
        }
    }
}
