//! Money: integer cents, never floats, and its French display (`18 456,00 €`).

use serde::{Deserialize, Serialize};

/// An amount in euro cents. Negative amounts never come from users (the request format refuses
/// them) but can appear in sums.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// French display: `18 456,00 €`.
    pub fn to_french(self) -> String {
        self.to_string()
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
    /// Writes `18 456,00 €` without allocating: amounts are formatted many times per household in
    /// the explanations and reasons.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let abs = self.0.unsigned_abs();
        let (euros, rest) = (abs / 100, abs % 100);
        // Up to 20 digits and 6 separators. Thousands are separated by a plain space, as agents
        // type it and as the specification writes it (`18 456,00 €`).
        let mut buffer = [0u8; 32];
        let mut at = buffer.len();
        let mut value = euros;
        let mut digits = 0u32;
        loop {
            if digits > 0 && digits.is_multiple_of(3) {
                at -= 1;
                buffer[at] = b' ';
            }
            at -= 1;
            buffer[at] = b'0' + (value % 10) as u8;
            value /= 10;
            digits += 1;
            if value == 0 {
                break;
            }
        }
        if self.0 < 0 {
            f.write_str("-")?;
        }
        // The buffer holds ASCII digits and spaces only.
        f.write_str(std::str::from_utf8(&buffer[at..]).map_err(|_| std::fmt::Error)?)?;
        write!(f, ",{rest:02} €")
    }
}

/// Formats cents as euros the French way: `1 234,56 €`, `-5,00 €`.
pub fn format_euros(cents: i64) -> String {
    Cents(cents).to_string()
}

/// A count with its thousands separated the French way: `1 491`, `-12 000`.
pub fn format_count(count: i64) -> String {
    let digits = count.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if count < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_print_the_french_way() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_491), "1 491");
        assert_eq!(format_count(1_234_567), "1 234 567");
        assert_eq!(format_count(-12_000), "-12 000");
    }

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
