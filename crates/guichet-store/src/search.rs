//! Finding a household as the agent types: by last name, first name, birth date (`15/06/2025` or
//! `2025-06-15`), address, file number, external reference or person number, whatever the accents
//! and the case.
//!
//! Terms: the *search document* of a household (`search_docs`) holds its normalized text
//! (`guichet_core::names::normalize`: lowercase, no accents, hyphens and apostrophes as spaces) in four
//! fields, one line per person where it applies; `search_fts` indexes it with FTS5's `trigram`
//! tokenizer, which finds any substring of three characters or more. *Name terms*
//! (`search_names`) are each person's last name, first name, "last first" and "first last", in a
//! B-tree: they answer queries of one or two characters (trigrams need three) and find the names
//! that *start* with the query across the whole case file, whatever the trigram sample holds.
//!
//! Ranking, best first: the whole query equals a line (exact name, file number…); a line starts with
//! it; a word of a line starts with it; a line contains it; its words are spread over several lines.
//! Ties go to names, then birth dates, numbers, addresses, then alphabetical order of the names.

use std::collections::HashMap;

use guichet_core::names::normalize;
use guichet_core::{Household, HouseholdNumber};
use rusqlite::{Connection, params};
use serde::Serialize;

use crate::CaseFile;
use crate::error::Result;
use crate::rows::parse_date;

/// Which field of a household the query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchField {
    Name,
    BirthDate,
    Number,
    Address,
}

/// One household found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchResult {
    /// File number, `F-07-000123`.
    pub household: String,
    /// The adults, "first last".
    pub adults: Vec<String>,
    /// "12 rue Jean Jaurès, 92500 Rueil-Malmaison".
    pub address: String,
    /// What matched, in French ("Maël Lefèvre, enfant, né(e) le 15/06/2025").
    pub hint: String,
    pub field: SearchField,
}

/// How many trigram hits are ranked per query, at most: enough to fill a results list with the
/// best matches of a sample, few enough to answer in a few milliseconds on 100,000 households.
const FTS_CANDIDATES: usize = 80;

fn lines_of(field: &str) -> impl Iterator<Item = &str> {
    field.split('\n')
}

/// Writes (or rewrites) the search document and name terms of a household. `person_ids` are the
/// row ids of `household`'s adults then children, in order.
pub(crate) fn index_household(
    conn: &Connection,
    household_id: i64,
    number: &HouseholdNumber,
    household: &Household,
    person_ids: &[i64],
) -> Result<()> {
    let mut names = Vec::new();
    let mut births = Vec::new();
    let mut numbers = vec![
        normalize(&number.to_string()),
        household
            .reference
            .as_deref()
            .map(normalize)
            .unwrap_or_default(),
    ];
    let people = household
        .adults
        .iter()
        .map(|a| (&a.id, &a.last_name, &a.first_name, a.birth_date))
        .chain(
            household
                .children
                .iter()
                .map(|c| (&c.id, &c.last_name, &c.first_name, c.birth_date)),
        );
    let mut terms = conn.prepare_cached(
        "INSERT OR IGNORE INTO search_names (term, household_id, person_id) VALUES (?1, ?2, ?3)",
    )?;
    conn.prepare_cached("DELETE FROM search_names WHERE household_id = ?1")?
        .execute([household_id])?;
    for ((id, last, first, birth), person_id) in people.zip(person_ids) {
        let last = normalize(last);
        let first = normalize(first);
        names.push(format!("{last} {first}"));
        births.push(normalize(&format!(
            "{} {}",
            birth.format("%Y-%m-%d"),
            birth.format("%d/%m/%Y")
        )));
        numbers.push(normalize(id.as_str()));
        for term in [
            last.clone(),
            first.clone(),
            format!("{last} {first}"),
            format!("{first} {last}"),
        ] {
            if !term.trim().is_empty() {
                terms.execute(params![term, household_id, person_id])?;
            }
        }
    }
    let address = normalize(&format!(
        "{} {} {}",
        household.address.line, household.address.postcode, household.address.city
    ));
    conn.prepare_cached(
        "INSERT INTO search_docs (household_id, names, births, address, numbers)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (household_id) DO UPDATE SET names = excluded.names,
             births = excluded.births, address = excluded.address, numbers = excluded.numbers",
    )?
    .execute(params![
        household_id,
        names.join("\n"),
        births.join("\n"),
        address,
        numbers.join("\n")
    ])?;
    Ok(())
}

