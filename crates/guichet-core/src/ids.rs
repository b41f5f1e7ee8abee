//! Identifiers made on the desk and unique everywhere without coordination: the desk number,
//! household file numbers (`F-07-000123`), person numbers (`P-07-000456`), and the ids a request
//! uses for its people (`a1`, `c1`).

use serde::{Deserialize, Serialize};

/// The desk's number, 01–99, assigned by the central office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeskNumber(u8);

impl DeskNumber {
    pub fn new(n: u8) -> Option<Self> {
        (1..=99).contains(&n).then_some(DeskNumber(n))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Parses `7` or `07`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok().and_then(Self::new)
    }
}

impl TryFrom<u8> for DeskNumber {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        DeskNumber::new(n).ok_or_else(|| format!("desk number {n} is not in 01–99"))
    }
}

impl From<DeskNumber> for u8 {
    fn from(d: DeskNumber) -> u8 {
        d.0
    }
}

impl std::fmt::Display for DeskNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

/// A number `{prefix}-{desk}-{sequence}` made on a desk: household files (`F`) and persons (`P`).
macro_rules! desk_numbered {
    ($name:ident, $prefix:literal, $what:literal) => {
        #[doc = concat!("A ", $what, " number, `", $prefix, "-{desk}-{sequence}`.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name {
            pub desk: DeskNumber,
            pub sequence: u32,
        }

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            pub fn new(desk: DeskNumber, sequence: u32) -> Self {
                Self { desk, sequence }
            }

            /// Parses `F-07-000123` (six digits, sequence from 1).
            pub fn parse(text: &str) -> Option<Self> {
                let rest = text.strip_prefix(concat!($prefix, "-"))?;
                let (desk, seq) = rest.split_once('-')?;
                if desk.len() != 2 || seq.len() != 6 || !seq.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let desk = DeskNumber::parse(desk)?;
                let sequence: u32 = seq.parse().ok()?;
                (sequence >= 1).then_some(Self { desk, sequence })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}-{}-{:06}", $prefix, self.desk, self.sequence)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(concat!("not a ", $what, " number: {}"), text))
                })
            }
        }
    };
}

desk_numbered!(HouseholdNumber, "F", "household file");
desk_numbered!(PersonNumber, "P", "person");

/// How rules name a person: the request's own id (`a1`, `c1`) in the simulators, the person number
/// (`P-07-000456`) in a case file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PersonId(pub String);

impl PersonId {
    pub fn new(id: impl Into<String>) -> Self {
        PersonId(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for PersonId {
    fn from(s: &str) -> Self {
        PersonId(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_and_parse_back() {
        let desk = DeskNumber::new(7).unwrap();
        let f = HouseholdNumber::new(desk, 123);
        assert_eq!(f.to_string(), "F-07-000123");
        assert_eq!(HouseholdNumber::parse("F-07-000123"), Some(f));
        assert_eq!(PersonNumber::new(desk, 456).to_string(), "P-07-000456");
        for bad in [
            "F-7-000123",
            "F-00-000123",
            "F-07-000000",
            "P-07-000123",
            "F-07-0001234",
            "F-07-00012a",
        ] {
            assert_eq!(HouseholdNumber::parse(bad), None, "{bad}");
        }
        assert!(DeskNumber::new(0).is_none());
        assert!(DeskNumber::new(100).is_none());
        assert_eq!(DeskNumber::parse("03").map(|d| d.get()), Some(3));
    }
}
