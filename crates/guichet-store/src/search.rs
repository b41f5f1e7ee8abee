//! Finding a household as the agent types: by last name, first name, birth date (`15/06/2025` or
//! `2025-06-15`), address, file number, external reference or person number, whatever the accents
//! and the case.
//!
//! Terms used here. The *search document* of a household (`search_docs`) holds its normalized text
//! (`guichet_core::names::normalize`: lowercase, no accents, hyphens and apostrophes as spaces) in
//! four fields, one line per person for names and birth dates. *Search terms* (`search_terms`, a
//! B-tree) are what a query may start with: "last first", "first last" and the birth date of each
//! person. Queries go through three paths, each bounded so that a query costs a few milliseconds on
//! 100,000 households:
//! - *prefix*: search terms, file numbers, references and person numbers that start with the query
//!   (B-tree ranges), which also answers queries of one or two characters;
//! - *substring*: FTS5's `trigram` tokenizer over names and addresses, for a query of three
//!   characters or more found inside a word. A long phrase made of common trigrams is slow to match
//!   in FTS5, so a query longer than [`PHRASE_MAX_CHARS`] looks up its longest word and the whole
//!   query is checked on the candidates;
//! - each candidate is then *ranked* on its search document.
//!
//! Ranking, best first: the whole query equals a line (exact name, file number…); a line starts with
//! it; a word of a line starts with it; a line contains it; its words are spread over several lines.
//! Ties go to names, then birth dates, numbers, addresses, then alphabetical order of the names.

use std::collections::HashSet;

use guichet_core::dates::{french, parse_french, parse_iso};
use guichet_core::names::normalize;
use guichet_core::{Household, HouseholdNumber};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::CaseFile;
use crate::error::Result;
use crate::rows::parse_date;

/// Which field of a household the query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SearchField {
    Name,
    BirthDate,
    Number,
    Address,
}

/// One household found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchResult {
    /// File number, `F-07-000123`.
    pub household: String,
    /// The adults, "first last".
    pub adults: Vec<String>,
    /// "12 rue Jean Jaurès, 92500 Rueil-Malmaison".
    pub address: String,
    /// What matched, in French ("Maël Le Goff, enfant, né(e) le 15/06/2017").
    pub hint: String,
    pub field: SearchField,
}

/// How many trigram hits are ranked per query, at most: enough to fill a list of results with the
/// best matches of a sample, few enough to answer in a few milliseconds on 100,000 households.
const FTS_CANDIDATES: usize = 80;

/// Queries up to this length are looked up as a whole phrase in the trigram index; longer ones by
/// their longest word (see the module's doc).
const PHRASE_MAX_CHARS: usize = 10;

fn lines_of(field: &str) -> impl Iterator<Item = &str> {
    field.split('\n')
}

/// When the search index learns of a household: at once (one household registered or changed), or
/// at the end of a bulk insert ([`Fts::Deferred`]).
#[derive(Debug)]
pub(crate) enum Fts<'a> {
    Now,
    Deferred(&'a mut DeferredIndex),
}

/// The search entries of households inserted in bulk, written by [`DeferredIndex::finish`] in the
/// same transaction. FTS5 flushes its pending index at every statement, so one statement for many
/// households is much faster; terms sorted before insertion fill the B-tree in order.
#[derive(Debug, Default)]
pub(crate) struct DeferredIndex {
    first_household: Option<i64>,
    terms: Vec<(String, i64, i64)>,
}

impl DeferredIndex {
    /// A mark to come back to if the households indexed after it are rolled back.
    pub(crate) fn mark(&self) -> usize {
        self.terms.len()
    }

    /// Forgets the terms recorded since `mark` (their households were rolled back; their search
    /// documents went with them).
    pub(crate) fn rollback_to(&mut self, mark: usize) {
        self.terms.truncate(mark);
    }

    pub(crate) fn finish(mut self, conn: &Connection) -> Result<()> {
        self.terms.sort_unstable();
        self.terms.dedup();
        let mut insert = conn.prepare_cached(
            "INSERT OR IGNORE INTO search_terms (term, household_id, person_id) VALUES (?1, ?2, ?3)",
        )?;
        for (term, household_id, person_id) in &self.terms {
            insert.execute(params![term, household_id, person_id])?;
        }
        if let Some(first) = self.first_household {
            conn.execute(
                "INSERT INTO search_fts (rowid, names, address)
                 SELECT household_id, names, address FROM search_docs WHERE household_id >= ?1",
                [first],
            )?;
        }
        Ok(())
    }
}