/// The normalized text of a household, as indexed.
struct SearchDoc {
    names: String,
    births: String,
    address: String,
    numbers: String,
}

/// Where and how well a query matched a household. Smaller is better.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    /// 0 exact line, 1 line prefix, 2 word prefix, 3 substring, 4 words spread over lines.
    category: u8,
    field: SearchField,
    line: usize,
}

fn rank(query: &str, words: &[&str], doc: &SearchDoc, names_only: bool) -> Option<Rank> {
    let fields: &[(SearchField, &str)] = if names_only {
        &[(SearchField::Name, doc.names.as_str())]
    } else {
        &[
            (SearchField::Name, doc.names.as_str()),
            (SearchField::BirthDate, doc.births.as_str()),
            (SearchField::Number, doc.numbers.as_str()),
            (SearchField::Address, doc.address.as_str()),
        ]
    };
    let word_start = format!(" {query}");
    let mut best: Option<Rank> = None;
    for &(field, text) in fields {
        for (line_index, line) in lines_of(text).enumerate() {
            let category = if line == query {
                0
            } else if line.starts_with(query) {
                1
            } else if line.contains(&word_start) {
                2
            } else if !names_only && line.contains(query) {
                3
            } else {
                continue;
            };
            let candidate = Rank {
                category,
                field,
                line: line_index,
            };
            if best.as_ref().is_none_or(|b| candidate < *b) {
                best = Some(candidate);
            }
        }
    }
    if best.is_some() || names_only || words.len() < 2 {
        return best;
    }
    // The words are spread over several lines (a name and a birth year, say): all must be there.
    let mut first_hit = None;
    for word in words {
        let hit = fields.iter().find_map(|&(field, text)| {
            lines_of(text)
                .position(|line| line.contains(word))
                .map(|line| (field, line))
        })?;
        first_hit.get_or_insert(hit);
    }
    first_hit.map(|(field, line)| Rank {
        category: 4,
        field,
        line,
    })
}

/// Quotes a string for an FTS5 query (a phrase; inner quotes doubled).
fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

impl CaseFile {
    /// Households matching `text`, best first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchResult>> {
        let query = normalize(text.trim());
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        let short = query.chars().count() < 3;
        let conn = &self.conn;
        let mut docs: HashMap<i64, Option<Rank>> = HashMap::new();
        let mut ranked: Vec<(Rank, String, i64)> = Vec::new();
        let consider = |id: i64,
                        doc: SearchDoc,
                        docs: &mut HashMap<i64, Option<Rank>>,
                        ranked: &mut Vec<(Rank, String, i64)>| {
            if docs.contains_key(&id) {
                return;
            }
            let r = rank(query, &words, &doc, short);
            if let Some(r) = &r {
                let line = if r.field == SearchField::Name {
                    r.line
                } else {
                    0
                };
                let key = lines_of(&doc.names).nth(line).unwrap_or_default();
                ranked.push((r.clone(), key.to_owned(), id));
            }
            docs.insert(id, r);
        };

