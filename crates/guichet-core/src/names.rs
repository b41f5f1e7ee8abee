//! Name normalisation for search and duplicate detection: `N'Diaye-Lefèvre` and `ndiaye lefevre`
//! must meet. Lowercase, accents stripped, hyphens and apostrophes turned to spaces, spaces collapsed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises a name or any searchable text.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfd().filter(|c| !is_combining_mark(*c)) {
        let ch = match ch {
            'œ' | 'Œ' => {
                push(&mut out, &mut pending_space, 'o');
                'e'
            }
            'æ' | 'Æ' => {
                push(&mut out, &mut pending_space, 'a');
                'e'
            }
            'ß' => {
                push(&mut out, &mut pending_space, 's');
                's'
            }
            c if c.is_alphanumeric() => c,
            '/' => '/',
            _ => {
                pending_space = !out.is_empty();
                continue;
            }
        };
        for lower in ch.to_lowercase() {
            push(&mut out, &mut pending_space, lower);
        }
    }
    out
}

fn push(out: &mut String, pending_space: &mut bool, ch: char) {
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(ch);
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn names_meet_whatever_their_accents_case_and_hyphens() {
        let cases = [
            ("Éléonore N'Diaye-Lefèvre", "eleonore n diaye lefevre"),
            ("Maël", "mael"),
            ("  LÉO   martin ", "leo martin"),
            ("Cœur", "coeur"),
            ("12 rue Jean-Jaurès", "12 rue jean jaures"),
            ("15/06/2025", "15/06/2025"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "{input}");
        }
    }
}

/// `de` before a name, elided before a vowel: `de Karim`, `d'Éléonore`; written when displayed.
pub fn de(name: &str) -> De<'_> {
    De(name)
}

/// A name with `de` before it (see [`de`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct De<'a>(pub &'a str);

impl std::fmt::Display for De<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if starts_with_vowel(self.0) {
            "d'"
        } else {
            "de "
        })?;
        f.write_str(self.0)
    }
}

crate::text::french_text!(De<'_>);

/// Whether `de` is elided before `name` (its first letter, accents aside, is a vowel).
pub fn starts_with_vowel(name: &str) -> bool {
    name.nfd()
        .next()
        .is_some_and(|c| "aeiouyAEIOUY".contains(c))
}

#[cfg(test)]
mod elision_tests {
    #[test]
    fn de_is_elided_before_a_vowel() {
        assert_eq!(super::de("Éléonore"), "d'Éléonore");
        assert_eq!(super::de("Inès"), "d'Inès");
        assert_eq!(super::de("Karim"), "de Karim");
        assert_eq!(super::de("Hugo"), "de Hugo");
    }
}
