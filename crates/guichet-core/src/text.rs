//! French texts rendered when shown: the rules return small values (a reason, a line of working)
//! that carry their figures, dates and borrowed names and implement `Display`; nothing is formatted
//! while a campaign only needs the decisions. Such a value serializes as its text and compares equal
//! to a `str` holding that text.

use std::fmt::{self, Display, Write as _};

/// True when `value` displays exactly as `text`, found without building the text.
pub fn displays_as(value: &impl Display, text: &str) -> bool {
    /// What is left of the expected text while the value writes itself.
    struct Rest<'t>(&'t str);

    impl fmt::Write for Rest<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match self.0.strip_prefix(s) {
                Some(rest) => {
                    self.0 = rest;
                    Ok(())
                }
                None => Err(fmt::Error),
            }
        }
    }

    let mut rest = Rest(text);
    write!(rest, "{value}").is_ok() && rest.0.is_empty()
}

/// For types that display as a French text: serialization as that text (so JSON carries the
/// sentence), comparison with a `str`, and `Debug` as the quoted text.
macro_rules! french_text {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                $crate::text::displays_as(self, other)
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                $crate::text::displays_as(self, other)
            }
        }

        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.to_string(), f)
            }
        }
    )*};
}

pub(crate) use french_text;

/// Items written one after the other with a separator: `RSA, ASS, AAH`.
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a, T> {
    pub items: &'a [T],
    pub separator: &'static str,
}

impl<T: Display> Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, item) in self.items.iter().enumerate() {
            if index > 0 {
                f.write_str(self.separator)?;
            }
            item.fmt(f)?;
        }
        Ok(())
    }
}

/// Joins `items` with `separator` when displayed.
pub fn joined<'a, T>(items: &'a [T], separator: &'static str) -> Joined<'a, T> {
    Joined { items, separator }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_displays_as_exactly_its_text() {
        let value = format_args!("{} €", 80);
        assert!(displays_as(&value, "80 €"));
        assert!(!displays_as(&value, "80 € "));
        assert!(!displays_as(&value, "80"));
        assert!(!displays_as(&value, "81 €"));
        assert!(displays_as(&joined(&[1, 2, 3], ", "), "1, 2, 3"));
        assert!(displays_as(&joined::<i32>(&[], ", "), ""));
    }
}