/// Writes (or rewrites) the search document and search terms of a household. `person_ids` are the
/// row ids of `household`'s adults then children, in order.
pub(crate) fn index_household(
    conn: &Connection,
    household_id: i64,
    number: &HouseholdNumber,
    household: &Household,
    person_ids: &[i64],
    mut fts: Fts<'_>,
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
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO search_terms (term, household_id, person_id) VALUES (?1, ?2, ?3)",
    )?;
    let mut term_lines = Vec::new();
    for ((id, last, first, birth), person_id) in people.zip(person_ids) {
        let last = normalize(last);
        let first = normalize(first);
        let birth = french(birth).to_string();
        names.push(format!("{last} {first}"));
        births.push(birth.clone());
        numbers.push(normalize(id.as_str()));
        let mut terms = vec![format!("{last} {first}"), format!("{first} {last}"), birth];
        // A compound last name (N'Diaye-Lefèvre) is also found from each of its later words.
        let words: Vec<&str> = last.split(' ').collect();
        for start in 1..words.len() {
            terms.push(format!("{} {first}", words[start..].join(" ")));
        }
        for term in terms {
            let term = term.trim();
            if term.is_empty() {
                continue;
            }
            term_lines.push(format!("{term}\t{person_id}"));
            match &mut fts {
                Fts::Now => {
                    insert.execute(params![term, household_id, person_id])?;
                }
                Fts::Deferred(deferred) => {
                    deferred
                        .terms
                        .push((term.to_owned(), household_id, *person_id));
                }
            }
        }
    }
    let address = normalize(&format!(
        "{} {} {}",
        household.address.line, household.address.postcode, household.address.city
    ));
    let names = names.join("\n");
    if let Fts::Deferred(deferred) = &mut fts {
        deferred.first_household.get_or_insert(household_id);
    }
    if let Fts::Now = fts {
        // An external-content FTS5 table forgets a row given its old text.
        let old: Option<(String, String, String)> = conn
            .prepare_cached(
                "SELECT names, address, terms FROM search_docs WHERE household_id = ?1",
            )?
            .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((old_names, old_address, old_terms)) = old {
            let mut delete = conn.prepare_cached(
                "DELETE FROM search_terms WHERE term = ?1 AND household_id = ?2 AND person_id = ?3",
            )?;
            for line in old_terms.lines() {
                if term_lines.iter().any(|t| t == line) {
                    continue;
                }
                if let Some((term, person)) = line.rsplit_once('\t')
                    && let Ok(person) = person.parse::<i64>()
                {
                    delete.execute(params![term, household_id, person])?;
                }
            }
            conn.prepare_cached(
                "INSERT INTO search_fts (search_fts, rowid, names, address)
                 VALUES ('delete', ?1, ?2, ?3)",
            )?
            .execute(params![household_id, old_names, old_address])?;
        }
        conn.prepare_cached("INSERT INTO search_fts (rowid, names, address) VALUES (?1, ?2, ?3)")?
            .execute(params![household_id, names, address])?;
    }
    conn.prepare_cached(
        "INSERT INTO search_docs (household_id, names, births, address, numbers, terms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (household_id) DO UPDATE SET names = excluded.names,
             births = excluded.births, address = excluded.address, numbers = excluded.numbers,
             terms = excluded.terms",
    )?
    .execute(params![
        household_id,
        names,
        births.join("\n"),
        address,
        numbers.join("\n"),
        term_lines.join("\n")
    ])?;
    Ok(())
}

/// The normalized text of a household, as stored for ranking.
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
    let all = [
        (SearchField::Name, doc.names.as_str()),
        (SearchField::BirthDate, doc.births.as_str()),
        (SearchField::Number, doc.numbers.as_str()),
        (SearchField::Address, doc.address.as_str()),
    ];
    let fields = if names_only { &all[..1] } else { &all[..] };
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
    // The words are spread over several lines (a name and a birth date, say): all must be there.
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