        // Names that start with the query, across the whole case file.
        {
            let upper = format!("{query}\u{10FFFF}");
            let mut stmt = conn.prepare_cached(
                "SELECT n.household_id, d.names, d.births, d.address, d.numbers
                 FROM (SELECT household_id, term FROM search_names
                       WHERE term >= ?1 AND term < ?2 ORDER BY term LIMIT ?3) n
                 JOIN search_docs d ON d.household_id = n.household_id",
            )?;
            let cap = i64::try_from(limit.saturating_mul(4)).unwrap_or(i64::MAX);
            let mut rows = stmt.query(params![query, upper, cap])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                consider(id, doc_from_row(row, 1)?, &mut docs, &mut ranked);
            }
        }

        // Any substring of three characters or more: the query as typed, then its words anywhere.
        if !short {
            let long_words: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() >= 3)
                .map(|w| fts_phrase(w))
                .collect();
            let mut expressions = vec![fts_phrase(query)];
            if words.len() > 1 && !long_words.is_empty() {
                expressions.push(long_words.join(" AND "));
            }
            let mut stmt = conn.prepare_cached(
                "SELECT rowid, names, births, address, numbers FROM search_fts
                 WHERE search_fts MATCH ?1 LIMIT ?2",
            )?;
            let cap = i64::try_from(FTS_CANDIDATES.max(limit * 2)).unwrap_or(i64::MAX);
            for expression in expressions {
                if ranked.len() >= limit.max(FTS_CANDIDATES) {
                    break;
                }
                let mut rows = stmt.query(params![expression, cap])?;
                while let Some(row) = rows.next()? {
                    let id: i64 = row.get(0)?;
                    consider(id, doc_from_row(row, 1)?, &mut docs, &mut ranked);
                }
            }
        }

        ranked.sort();
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(rank, _, id)| self.describe_result(id, &rank))
            .collect()
    }

    fn describe_result(&self, household_id: i64, rank: &Rank) -> Result<SearchResult> {
        let (number, reference, line, postcode, city): (String, Option<String>, String, String, String) =
            self.conn
                .prepare_cached(
                    "SELECT number, reference, address_line, postcode, city FROM households WHERE id = ?1",
                )?
                .query_row([household_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT number, role, first_name, last_name, birth_date FROM persons
             WHERE household_id = ?1 ORDER BY role, position",
        )?;
        let members = stmt
            .query_map([household_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    format!("{} {}", r.get::<_, String>(2)?, r.get::<_, String>(3)?),
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let adults = members
            .iter()
            .filter(|m| m.1 == "adult")
            .map(|m| m.2.clone())
            .collect();
        let address = format!("{line}, {postcode} {city}");
        let describe_member = |index: usize| -> Result<String> {
            match members.get(index) {
                Some((_, role, name, birth)) => {
                    let birth = guichet_core::dates::french(parse_date(birth)?);
                    let role = if role == "adult" { "adulte" } else { "enfant" };
                    Ok(format!("{name}, {role}, né(e) le {birth}"))
                }
                None => Ok(String::new()),
            }
        };
        let hint = match rank.field {
            SearchField::Name => describe_member(rank.line)?,
            SearchField::BirthDate => describe_member(rank.line)?,
            SearchField::Address => format!("Adresse : {address}"),
            SearchField::Number => match rank.line {
                0 => format!("Dossier {number}"),
                1 => format!("Référence {}", reference.unwrap_or_default()),
                n => match members.get(n - 2) {
                    Some((person, _, name, _)) => format!("Personne {person} : {name}"),
                    None => format!("Dossier {number}"),
                },
            },
        };
        Ok(SearchResult {
            household: number,
            adults,
            address,
            hint,
            field: rank.field,
        })
    }
}

fn doc_from_row(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<SearchDoc> {
    Ok(SearchDoc {
        names: row.get(first)?,
        births: row.get(first + 1)?,
        address: row.get(first + 2)?,
        numbers: row.get(first + 3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> SearchDoc {
        SearchDoc {
            names: "lefevre jean pierre\nlefevre mael".to_owned(),
            births: "1958 03 02 02/03/1958\n2015 06 15 15/06/2015".to_owned(),
            address: "12 rue jean jaures 92500 rueil malmaison".to_owned(),
            numbers: "f 07 000123\nweb 2025 000123\np 07 000001\np 07 000002".to_owned(),
        }
    }

    #[test]
    fn an_exact_line_beats_a_prefix_beats_a_word_beats_a_substring() {
        let d = doc();
        let r = |q: &str| {
            rank(
                q,
                &q.split(' ').collect::<Vec<_>>(),
                &d,
                q.chars().count() < 3,
            )
        };
        assert_eq!(
            r("lefevre mael").map(|r| (r.category, r.field)),
            Some((0, SearchField::Name))
        );
        assert_eq!(r("lefe").map(|r| (r.category, r.line)), Some((1, 0)));
        assert_eq!(r("mael").map(|r| (r.category, r.line)), Some((2, 1)));
        assert_eq!(r("fevr").map(|r| r.category), Some(3));
        assert_eq!(
            r("f 07 000123").map(|r| (r.category, r.field)),
            Some((0, SearchField::Number))
        );
        assert_eq!(
            r("15/06/2015").map(|r| (r.field, r.line)),
            Some((SearchField::BirthDate, 1))
        );
        assert_eq!(r("jaures").map(|r| r.field), Some(SearchField::Address));
        assert_eq!(r("mael 2015").map(|r| r.category), Some(4));
        assert_eq!(r("mael 2016"), None);
        // One or two characters: name prefixes only.
        assert_eq!(r("ma").map(|r| r.category), Some(2));
        assert_eq!(r("07"), None);
    }
}
