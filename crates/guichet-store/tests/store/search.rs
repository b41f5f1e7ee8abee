//! Search as the agent types: accents and case ignored, name prefixes from one character, birth
//! dates in both spellings, file numbers, references, addresses.

use std::collections::HashMap;

use guichet_store::{PersonData, SearchField};

use crate::support::{AGENT, Fixture, household_fixtures};

/// A case file with every fixture imported, and the file number of each fixture.
fn loaded() -> (Fixture, HashMap<String, String>) {
    let mut fixture = Fixture::new();
    let mut numbers = HashMap::new();
    for (name, json) in household_fixtures() {
        let imported = fixture.case_file.import_request(&json, AGENT).unwrap();
        numbers.insert(
            name.trim_end_matches(".json").to_owned(),
            imported.household.to_string(),
        );
    }
    (fixture, numbers)
}

fn found(fixture: &Fixture, query: &str) -> Vec<String> {
    fixture
        .case_file
        .search(query, 20)
        .unwrap()
        .into_iter()
        .map(|r| r.household)
        .collect()
}

#[test]
fn a_name_typed_without_accents_finds_it_with_accents_exact_name_first() {
    let (fixture, numbers) = loaded();
    let lefevre = &numbers["lefevre-amethyste-senior"];
    let ndiaye = &numbers["ndiaye-lefevre-disabled-child-shared"];
    for query in ["lefevre", "LEFEVRE", "Lefèvre", "lefèv"] {
        let results = found(&fixture, query);
        assert_eq!(results.first(), Some(lefevre), "{query}: {results:?}");
        assert!(results.contains(ndiaye), "{query}: {results:?}");
    }
    let first = &fixture.case_file.search("lefevre", 5).unwrap()[0];
    assert_eq!(first.adults, ["Jean-Pierre Lefèvre"]);
    assert_eq!(first.field, SearchField::Name);
    assert!(
        first
            .hint
            .starts_with("Jean-Pierre Lefèvre, adulte, né(e) le 03/04/1958"),
        "{}",
        first.hint
    );
    assert!(
        first.address.contains("place de l'Église"),
        "{}",
        first.address
    );
}

#[test]
fn a_first_name_without_its_diaeresis_finds_the_child() {
    let (fixture, numbers) = loaded();
    let le_goff = &numbers["le-goff-newcomers-mael"];
    for query in ["mael", "Maël", "MAEL"] {
        let results = fixture.case_file.search(query, 20).unwrap();
        let hit = results
            .iter()
            .find(|r| &r.household == le_goff)
            .unwrap_or_else(|| panic!("{query}: {results:?}"));
        assert!(hit.hint.starts_with("Maël Le Goff, enfant"), "{}", hit.hint);
        assert_eq!(
            results[0].household, *le_goff,
            "{query}: the first name starts with the query"
        );
    }
}

#[test]
fn one_or_two_characters_match_name_prefixes() {
    let (fixture, numbers) = loaded();
    let results = found(&fixture, "le");
    for name in [
        "lefevre-amethyste-senior",
        "le-goff-newcomers-mael",
        "lemaire-twins",
    ] {
        assert!(results.contains(&numbers[name]), "{name}: {results:?}");
    }
    // "le" inside a name (Hélène Moreau) is not a prefix: not found with two characters.
    assert!(
        !results.contains(&numbers["moreau-chateau-separate-notices"]),
        "{results:?}"
    );
    let r = found(&fixture, "R");
    assert!(
        r.contains(&numbers["rousseau-rsa"]) && r.contains(&numbers["roux-wrong-year-notice"]),
        "{r:?}"
    );
    // Two characters that begin no name find nothing, even if they occur inside one.
    assert!(found(&fixture, "xq").is_empty());
    assert!(
        found(&fixture, "07").is_empty(),
        "numbers need three characters"
    );
}

#[test]
fn a_birth_date_is_found_typed_the_french_or_the_iso_way() {
    let (fixture, numbers) = loaded();
    let lefevre = &numbers["lefevre-amethyste-senior"];
    for query in ["03/04/1958", "1958-04-03"] {
        let results = fixture.case_file.search(query, 20).unwrap();
        assert_eq!(results.len(), 1, "{query}: {results:?}");
        assert_eq!(&results[0].household, lefevre);
        assert_eq!(results[0].field, SearchField::BirthDate);
    }
}

#[test]
fn a_file_number_a_reference_and_an_address_are_found() {
    let (fixture, numbers) = loaded();
    let rousseau = &numbers["rousseau-rsa"];
    for query in [
        rousseau.clone(),
        rousseau.to_lowercase(),
        "WEB-2025-004812".to_owned(),
    ] {
        let results = fixture.case_file.search(&query, 20).unwrap();
        assert_eq!(&results[0].household, rousseau, "{query}: {results:?}");
        assert_eq!(results[0].field, SearchField::Number);
    }
    assert_eq!(
        fixture.case_file.search(rousseau, 1).unwrap()[0].hint,
        format!("Dossier {rousseau}")
    );
    let results = fixture
        .case_file
        .search("rue des bons raisins", 20)
        .unwrap();
    assert_eq!(&results[0].household, rousseau);
    assert_eq!(results[0].field, SearchField::Address);
    assert!(
        results[0]
            .hint
            .starts_with("Adresse : 14 rue des Bons Raisins")
    );
    // Words spread over fields: a name and a birth year.
    let results = found(&fixture, "rousseau 2016");
    assert_eq!(results, std::slice::from_ref(rousseau));
}

#[test]
fn nothing_matches_nonsense_and_the_limit_is_kept() {
    let (fixture, _) = loaded();
    assert!(found(&fixture, "zzzzzz").is_empty());
    assert!(found(&fixture, "   ").is_empty());
    assert_eq!(fixture.case_file.search("rue", 3).unwrap().len(), 3);
    assert!(fixture.case_file.search("a", 0).unwrap().is_empty());
    // FTS syntax typed by mistake is searched as text, not interpreted.
    assert!(fixture.case_file.search("\"lef* OR", 5).is_ok());
}

#[test]
fn a_corrected_name_is_found_under_the_new_spelling_only() {
    let (mut fixture, numbers) = loaded();
    let rousseau = &numbers["rousseau-rsa"];
    let household = fixture.case_file.household(rousseau).unwrap();
    let mut natan = household.children[1].clone();
    assert_eq!(natan.first_name, "Natan");
    natan.first_name = "Nathan".to_owned();
    let number = natan.id.to_string();
    fixture
        .case_file
        .update_person(&number, &PersonData::Child(natan), AGENT)
        .unwrap();
    assert!(found(&fixture, "nathan").contains(rousseau));
    assert!(found(&fixture, "athan").contains(rousseau), "inside a word");
    fixture.check_search_index();
    assert!(!found(&fixture, "natan rousseau").contains(rousseau));
}