/// The upper bound of a B-tree range of the strings that start with `prefix`.
fn prefix_end(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Collects candidate households, each once, in the order found.
struct Candidates {
    seen: HashSet<i64>,
    ids: Vec<i64>,
}

impl Candidates {
    fn add(&mut self, id: i64) {
        if self.seen.insert(id) {
            self.ids.push(id);
        }
    }

    fn collect(&mut self, conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<()> {
        let mut stmt = conn.prepare_cached(sql)?;
        let mut rows = stmt.query(args)?;
        while let Some(row) = rows.next()? {
            self.add(row.get(0)?);
        }
        Ok(())
    }
}

impl CaseFile {
    /// Households matching `text`, best first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<SearchResult>> {
        let typed = text.trim();
        // A date typed either way is searched the way dates are shown (`15/06/2025`).
        let date = parse_french(typed).or_else(|| parse_iso(typed));
        let query = match date {
            Some(d) => french(d).to_string(),
            None => normalize(typed),
        };
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
        let short = query.chars().count() < 3;
        let conn = &self.conn;
        let cap = i64::try_from(limit.saturating_mul(4)).unwrap_or(i64::MAX);
        let mut candidates = Candidates {
            seen: HashSet::new(),
            ids: Vec::new(),
        };

        // Prefix paths: names and birth dates, then numbers as typed (`F-07-0001`, `WEB-2025-…`).
        candidates.collect(
            conn,
            "SELECT household_id FROM search_terms WHERE term >= ?1 AND term < ?2
             ORDER BY term LIMIT ?3",
            params![query, prefix_end(query), cap],
        )?;
        let upper = typed.to_uppercase();
        let looks_like_number = !short
            && !upper.contains(' ')
            && upper.bytes().any(|b| b.is_ascii_digit())
            && date.is_none();
        if looks_like_number {
            candidates.collect(
                conn,
                "SELECT id FROM households WHERE number >= ?1 AND number < ?2 ORDER BY number LIMIT ?3",
                params![upper, prefix_end(&upper), cap],
            )?;
            candidates.collect(
                conn,
                "SELECT id FROM households WHERE reference >= ?1 AND reference < ?2
                 ORDER BY reference LIMIT ?3",
                params![upper, prefix_end(&upper), cap],
            )?;
            candidates.collect(
                conn,
                "SELECT household_id FROM persons WHERE number >= ?1 AND number < ?2
                 ORDER BY number LIMIT ?3",
                params![upper, prefix_end(&upper), cap],
            )?;
            // The sequence alone (`123`) names this desk's file `F-07-000123`.
            if upper.len() <= 6
                && upper.bytes().all(|b| b.is_ascii_digit())
                && let Ok(sequence) = upper.parse::<u32>()
                && sequence >= 1
            {
                let number = HouseholdNumber::new(self.desk, sequence).to_string();
                candidates.collect(
                    conn,
                    "SELECT id FROM households WHERE number = ?1",
                    [number],
                )?;
            }
        }

        // Substrings inside names and addresses. Dates and numbers are not in the trigram index.
        let only_digits = query
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == ' ');
        if !short && !only_digits && candidates.ids.len() < limit {
            let longest = words
                .iter()
                .copied()
                .filter(|w| w.chars().count() >= 3)
                .max_by_key(|w| w.chars().count());
            let mut lookups = Vec::new();
            if query.chars().count() <= PHRASE_MAX_CHARS {
                lookups.push(query);
            }
            if let Some(word) = longest
                && word != query
            {
                lookups.push(word);
            }
            let fts_cap = i64::try_from(FTS_CANDIDATES.max(limit * 2)).unwrap_or(i64::MAX);
            for lookup in lookups {
                candidates.collect(
                    conn,
                    "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 LIMIT ?2",
                    params![fts_phrase(lookup), fts_cap],
                )?;
                if candidates.ids.len() >= limit {
                    break;
                }
            }
        }

        // Rank every candidate on its search document.
        let mut ranked: Vec<(Rank, String, i64)> = Vec::with_capacity(candidates.ids.len());
        let mut stmt = conn.prepare_cached(
            "SELECT names, births, address, numbers FROM search_docs WHERE household_id = ?1",
        )?;
        for id in candidates.ids {
            let doc = stmt.query_row([id], |row| {
                Ok(SearchDoc {
                    names: row.get(0)?,
                    births: row.get(1)?,
                    address: row.get(2)?,
                    numbers: row.get(3)?,
                })
            })?;
            if let Some(r) = rank(query, &words, &doc, short) {
                let line = if r.field == SearchField::Name {
                    r.line
                } else {
                    0
                };
                let key = lines_of(&doc.names)
                    .nth(line)
                    .unwrap_or_default()
                    .to_owned();
                ranked.push((r, key, id));
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
        type HouseholdRow = (String, Option<String>, String, String, String);
        let (number, reference, line, postcode, city): HouseholdRow = self
            .conn
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
                    let birth = french(parse_date(birth)?);
                    let role = if role == "adult" { "adulte" } else { "enfant" };
                    Ok(format!("{name}, {role}, né(e) le {birth}"))
                }
                None => Ok(String::new()),
            }
        };
        let hint = match rank.field {
            SearchField::Name | SearchField::BirthDate => describe_member(rank.line)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> SearchDoc {
        SearchDoc {
            names: "lefevre jean pierre\nlefevre mael".to_owned(),
            births: "02/03/1958\n15/06/2015".to_owned(),
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
        let category_and_field = |q: &str| r(q).map(|r| (r.category, r.field, r.line));
        assert_eq!(
            category_and_field("lefevre mael"),
            Some((0, SearchField::Name, 1))
        );
        assert_eq!(category_and_field("lefe"), Some((1, SearchField::Name, 0)));
        assert_eq!(category_and_field("mael"), Some((2, SearchField::Name, 1)));
        assert_eq!(r("fevr").map(|r| r.category), Some(3));
        assert_eq!(
            category_and_field("f 07 000123"),
            Some((0, SearchField::Number, 0))
        );
        assert_eq!(
            category_and_field("15/06/2015"),
            Some((0, SearchField::BirthDate, 1))
        );
        assert_eq!(r("jaures").map(|r| r.field), Some(SearchField::Address));
        assert_eq!(r("mael 2015").map(|r| r.category), Some(4));
        assert_eq!(r("mael 2016"), None);
        // One or two characters: name prefixes only.
        assert_eq!(r("ma").map(|r| r.category), Some(2));
        assert_eq!(r("07"), None);
    }
}
